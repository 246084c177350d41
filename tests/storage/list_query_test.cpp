#include "storage/sqlite/list_query.h"
#include "storage/sql.h"

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
  EXPECT_EQ(list_sql(SortField::kType, true, SearchMode::kTrigram),
            list_sql(SortField::kType, true, SearchMode::kTrigram));
  EXPECT_NE(list_sql(SortField::kType, true, SearchMode::kTrigram),
            list_sql(SortField::kType, false, SearchMode::kTrigram));
  EXPECT_NE(std::string(list_sql(SortField::kDescription, false, SearchMode::kNone))
                .find("description COLLATE NOCASE ASC, id ASC"),
            std::string::npos);
}

}  // namespace
}  // namespace keyward::storage::sqlite
