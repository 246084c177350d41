#pragma once

#include "api/app_context.h"
#include "api/auth.h"
#include "http/message.h"

namespace keyward::api {

// POST /api/v1/teams: creates a team; the caller becomes its owner.
http::Response create_team(http::Request& request, AppContext& context, const Caller& caller);

}  // namespace keyward::api
