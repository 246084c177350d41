#pragma once

#include "api/app_context.h"
#include "api/auth.h"
#include "http/message.h"

namespace keyward::api {

// A signed-in user's personal access tokens (tokens/personal_tokens.h). Only a session reaches
// these routes: a token cannot list, make or revoke tokens.

// GET /me/tokens: {"items": [...]}, newest first, revoked and expired ones included.
http::Response list_personal_tokens(http::Request& request, AppContext& context,
                                    const Caller& caller);

// POST /me/tokens: {"name","expires_at","grants":[{"team_id","permissions":[…]}]} -> the token,
// once.
http::Response create_personal_token(http::Request& request, AppContext& context,
                                     const Caller& caller);

// DELETE /me/tokens/{id}: revoked at once.
http::Response revoke_personal_token(http::Request& request, AppContext& context,
                                     const Caller& caller);

}  // namespace keyward::api
