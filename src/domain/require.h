#pragma once

#include "domain/actor.h"
#include "domain/permissions.h"
#include "domain/result.h"

namespace keyward {

// ok when `actor` holds `permission` in its team (Actor::may); else kForbidden, worded as the
// HTTP API's authorization words it ("Your role (viewer) does not allow api_keys:create.").
// Services call it first, so the rule holds for every caller, not only for the HTTP routes.
Status require(const Actor& actor, Permission permission);

}  // namespace keyward
