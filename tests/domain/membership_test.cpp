#include "domain/membership.h"

#include <gtest/gtest.h>

#include "support/result_matchers.h"

namespace keyward {
namespace {

Invitation invitation_as(Role role, std::int64_t expires_at = 1000) {
  Invitation invitation;
  invitation.role = role;
  invitation.expires_at = expires_at;
  return invitation;
}

TEST(MembershipRules, AnInvitationIsOnlyAsGoodAsItsInvitersRightToGrantIt) {
  EXPECT_TRUE(invitation_acceptable(invitation_as(Role::kOwner), Role::kOwner, 0));
  EXPECT_FALSE(invitation_acceptable(invitation_as(Role::kOwner), Role::kAdmin, 0));
  EXPECT_TRUE(invitation_acceptable(invitation_as(Role::kAdmin), Role::kAdmin, 0));
  EXPECT_FALSE(invitation_acceptable(invitation_as(Role::kViewer), Role::kDeveloper, 0));
  EXPECT_FALSE(invitation_acceptable(invitation_as(Role::kViewer), std::nullopt, 0));
}

TEST(MembershipRules, AnExpiredOrAcceptedInvitationIsNotAcceptable) {
  EXPECT_TRUE(invitation_acceptable(invitation_as(Role::kViewer, 1000), Role::kOwner, 999));
  EXPECT_FALSE(invitation_acceptable(invitation_as(Role::kViewer, 1000), Role::kOwner, 1000));
  Invitation accepted = invitation_as(Role::kViewer);
  accepted.accepted_at = 5;
  EXPECT_FALSE(invitation_acceptable(accepted, Role::kOwner, 0));
}

TEST(MembershipRules, PendingInvitationsDieWithTheirInvitersRight) {
  EXPECT_EQ(invitation_dies_because(std::nullopt, Role::kViewer), "inviter_left");
  EXPECT_EQ(invitation_dies_because(Role::kAdmin, Role::kOwner), "inviter_lost_permission");
  EXPECT_EQ(invitation_dies_because(Role::kDeveloper, Role::kViewer), "inviter_lost_permission");
  EXPECT_EQ(invitation_dies_because(Role::kAdmin, Role::kAdmin), std::nullopt);
  EXPECT_EQ(invitation_dies_because(Role::kOwner, Role::kOwner), std::nullopt);
}

TEST(MembershipRules, OnlyAnOwnerGivesOrTakesTheOwnerRole) {
  EXPECT_THAT(check_role_change(Role::kAdmin, Role::kDeveloper, Role::kOwner, 1),
              IsError(ErrorCode::kForbidden));
  EXPECT_THAT(check_role_change(Role::kAdmin, Role::kOwner, Role::kAdmin, 2),
              IsError(ErrorCode::kForbidden));
  EXPECT_THAT(check_role_change(Role::kAdmin, Role::kDeveloper, Role::kViewer, 1), IsOk());
  EXPECT_THAT(check_role_change(Role::kOwner, Role::kDeveloper, Role::kOwner, 1), IsOk());
  EXPECT_THAT(check_removal(Role::kAdmin, Role::kOwner, 2), IsError(ErrorCode::kForbidden));
  EXPECT_THAT(check_removal(Role::kAdmin, Role::kViewer, 1), IsOk());
  EXPECT_THAT(check_invitation_role(Role::kAdmin, Role::kOwner), IsError(ErrorCode::kForbidden));
  EXPECT_THAT(check_invitation_role(Role::kAdmin, Role::kAdmin), IsOk());
  EXPECT_THAT(check_invitation_role(Role::kOwner, Role::kOwner), IsOk());
}

TEST(MembershipRules, WhoCannotManageMembersChangesNoRole) {
  EXPECT_THAT(check_role_change(Role::kDeveloper, Role::kViewer, Role::kDeveloper, 1),
              IsError(ErrorCode::kForbidden));
  EXPECT_THAT(check_removal(Role::kViewer, Role::kViewer, 1), IsError(ErrorCode::kForbidden));
  EXPECT_THAT(check_invitation_role(Role::kDeveloper, Role::kViewer),
              IsError(ErrorCode::kForbidden));
}

TEST(MembershipRules, ATeamKeepsItsLastOwner) {
  EXPECT_THAT(check_role_change(Role::kOwner, Role::kOwner, Role::kAdmin, 1),
              IsError(ErrorCode::kConflict));
  EXPECT_THAT(check_role_change(Role::kOwner, Role::kOwner, Role::kAdmin, 2), IsOk());
  EXPECT_THAT(check_role_change(Role::kOwner, Role::kOwner, Role::kOwner, 1), IsOk());
  EXPECT_THAT(check_removal(Role::kOwner, Role::kOwner, 1), IsError(ErrorCode::kConflict));
  EXPECT_THAT(check_removal(Role::kOwner, Role::kOwner, 2), IsOk());
}

TEST(MembershipRules, ServiceTokensStayOnlyWithTheRightToManageThem) {
  EXPECT_TRUE(keeps_service_tokens(Role::kOwner));
  EXPECT_TRUE(keeps_service_tokens(Role::kAdmin));
  EXPECT_FALSE(keeps_service_tokens(Role::kDeveloper));
  EXPECT_FALSE(keeps_service_tokens(Role::kViewer));
}

}  // namespace
}  // namespace keyward
