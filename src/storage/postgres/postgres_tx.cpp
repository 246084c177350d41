#include "storage/postgres/postgres_tx.h"

#include <array>

#include "storage/sql_list_page.h"

namespace keyward::storage::postgres {
namespace {

// ILIKE '%term%' is answered by the (team_id, description gin_trgm_ops) index for terms of three
// characters or more; shorter terms read the team's rows, which the planner knows.
constexpr std::array<const char*, 2> kWhere = {
    "team_id = $1",
    "team_id = $1 AND description ILIKE $2 ESCAPE '\\'",
};

std::string order_by(SortField sort, bool descending) {
  std::string dir = descending ? " DESC" : " ASC";
  switch (sort) {
    case SortField::kDescription:
      return "lower(description)" + dir + ", id" + dir;
    case SortField::kType:
      return "type" + dir + ", created_at" + dir + ", id" + dir;
    case SortField::kLifecycle:
      return std::string(storage::sql::kLifecycleSortKey) + dir + ", created_at" + dir + ", id" +
             dir;
    case SortField::kCreatedAt:
      break;
  }
  return "created_at" + dir + ", id" + dir;
}

constexpr std::size_t kSorts = 4;     // created_at, description, type, lifecycle
constexpr std::size_t kSearches = 2;  // none, search
constexpr std::size_t kShapes = storage::sql::kFilterShapes;
// sorts x orders x searches x filter shapes; then searches x filter shapes.
constexpr std::size_t kListStatementCount = kSorts * 2 * kSearches * kShapes;
constexpr std::size_t kCountStatementCount = kSearches * kShapes;

// The first parameter after the team ($1) and the search term ($2 when searching).
constexpr int first_after_search(bool search) { return search ? 3 : 2; }

// The WHERE clause with or without a search, and a filter shape.
std::string where(std::size_t search, std::size_t shape) {
  return kWhere[search] + storage::sql::filter_sql(shape, '$', first_after_search(search == 1));
}

// The statement's slot for a sort, an order, a search or none, and a filter shape.
constexpr std::size_t list_index(std::size_t sort, std::size_t descending, std::size_t search,
                                 std::size_t shape) {
  return ((sort * 2 + descending) * 2 + search) * kShapes + shape;
}

// Every combination, built once: 4 sorts x 2 orders x (no search, search) x 72 filter shapes. The
// pointers stay valid for the whole process: the statement cache is keyed by them.
const char* list_sql(SortField sort, bool descending, bool search, std::size_t shape) {
  static const std::array<std::string, kListStatementCount> kStatements = [] {
    std::array<std::string, kListStatementCount> out;
    for (std::size_t s = 0; s < kSorts; ++s) {
      for (std::size_t desc = 0; desc < 2; ++desc) {
        for (std::size_t filter = 0; filter < 2; ++filter) {
          for (std::size_t f = 0; f < kShapes; ++f) {
            const int next = first_after_search(filter == 1) + storage::sql::filter_parameters(f);
            out[list_index(s, desc, filter, f)] =
                std::string("SELECT ") + KEYWARD_API_KEY_COLUMNS + " FROM api_keys WHERE " +
                where(filter, f) + " ORDER BY " + order_by(static_cast<SortField>(s), desc == 1) +
                " LIMIT $" + std::to_string(next) + " OFFSET $" + std::to_string(next + 1);
          }
        }
      }
    }
    return out;
  }();
  return kStatements[list_index(static_cast<std::size_t>(sort), descending ? 1 : 0, search ? 1 : 0,
                                shape)]
      .c_str();
}

// The COUNT of a search or none and a filter shape; built once, as list_sql.
const char* count_sql(bool search, std::size_t shape) {
  static const std::array<std::string, kCountStatementCount> kStatements = [] {
    std::array<std::string, kCountStatementCount> out;
    for (std::size_t filter = 0; filter < 2; ++filter) {
      for (std::size_t f = 0; f < kShapes; ++f) {
        out[filter * kShapes + f] = "SELECT COUNT(*) FROM api_keys WHERE " + where(filter, f);
      }
    }
    return out;
  }();
  return kStatements[(search ? kShapes : 0) + shape].c_str();
}

inline constexpr const char kNotify[] = "SELECT pg_notify($1, $2)";

}  // namespace

Result<Page<ApiKey>> PostgresKeys::list(const std::string& team_id, const ListQuery& query) {
  const bool search = !query.search.empty();
  const std::size_t shape = storage::sql::filter_shape(query);
  std::string pattern = search ? storage::sql::like_pattern(query.search) : std::string();
  auto bind_filter = [&](auto& s) {
    s.bind(1, team_id);
    if (search) s.bind(2, pattern);
    storage::sql::bind_filters(s, query, first_after_search(search));
  };
  auto total = search || shape != 0
                   ? storage::sql::count(db_, count_sql(search, shape), bind_filter)
                   : storage::sql::count(db_, storage::sql::kTeamKeyCount, bind_filter);
  return storage::sql::list_page(
      db_, std::move(total), list_sql(query.sort, query.descending, search, shape),
      list_sql(query.sort, !query.descending, search, shape), bind_filter,
      first_after_search(search) - 1 + storage::sql::filter_parameters(shape), query);
}

Status PostgresTx::notify(const std::string& payload) {
  return storage::sql::run(db_, kNotify, [&](auto& s) { s.bind(1, channel_).bind(2, payload); });
}

}  // namespace keyward::storage::postgres
