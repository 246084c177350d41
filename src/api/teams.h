#pragma once

#include "api/app_context.h"
#include "api/auth.h"
#include "http/message.h"

namespace keyward::api {

// POST /api/v1/teams: creates a team; the caller becomes its owner.
http::Response create_team(http::Request& request, AppContext& context, const Caller& caller);

// GET /api/v1/teams/{team}: the team with the caller's role and permissions (any member; 404 for
// anyone else). Where POST /teams's Location points.
http::Response get_team(http::Request& request, AppContext& context, const TeamCaller& caller);

// PATCH /api/v1/teams/{team}: {"secret_versions_kept": 1-100} (team:manage) -> the team. Lowering
// it deletes the older versions' secrets at once.
http::Response update_team(http::Request& request, AppContext& context, const TeamCaller& caller);

}  // namespace keyward::api
