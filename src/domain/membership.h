#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "domain/identity.h"
#include "domain/permissions.h"
#include "domain/result.h"

namespace keyward {

// The rules of who may change a team's membership, as pure decisions: the identity services read
// the rows and ask these. A team always keeps at least one owner, and only an owner gives or takes
// the owner role (DESIGN.md's role matrix).

// Whether someone holding `granter` (nullopt: no longer a member) may grant the role `invited`
// by invitation: they hold members:manage and may assign that role. An invitation is only ever as
// good as its inviter's right to grant it.
bool may_grant_by_invitation(const std::optional<Role>& granter, Role invited);

// Whether `invitation` may still be accepted at `now`, its inviter now holding `inviter_role`
// (nullopt: the inviter left the team): not accepted yet, not expired, and still grantable.
bool invitation_acceptable(const Invitation& invitation, const std::optional<Role>& inviter_role,
                           std::int64_t now);

// Why a pending invitation by a member whose role became `inviter_now` (nullopt: they left)
// dies: "inviter_left", "inviter_lost_permission", or nullopt while they may still grant it.
std::optional<std::string_view> invitation_dies_because(const std::optional<Role>& inviter_now,
                                                        Role invited);

// Whether a member of role `actor` may change a member's role from `from` to `to` when the team
// has `owners` owners: kForbidden when the owner role is given or taken by a non-owner, kConflict
// when the last owner would stop being one.
Status check_role_change(Role actor, Role from, Role to, int owners);

// Whether a member of role `actor` may remove a member holding `role` when the team has `owners`
// owners: kForbidden for an owner removed by a non-owner, kConflict for the last owner.
Status check_removal(Role actor, Role role, int owners);

// Whether a member of role `actor` may invite someone as `role` (or revoke such an invitation):
// kForbidden when `role` is owner and `actor` is not.
Status check_invitation_role(Role actor, Role role);

// Whether a member of `role` keeps the service tokens they created: only while the role holds
// service_tokens:manage.
bool keeps_service_tokens(Role role);

}  // namespace keyward
