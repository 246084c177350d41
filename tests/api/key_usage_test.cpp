#include "api/key_usage.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "domain/clock.h"
#include "support/api_harness.h"

namespace keyward::api {
namespace {

using keyward::testing::ApiHarness;
using keyward::testing::json;
using keyward::testing::key_body;
using keyward::testing::RawResponse;
using keyward::testing::TestUser;

// The gateway's usage as the recorder writes it, read back by day and for the key list.
class KeyUsage : public ::testing::Test {
 protected:
  void SetUp() override {
    owner = h.make_user("owner@example.com");
    team = h.make_team("Acme", owner.user.id);
    RawResponse created = h.request("POST", "/api/v1/teams/" + team + "/api-keys",
                                    owner.credentials, key_body("openai", "Main", "sk-usage-0001"));
    ASSERT_EQ(created.status, 201) << created.body;
    key = std::string(json(created).at("id").as_string());
  }
  // One gateway attempt with `key` by `token` that got `status` (0: none).
  void use(const std::string& token, int status, std::int64_t input = 0, std::int64_t output = 0) {
    GatewayUsage one;
    one.api_key_id = key;
    one.token_id = token;
    one.team_id = team;
    one.requests = 1;
    (status / 100 == 2   ? one.status_2xx
     : status / 100 == 4 ? one.status_4xx
     : status / 100 == 5 ? one.status_5xx
                         : one.failed) = 1;
    one.bytes_in = 100;
    one.bytes_out = 1000;
    one.latency_us = status == 0 ? 0 : 2000;  // no answer head, no time to it
    one.input_tokens = input;
    one.output_tokens = output;
    h.usage().record_gateway(one, "127.0.0.1", false);
  }
  RawResponse usage(const std::string& query = "") {
    return h.request("GET", "/api/v1/teams/" + team + "/api-keys/" + key + "/usage" + query,
                     owner.credentials);
  }
  ApiHarness h;
  TestUser owner;
  std::string team;
  std::string key;
};

TEST_F(KeyUsage, SumsEachDayAndEachTokenAcrossFlushes) {
  use("token-a", 200, 10, 5);
  use("token-a", 429);
  ASSERT_TRUE(h.usage().flush());
  use("token-a", 200, 7, 3);  // the same hour again: added to the stored row
  use("token-b", 0);
  ASSERT_TRUE(h.usage().flush());
  h.clock().advance(std::chrono::hours(24));
  owner.credentials = h.make_session(owner.user.id);  // the old session timed out meanwhile
  use("token-b", 500);
  ASSERT_TRUE(h.usage().flush());

  RawResponse answer = usage();
  ASSERT_EQ(answer.status, 200) << answer.body;
  auto body = json(answer);
  const auto& days = body.at("days").as_array();
  ASSERT_EQ(days.size(), 30U);  // the last 30 days by default, every day listed
  const auto& yesterday = days[28].as_object();
  const auto& today = days[29].as_object();
  EXPECT_EQ(today.at("date").as_string(), body.at("to").as_string());
  EXPECT_EQ(yesterday.at("requests").as_int64(), 4);
  EXPECT_EQ(yesterday.at("status_2xx").as_int64(), 2);
  EXPECT_EQ(yesterday.at("status_4xx").as_int64(), 1);
  EXPECT_EQ(yesterday.at("failed").as_int64(), 1);
  EXPECT_EQ(yesterday.at("errors").as_int64(), 2);
  EXPECT_EQ(yesterday.at("input_tokens").as_int64(), 17);
  EXPECT_EQ(yesterday.at("output_tokens").as_int64(), 8);
  EXPECT_EQ(yesterday.at("bytes_out").as_int64(), 4000);
  EXPECT_DOUBLE_EQ(yesterday.at("latency_ms_avg").as_double(), 2.0);  // over answered attempts
  EXPECT_EQ(today.at("requests").as_int64(), 1);
  EXPECT_EQ(today.at("status_5xx").as_int64(), 1);
  EXPECT_EQ(days[0].as_object().at("requests").as_int64(), 0);
  EXPECT_EQ(body.at("total").as_object().at("requests").as_int64(), 5);
  const auto& tokens = body.at("service_tokens").as_array();
  ASSERT_EQ(tokens.size(), 2U);
  EXPECT_EQ(tokens[0].as_object().at("service_token_id").as_string(), "token-a");
  EXPECT_EQ(tokens[0].as_object().at("requests").as_int64(), 3);
  EXPECT_EQ(tokens[1].as_object().at("requests").as_int64(), 2);
}

TEST_F(KeyUsage, TheKeyListGetsTheLast24Hours) {
  use("token-a", 200);
  ASSERT_TRUE(h.usage().flush());
  h.clock().advance(std::chrono::hours(25));  // that hour is now out of the window
  owner.credentials = h.make_session(owner.user.id);
  use("token-a", 200);
  use("token-a", 401);
  ASSERT_TRUE(h.usage().flush());
  RawResponse answer =
      h.request("GET", "/api/v1/teams/" + team + "/gateway-usage", owner.credentials);
  ASSERT_EQ(answer.status, 200) << answer.body;
  auto body = json(answer);
  const auto& items = body.at("items").as_array();
  ASSERT_EQ(items.size(), 1U);
  EXPECT_EQ(items[0].as_object().at("api_key_id").as_string(), key);
  EXPECT_EQ(items[0].as_object().at("requests").as_int64(), 2);
  EXPECT_EQ(items[0].as_object().at("errors").as_int64(), 1);
}

TEST_F(KeyUsage, TakesARangeOfDaysAndRefusesABadOne) {
  use("token-a", 200);
  ASSERT_TRUE(h.usage().flush());
  std::string today = format_rfc3339(h.clock().now_ms()).substr(0, 10);
  RawResponse one = usage("?from=" + today + "&to=" + today);
  ASSERT_EQ(one.status, 200) << one.body;
  auto body = json(one);
  ASSERT_EQ(body.at("days").as_array().size(), 1U);
  EXPECT_EQ(body.at("days").as_array()[0].as_object().at("requests").as_int64(), 1);

  EXPECT_EQ(usage("?from=yesterday").status, 422);
  EXPECT_EQ(usage("?from=2026-13-01").status, 422);
  EXPECT_EQ(usage("?from=2026-12-05&to=2026-12-01").status, 422);
  EXPECT_EQ(usage("?from=2024-01-01&to=2026-01-01").status, 422);  // over 366 days
}

TEST_F(KeyUsage, AnotherTeamsKeyIsNotFoundAndADeletedKeysCountsGoWithIt) {
  TestUser other = h.make_user("other@example.com");
  std::string other_team = h.make_team("Other", other.user.id);
  RawResponse foreign = h.request(
      "GET", "/api/v1/teams/" + other_team + "/api-keys/" + key + "/usage", other.credentials);
  EXPECT_EQ(foreign.status, 404);

  use("token-a", 200);
  RawResponse deleted =
      h.request("DELETE", "/api/v1/teams/" + team + "/api-keys/" + key, owner.credentials);
  ASSERT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_TRUE(h.usage().flush());  // counted before the delete: no error, nothing kept
  EXPECT_EQ(usage().status, 404);
}

}  // namespace
}  // namespace keyward::api
