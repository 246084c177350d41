// Walks every team route x every role x {own team, other team, no session, expired session,
// missing CSRF, bearer token} and checks the status of each: the permission matrix as the server
// enforces it.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <regex>
#include <set>

#include "api/routes.h"
#include "support/api_harness.h"

namespace keyward::api {
namespace {

using keyward::testing::ApiHarness;
using keyward::testing::Credentials;
using keyward::testing::RawResponse;
using keyward::testing::TestUser;

struct TeamRoute {
  std::string method;
  std::string pattern;
  Permission permission;
  std::string body;
};

// One row per route with a {team} parameter. The test below fails when a route is added to the
// router without a row here, so no team route can escape the walk.
const std::vector<TeamRoute>& team_routes() {
  static const std::vector<TeamRoute> kRoutes = {
      {"GET", "/api/v1/teams/{team}", Permission::kApiKeysRead, ""},
      {"PATCH", "/api/v1/teams/{team}", Permission::kTeamManage, R"({"secret_versions_kept":10})"},
      {"GET", "/api/v1/teams/{team}/members", Permission::kMembersRead, ""},
      {"POST", "/api/v1/teams/{team}/invitations", Permission::kMembersManage,
       R"({"email":"new.person@example.com","role":"viewer"})"},
      {"GET", "/api/v1/teams/{team}/invitations", Permission::kMembersManage, ""},
      {"DELETE", "/api/v1/teams/{team}/invitations/{id}", Permission::kMembersManage, ""},
      {"PATCH", "/api/v1/teams/{team}/members/{user}", Permission::kMembersManage,
       R"({"role":"viewer"})"},
      {"DELETE", "/api/v1/teams/{team}/members/{user}", Permission::kMembersManage, ""},
      {"GET", "/api/v1/teams/{team}/api-keys", Permission::kApiKeysRead, ""},
      {"POST", "/api/v1/teams/{team}/api-keys", Permission::kApiKeysCreate,
       R"({"type":"openai","description":"Walk","key":"sk-walk-0123456789"})"},
      {"GET", "/api/v1/teams/{team}/api-keys/{id}", Permission::kApiKeysRead, ""},
      {"PATCH", "/api/v1/teams/{team}/api-keys/{id}", Permission::kApiKeysUpdate,
       R"({"description":"Renamed"})"},
      {"DELETE", "/api/v1/teams/{team}/api-keys/{id}", Permission::kApiKeysDelete, ""},
      {"POST", "/api/v1/teams/{team}/api-keys/{id}/reveal", Permission::kApiKeysReveal, ""},
      {"GET", "/api/v1/teams/{team}/api-keys/{id}/versions", Permission::kApiKeysRead, ""},
      {"POST", "/api/v1/teams/{team}/api-keys/{id}/versions/{version}/reveal",
       Permission::kApiKeysReveal, ""},
      {"POST", "/api/v1/teams/{team}/api-keys/{id}/versions/{version}/restore",
       Permission::kApiKeysUpdate, ""},
      {"GET", "/api/v1/teams/{team}/audit-events", Permission::kAuditRead, ""},
      {"GET", "/api/v1/teams/{team}/events", Permission::kApiKeysRead, ""},
      {"POST", "/api/v1/teams/{team}/api-keys/{id}/verify", Permission::kApiKeysUpdate, ""},
      {"POST", "/api/v1/teams/{team}/api-keys/{id}/enable", Permission::kApiKeysUpdate, ""},
      {"GET", "/api/v1/teams/{team}/api-keys/{id}/usage", Permission::kApiKeysRead, ""},
      {"GET", "/api/v1/teams/{team}/gateway-usage", Permission::kApiKeysRead, ""},
      {"GET", "/api/v1/teams/{team}/service-tokens", Permission::kServiceTokensManage, ""},
      {"POST", "/api/v1/teams/{team}/service-tokens", Permission::kServiceTokensManage,
       R"({"name":"Walk","types":["openai"]})"},
      {"GET", "/api/v1/teams/{team}/service-tokens/{id}", Permission::kServiceTokensManage, ""},
      {"DELETE", "/api/v1/teams/{team}/service-tokens/{id}", Permission::kServiceTokensManage, ""},
      {"GET", "/api/v1/teams/{team}/webhooks", Permission::kWebhooksManage, ""},
      {"POST", "/api/v1/teams/{team}/webhooks", Permission::kWebhooksManage,
       R"({"url":"https://hooks.example.com/walk","event_types":["webhook.test"]})"},
      {"GET", "/api/v1/teams/{team}/webhooks/{id}", Permission::kWebhooksManage, ""},
      {"PATCH", "/api/v1/teams/{team}/webhooks/{id}", Permission::kWebhooksManage,
       R"({"enabled":true})"},
      {"DELETE", "/api/v1/teams/{team}/webhooks/{id}", Permission::kWebhooksManage, ""},
      {"POST", "/api/v1/teams/{team}/webhooks/{id}/test", Permission::kWebhooksManage, ""},
      {"GET", "/api/v1/teams/{team}/webhooks/{id}/deliveries", Permission::kWebhooksManage, ""},
      {"POST", "/api/v1/teams/{team}/webhooks/{id}/deliveries/{delivery}/redeliver",
       Permission::kWebhooksManage, ""},
  };
  return kRoutes;
}

// Sub-resources point at a member or key that does not exist, so an allowed call answers a 404
// that names the sub-resource (distinct from the team's 404) and the walk never changes the
// memberships it tests.
constexpr char kAbsentId[] = "00000000-0000-4000-8000-000000000000";

std::string target(const TeamRoute& route, const std::string& team_id) {
  std::string path = std::regex_replace(route.pattern, std::regex("\\{team\\}"), team_id);
  path = std::regex_replace(path, std::regex("\\{(user|id|delivery)\\}"), kAbsentId);
  return std::regex_replace(path, std::regex("\\{version\\}"), "1");
}

std::string detail(const RawResponse& response) {
  auto value = boost::json::parse(response.body);
  return std::string(value.as_object().at("detail").as_string());
}

class Authorization : public ::testing::Test {
 protected:
  void SetUp() override {
    TestUser owner = h.make_user("owner@example.com");
    team = h.make_team("Own team", owner.user.id);
    users[Role::kOwner] = owner;
    for (Role role : {Role::kAdmin, Role::kDeveloper, Role::kViewer}) {
      TestUser user = h.make_user(std::string(role_name(role)) + "@example.com");
      h.add_member(team, user.user.id, role);
      users[role] = user;
    }
    TestUser stranger = h.make_user("stranger@example.com");
    other_team = h.make_team("Other team", stranger.user.id);
  }

  ApiHarness h;
  std::string team;
  std::string other_team;
  std::map<Role, TestUser> users;
};

TEST_F(Authorization, TheTableCoversEveryTeamRoute) {
  http::Router router;
  register_routes(router, h.context());
  std::set<std::string> covered;
  for (const auto& route : team_routes()) covered.insert(route.method + " " + route.pattern);
  for (const auto& route : router.routes()) {
    if (route.pattern.find("{team}") == std::string::npos) continue;
    std::string key = std::string(http::method_name(route.method)) + " " + route.pattern;
    EXPECT_TRUE(covered.count(key)) << key << " has no row in team_routes()";
  }
}

TEST_F(Authorization, EachRoleGetsExactlyWhatTheMatrixGrantsInItsOwnTeam) {
  for (const auto& route : team_routes()) {
    for (const auto& [role, user] : users) {
      SCOPED_TRACE(route.method + " " + route.pattern + " as " + std::string(role_name(role)));
      RawResponse response =
          h.request(route.method, target(route, team), user.credentials, route.body);
      if (has_permission(role, route.permission)) {
        EXPECT_NE(response.status, 401);
        EXPECT_NE(response.status, 403) << response.body;
        if (response.status == 404) {
          EXPECT_NE(detail(response), "No such team.");
        }
        EXPECT_LT(response.status, 500) << response.body;
      } else {
        EXPECT_EQ(response.status, 403) << response.body;
      }
    }
  }
}

TEST_F(Authorization, AnotherTeamAnswers404ForEveryRoleExactlyLikeAMissingTeam) {
  for (const auto& route : team_routes()) {
    for (const auto& [role, user] : users) {
      SCOPED_TRACE(route.method + " " + route.pattern + " as " + std::string(role_name(role)));
      RawResponse other =
          h.request(route.method, target(route, other_team), user.credentials, route.body);
      RawResponse missing =
          h.request(route.method, target(route, "no-such-team"), user.credentials, route.body);
      EXPECT_EQ(other.status, 404);
      EXPECT_EQ(other.body, missing.body);
    }
  }
}

TEST_F(Authorization, NoSessionAnswers401) {
  for (const auto& route : team_routes()) {
    SCOPED_TRACE(route.method + " " + route.pattern);
    EXPECT_EQ(h.request(route.method, target(route, team), {}, route.body).status, 401);
    Credentials forged{"not-a-real-session-token", "x", false};
    EXPECT_EQ(h.request(route.method, target(route, team), forged, route.body).status, 401);
  }
}

TEST_F(Authorization, AnIdleSessionExpiresAndAnswers401) {
  h.clock().advance(std::chrono::milliseconds(h.context().auth.session_idle_ms));
  for (const auto& route : team_routes()) {
    for (const auto& [role, user] : users) {
      SCOPED_TRACE(route.method + " " + route.pattern + " as " + std::string(role_name(role)));
      RawResponse response =
          h.request(route.method, target(route, team), user.credentials, route.body);
      EXPECT_EQ(response.status, 401);
    }
  }
}

TEST_F(Authorization, ACookieMutationWithoutCsrfAnswers403) {
  for (const auto& route : team_routes()) {
    for (const auto& [role, user] : users) {
      SCOPED_TRACE(route.method + " " + route.pattern + " as " + std::string(role_name(role)));
      Credentials no_csrf = user.credentials;
      no_csrf.csrf_token.clear();
      RawResponse response = h.request(route.method, target(route, team), no_csrf, route.body);
      if (route.method == "GET") {  // reads need no CSRF token
        if (has_permission(role, route.permission)) {
          EXPECT_NE(response.status, 403) << response.body;
          EXPECT_NE(response.status, 401);
        } else {
          EXPECT_EQ(response.status, 403);
        }
      } else {
        EXPECT_EQ(response.status, 403);
        Credentials wrong_csrf = user.credentials;
        wrong_csrf.csrf_token = "wrong";
        EXPECT_EQ(h.request(route.method, target(route, team), wrong_csrf, route.body).status, 403);
      }
    }
  }
}

TEST_F(Authorization, ABearerTokenNeedsNoCsrfButTheSameRole) {
  for (const auto& route : team_routes()) {
    for (const auto& [role, user] : users) {
      SCOPED_TRACE(route.method + " " + route.pattern + " as " + std::string(role_name(role)));
      Credentials bearer{user.credentials.session_token, "", true};
      RawResponse response = h.request(route.method, target(route, team), bearer, route.body);
      if (has_permission(role, route.permission)) {
        EXPECT_NE(response.status, 401);
        EXPECT_NE(response.status, 403) << response.body;
      } else {
        EXPECT_EQ(response.status, 403);
      }
    }
  }
}

TEST_F(Authorization, UserRoutesNeedASessionAndCsrf) {
  const TestUser& user = users[Role::kViewer];
  EXPECT_EQ(h.request("GET", "/api/v1/me").status, 401);
  EXPECT_EQ(h.request("GET", "/api/v1/me", user.credentials).status, 200);
  EXPECT_EQ(h.request("POST", "/api/v1/teams", {}, R"({"name":"T"})").status, 401);
  Credentials no_csrf{user.credentials.session_token, "", false};
  EXPECT_EQ(h.request("POST", "/api/v1/teams", no_csrf, R"({"name":"T"})").status, 403);
  EXPECT_EQ(h.request("DELETE", "/api/v1/session", no_csrf).status, 403);
  EXPECT_EQ(h.request("POST", "/api/v1/teams", user.credentials, R"({"name":"T"})").status, 201);
}

}  // namespace
}  // namespace keyward::api
