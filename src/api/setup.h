#pragma once

#include <optional>
#include <string>

#include "api/app_context.h"
#include "http/message.h"

namespace keyward::api {

// At start: when no user exists yet, stores the hash of a one-time setup token (`preset`, from
// KEYWARD_SETUP_TOKEN, or a fresh random one) and returns the token to print. Once a user
// exists, removes any leftover token and returns nothing.
Result<std::optional<std::string>> prepare_setup(AppContext& context, const std::string& preset);

// GET /api/v1/setup: {"needed": bool}.
http::Response setup_status(http::Request& request, AppContext& context);

// POST /api/v1/setup: creates the first owner and team and signs them in. Works once.
http::Response complete_setup(http::Request& request, AppContext& context);

}  // namespace keyward::api
