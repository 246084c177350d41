#include "domain/permissions.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace keyward {
namespace {

// DESIGN.md's matrix written out independently of the code's table.
const std::map<std::string, std::string> kExpected = {
    // permission             owner admin developer viewer
    {"api_keys:read", "YYYY"},   {"api_keys:create", "YYYN"},       {"api_keys:update", "YYYN"},
    {"api_keys:delete", "YYNN"}, {"api_keys:reveal", "YYYN"},       {"members:read", "YYYY"},
    {"members:manage", "YYNN"},  {"service_tokens:manage", "YYNN"}, {"audit:read", "YYNN"},
    {"team:manage", "YNNN"},     {"webhooks:manage", "YYNN"},
};

TEST(Permissions, MatchTheMatrixOfTheDesign) {
  const Role roles[] = {Role::kOwner, Role::kAdmin, Role::kDeveloper, Role::kViewer};
  ASSERT_EQ(kExpected.size(), static_cast<std::size_t>(Permission::kCount));
  for (int p = 0; p < static_cast<int>(Permission::kCount); ++p) {
    auto permission = static_cast<Permission>(p);
    std::string name(permission_name(permission));
    ASSERT_TRUE(kExpected.count(name)) << name;
    for (int r = 0; r < 4; ++r) {
      EXPECT_EQ(has_permission(roles[r], permission), kExpected.at(name)[r] == 'Y')
          << name << " for " << role_name(roles[r]);
    }
  }
}

TEST(Permissions, ListEveryGrantedPermissionOfARole) {
  EXPECT_EQ(permissions_of(Role::kOwner).size(), 11u);
  EXPECT_EQ(permissions_of(Role::kViewer),
            (std::vector<Permission>{Permission::kApiKeysRead, Permission::kMembersRead}));
}

TEST(Roles, ParseAndPrintTheirNames) {
  for (Role role : {Role::kOwner, Role::kAdmin, Role::kDeveloper, Role::kViewer}) {
    EXPECT_EQ(parse_role(role_name(role)), role);
  }
  EXPECT_FALSE(parse_role("Owner").has_value());
  EXPECT_FALSE(parse_role("").has_value());
}

TEST(Roles, OnlyOwnersTouchTheOwnerRole) {
  EXPECT_TRUE(may_assign_role(Role::kOwner, Role::kViewer, Role::kOwner));
  EXPECT_TRUE(may_assign_role(Role::kOwner, Role::kOwner, Role::kAdmin));
  EXPECT_FALSE(may_assign_role(Role::kAdmin, Role::kViewer, Role::kOwner));
  EXPECT_FALSE(may_assign_role(Role::kAdmin, Role::kOwner, Role::kAdmin));
  EXPECT_TRUE(may_assign_role(Role::kAdmin, Role::kViewer, Role::kAdmin));
  EXPECT_FALSE(may_assign_role(Role::kDeveloper, Role::kViewer, Role::kViewer));
}

}  // namespace
}  // namespace keyward
