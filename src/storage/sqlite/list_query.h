#pragma once

#include <string>

#include "domain/api_key.h"

namespace keyward::storage::sqlite {

// How a search term is answered: no filter, the FTS5 trigram index (three characters or more),
// or a scan of the team's own rows for shorter terms (bounded by the team's size).
enum class SearchMode { kNone, kTrigram, kShortScan };

SearchMode search_mode(const std::string& term);

// The SELECT for one page (?1 team, ?2 term when searching, then LIMIT and OFFSET) and its COUNT.
// REQUIRES: nothing; the returned pointers stay valid for the whole process (the statement cache
// is keyed by them).
const char* list_sql(SortField sort, bool descending, SearchMode mode);
const char* count_sql(SearchMode mode);

// The term as an FTS5 phrase: quoted, inner quotes doubled, so no query syntax gets through.
std::string fts_phrase(const std::string& term);

}  // namespace keyward::storage::sqlite
