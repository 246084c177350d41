// What a client sees when the database drops the server's connections: a 503 problem or a normal
// answer, never a crash or a 500, and service resumes on its own.
#include <gtest/gtest.h>

#include "support/api_harness.h"

namespace keyward::api {
namespace {

using keyward::testing::ApiHarness;
using keyward::testing::RawResponse;

TEST(DatabaseFailure, ConnectionsCutByTheServerAnswer503ThenRecover) {
  if (!testing::TestDatabase::postgres()) GTEST_SKIP() << "SQLite has no server connection to lose";
  ApiHarness h;
  auto owner = h.make_user("owner@example.com");
  std::string team = h.make_team("Acme", owner.user.id);
  std::string path = "/api/v1/teams/" + team + "/api-keys";
  ASSERT_EQ(h.request("GET", path, owner.credentials).status, 200);

  for (int round = 0; round < 3; ++round) {
    h.database().query(
        "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE pid <> "
        "pg_backend_pid() AND application_name = '" +
        h.database().application_name() + "'");
    for (int i = 0; i < 6; ++i) {
      RawResponse read = h.request("GET", path, owner.credentials);
      RawResponse write = h.request(
          "POST", path, owner.credentials,
          testing::key_body("openai", "Key",
                            "sk-failure-" + std::to_string(round * 10 + i) + "-0123456789"));
      for (const RawResponse* response : {&read, &write}) {
        EXPECT_TRUE(response->status < 500 || response->status == 503) << response->body;
        if (response->status == 503) {
          EXPECT_EQ(response->header("content-type"), "application/problem+json");
          EXPECT_NE(response->body.find("try again"), std::string::npos) << response->body;
        }
      }
    }
    EXPECT_EQ(h.request("GET", "/readyz").status, 200);
    EXPECT_EQ(h.request("GET", path, owner.credentials).status, 200);
  }
}

}  // namespace
}  // namespace keyward::api
