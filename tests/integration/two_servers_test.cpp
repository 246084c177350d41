// Two real `keyward serve` processes on one PostgreSQL database behave as one service: sessions,
// login throttling, live events and the service-token cache all cross from one to the other.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>

#include <chrono>
#include <regex>
#include <thread>

#include "support/process.h"
#include "support/raw_client.h"
#include "support/test_database.h"

namespace keyward {
namespace {

using keyward::testing::http_request;
using keyward::testing::Process;
using keyward::testing::RawClient;
using keyward::testing::RawResponse;
using keyward::testing::TestDatabase;
using std::chrono::seconds;

constexpr const char* kMasterKey = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
constexpr const char* kSetupToken = "two-servers-setup-token-0123456789-abcdefg";
constexpr const char* kPassword = "a long enough password";

// One server process on the shared database.
struct Server {
  Server(const TestDatabase& db, const std::string& name)
      : process({KEYWARD_BINARY, "serve"}, db.dir().path().string(),
                {{"KEYWARD_LISTEN", "127.0.0.1:0"},
                 {"KEYWARD_DATABASE_URL", db.url()},
                 {"KEYWARD_MASTER_KEY", kMasterKey},
                 {"KEYWARD_SETUP_TOKEN", kSetupToken},
                 {"KEYWARD_WEB_DIR", (db.dir().path() / ("no-ui-" + name)).string()}}) {
    auto listening = process.wait_for_line("listening", seconds(30));
    if (!listening) throw std::runtime_error(name + " did not start:\n" + process.output());
    std::smatch match;
    if (std::regex_search(*listening, match, std::regex(R"(127\.0\.0\.1:(\d+))"))) {
      port = static_cast<std::uint16_t>(std::stoi(match[1]));
    }
  }
  ~Server() {
    process.signal(SIGTERM);
    (void)process.wait(seconds(15));
  }

  RawResponse request(const std::string& method, const std::string& target,
                      const std::string& body = {}, const std::string& session = {},
                      const std::string& csrf = {}, const std::string& bearer = {}) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
    if (!session.empty()) headers.emplace_back("Cookie", "keyward_session=" + session);
    if (!csrf.empty()) headers.emplace_back("X-CSRF-Token", csrf);
    if (!bearer.empty()) headers.emplace_back("Authorization", "Bearer " + bearer);
    auto response = http_request(port, method, target, body, headers);
    if (!response) throw std::runtime_error("no answer from the server");
    return *response;
  }

  Process process;
  std::uint16_t port = 0;
};

std::string session_token(const RawResponse& response) {
  std::string cookie = response.header("set-cookie").value_or("");
  auto start = cookie.find('=') + 1;
  return cookie.substr(start, cookie.find(';') - start);
}

boost::json::object json(const RawResponse& response) {
  return boost::json::parse(response.body).as_object();
}

std::string read_until(RawClient& client, const std::string& needle) {
  std::string seen;
  auto deadline = std::chrono::steady_clock::now() + seconds(5);
  while (seen.find(needle) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    auto chunk = client.read_some(std::chrono::milliseconds(200));
    if (!chunk) break;
    seen += *chunk;
  }
  return seen;
}

TEST(TwoServers, BehaveAsOneServiceOnOnePostgresDatabase) {
  if (!TestDatabase::postgres()) GTEST_SKIP() << "several servers share a PostgreSQL database";
  TestDatabase db;
  Server a(db, "a");
  Server b(db, "b");

  // First-run setup on A; the session it starts works on B.
  RawResponse setup =
      a.request("POST", "/api/v1/setup",
                boost::json::serialize(boost::json::object{{"token", kSetupToken},
                                                           {"email", "founder@example.com"},
                                                           {"password", kPassword},
                                                           {"name", "Founder"},
                                                           {"team_name", "Acme"}}));
  ASSERT_EQ(setup.status, 201) << setup.body;
  std::string session = session_token(setup);
  std::string csrf(json(setup).at("csrf_token").as_string());
  std::string team(json(setup).at("team").at("id").as_string());
  EXPECT_EQ(b.request("GET", "/api/v1/setup").body, R"({"needed":false})");
  RawResponse me = b.request("GET", "/api/v1/me", {}, session);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(json(me).at("user").at("email"), "founder@example.com");

  // A change made on A reaches a browser streaming from B.
  RawClient stream("127.0.0.1", b.port);
  stream.send("GET /api/v1/teams/" + team +
              "/events HTTP/1.1\r\nHost: x\r\nCookie: keyward_session=" + session + "\r\n\r\n");
  ASSERT_NE(read_until(stream, "retry: 1000").find("text/event-stream"), std::string::npos);
  RawResponse created =
      a.request("POST", "/api/v1/teams/" + team + "/api-keys",
                R"({"type":"openai","description":"Shared","key":"sk-two-servers-0123456789"})",
                session, csrf);
  ASSERT_EQ(created.status, 201) << created.body;
  std::string key_id(json(created).at("id").as_string());
  std::string seen = read_until(stream, key_id);
  EXPECT_NE(seen.find("event: api_key.created"), std::string::npos) << seen;
  EXPECT_NE(seen.find(key_id), std::string::npos) << seen;

  // A service token made on A resolves on B (which now caches it); revoked on A, B refuses it.
  RawResponse token = a.request("POST", "/api/v1/teams/" + team + "/service-tokens",
                                R"({"name":"worker","types":["openai"]})", session, csrf);
  ASSERT_EQ(token.status, 201) << token.body;
  std::string service_token(json(token).at("token").as_string());
  std::string token_id(json(token).at("id").as_string());
  RawResponse resolved = b.request("GET", "/api/v1/resolve?type=openai", {}, {}, {}, service_token);
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  EXPECT_EQ(json(resolved).at("key"), "sk-two-servers-0123456789");
  ASSERT_EQ(b.request("GET", "/api/v1/resolve?type=openai", {}, {}, {}, service_token).status, 200);
  ASSERT_EQ(a.request("DELETE", "/api/v1/teams/" + team + "/service-tokens/" + token_id, {},
                      session, csrf)
                .status,
            204);
  // The notice crosses in milliseconds; allow a second on a loaded machine, then insist.
  int status = 0;
  for (int i = 0; i < 50; ++i) {
    status = b.request("GET", "/api/v1/resolve?type=openai", {}, {}, {}, service_token).status;
    if (status == 401) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(status, 401) << "B still accepts a token revoked on A";

  // Failed logins count across servers: five on A lock the account on B too.
  std::string wrong = R"({"email":"founder@example.com","password":"not the password"})";
  for (int i = 0; i < 5; ++i) EXPECT_EQ(a.request("POST", "/api/v1/session", wrong).status, 401);
  RawResponse locked =
      b.request("POST", "/api/v1/session",
                R"({"email":"founder@example.com","password":")" + std::string(kPassword) + "\"}");
  EXPECT_EQ(locked.status, 429) << locked.body;

  // Signing out on B ends the session on A.
  EXPECT_EQ(b.request("DELETE", "/api/v1/session", {}, session, csrf).status, 204);
  EXPECT_EQ(a.request("GET", "/api/v1/me", {}, session).status, 401);
}

}  // namespace
}  // namespace keyward
