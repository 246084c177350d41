#include "domain/membership.h"

namespace keyward {
namespace {

Error not_allowed_for_owner_role() {
  return Error::make(ErrorCode::kForbidden, "Only an owner may give or take the owner role.");
}

Error last_owner() {
  return Error::make(ErrorCode::kConflict,
                     "A team must keep at least one owner; make someone else owner first.");
}

}  // namespace

bool may_grant_by_invitation(const std::optional<Role>& granter, Role invited) {
  return granter && has_permission(*granter, Permission::kMembersManage) &&
         may_assign_role(*granter, invited, invited);
}

bool invitation_acceptable(const Invitation& invitation, const std::optional<Role>& inviter_role,
                           std::int64_t now) {
  if (invitation.accepted_at || invitation.expires_at <= now) return false;
  return may_grant_by_invitation(inviter_role, invitation.role);
}

std::optional<std::string_view> invitation_dies_because(const std::optional<Role>& inviter_now,
                                                        Role invited) {
  if (may_grant_by_invitation(inviter_now, invited)) return std::nullopt;
  return inviter_now ? "inviter_lost_permission" : "inviter_left";
}

Status check_role_change(Role actor, Role from, Role to, int owners) {
  if (!may_assign_role(actor, from, to)) return not_allowed_for_owner_role();
  if (from == Role::kOwner && to != Role::kOwner && owners <= 1) return last_owner();
  return ok_status();
}

Status check_removal(Role actor, Role role, int owners) {
  if (!may_assign_role(actor, role, role)) return not_allowed_for_owner_role();
  if (role == Role::kOwner && owners <= 1) return last_owner();
  return ok_status();
}

Status check_invitation_role(Role actor, Role role) {
  if (!may_assign_role(actor, role, role)) return not_allowed_for_owner_role();
  return ok_status();
}

bool keeps_service_tokens(Role role) {
  return has_permission(role, Permission::kServiceTokensManage);
}

}  // namespace keyward
