#include "api/health.h"

#include "gateway/gateway.h"

#include <boost/json.hpp>

#include "http/responses.h"
#include "log/log.h"

namespace keyward::api {

http::Response healthz(http::Request& /*request*/) {
  return http::json_response(200, boost::json::object{{"status", "ok"}});
}

http::Response readyz(http::Request& request, AppContext& context) {
  auto ping = context.store.ping();
  if (!ping) {
    log::warn("not_ready", {{"request_id", request.request_id}, {"error", ping.error().internal}});
    return http::problem(Error::make(ErrorCode::kUnavailable, "The database is not reachable."));
  }
  return http::json_response(
      200, boost::json::object{{"status", "ready"}, {"database", context.store.engine()}});
}

http::Response openapi(http::Request& /*request*/) {
  http::Response response;
  response.content_type = "application/json";
  response.body = std::string(openapi_json());
  response.set_header("Cache-Control", "no-cache");
  return response;
}

http::Response metrics(http::Request& /*request*/, AppContext& context) {
  http::Response response;
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  response.body = context.metrics->render();
  if (context.gateway != nullptr) response.body += context.gateway->render_metrics();
  response.set_header("Cache-Control", "no-store");
  return response;
}

}  // namespace keyward::api
