// A property test of team isolation: thousands of requests by a member of team A to every route,
// with team and resource ids drawn from team B's real ids, random and sequential guesses, and A's
// ids swapped into B's places. None may succeed on B, none may answer 5xx, no answer may carry
// anything of B's, and B's data must be exactly as it was afterwards.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <random>
#include <regex>

#include "api/routes.h"
#include "http/router.h"
#include "support/api_harness.h"

namespace keyward::api {
namespace {

using keyward::testing::ApiHarness;
using keyward::testing::Credentials;
using keyward::testing::RawResponse;

constexpr int kCases = 3000;

class TenantIsolation : public ::testing::Test {
 protected:
  void SetUp() override {
    alice = h.make_user("alice@alpha.example");
    bob = h.make_user("bob@beta.example", "Bob Beta-Person");
    team_a = h.make_team("Alpha", alice.user.id);
    team_b = h.make_team("Beta Secret Team", bob.user.id);
    for (int i = 0; i < 5; ++i) {
      a_keys.push_back(create_key(team_a, alice.credentials, "alpha-desc-" + std::to_string(i),
                                  "sk-alpha-" + std::to_string(i) + "-0123456789"));
      std::string plaintext = "sk-betasecret-" + std::to_string(i) + "-0123456789";
      std::string description = "beta-desc-" + std::to_string(i);
      b_keys.push_back(create_key(team_b, bob.credentials, description, plaintext));
      b_markers.push_back(plaintext);
      b_markers.push_back(description);
    }
    b_markers.insert(b_markers.end(), {"Beta Secret Team", "bob@beta.example", "Bob Beta-Person"});
    auto token = h.request("POST", "/api/v1/teams/" + team_b + "/service-tokens", bob.credentials,
                           R"({"name":"beta-worker","types":["openai"]})");
    ASSERT_EQ(token.status, 201);
    b_tokens.push_back(std::string(testing::json(token).at("id").as_string()));
    b_markers.push_back("beta-worker");
    b_markers.push_back(std::string(testing::json(token).at("token").as_string()));
    auto invitation = h.request("POST", "/api/v1/teams/" + team_b + "/invitations", bob.credentials,
                                R"({"email":"carol@beta.example","role":"admin"})");
    ASSERT_EQ(invitation.status, 201) << invitation.body;
    b_markers.push_back("carol@beta.example");
    auto a_token = h.request("POST", "/api/v1/teams/" + team_a + "/service-tokens",
                             alice.credentials, R"({"name":"alpha-worker","types":["openai"]})");
    ASSERT_EQ(a_token.status, 201);
    alpha_service_token = std::string(testing::json(a_token).at("token").as_string());
  }

  std::string create_key(const std::string& team, const Credentials& who,
                         const std::string& description, const std::string& key) {
    auto created = h.request("POST", "/api/v1/teams/" + team + "/api-keys", who,
                             testing::key_body("openai", description, key));
    EXPECT_EQ(created.status, 201) << created.body;
    return std::string(testing::json(created).at("id").as_string());
  }

  // Everything of B's that A could learn: its keys (with versions) and its members.
  std::string snapshot_of_b() {
    auto keys =
        h.request("GET", "/api/v1/teams/" + team_b + "/api-keys?page_size=100", bob.credentials);
    auto members = h.request("GET", "/api/v1/teams/" + team_b + "/members", bob.credentials);
    auto tokens = h.request("GET", "/api/v1/teams/" + team_b + "/service-tokens", bob.credentials);
    return keys.body + members.body + tokens.body;
  }

  ApiHarness h;
  testing::TestUser alice, bob;
  std::string team_a, team_b, alpha_service_token;
  std::vector<std::string> a_keys, b_keys, b_tokens, b_markers;
};

TEST_F(TenantIsolation, NoGuessedSwappedOrForeignIdEverReachesAnotherTeam) {
  http::Router router;
  register_routes(router, h.context());
  std::vector<std::pair<std::string, std::string>> routes;  // method, pattern
  for (const auto& route : router.routes()) {
    if (route.pattern.find('{') == std::string::npos && route.pattern != "/api/v1/resolve") {
      continue;
    }
    routes.emplace_back(std::string(http::method_name(route.method)), route.pattern);
  }
  ASSERT_GE(routes.size(), 15u);
  std::string before = snapshot_of_b();

  std::mt19937 random(20261130);  // fixed: a failure reproduces
  auto pick = [&](const std::vector<std::string>& from) {
    return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(random)];
  };
  auto guess = [&]() -> std::string {
    switch (random() % 5) {
      case 0: {
        std::string hex = "0123456789abcdef";
        std::string id = "xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx";
        for (char& c : id) {
          if (c == 'x') c = hex[random() % 16];
        }
        return id;  // a random UUID
      }
      case 1:
        return "00000000-0000-4000-8000-" + std::string(11, '0') + std::to_string(random() % 10);
      case 2:
        return std::to_string(random() % 100);  // sequential integers
      case 3:
        return "%2e%2e";  // an encoded ".."
      default:
        return std::string(1 + random() % 40, 'a' + static_cast<char>(random() % 26));
    }
  };
  std::vector<std::string> b_ids = b_keys;
  b_ids.insert(b_ids.end(), b_tokens.begin(), b_tokens.end());
  b_ids.push_back(bob.user.id);

  int reached_a = 0;
  for (int i = 0; i < kCases; ++i) {
    auto [method, pattern] = routes[random() % routes.size()];
    // The team: B's (real), a guess, A's own (so the resource ids below are what is tested), or
    // B's in another spelling.
    std::string team;
    switch (random() % 4) {
      case 0:
        team = team_b;
        break;
      case 1:
        team = guess();
        break;
      case 2:
        team = team_a;
        break;
      default:
        team = std::string(team_b).replace(0, 1, 1, static_cast<char>(std::toupper(team_b[0])));
    }
    // The resource: B's real ids, A's (swapped under B's team), or a guess.
    std::string resource = random() % 2 == 0   ? pick(b_ids)
                           : random() % 2 == 0 ? pick(a_keys)
                                               : guess();
    // A's own event stream would stay open, and verifying A's keys would call the real providers:
    // neither can reach B, so they are walked only with other teams' ids.
    if (team == team_a && (pattern.ends_with("/events") || pattern.ends_with("/verify"))) {
      team = team_b;
    }
    std::string path = std::regex_replace(pattern, std::regex("\\{team\\}"), team);
    path = std::regex_replace(path, std::regex("\\{(id|user|token)\\}"), resource);
    bool use_service_token = pattern == "/api/v1/resolve" || random() % 8 == 0;
    if (pattern == "/api/v1/resolve") path += "?id=" + resource;
    Credentials who = alice.credentials;
    if (use_service_token) who = Credentials{alpha_service_token, "", true};
    std::string body =
        method == "POST" || method == "PATCH"
            ? R"({"description":"x","role":"owner","type":"openai","key":"sk-x-0123456789","name":"x","types":["openai"],"email":"x@alpha.example","password":"a password long enough"})"
            : "";
    RawResponse response = h.request(method, path, who, body);
    SCOPED_TRACE(method + " " + path);

    ASSERT_LT(response.status, 500) << response.body;
    bool names_resource = pattern.find("{id}") != std::string::npos ||
                          pattern.find("{user}") != std::string::npos ||
                          pattern == "/api/v1/resolve";
    bool names_team = pattern.find("{team}") != std::string::npos;
    bool touches_b =
        (names_team && team != team_a) ||
        (names_resource && std::find(b_ids.begin(), b_ids.end(), resource) != b_ids.end());
    if (touches_b) {
      EXPECT_GE(response.status, 400) << "reached another team: " << response.body;
    }
    if (!touches_b && response.status < 300) ++reached_a;
    for (const auto& marker : b_markers) {
      ASSERT_EQ(response.body.find(marker), std::string::npos)
          << "B's data in an answer to A: " << marker;
      for (const auto& [name, value] : response.headers) {
        ASSERT_EQ(value.find(marker), std::string::npos) << "B's data in header " << name;
      }
    }
  }
  EXPECT_GT(reached_a, 50) << "the walk hardly ever succeeded even on A's own data";
  EXPECT_EQ(snapshot_of_b(), before) << "team B's data changed";
}

}  // namespace
}  // namespace keyward::api
