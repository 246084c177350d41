#include "domain/require.h"

#include <string>

namespace keyward {

Status require(const Actor& actor, Permission permission) {
  if (actor.may(permission)) return ok_status();
  std::string name(permission_name(permission));
  if (actor.kind == Actor::Kind::kUser && !actor.team_id.empty()) {
    return Error::make(ErrorCode::kForbidden, "Your role (" + std::string(role_name(actor.role)) +
                                                  ") does not allow " + name + ".");
  }
  return Error::make(ErrorCode::kForbidden,
                     "Only a member of the team may do this (" + name + ").");
}

}  // namespace keyward
