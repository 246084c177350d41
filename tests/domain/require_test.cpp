#include "domain/require.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/result_matchers.h"

namespace keyward {
namespace {

using ::testing::HasSubstr;

TEST(Require, AMemberHoldingThePermissionMayGoOn) {
  EXPECT_THAT(require(Actor::member("u1", "t1", Role::kDeveloper), Permission::kApiKeysCreate),
              IsOk());
}

TEST(Require, AMemberWithoutItIsToldTheirRoleAndThePermission) {
  auto refused = require(Actor::member("u1", "t1", Role::kViewer), Permission::kApiKeysCreate);
  ASSERT_THAT(refused, IsError(ErrorCode::kForbidden));
  EXPECT_EQ(refused.error().detail, "Your role (viewer) does not allow api_keys:create.");
}

TEST(Require, ARoleIsCheckedAndWordedAsForAMember) {
  EXPECT_THAT(require_role(Role::kDeveloper, Permission::kApiKeysCreate), IsOk());
  auto refused = require_role(Role::kViewer, Permission::kApiKeysCreate);
  ASSERT_THAT(refused, IsError(ErrorCode::kForbidden));
  EXPECT_EQ(refused.error().detail, "Your role (viewer) does not allow api_keys:create.");
}

TEST(Require, ServiceTokensTheSystemAndStrangersHoldNoPermission) {
  for (const Actor& actor : {Actor::service_token("st1", "t1", {"openai"}), Actor::system(),
                             Actor::anonymous(), Actor::user("u1")}) {
    auto refused = require(actor, Permission::kApiKeysRead);
    ASSERT_THAT(refused, IsError(ErrorCode::kForbidden)) << actor.kind_name();
    EXPECT_THAT(refused.error().detail, HasSubstr("api_keys:read"));
  }
}

}  // namespace
}  // namespace keyward
