#include "domain/error.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace keyward {
namespace {

TEST(ErrorTable, MapsEveryCodeToAnErrorStatusWithAUniqueName) {
  std::set<std::string_view> names;
  for (int i = 0; i < static_cast<int>(ErrorCode::kCount); ++i) {
    const ErrorInfo& info = error_info(static_cast<ErrorCode>(i));
    EXPECT_GE(info.status, 400) << i;
    EXPECT_LE(info.status, 599) << i;
    EXPECT_FALSE(info.name.empty()) << i;
    EXPECT_FALSE(info.title.empty()) << i;
    EXPECT_TRUE(names.insert(info.name).second) << "duplicate name " << info.name;
  }
}

TEST(ErrorTable, UsesTheStatusesOfTheContract) {
  EXPECT_EQ(error_info(ErrorCode::kBadRequest).status, 400);
  EXPECT_EQ(error_info(ErrorCode::kUnauthorized).status, 401);
  EXPECT_EQ(error_info(ErrorCode::kForbidden).status, 403);
  EXPECT_EQ(error_info(ErrorCode::kNotFound).status, 404);
  EXPECT_EQ(error_info(ErrorCode::kConflict).status, 409);
  EXPECT_EQ(error_info(ErrorCode::kPreconditionFailed).status, 412);
  EXPECT_EQ(error_info(ErrorCode::kPayloadTooLarge).status, 413);
  EXPECT_EQ(error_info(ErrorCode::kValidation).status, 422);
  EXPECT_EQ(error_info(ErrorCode::kTooManyRequests).status, 429);
  EXPECT_EQ(error_info(ErrorCode::kHeadersTooLarge).status, 431);
}

}  // namespace
}  // namespace keyward
