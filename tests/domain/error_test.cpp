#include "domain/error.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace keyward {
namespace {

TEST(ErrorTable, MapsEveryCodeToAUniqueNameAndATitle) {
  std::set<std::string_view> names;
  for (int i = 0; i < static_cast<int>(ErrorCode::kCount); ++i) {
    const ErrorInfo info = error_info(static_cast<ErrorCode>(i));
    EXPECT_FALSE(info.name.empty()) << i;
    EXPECT_FALSE(info.title.empty()) << i;
    EXPECT_TRUE(names.insert(info.name).second) << "duplicate name " << info.name;
  }
}

TEST(ErrorTable, GivesEachCodeItsOwnStableName) {
  EXPECT_EQ(error_info(ErrorCode::kBadRequest).name, "bad-request");
  EXPECT_EQ(error_info(ErrorCode::kNotFound).name, "not-found");
  EXPECT_EQ(error_info(ErrorCode::kConflict).name, "conflict");
  EXPECT_EQ(error_info(ErrorCode::kValidation).name, "validation");
  EXPECT_EQ(error_info(ErrorCode::kInternal).name, "internal");
  EXPECT_EQ(error_info(ErrorCode::kUnavailable).name, "unavailable");
}

}  // namespace
}  // namespace keyward
