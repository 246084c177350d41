#include "api/routes.h"

#include "api/health.h"

namespace keyward::api {

void register_routes(http::Router& router, AppContext& context) {
  using http::Method;
  router.add(Method::kGet, "/healthz", healthz);
  router.add(Method::kGet, "/readyz", [&context](http::Request& r) { return readyz(r, context); },
             {.offload = true});
  router.add(Method::kGet, "/metrics",
             [&context](http::Request& r) { return metrics(r, context); });
}

}  // namespace keyward::api
