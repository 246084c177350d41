#pragma once

#include "api/app_context.h"
#include "api/auth.h"
#include "http/message.h"

namespace keyward::api {

// GET /teams/{team}/api-keys/{id}/usage?from=YYYY-MM-DD&to=YYYY-MM-DD: the gateway's use of the
// key per UTC day (both ends included; the last 30 days by default, at most 366), every day
// listed, with sums per service token and over the range.
http::Response get_api_key_usage(http::Request& request, AppContext& context,
                                 const TeamCaller& caller);

// GET /teams/{team}/gateway-usage: each key's requests and errors through the gateway over the
// last 24 hours, for the key list.
http::Response list_recent_usage(http::Request& request, AppContext& context,
                                 const TeamCaller& caller);

}  // namespace keyward::api
