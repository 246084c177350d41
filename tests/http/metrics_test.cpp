#include "http/metrics.h"

#include <gtest/gtest.h>

namespace keyward::http {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

TEST(Metrics, CountsRequestsByRouteMethodAndStatus) {
  Metrics metrics;
  metrics.set_routes({{"GET", "/healthz"}, {"POST", "/api/v1/teams"}});
  metrics.observe(0, 200, microseconds(100));
  metrics.observe(0, 200, microseconds(100));
  metrics.observe(1, 422, milliseconds(3));
  metrics.observe(metrics.unmatched_index(), 404, microseconds(50));
  std::string text = metrics.render();
  EXPECT_NE(
      text.find(R"(keyward_http_requests_total{route="/healthz",method="GET",status="200"} 2)"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find(
          R"(keyward_http_requests_total{route="/api/v1/teams",method="POST",status="422"} 1)"),
      std::string::npos);
  EXPECT_NE(text.find(R"(keyward_http_requests_total{route="unmatched",method="",status="404"} 1)"),
            std::string::npos);
}

TEST(Metrics, KeepsACumulativeLatencyHistogram) {
  Metrics metrics;
  metrics.set_routes({{"GET", "/x"}});
  metrics.observe(0, 200, microseconds(300));        // <= 0.0005
  metrics.observe(0, 200, milliseconds(20));         // <= 0.025
  metrics.observe(0, 200, std::chrono::seconds(5));  // only +Inf
  std::string text = metrics.render();
  const std::string labels = R"(route="/x",method="GET")";
  EXPECT_NE(
      text.find("keyward_http_request_duration_seconds_bucket{" + labels + R"(,le="0.0005"} 1)"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find("keyward_http_request_duration_seconds_bucket{" + labels + R"(,le="0.025"} 2)"),
      std::string::npos);
  EXPECT_NE(text.find("keyward_http_request_duration_seconds_bucket{" + labels + R"(,le="2.5"} 2)"),
            std::string::npos);
  EXPECT_NE(
      text.find("keyward_http_request_duration_seconds_bucket{" + labels + R"(,le="+Inf"} 3)"),
      std::string::npos);
  EXPECT_NE(text.find("keyward_http_request_duration_seconds_count{" + labels + "} 3"),
            std::string::npos);
}

TEST(Metrics, ReportsOpenConnections) {
  Metrics metrics;
  metrics.connection_opened();
  metrics.connection_opened();
  metrics.connection_closed();
  EXPECT_NE(metrics.render().find("keyward_http_open_connections 1\n"), std::string::npos);
}

}  // namespace
}  // namespace keyward::http
