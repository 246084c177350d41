#pragma once

#include "api/app_context.h"
#include "http/message.h"

namespace keyward::api {

// GET /healthz: the process is up and serving. No I/O.
http::Response healthz(http::Request& request);

// GET /readyz: the database answers; 503 otherwise, so a load balancer stops sending traffic.
http::Response readyz(http::Request& request, AppContext& context);

// GET /api/openapi.json: the OpenAPI 3.1 document of /api/v1 (src/api/openapi.json).
http::Response openapi(http::Request& request);
std::string_view openapi_json();

// GET /metrics: Prometheus text exposition.
http::Response metrics(http::Request& request, AppContext& context);

}  // namespace keyward::api
