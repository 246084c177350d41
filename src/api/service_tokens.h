#pragma once

#include "api/app_context.h"
#include "api/auth.h"
#include "http/message.h"
#include "tokens/tokens.h"

namespace keyward::api {

// Service tokens look like this (tokens/tokens.h).
using tokens::kServiceTokenPrefix;

// GET /teams/{team}/service-tokens
http::Response list_service_tokens(http::Request& request, AppContext& context,
                                   const TeamCaller& caller);

// GET /teams/{team}/service-tokens/{id}: one token (live, expired or revoked), never its secret.
// Where POST's Location points.
http::Response get_service_token(http::Request& request, AppContext& context,
                                 const TeamCaller& caller);

// POST /teams/{team}/service-tokens: {"name","types":[…],"expires_at"?} -> the token, once.
http::Response create_service_token(http::Request& request, AppContext& context,
                                    const TeamCaller& caller);

// DELETE /teams/{team}/service-tokens/{id}: revoked at once.
http::Response revoke_service_token(http::Request& request, AppContext& context,
                                    const TeamCaller& caller);

// GET /api/v1/resolve?type=T (or &id=): for an application holding a service token, the team's
// default key of that type (else the newest) with its plaintext. The hot path: one indexed read
// of the token and one of the key, the team key from memory, usage counted in memory.
http::Response resolve(http::Request& request, AppContext& context);

}  // namespace keyward::api
