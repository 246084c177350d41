#include "domain/require.h"

#include <string>

namespace keyward {

Status require(const Actor& actor, Permission permission) {
  if (actor.may(permission)) return ok_status();
  std::string who = actor.kind == Actor::Kind::kUser && !actor.team_id.empty()
                        ? "Your role (" + std::string(role_name(actor.role)) + ")"
                        : "This caller's kind";
  return Error::make(ErrorCode::kForbidden,
                     who + " does not allow " + std::string(permission_name(permission)) + ".");
}

}  // namespace keyward
