#pragma once

#include "api/app_context.h"
#include "api/auth.h"
#include "http/message.h"

namespace keyward::api {

// POST /api/v1/session: email and password in, session cookie out. Throttled per account and per
// client address; an unknown email and a wrong password look and take the same.
http::Response login(http::Request& request, AppContext& context);

// DELETE /api/v1/session: ends the caller's session and clears the cookie.
http::Response logout(http::Request& request, AppContext& context, const Caller& caller);

// GET /api/v1/me: the user, their teams with role and permissions, and the CSRF token.
http::Response me(http::Request& request, AppContext& context, const Caller& caller);

}  // namespace keyward::api
