#include "api/verify.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <thread>

#include "http/client.h"
#include "support/api_harness.h"

namespace keyward::api {
namespace {

using keyward::testing::ApiHarness;
using keyward::testing::RawResponse;
using keyward::testing::TestServer;
using keyward::testing::TestUser;

// A provider on loopback: accepts one key, rate-limits another, rejects the rest, and has a
// path that answers too slowly. It remembers the last Authorization header it saw.
struct FakeProvider {
  FakeProvider() {
    http::Router router;
    router.add(http::Method::kGet, "/v1/models", [this](http::Request& r) {
      std::string auth(r.header("authorization").value_or(""));
      {
        std::lock_guard lock(mutex);
        last_authorization = auth;
      }
      http::Response response;
      response.status = auth == "Bearer sk-good-0000000001"     ? 200
                        : auth == "Bearer sk-limited-000000002" ? 429
                                                                : 401;
      return response;
    });
    router.add(http::Method::kGet, "/slow/v1/models",
               [](http::Request&) {
                 std::this_thread::sleep_for(std::chrono::milliseconds(1500));
                 return http::Response{};
               },
               {.executor = http::Executor::kBlocking});
    server = std::make_unique<TestServer>(std::move(router));
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server->port()); }
  std::mutex mutex;
  std::string last_authorization;
  std::unique_ptr<TestServer> server;
};

class Verify : public ::testing::Test {
 protected:
  void SetUp() override {
    owner = h.make_user("owner@example.com");
    team = h.make_team("Acme", owner.user.id);
    h.context().provider_urls["openai"] = provider.url();
    h.context().verify_timeout = std::chrono::milliseconds(400);
  }
  std::string add(const std::string& type, const std::string& key) {
    RawResponse response =
        h.request("POST", "/api/v1/teams/" + team + "/api-keys", owner.credentials,
                  boost::json::serialize(
                      boost::json::object{{"type", type}, {"description", key}, {"key", key}}));
    EXPECT_EQ(response.status, 201) << response.body;
    return std::string(boost::json::parse(response.body).at("id").as_string());
  }
  boost::json::object verify(const std::string& id) {
    RawResponse response = h.request(
        "POST", "/api/v1/teams/" + team + "/api-keys/" + id + "/verify", owner.credentials);
    EXPECT_EQ(response.status, 200) << response.body;
    return boost::json::parse(response.body).as_object();
  }
  FakeProvider provider;
  ApiHarness h;
  TestUser owner;
  std::string team;
};

TEST_F(Verify, TellsValidInvalidAndLimitedApartAndKeepsTheResult) {
  std::string good = add("openai", "sk-good-0000000001");
  std::string limited = add("openai", "sk-limited-000000002");
  std::string bad = add("openai", "sk-revoked-00000003");
  auto result = verify(good);
  EXPECT_EQ(result.at("status"), "valid");
  EXPECT_FALSE(result.at("checked_at").as_string().empty());
  {
    std::lock_guard lock(provider.mutex);
    EXPECT_EQ(provider.last_authorization, "Bearer sk-good-0000000001");
  }
  EXPECT_EQ(verify(limited).at("status"), "limited");
  EXPECT_EQ(verify(bad).at("status"), "invalid");
  auto stored = boost::json::parse(
      h.request("GET", "/api/v1/teams/" + team + "/api-keys/" + good, owner.credentials).body);
  EXPECT_EQ(stored.at("verify_status"), "valid");
  EXPECT_FALSE(stored.at("verified_at").is_null());
  EXPECT_EQ(stored.at("version"), 1) << "a verification is not an edit";
  auto rows = h.audit_rows();
  EXPECT_EQ(rows.back().rfind("api_key.verified|", 0), 0u);
  EXPECT_EQ(rows.back().find("sk-revoked"), std::string::npos);
}

TEST_F(Verify, ASlowProviderOrNoneAtAllIsUnreachable) {
  h.context().provider_urls["openai"] = provider.url() + "/slow";
  EXPECT_EQ(verify(add("openai", "sk-good-0000000001")).at("status"), "unreachable");
  h.context().provider_urls["openai"] = "http://127.0.0.1:1";  // nothing listens there
  auto result = verify(add("openai", "sk-other-key-000004"));
  EXPECT_EQ(result.at("status"), "unreachable");
  EXPECT_EQ(std::string(result.at("detail").as_string()).find("sk-"), std::string::npos);
}

TEST_F(Verify, TypesWithoutAFreeCheckAreUnsupported) {
  EXPECT_EQ(verify(add("exa", "exa-key-000000000005")).at("status"), "unsupported");
}

TEST_F(Verify, TheRequestCannotChooseWhereTheKeyGoes) {
  std::string id = add("openai", "sk-good-0000000001");
  RawResponse response = h.request(
      "POST", "/api/v1/teams/" + team + "/api-keys/" + id + "/verify?url=http://127.0.0.1:9",
      owner.credentials, R"({"url":"http://127.0.0.1:9","base_url":"http://127.0.0.1:9"})");
  EXPECT_EQ(boost::json::parse(response.body).at("status"), "valid");
}

TEST(ProviderClient, RefusesPlainHttpBeyondLoopback) {
  auto answer =
      http::send_request({"GET", "http://example.com/v1/models", {}, std::chrono::seconds(1)});
  ASSERT_FALSE(answer.ok());
  EXPECT_NE(answer.error().detail.find("only https"), std::string::npos);
}

TEST(ProviderStatus, ClassifiesAnswers) {
  EXPECT_EQ(classify_provider_status(200), "valid");
  EXPECT_EQ(classify_provider_status(401), "invalid");
  EXPECT_EQ(classify_provider_status(403), "invalid");
  EXPECT_EQ(classify_provider_status(429), "limited");
  EXPECT_EQ(classify_provider_status(402), "limited");
  EXPECT_EQ(classify_provider_status(503), "unreachable");
}

}  // namespace
}  // namespace keyward::api
