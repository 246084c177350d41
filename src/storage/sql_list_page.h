#pragma once

#include <algorithm>
#include <cstdint>

#include "domain/api_key.h"
#include "storage/page.h"
#include "storage/sql_query.h"
#include "storage/sql_rows.h"

namespace keyward::storage::sql {

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
