#include "domain/require.h"

#include <string>

namespace keyward {

Status require(const Actor& actor, Permission permission) {
  if (actor.may(permission)) return ok_status();
  if (actor.kind == Actor::Kind::kUser && !actor.team_id.empty()) {
    KW_TRY_STATUS(require_role(actor.role, permission));
    return Error::make(ErrorCode::kForbidden, "This personal access token does not grant " +
                                                  std::string(permission_name(permission)) +
                                                  " in this team.");
  }
  return Error::make(ErrorCode::kForbidden, "Only a member of the team may do this (" +
                                                std::string(permission_name(permission)) + ").");
}

Status require_role(Role role, Permission permission) {
  if (has_permission(role, permission)) return ok_status();
  return Error::make(ErrorCode::kForbidden, "Your role (" + std::string(role_name(role)) +
                                                ") does not allow " +
                                                std::string(permission_name(permission)) + ".");
}

}  // namespace keyward
