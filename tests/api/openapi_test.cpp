// The OpenAPI document and the router describe the same API: no route missing from either.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <set>

#include "api/health.h"
#include "api/routes.h"
#include "support/api_harness.h"

namespace keyward::api {
namespace {

using keyward::testing::ApiHarness;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

TEST(OpenApi, DescribesExactlyTheRoutesOfApiV1) {
  ApiHarness h;
  http::Router router;
  register_routes(router, h.context());
  std::set<std::string> served;
  for (const auto& route : router.routes()) {
    if (route.pattern.rfind("/api/v1/", 0) != 0) continue;
    served.insert(lower(http::method_name(route.method)) + " " + route.pattern.substr(7));
  }
  std::set<std::string> documented;
  auto doc = boost::json::parse(openapi_json()).as_object();
  EXPECT_EQ(doc.at("openapi"), "3.1.0");
  for (const auto& [path, operations] : doc.at("paths").as_object()) {
    for (const auto& [method, operation] : operations.as_object()) {
      documented.insert(std::string(method) + " " + std::string(path));
      EXPECT_TRUE(operation.as_object().contains("responses")) << method << " " << path;
    }
  }
  for (const auto& route : served)
    EXPECT_TRUE(documented.count(route)) << route << " is not documented";
  for (const auto& route : documented)
    EXPECT_TRUE(served.count(route)) << route << " is not served";
}

TEST(OpenApi, IsServedByTheServer) {
  ApiHarness h;
  auto response = h.request("GET", "/api/openapi.json");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("content-type"), "application/json");
  EXPECT_EQ(response.body, std::string(openapi_json()));
}

}  // namespace
}  // namespace keyward::api
