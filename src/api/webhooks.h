#pragma once

#include "api/app_context.h"
#include "api/auth.h"
#include "http/message.h"

// The webhook endpoints of a team (webhooks:manage): parse → webhooks/endpoints.h → render.
namespace keyward::api {

// GET /teams/{team}/webhooks: {"items":[endpoint…]}, oldest first.
http::Response list_webhooks(http::Request& request, AppContext& context, const TeamCaller& caller);
// POST /teams/{team}/webhooks {"url","event_types":[…],"description"} -> 201, the endpoint and
// its "secret" (whsec_…), shown only here.
http::Response create_webhook(http::Request& request, AppContext& context,
                              const TeamCaller& caller);
// GET /teams/{team}/webhooks/{id}
http::Response get_webhook(http::Request& request, AppContext& context, const TeamCaller& caller);
// PATCH /teams/{team}/webhooks/{id}: any of url, event_types, description, enabled.
http::Response update_webhook(http::Request& request, AppContext& context,
                              const TeamCaller& caller);
// DELETE /teams/{team}/webhooks/{id}
http::Response delete_webhook(http::Request& request, AppContext& context,
                              const TeamCaller& caller);
// POST /teams/{team}/webhooks/{id}/test -> 202, the queued delivery of a webhook.test event.
http::Response test_webhook(http::Request& request, AppContext& context, const TeamCaller& caller);
// GET /teams/{team}/webhooks/{id}/deliveries?page=&page_size= -> a page, newest first.
http::Response list_webhook_deliveries(http::Request& request, AppContext& context,
                                       const TeamCaller& caller);
// POST /teams/{team}/webhooks/{id}/deliveries/{delivery}/redeliver -> 202, the new delivery.
http::Response redeliver_webhook(http::Request& request, AppContext& context,
                                 const TeamCaller& caller);

}  // namespace keyward::api
