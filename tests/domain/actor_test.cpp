#include "domain/actor.h"

#include <gtest/gtest.h>

namespace keyward {
namespace {

TEST(Actor, AMemberHoldsWhatTheirRoleHoldsInTheirTeam) {
  Actor viewer = Actor::member("u1", "t1", Role::kViewer);
  EXPECT_TRUE(viewer.may(Permission::kApiKeysRead));
  EXPECT_FALSE(viewer.may(Permission::kApiKeysCreate));
  EXPECT_TRUE(Actor::member("u1", "t1", Role::kOwner).may(Permission::kTeamManage));
  EXPECT_EQ(viewer.kind_name(), "user");
}

TEST(Actor, AUserOutsideATeamHoldsNoTeamPermission) {
  EXPECT_FALSE(Actor::user("u1").may(Permission::kApiKeysRead));
}

TEST(Actor, AServiceTokenOnlyResolvesItsOwnTypes) {
  Actor token = Actor::service_token("s1", "t1", {"openai", "exa"});
  EXPECT_TRUE(token.may_resolve("openai"));
  EXPECT_FALSE(token.may_resolve("anthropic"));
  EXPECT_FALSE(token.may(Permission::kApiKeysRead));
  EXPECT_FALSE(token.may(Permission::kApiKeysReveal));
  EXPECT_EQ(token.kind_name(), "service_token");
}

TEST(Actor, AServiceTokenRestrictedToLabelsOnlyResolvesKeysCarryingThemAll) {
  Actor token = Actor::service_token("s1", "t1", {"openai"});
  EXPECT_TRUE(token.may_resolve_labelled({})) << "no restriction: any key";
  token.key_labels = {"env:prod", "team:search"};
  EXPECT_TRUE(token.may_resolve_labelled({"a", "env:prod", "team:search"}));
  EXPECT_FALSE(token.may_resolve_labelled({"env:prod"}));
  EXPECT_FALSE(token.may_resolve_labelled({}));
  Actor member = Actor::member("u1", "t1", Role::kOwner);
  EXPECT_FALSE(member.may_resolve_labelled({})) << "members reveal, they do not resolve";
}
TEST(Actor, AMemberResolvesNothingAndTheServerAndStrangersHoldNothing) {
  EXPECT_FALSE(Actor::member("u1", "t1", Role::kOwner).may_resolve("openai"));
  EXPECT_FALSE(Actor::system().may(Permission::kApiKeysRead));
  EXPECT_FALSE(Actor::anonymous().may(Permission::kApiKeysRead));
  EXPECT_EQ(Actor::system().kind_name(), "system");
  EXPECT_EQ(Actor::anonymous().kind_name(), "anonymous");
}

}  // namespace
}  // namespace keyward
