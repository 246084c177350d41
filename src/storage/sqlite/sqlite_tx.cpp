#include "storage/sqlite/sqlite_tx.h"

#include "storage/sqlite/list_query.h"

namespace keyward::storage::sqlite {

Result<Page<ApiKey>> SqliteTx::list_api_keys(const std::string& team_id, const ListQuery& query) {
  auto team_keys =
      detail::count(db_, storage::sql::kTeamKeyCount, [&](auto& s) { s.bind(1, team_id); });
  if (!team_keys) return std::move(team_keys).error();
  SearchMode mode = search_mode(query.search);
  if (mode == SearchMode::kTrigram && *team_keys <= scan_team_limit_) mode = SearchMode::kScan;
  if (mode == SearchMode::kTrigram) {
    auto matches = detail::count(db_, kCountSearchMatches, [&](auto& s) {
      s.bind(1, fts_phrase(query.search)).bind(2, rare_match_limit_ + 1);
    });
    if (!matches) return std::move(matches).error();
    if (*matches > rare_match_limit_) mode = SearchMode::kScan;
  }
  std::string term = mode == SearchMode::kTrigram ? fts_phrase(query.search)
                     : mode == SearchMode::kScan  ? storage::sql::like_pattern(query.search)
                                                  : std::string();
  auto bind_filter = [&](auto& s) {
    s.bind(1, team_id);
    if (mode != SearchMode::kNone) s.bind(2, term);
  };
  auto total = mode == SearchMode::kNone ? std::move(team_keys)
                                         : detail::count(db_, count_sql(mode), bind_filter);
  return detail::list_page(db_, std::move(total), list_sql(query.sort, query.descending, mode),
                           list_sql(query.sort, !query.descending, mode), bind_filter,
                           mode == SearchMode::kNone ? 1 : 2, query);
}

Status SqliteTx::notify(const std::string& payload) {
  after_commit([deliver = deliver_, payload] { deliver(payload); });
  return ok_status();
}

}  // namespace keyward::storage::sqlite
