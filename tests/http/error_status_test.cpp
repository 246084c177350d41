#include "http/error_status.h"

#include <gtest/gtest.h>

namespace keyward::http {
namespace {

TEST(ErrorStatus, MapsEveryCodeToAnErrorStatus) {
  for (int i = 0; i < static_cast<int>(ErrorCode::kCount); ++i) {
    const int status = http_status(static_cast<ErrorCode>(i));
    EXPECT_GE(status, 400) << i;
    EXPECT_LE(status, 599) << i;
  }
}

TEST(ErrorStatus, UsesTheStatusesOfTheContract) {
  EXPECT_EQ(http_status(ErrorCode::kBadRequest), 400);
  EXPECT_EQ(http_status(ErrorCode::kUnauthorized), 401);
  EXPECT_EQ(http_status(ErrorCode::kForbidden), 403);
  EXPECT_EQ(http_status(ErrorCode::kNotFound), 404);
  EXPECT_EQ(http_status(ErrorCode::kConflict), 409);
  EXPECT_EQ(http_status(ErrorCode::kPreconditionFailed), 412);
  EXPECT_EQ(http_status(ErrorCode::kPayloadTooLarge), 413);
  EXPECT_EQ(http_status(ErrorCode::kValidation), 422);
  EXPECT_EQ(http_status(ErrorCode::kTooManyRequests), 429);
  EXPECT_EQ(http_status(ErrorCode::kHeadersTooLarge), 431);
}

}  // namespace
}  // namespace keyward::http
