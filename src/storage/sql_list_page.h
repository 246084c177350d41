#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "domain/api_key.h"
#include "storage/page.h"
#include "storage/sql_query.h"
#include "storage/sql_rows.h"

namespace keyward::storage::sql {

// The key list's filters besides the search term: a type or none, times a status that is any,
// one value or null. Each shape is a statement of its own (no "$n IS NULL OR …" catch-all), so
// every plan can still use the team's indexes: a type filter rides (team_id, type, created_at).
inline constexpr std::size_t kFilterShapes = 6;

// The shape of `query`'s filters, from 0 (none) to kFilterShapes - 1.
inline std::size_t filter_shape(const ListQuery& query) {
  return (query.type.empty() ? 0 : 3) + static_cast<std::size_t>(query.status);
}

// What a shape adds to the WHERE clause, its parameters numbered from `first` and written with
// the engine's `mark` ('?' for SQLite, '$' for PostgreSQL). Only parameters, never a value.
inline std::string filter_sql(std::size_t shape, char mark, int first) {
  std::string out;
  if (shape >= 3) out.append(" AND type = ").append(1, mark).append(std::to_string(first++));
  switch (static_cast<StatusFilter>(shape % 3)) {
    case StatusFilter::kAny:
      break;
    case StatusFilter::kEquals:
      out.append(" AND verify_status = ").append(1, mark).append(std::to_string(first));
      break;
    case StatusFilter::kUnchecked:
      out.append(" AND verify_status IS NULL");
      break;
  }
  return out;
}

// How many parameters a shape's filter_sql takes.
inline int filter_parameters(std::size_t shape) {
  const bool status = static_cast<StatusFilter>(shape % 3) == StatusFilter::kEquals;
  return (shape >= 3 ? 1 : 0) + (status ? 1 : 0);
}

// Binds `query`'s filters from parameter `first`, in filter_sql's order.
template <typename Statement>
void bind_filters(Statement& s, const ListQuery& query, int first) {
  if (!query.type.empty()) s.bind(first++, query.type);
  if (query.status == StatusFilter::kEquals) s.bind(first, query.verify_status);
}

// One page of API keys: `total` already counted (in the same snapshot), then the rows of
// `list_sql`, whose filter takes parameters 1..`filter_parameters` (bound by `bind_filter`) and
// LIMIT and OFFSET the next two. `reverse_sql` is the same query in the opposite order: a page
// nearer the end than the start is read from the end, so OFFSET never skips more than half the
// rows, and the last page costs what the first does.
template <typename Db, typename Bind>
Result<Page<ApiKey>> list_page(Db& db, Result<std::int64_t> counted, const char* list_sql,
                               const char* reverse_sql, Bind bind_filter, int filter_parameters,
                               const ListQuery& query) {
  KW_TRY(total, std::move(counted));
  Page<ApiKey> out;
  out.total = total;
  const std::int64_t start = query.offset();
  if (start >= total) return out;  // past the last page: nothing to read
  const std::int64_t end = std::min(start + query.page_size, total);
  const bool from_end = total - end < start;
  KW_TRY(items, query_all<ApiKey>(
                    db, from_end ? reverse_sql : list_sql,
                    [&](auto& s) {
                      bind_filter(s);
                      s.bind(filter_parameters + 1, end - start);
                      s.bind(filter_parameters + 2, from_end ? total - end : start);
                    },
                    [](auto& s) { return ApiKeyRow::read(s); }));
  out.items = std::move(items);
  if (from_end) std::reverse(out.items.begin(), out.items.end());
  return out;
}

}  // namespace keyward::storage::sql
