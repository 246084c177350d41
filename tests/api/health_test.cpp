#include "api/health.h"

#include <gtest/gtest.h>

#include <thread>

#include "api/routes.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/write_groups.h"
#include "support/raw_client.h"
#include "support/result_matchers.h"
#include "support/test_server.h"

namespace keyward::api {
namespace {

using keyward::testing::http_request;
using keyward::testing::TempDir;
using keyward::testing::TestServer;

// A store whose database has gone away: the seam for testing /readyz without breaking a disk.
class UnreachableStore final : public storage::Store {
 public:
  Status ping() override {
    return Error::make(ErrorCode::kUnavailable, "", "connection refused (injected)");
  }
  Result<storage::MigrationReport> migrate() override { return storage::MigrationReport{}; }
  Result<int> schema_version() override { return 0; }
  std::string engine() const override { return "unreachable"; }
  Status write(const std::function<Status(storage::WriteTx&)>&) override { return ping(); }
  const storage::WriteGroups& write_groups() const override { return groups_; }
  Status read(const std::function<Status(storage::ReadTx&)>&) override { return ping(); }
  Status listen(storage::ChangeHandler) override { return ping(); }
  void stop_listening() override {}

 private:
  storage::WriteGroups groups_;
};

struct Harness {
  explicit Harness(storage::Store& store)
      : metrics(std::make_shared<http::Metrics>()), context{store, metrics, clock, {}} {
    http::Router router;
    register_routes(router, context);
    server = std::make_unique<TestServer>(std::move(router), http::Limits{}, metrics);
  }
  std::shared_ptr<http::Metrics> metrics;
  SystemClock clock;
  AppContext context;
  std::unique_ptr<TestServer> server;
};

TEST(Health, HealthzAnswersOk) {
  UnreachableStore store;
  Harness h(store);
  auto response = http_request(h.server->port(), "GET", "/healthz");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, R"({"status":"ok"})");
}

TEST(Health, ReadyzAnswersOkWhenTheDatabaseAnswers) {
  TempDir dir;
  auto store = storage::sqlite::SqliteStore::open((dir.path() / "k.db").string(), {});
  ASSERT_THAT(store, IsOk());
  Harness h(**store);
  auto response = http_request(h.server->port(), "GET", "/readyz");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_NE(response->body.find("sqlite"), std::string::npos);
}

TEST(Health, ReadyzAnswers503WhenTheDatabaseIsUnreachable) {
  UnreachableStore store;
  Harness h(store);
  auto response = http_request(h.server->port(), "GET", "/readyz");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(response->header("content-type"), "application/problem+json");
  EXPECT_EQ(response->body.find("injected"), std::string::npos) << "internal detail leaked";
}

TEST(Health, MetricsCountRequestsByRouteAndStatus) {
  UnreachableStore store;
  Harness h(store);
  http_request(h.server->port(), "GET", "/healthz");
  http_request(h.server->port(), "GET", "/healthz");
  http_request(h.server->port(), "GET", "/nowhere");
  auto response = http_request(h.server->port(), "GET", "/metrics");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_NE(response->header("content-type")->find("text/plain"), std::string::npos);
  const std::string& text = response->body;
  EXPECT_NE(
      text.find(R"(keyward_http_requests_total{route="/healthz",method="GET",status="200"} 2)"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(route="unmatched",method="",status="404"} 1)"), std::string::npos);
  EXPECT_NE(text.find("keyward_http_request_duration_seconds_bucket{route=\"/healthz\""),
            std::string::npos);
  // Earlier connections close asynchronously; soon only the /metrics request's own is open.
  bool only_one_open = false;
  for (int i = 0; i < 100 && !only_one_open; ++i) {
    auto again = http_request(h.server->port(), "GET", "/metrics");
    only_one_open =
        again && again->body.find("keyward_http_open_connections 1\n") != std::string::npos;
    if (!only_one_open) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(only_one_open) << text;
}

}  // namespace
}  // namespace keyward::api
