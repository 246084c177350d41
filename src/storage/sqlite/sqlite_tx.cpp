#include "storage/sqlite/sqlite_tx.h"

#include "storage/sql_list_page.h"
#include "storage/sqlite/list_query.h"

#include <memory>
#include <utility>

namespace keyward::storage::sqlite {

Result<Page<ApiKey>> SqliteKeys::list(const std::string& team_id, const ListQuery& query) {
  KW_TRY(counted, storage::sql::query_one<std::pair<std::int64_t, std::int64_t>>(
                      db_, kTeamKeyCountAndVersion, [&](auto& s) { s.bind(1, team_id); },
                      [](auto& s) { return std::pair(s.column_int64(0), s.column_int64(1)); }));
  const auto [keys, version] = counted.value_or(std::pair<std::int64_t, std::int64_t>(0, 0));
  const std::size_t shape = storage::sql::filter_shape(query);
  // The in-memory copy holds no verify status, labels or lifecycle marks: a filtered search, or
  // one sorted by lifecycle, asks SQL.
  if (!query.search.empty() && shape == 0 && query.sort != SortField::kLifecycle &&
      keys >= options_.memory_search_min_keys && descriptions_ != nullptr &&
      describable_term(query.search)) {
    KW_TRY(answered, search_in_memory(team_id, query, version));
    if (answered) return std::move(*answered);
  }
  SearchMode mode = search_mode(query.search);
  if (mode == SearchMode::kTrigram && keys <= options_.scan_team_limit) mode = SearchMode::kScan;
  if (mode == SearchMode::kTrigram) {
    KW_TRY(matches, storage::sql::count(db_, kCountSearchMatches, [&](auto& s) {
             s.bind(1, fts_phrase(query.search)).bind(2, options_.rare_match_limit + 1);
           }));
    if (matches > options_.rare_match_limit) mode = SearchMode::kScan;
  }
  std::string term = mode == SearchMode::kTrigram ? fts_phrase(query.search)
                     : mode == SearchMode::kScan  ? storage::sql::like_pattern(query.search)
                                                  : std::string();
  const int first_filter = filter_first_parameter(mode);
  auto bind_filter = [&](auto& s) {
    s.bind(1, team_id);
    if (mode != SearchMode::kNone) s.bind(2, term);
    storage::sql::bind_filters(s, query, first_filter);
  };
  auto total = mode == SearchMode::kNone && shape == 0
                   ? Result<std::int64_t>(keys)
                   : storage::sql::count(db_, count_sql(mode, shape), bind_filter);
  return storage::sql::list_page(db_, std::move(total),
                                 list_sql(query.sort, query.descending, mode, shape),
                                 list_sql(query.sort, !query.descending, mode, shape), bind_filter,
                                 first_filter - 1 + storage::sql::filter_parameters(shape), query);
}

Result<std::optional<Page<ApiKey>>> SqliteKeys::search_in_memory(const std::string& team_id,
                                                                 const ListQuery& query,
                                                                 std::int64_t version) {
  auto team = descriptions_->find(team_id, version);
  if (!team) {
    if (!descriptions_->should_build(team_id)) return std::optional<Page<ApiKey>>();
    // Read in this transaction's snapshot, so the copy is exactly `version`.
    KW_TRY(stmt, db_.prepare(kTeamDescriptions));
    stmt.bind(1, team_id);
    TeamDescriptions::Builder builder;
    while (true) {
      KW_TRY(row, stmt.step());
      if (!row) break;
      builder.add(stmt.column_int64(0), stmt.column_text(1), stmt.column_text(2),
                  stmt.column_int64(3), stmt.column_text(4));
    }
    team = std::move(builder).finish();
    descriptions_->put(team_id, version, team);
  }
  auto found =
      team->search(query.search, query.sort, query.descending, query.offset(), query.page_size);
  Page<ApiKey> page;
  page.total = found.total;
  for (std::int64_t seq : found.seqs) {
    KW_TRY(key, storage::sql::query_one<ApiKey>(
                    db_, kApiKeyBySeq, [&](auto& s) { s.bind(1, seq); }, read_));
    if (key) page.items.push_back(std::move(*key));
  }
  return std::optional<Page<ApiKey>>(std::move(page));
}

Status SqliteTx::notify(const std::string& payload) {
  after_commit([deliver = deliver_, payload] { deliver(payload); });
  return ok_status();
}

}  // namespace keyward::storage::sqlite
