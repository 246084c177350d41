#include "storage/sqlite/list_query.h"

#include <array>

#include "domain/validation.h"
#include "storage/sql.h"
#include "storage/sql_list_page.h"

namespace keyward::storage::sqlite {
namespace {

constexpr std::array<const char*, 4> kWhere = {
    "team_id = ?1",
    "team_id = ?1 AND seq IN (SELECT rowid FROM api_keys_search WHERE api_keys_search MATCH ?2)",
    // LIKE is case-insensitive (ASCII, as COLLATE NOCASE) and reads only the description index.
    "team_id = ?1 AND description LIKE ?2 ESCAPE '\\'",
    // The unary + keeps SQLite from using the team index, so it drives from the matches instead.
    "+team_id = ?1 AND seq IN (SELECT rowid FROM api_keys_search WHERE api_keys_search MATCH ?2)",
};
constexpr std::size_t kModes = kWhere.size();
constexpr std::size_t kSorts = 4;  // created_at, description, type, lifecycle
constexpr std::size_t kShapes = storage::sql::kFilterShapes;
// sorts x orders x search modes x filter shapes
constexpr std::size_t kStatementCount = kSorts * 2 * kModes * kShapes;
// search modes x filter shapes (named: clang-format 14 and 19 space a product in a template
// argument differently)
constexpr std::size_t kCountStatementCount = kModes * kShapes;

// The first parameter after the team (?1) and the search term (?2, in every mode but kNone).
constexpr int first_after_search(std::size_t mode) { return mode == 0 ? 2 : 3; }

// The WHERE clause of a search mode and a filter shape.
std::string where(std::size_t mode, std::size_t shape) {
  return kWhere[mode] + storage::sql::filter_sql(shape, '?', first_after_search(mode));
}

std::string order_by(SortField sort, bool descending) {
  std::string dir = descending ? " DESC" : " ASC";
  std::string out;
  switch (sort) {
    case SortField::kDescription:
      out = "description COLLATE NOCASE";
      break;
    case SortField::kType:
      out.append("type").append(dir).append(", created_at");
      break;
    case SortField::kLifecycle:
      out.append(storage::sql::kLifecycleSortKey).append(dir).append(", created_at");
      break;
    case SortField::kCreatedAt:
      out = "created_at";
      break;
  }
  out.append(dir).append(", id").append(dir);
  return out;
}

// The statement's slot for a sort, an order, a search mode and a filter shape.
constexpr std::size_t list_index(std::size_t sort, std::size_t descending, std::size_t mode,
                                 std::size_t shape) {
  return ((sort * 2 + descending) * kModes + mode) * kShapes + shape;
}

// Every combination, built once: 4 sorts x 2 orders x 4 search modes x 72 filter shapes.
const std::array<std::string, kStatementCount>& list_statements() {
  static const std::array<std::string, kStatementCount> kStatements = [] {
    std::array<std::string, kStatementCount> out;
    for (std::size_t sort = 0; sort < kSorts; ++sort) {
      for (std::size_t desc = 0; desc < 2; ++desc) {
        for (std::size_t mode = 0; mode < kModes; ++mode) {
          for (std::size_t shape = 0; shape < kShapes; ++shape) {
            const int next = first_after_search(mode) + storage::sql::filter_parameters(shape);
            const std::string limit =
                " LIMIT ?" + std::to_string(next) + " OFFSET ?" + std::to_string(next + 1);
            std::string order = order_by(static_cast<SortField>(sort), desc == 1);
            std::string& sql = out[list_index(sort, desc, mode, shape)];
            sql.append("SELECT ").append(KEYWARD_API_KEY_COLUMNS);
            if (mode == 0 || mode == 2) {
              // A deferred join: the page's row ids come from the sort index alone (it covers
              // the filter and the order), so an OFFSET skips index entries, not whole rows;
              // only the page's rows are then read. Halves the time of a deep page on 100,000
              // keys. (A status filter reads the rows it checks; a type filter has its index.)
              sql.append(" FROM api_keys WHERE seq IN (SELECT seq FROM api_keys WHERE ")
                  .append(where(mode, shape))
                  .append(" ORDER BY ")
                  .append(order)
                  .append(limit)
                  .append(") ORDER BY ")
                  .append(order);
            } else {
              sql.append(" FROM api_keys WHERE ")
                  .append(where(mode, shape))
                  .append(" ORDER BY ")
                  .append(order)
                  .append(limit);
            }
          }
        }
      }
    }
    return out;
  }();
  return kStatements;
}

const std::array<std::string, kCountStatementCount>& count_statements() {
  static const std::array<std::string, kCountStatementCount> kStatements = [] {
    std::array<std::string, kCountStatementCount> out;
    for (std::size_t mode = 0; mode < kModes; ++mode) {
      for (std::size_t shape = 0; shape < kShapes; ++shape) {
        out[mode * kShapes + shape] = "SELECT COUNT(*) FROM api_keys WHERE " + where(mode, shape);
      }
    }
    return out;
  }();
  return kStatements;
}

}  // namespace

SearchMode search_mode(const std::string& term) {
  if (term.empty()) return SearchMode::kNone;
  std::size_t length = utf8_length(term);
  return length != std::string::npos && length >= 3 ? SearchMode::kTrigram : SearchMode::kScan;
}

const char* list_sql(SortField sort, bool descending, SearchMode mode, std::size_t shape) {
  return list_statements()[list_index(static_cast<std::size_t>(sort), descending ? 1 : 0,
                                      static_cast<std::size_t>(mode), shape)]
      .c_str();
}

const char* count_sql(SearchMode mode, std::size_t shape) {
  return count_statements()[static_cast<std::size_t>(mode) * kShapes + shape].c_str();
}

int filter_first_parameter(SearchMode mode) {
  return first_after_search(static_cast<std::size_t>(mode));
}

std::string fts_phrase(const std::string& term) {
  std::string phrase = "\"";
  for (char c : term) {
    if (c == '"') phrase += '"';
    phrase += c;
  }
  phrase += '"';
  return phrase;
}

}  // namespace keyward::storage::sqlite
