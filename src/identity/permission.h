#pragma once

#include <string>

#include "domain/actor.h"
#include "domain/result.h"

namespace keyward::identity {

// kForbidden unless `actor` holds `permission` in its team: the services' own check, behind the
// route's (so a caller other than the HTTP API gets the same answer).
inline Status require(const Actor& actor, Permission permission) {
  if (actor.may(permission)) return ok_status();
  return Error::make(ErrorCode::kForbidden,
                     "Your role does not allow " + std::string(permission_name(permission)) + ".");
}

}  // namespace keyward::identity
