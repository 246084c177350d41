#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "domain/api_key.h"
#include "storage/sql.h"

namespace keyward::storage::sqlite {

// How a search term is answered:
// - kNone: no filter; the total comes from the team's key count.
// - kTrigram: the FTS5 trigram index finds the matching rows, each then looked up by row id.
//   Used for terms of three characters or more that match few rows (see rare_match_limit) in a
//   team too large to scan (see scan_team_limit).
// - kScan: a LIKE over the team's own description index. Used for terms under three characters
//   (which trigrams cannot index), in small teams (a 100-key team's index is read faster than
//   the shared index is probed: 0.3 ms against 1.5 ms to 4 ms in a database of 100,000 keys),
//   and for terms so common that reading the team's index once beats thousands of lookups
//   (measured on 100,000 keys: 11 ms against 24 ms or more).
enum class SearchMode : std::uint8_t { kNone, kTrigram, kScan };

// The mode for a term before knowing how many rows match: kTrigram is the first choice, and
// becomes kScan when the index reports too many matches.
SearchMode search_mode(const std::string& term);

// Counts matches of an FTS phrase across every team, up to ?2: tells which plan to use, at a
// cost bounded however common the term is.
inline constexpr const char kCountSearchMatches[] =
    "SELECT COUNT(*) FROM (SELECT 1 FROM api_keys_search WHERE api_keys_search MATCH ?1 LIMIT ?2)";

// A team's key count and the version of its keys (see description_index.h).
inline constexpr const char kTeamKeyCountAndVersion[] =
    "SELECT api_key_count, api_keys_version FROM teams WHERE id = ?1";
// What TeamDescriptions is built from, in its order.
inline constexpr const char kTeamDescriptions[] =
    "SELECT seq, id, type, created_at, description FROM api_keys WHERE team_id = ?1"
    " ORDER BY created_at, id";

// One key by its row id, for a page found in memory.
inline constexpr const char kApiKeyBySeq[] =
    "SELECT " KEYWARD_API_KEY_COLUMNS " FROM api_keys WHERE seq = ?1";

// The SELECT for one page (?1 team, ?2 term when searching, the filters of `shape` (see
// storage/sql_list_page.h) from filter_first_parameter(mode), then LIMIT and OFFSET) and its
// COUNT. REQUIRES: shape < sql::kFilterShapes; the returned pointers stay valid for the whole
// process (the statement cache is keyed by them).
const char* list_sql(SortField sort, bool descending, SearchMode mode, std::size_t shape);
const char* count_sql(SearchMode mode, std::size_t shape);
// The number of the first filter parameter: after the team and the search term.
int filter_first_parameter(SearchMode mode);

// The term as an FTS5 phrase: quoted, inner quotes doubled, so no query syntax gets through.
std::string fts_phrase(const std::string& term);

}  // namespace keyward::storage::sqlite
