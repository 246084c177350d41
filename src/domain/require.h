#pragma once

#include "domain/actor.h"
#include "domain/permissions.h"
#include "domain/result.h"

namespace keyward {

// ok when `actor` holds `permission` in its team (Actor::may); else kForbidden, worded for a member
// as the HTTP API's authorization words it ("Your role (viewer) does not allow api_keys:create."),
// and for anyone else (a service token, the system, a user outside the team) as members only.
// Services call it first, so the rule holds for every caller, not only for the HTTP routes.
Status require(const Actor& actor, Permission permission);

// ok when a member of `role` holds `permission`; else kForbidden, worded as require() words it for
// a member. For a caller whose role is known before any Actor is made (the HTTP API's authorize).
Status require_role(Role role, Permission permission);

}  // namespace keyward
