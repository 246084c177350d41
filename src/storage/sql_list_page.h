#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "domain/api_key.h"
#include "storage/page.h"
#include "storage/sql_query.h"
#include "storage/sql_rows.h"
#include "storage/string_list.h"

namespace keyward::storage::sql {

// The key list's filters besides the search term: a type or none, times a status that is any,
// one value or null, times labels or none, times a lifecycle filter (any or one of five). Each
// shape is a statement of its own (no "$n IS NULL OR …" catch-all), so every plan can still use
// the team's indexes: a type filter rides (team_id, type, created_at), a label filter
// api_key_labels' (team_id, label, api_key_id).
inline constexpr std::size_t kBaseFilterShapes = 12;
inline constexpr std::size_t kFilterShapes = kBaseFilterShapes * kLifecycleFilters;

// The shape of `query`'s filters, from 0 (none) to kFilterShapes - 1.
inline std::size_t filter_shape(const ListQuery& query) {
  return static_cast<std::size_t>(query.lifecycle) * kBaseFilterShapes +
         (query.labels.empty() ? 0 : 6) + (query.type.empty() ? 0 : 3) +
         static_cast<std::size_t>(query.status);
}

// " AND …": the keys of a lifecycle filter at the moment bound as parameter `now`, from the
// marks mark_lifecycle places (expiry_warn_at is never after expires_at).
inline std::string lifecycle_filter_sql(LifecycleFilter filter, char mark, int now) {
  std::string p(1, mark);
  p.append(std::to_string(now));
  const std::string not_warned = "(expiry_warn_at IS NULL OR expiry_warn_at > " + p + ")";
  switch (filter) {
    case LifecycleFilter::kAny:
      return "";
    case LifecycleFilter::kOk:
      return " AND " + not_warned + " AND (rotation_due_at IS NULL OR rotation_due_at > " + p + ")";
    case LifecycleFilter::kNeedsAttention:
      return " AND (expiry_warn_at <= " + p + " OR rotation_due_at <= " + p + ")";
    case LifecycleFilter::kExpiring:
      return " AND expiry_warn_at <= " + p + " AND expires_at > " + p;
    case LifecycleFilter::kExpired:
      return " AND expires_at <= " + p;
    case LifecycleFilter::kRotationDue:
      return " AND rotation_due_at <= " + p + " AND " + not_warned;
  }
  return "";
}

// The lifecycle sort's key: the earlier of a key's two marks, keys with neither after every
// other (so a descending order is the exact reverse of the ascending one, as list_page needs).
inline constexpr const char kLifecycleSortKey[] =
    "COALESCE(CASE WHEN expiry_warn_at IS NULL THEN rotation_due_at WHEN rotation_due_at IS NULL "
    "OR expiry_warn_at <= rotation_due_at THEN expiry_warn_at ELSE rotation_due_at END, "
    "9223372036854775807)";

// " AND id IN (…)": the team's keys carrying every label of the JSON array bound as parameter
// `labels` (text, as string_list_json writes it), the team being parameter 1. One row of
// api_key_labels per (key, label) and no duplicate in the array, so a key carries them all when
// as many of its rows match as the array has labels. Each engine reads the array its own way:
// `mark` '?' is SQLite (json_each), '$' is PostgreSQL (jsonb_array_elements_text).
inline std::string label_filter_sql(char mark, int labels) {
  // Appended piece by piece: "(" + std::string(…) trips a false -Wrestrict in GCC 12.
  std::string array(1, mark);
  array.append(std::to_string(labels));
  const bool sqlite = mark == '?';
  std::string out = " AND id IN (SELECT api_key_id FROM api_key_labels WHERE team_id = ";
  out.append(1, mark).append("1 AND label IN (SELECT ");
  out.append(sqlite ? "value FROM json_each(" : "jsonb_array_elements_text(").append(array);
  out.append(sqlite ? "))" : "::jsonb))").append(" GROUP BY api_key_id HAVING COUNT(*) = ");
  out.append(sqlite ? "json_array_length(" : "jsonb_array_length(").append(array);
  out.append(sqlite ? "))" : "::jsonb))");
  return out;
}

// Resolve among the keys carrying every label of the JSON array bound as parameter 3 (team 1,
// type 2), in the engine's dialect (see label_filter_sql): the default of the type when
// `default_only`, else the newest of the type.
inline std::string resolve_labelled_sql(char mark, bool default_only) {
  std::string out = "SELECT " KEYWARD_API_KEY_COLUMNS " FROM api_keys WHERE team_id = ";
  out.append(1, mark).append("1 AND type = ").append(1, mark).append("2");
  out.append(label_filter_sql(mark, 3));
  out += " AND disabled_at IS NULL";
  out += default_only ? " AND is_default = 1" : " ORDER BY created_at DESC, id DESC LIMIT 1";
  return out;
}

// The gateway's keys of a type (team 1, type 2), narrowed by the labels of the JSON array bound
// as parameter 3 when `labelled`: the default first, then newest first, at most `limit`.
inline std::string gateway_candidates_sql(char mark, bool labelled, int limit) {
  std::string out = "SELECT " KEYWARD_API_KEY_COLUMNS " FROM api_keys WHERE team_id = ";
  out.append(1, mark).append("1 AND type = ").append(1, mark).append("2");
  if (labelled) out.append(label_filter_sql(mark, 3));
  out.append(" AND disabled_at IS NULL ORDER BY is_default DESC, created_at DESC, id DESC LIMIT ");
  out.append(std::to_string(limit));
  return out;
}

// What a shape adds to the WHERE clause, its parameters numbered from `first` and written with
// the engine's `mark` ('?' for SQLite, '$' for PostgreSQL). Only parameters, never a value.
inline std::string filter_sql(std::size_t shape, char mark, int first) {
  std::string out;
  const auto lifecycle = static_cast<LifecycleFilter>(shape / kBaseFilterShapes);
  shape %= kBaseFilterShapes;
  if (shape % 6 >= 3) out.append(" AND type = ").append(1, mark).append(std::to_string(first++));
  switch (static_cast<StatusFilter>(shape % 3)) {
    case StatusFilter::kAny:
      break;
    case StatusFilter::kEquals:
      out.append(" AND verify_status = ").append(1, mark).append(std::to_string(first++));
      break;
    case StatusFilter::kUnchecked:
      out.append(" AND verify_status IS NULL");
      break;
  }
  if (shape >= 6) out.append(label_filter_sql(mark, first++));
  out.append(lifecycle_filter_sql(lifecycle, mark, first));
  return out;
}

// How many parameters a shape's filter_sql takes.
inline int filter_parameters(std::size_t shape) {
  const bool lifecycle = shape >= kBaseFilterShapes;
  shape %= kBaseFilterShapes;
  const bool status = static_cast<StatusFilter>(shape % 3) == StatusFilter::kEquals;
  return (shape % 6 >= 3 ? 1 : 0) + (status ? 1 : 0) + (shape >= 6 ? 1 : 0) + (lifecycle ? 1 : 0);
}

// Binds `query`'s filters from parameter `first`, in filter_sql's order.
template <typename Statement>
void bind_filters(Statement& s, const ListQuery& query, int first) {
  if (!query.type.empty()) s.bind(first++, query.type);
  if (query.status == StatusFilter::kEquals) s.bind(first++, query.verify_status);
  if (!query.labels.empty()) s.bind(first++, string_list_json(query.labels));
  if (query.lifecycle != LifecycleFilter::kAny) s.bind(first, query.now);
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
