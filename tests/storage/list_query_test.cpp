#include "storage/sqlite/list_query.h"
#include "storage/sql.h"
#include "storage/sql_list_page.h"

#include <gtest/gtest.h>

namespace keyward::storage::sqlite {
namespace {

TEST(SearchMode, UsesTheTrigramIndexFromThreeCharacters) {
  EXPECT_EQ(search_mode(""), SearchMode::kNone);
  EXPECT_EQ(search_mode("ab"), SearchMode::kScan);
  EXPECT_EQ(search_mode("ключ"), SearchMode::kTrigram);
  EXPECT_EQ(search_mode("кл"), SearchMode::kScan);  // two characters, four bytes
  EXPECT_EQ(search_mode("abc"), SearchMode::kTrigram);
}

TEST(FtsPhrase, QuotesTheTermSoNoQuerySyntaxGetsThrough) {
  EXPECT_EQ(fts_phrase("prod"), "\"prod\"");
  EXPECT_EQ(fts_phrase("a\"b OR c*"), "\"a\"\"b OR c*\"");
}

TEST(LikePattern, EscapesWildcards) {
  EXPECT_EQ(storage::sql::like_pattern("ab"), "%ab%");
  EXPECT_EQ(storage::sql::like_pattern("5%_\\"), "%5\\%\\_\\\\%");
}

TEST(ListSql, HasOneStableStatementPerCombination) {
  EXPECT_EQ(list_sql(SortField::kType, true, SearchMode::kTrigram, 0),
            list_sql(SortField::kType, true, SearchMode::kTrigram, 0));
  EXPECT_NE(list_sql(SortField::kType, true, SearchMode::kTrigram, 0),
            list_sql(SortField::kType, false, SearchMode::kTrigram, 0));
  EXPECT_NE(list_sql(SortField::kType, true, SearchMode::kTrigram, 0),
            list_sql(SortField::kType, true, SearchMode::kTrigram, 1));
  EXPECT_NE(std::string(list_sql(SortField::kDescription, false, SearchMode::kNone, 0))
                .find("description COLLATE NOCASE ASC, id ASC"),
            std::string::npos);
}

TEST(ListSql, NumbersTheFilterParametersAfterTheSearchTerm) {
  ListQuery query;
  query.type = "openai";
  query.status = StatusFilter::kUnchecked;
  std::string unchecked(
      list_sql(SortField::kCreatedAt, true, SearchMode::kNone, storage::sql::filter_shape(query)));
  EXPECT_NE(unchecked.find("team_id = ?1 AND type = ?2 AND verify_status IS NULL"),
            std::string::npos)
      << unchecked;
  EXPECT_NE(unchecked.find("LIMIT ?3 OFFSET ?4"), std::string::npos) << unchecked;
  query.status = StatusFilter::kEquals;
  query.verify_status = "valid";
  std::string scanned(
      list_sql(SortField::kType, false, SearchMode::kScan, storage::sql::filter_shape(query)));
  EXPECT_NE(scanned.find("LIKE ?2 ESCAPE '\\' AND type = ?3 AND verify_status = ?4"),
            std::string::npos)
      << scanned;
  EXPECT_NE(scanned.find("LIMIT ?5 OFFSET ?6"), std::string::npos) << scanned;
  EXPECT_EQ(scanned.find("valid"), std::string::npos) << "values are bound, never written in";
  EXPECT_EQ(std::string(count_sql(SearchMode::kTrigram, storage::sql::filter_shape(query))),
            "SELECT COUNT(*) FROM api_keys WHERE team_id = ?1 AND seq IN (SELECT rowid FROM "
            "api_keys_search WHERE api_keys_search MATCH ?2) AND type = ?3 AND verify_status = ?4");
  EXPECT_EQ(filter_first_parameter(SearchMode::kNone), 2);
  EXPECT_EQ(filter_first_parameter(SearchMode::kTrigram), 3);
}

}  // namespace
}  // namespace keyward::storage::sqlite
