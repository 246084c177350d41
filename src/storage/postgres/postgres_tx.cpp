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
    case SortField::kCreatedAt:
      break;
  }
  return "created_at" + dir + ", id" + dir;
}

// The statement's slot for a sort, an order and a filter.
constexpr std::size_t list_index(std::size_t sort, std::size_t descending, std::size_t filter) {
  return (sort * 2 + descending) * 2 + filter;
}

// Every combination, built once: 3 sorts x 2 orders x (no filter, search). The pointers stay
// valid for the whole process: the statement cache is keyed by them.
const char* list_sql(SortField sort, bool descending, bool search) {
  static const std::array<std::string, 12> kStatements = [] {
    std::array<std::string, 12> out;
    for (std::size_t s = 0; s < 3; ++s) {
      for (std::size_t desc = 0; desc < 2; ++desc) {
        for (std::size_t filter = 0; filter < 2; ++filter) {
          std::string limit = filter == 0 ? " LIMIT $2 OFFSET $3" : " LIMIT $3 OFFSET $4";
          out[list_index(s, desc, filter)] = std::string("SELECT ") + KEYWARD_API_KEY_COLUMNS +
                                             " FROM api_keys WHERE " + kWhere[filter] +
                                             " ORDER BY " +
                                             order_by(static_cast<SortField>(s), desc == 1) + limit;
        }
      }
    }
    return out;
  }();
  return kStatements[list_index(static_cast<std::size_t>(sort), descending ? 1 : 0, search ? 1 : 0)]
      .c_str();
}

inline constexpr const char kCountMatches[] =
    "SELECT COUNT(*) FROM api_keys WHERE team_id = $1 AND description ILIKE $2 ESCAPE '\\'";
inline constexpr const char kNotify[] = "SELECT pg_notify($1, $2)";

}  // namespace

Result<Page<ApiKey>> PostgresKeys::list(const std::string& team_id, const ListQuery& query) {
  bool search = !query.search.empty();
  std::string pattern = search ? storage::sql::like_pattern(query.search) : std::string();
  auto bind_filter = [&](auto& s) {
    s.bind(1, team_id);
    if (search) s.bind(2, pattern);
  };
  auto total = search ? storage::sql::count(db_, kCountMatches, bind_filter)
                      : storage::sql::count(db_, storage::sql::kTeamKeyCount, bind_filter);
  return storage::sql::list_page(
      db_, std::move(total), list_sql(query.sort, query.descending, search),
      list_sql(query.sort, !query.descending, search), bind_filter, search ? 2 : 1, query);
}

Status PostgresTx::notify(const std::string& payload) {
  return storage::sql::run(db_, kNotify, [&](auto& s) { s.bind(1, channel_).bind(2, payload); });
}

}  // namespace keyward::storage::postgres
