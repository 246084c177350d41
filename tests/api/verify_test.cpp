#include "api/verify.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <condition_variable>
#include <thread>

#include "api/verify_slots.h"
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
    // Holds every request until the test opens the gate, counting arrivals.
    router.add(http::Method::kGet, "/gated/v1/models",
               [this](http::Request&) {
                 std::unique_lock lock(mutex);
                 arrived += 1;
                 changed.notify_all();
                 changed.wait(lock, [this] { return open; });
                 return http::Response{};
               },
               {.executor = http::Executor::kBlocking});
    server = std::make_unique<TestServer>(std::move(router));
  }
  ~FakeProvider() { open_gate(); }
  void open_gate() {
    std::lock_guard lock(mutex);
    open = true;
    changed.notify_all();
  }
  bool wait_for_arrivals(int count) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, std::chrono::seconds(10), [&] { return arrived >= count; });
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server->port()); }
  std::mutex mutex;
  std::condition_variable changed;
  int arrived = 0;
  bool open = false;
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
    RawResponse response = h.request(
        "POST", "/api/v1/teams/" + team + "/api-keys", owner.credentials,
        boost::json::serialize(boost::json::object{
            {"type", type}, {"description", "Key " + std::to_string(++added)}, {"key", key}}));
    EXPECT_EQ(response.status, 201) << response.body;
    return std::string(boost::json::parse(response.body).at("id").as_string());
  }
  boost::json::object verify(const std::string& id) {
    RawResponse response = h.request(
        "POST", "/api/v1/teams/" + team + "/api-keys/" + id + "/verify", owner.credentials);
    EXPECT_EQ(response.status, 200) << response.body;
    return boost::json::parse(response.body).as_object();
  }
  int added = 0;  // descriptions name the key by number, never by its secret
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

TEST_F(Verify, AResultIsNotKeptOnAKeyReplacedDuringTheCheck) {
  h.context().provider_urls["openai"] = provider.url() + "/gated";
  h.context().verify_timeout = std::chrono::seconds(10);
  std::string id = add("openai", "sk-good-0000000001");
  RawResponse checked;
  std::thread checker([&] {
    checked = h.request("POST", "/api/v1/teams/" + team + "/api-keys/" + id + "/verify",
                        owner.credentials);
  });
  ASSERT_TRUE(provider.wait_for_arrivals(1));
  ASSERT_EQ(h.request("PATCH", "/api/v1/teams/" + team + "/api-keys/" + id, owner.credentials,
                      R"({"key":"sk-replaced-00000009"})")
                .status,
            200);
  provider.open_gate();
  checker.join();
  EXPECT_EQ(checked.status, 409) << checked.body;
  auto stored = boost::json::parse(
      h.request("GET", "/api/v1/teams/" + team + "/api-keys/" + id, owner.credentials).body);
  EXPECT_TRUE(stored.at("verify_status").is_null()) << "the old key's result landed on the new";
}

TEST_F(Verify, ChecksAreBoundedPerTeamAndNeverHoldUpAnotherTeamsWrites) {
  h.context().provider_urls["openai"] = provider.url() + "/gated";
  h.context().verify_timeout = std::chrono::seconds(10);
  // The test server has two blocking threads (the real one 32 for 8 checks): one check at a time
  // leaves the other thread to writes.
  VerifySlots slots(1, 1);
  h.context().verify_slots = &slots;
  std::string id = add("openai", "sk-good-0000000001");
  TestUser other = h.make_user("other@example.com");
  std::string other_team = h.make_team("Other", other.user.id);
  std::vector<std::thread> checkers;
  std::atomic<int> refused{0};
  std::atomic<int> with_retry_after{0};
  for (int i = 0; i < 40; ++i) {
    checkers.emplace_back([&] {
      RawResponse response = h.request(
          "POST", "/api/v1/teams/" + team + "/api-keys/" + id + "/verify", owner.credentials);
      if (response.status == 429) {
        ++refused;
        if (response.header("retry-after")) ++with_retry_after;
      }
    });
  }
  ASSERT_TRUE(provider.wait_for_arrivals(1));
  // The provider still holds its checks: the other team's writes go through meanwhile.
  for (int i = 0; i < 5; ++i) {
    RawResponse created =
        h.request("POST", "/api/v1/teams/" + other_team + "/api-keys", other.credentials,
                  boost::json::serialize(boost::json::object{
                      {"type", "openai"},
                      {"description", "Other " + std::to_string(i)},
                      {"key", "sk-other-team-" + std::to_string(i) + "-0000"}}));
    EXPECT_EQ(created.status, 201) << created.body;
  }
  {
    std::lock_guard lock(provider.mutex);
    EXPECT_EQ(provider.arrived, 1) << "more checks than the bound ran";
  }
  provider.open_gate();
  for (auto& checker : checkers) checker.join();
  EXPECT_EQ(refused.load(), 39);
  EXPECT_EQ(with_retry_after.load(), refused.load());
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

// Whatever a provider's name resolves to, a stored key never goes to a private, link-local
// (cloud metadata) or other internal address; loopback only when the operator configured it.
TEST_F(Verify, NeverSendsAKeyToAnInternalAddress) {
  int n = 0;
  for (const char* url : {"https://169.254.169.254", "https://10.0.0.1", "https://[fd00::1]"}) {
    h.context().provider_urls["openai"] = url;
    auto result = verify(add("openai", "sk-internal-00000000" + std::to_string(++n)));
    EXPECT_EQ(result.at("status"), "unreachable") << url;
    EXPECT_NE(std::string(result.at("detail").as_string()).find("not allowed"), std::string::npos)
        << url << ": " << result.at("detail");
  }
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
