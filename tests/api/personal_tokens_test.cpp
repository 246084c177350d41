// Personal access tokens over HTTP: made from a session, used as `Authorization: Bearer kw_pat_…`
// on the management API, limited to their grants, and gone with their holder's right to them.
#include "api/personal_tokens.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <string>

#include "domain/clock.h"
#include "support/api_harness.h"
#include "tokens/personal_tokens.h"

namespace keyward::api {
namespace {

using keyward::testing::ApiHarness;
using keyward::testing::Credentials;
using keyward::testing::json;
using keyward::testing::key_body;
using keyward::testing::RawResponse;
using keyward::testing::TestUser;
using ::testing::HasSubstr;

class PersonalTokens : public ::testing::Test {
 protected:
  void SetUp() override {
    owner = h.make_user("owner@example.com", "Olivia");
    team = h.make_team("Acme", owner.user.id);
    other_team = h.make_team("Beta", owner.user.id);
  }
  std::string in_days(int days) {
    return format_rfc3339(h.clock().now_ms() + std::int64_t{days} * 24 * 3600 * 1000);
  }
  // POST /me/tokens by `who` granting `permissions_json` in `team_id`.
  RawResponse make(const TestUser& who, const std::string& team_id,
                   const std::string& permissions_json, int days = 30,
                   const std::string& name = "laptop") {
    return h.request("POST", "/api/v1/me/tokens", who.credentials,
                     R"({"name":")" + name + R"(","expires_at":")" + in_days(days) +
                         R"(","grants":[{"team_id":")" + team_id + R"(","permissions":)" +
                         permissions_json + "}]}");
  }
  std::string token_of(const RawResponse& created) {
    EXPECT_EQ(created.status, 201) << created.body;
    return std::string(json(created).at("token").as_string());
  }
  static Credentials bearer(const std::string& token) { return {token, "", true}; }

  ApiHarness h;
  TestUser owner;
  std::string team;
  std::string other_team;
};

TEST_F(PersonalTokens, AreShownOnceAndActAsTheUserWithoutACsrfHeader) {
  RawResponse created =
      make(owner, team, R"(["api_keys:read","api_keys:create","api_keys:reveal"])");
  std::string token = token_of(created);
  EXPECT_EQ(token.rfind(tokens::kPersonalTokenPrefix, 0), 0u);
  EXPECT_EQ(created.header("cache-control"), "no-store");
  RawResponse list = h.request("GET", "/api/v1/me/tokens", owner.credentials);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.body.find(token), std::string::npos) << "the token is listed again";
  ASSERT_EQ(json(list).at("items").as_array().size(), 1u);

  RawResponse key = h.request("POST", "/api/v1/teams/" + team + "/api-keys", bearer(token),
                              key_body("openai", "Prod", "sk-proj-abcdefghijklmnop"));
  ASSERT_EQ(key.status, 201) << key.body;
  std::string id(json(key).at("id").as_string());
  RawResponse revealed =
      h.request("POST", "/api/v1/teams/" + team + "/api-keys/" + id + "/reveal", bearer(token));
  ASSERT_EQ(revealed.status, 200) << revealed.body;

  // Audited as the user, naming the token; never its secret.
  bool seen = false;
  for (const auto& row : h.audit_rows()) {
    EXPECT_EQ(row.find(token), std::string::npos) << row;
    if (row.rfind("api_key.revealed|", 0) == 0) {
      seen = true;
      EXPECT_THAT(row, HasSubstr(owner.user.id));
      EXPECT_THAT(row, HasSubstr(R"("via_token":{"id":")"));
      EXPECT_THAT(row, HasSubstr(R"("name":"laptop")"));
    }
  }
  EXPECT_TRUE(seen);
}

TEST_F(PersonalTokens, ReachOnlyTheirGrantsAndListOnlyTheirTeams) {
  std::string token = token_of(make(owner, team, R"(["api_keys:read"])"));
  EXPECT_EQ(h.request("GET", "/api/v1/teams/" + team + "/api-keys", bearer(token)).status, 200);
  RawResponse create = h.request("POST", "/api/v1/teams/" + team + "/api-keys", bearer(token),
                                 key_body("openai", "Prod", "sk-proj-abcdefghijklmnop"));
  EXPECT_EQ(create.status, 403);
  EXPECT_THAT(create.body, HasSubstr("does not grant api_keys:create"));
  EXPECT_EQ(h.request("GET", "/api/v1/teams/" + team + "/members", bearer(token)).status, 403);
  // The owner's other team is not in the token's reach: as if it did not exist.
  EXPECT_EQ(h.request("GET", "/api/v1/teams/" + other_team + "/api-keys", bearer(token)).status,
            404);

  auto me = json(h.request("GET", "/api/v1/me", bearer(token)));
  const auto& teams = me.at("teams").as_array();
  ASSERT_EQ(teams.size(), 1u) << me;
  EXPECT_EQ(teams[0].at("id"), boost::json::value(team));
  EXPECT_EQ(teams[0].at("permissions"), boost::json::parse(R"(["api_keys:read"])"));
}

TEST_F(PersonalTokens, CannotManageTokensSignOutOrOpenTheEventStream) {
  std::string token = token_of(make(owner, team, R"(["api_keys:read"])"));
  EXPECT_EQ(h.request("GET", "/api/v1/me/tokens", bearer(token)).status, 403);
  RawResponse minted =
      h.request("POST", "/api/v1/me/tokens", bearer(token),
                R"({"name":"x","expires_at":")" + in_days(1) + R"(","grants":[{"team_id":")" +
                    team + R"(","permissions":["api_keys:read"]}]})");
  EXPECT_EQ(minted.status, 403);
  EXPECT_EQ(h.request("DELETE", "/api/v1/session", bearer(token)).status, 403);
  EXPECT_EQ(h.request("POST", "/api/v1/teams", bearer(token), R"({"name":"New"})").status, 403);
  EXPECT_EQ(h.request("GET", "/api/v1/teams/" + team + "/events", bearer(token)).status, 403);
}

TEST_F(PersonalTokens, HoldNoMoreThanTheRoleAndNameOnlyTheUsersTeams) {
  TestUser developer = h.make_user("dev@example.com");
  h.add_member(team, developer.user.id, Role::kDeveloper);
  RawResponse too_much = make(developer, team, R"(["api_keys:read","api_keys:delete"])");
  EXPECT_EQ(too_much.status, 422);
  EXPECT_THAT(too_much.body, HasSubstr("your role (developer)"));
  EXPECT_EQ(make(developer, other_team, R"(["api_keys:read"])").status, 422);
  EXPECT_EQ(make(developer, team, R"(["keys:everything"])").status, 422);
  EXPECT_EQ(make(developer, team, R"([])").status, 422);
  RawResponse forever = make(developer, team, R"(["api_keys:read"])", 400);
  EXPECT_EQ(forever.status, 422);
  EXPECT_THAT(forever.body, HasSubstr("at most a year"));
  RawResponse no_expiry = h.request(
      "POST", "/api/v1/me/tokens", developer.credentials,
      R"({"name":"x","grants":[{"team_id":")" + team + R"(","permissions":["api_keys:read"]}]})");
  EXPECT_EQ(no_expiry.status, 422);
  EXPECT_EQ(make(developer, team, R"(["api_keys:read","api_keys:create"])").status, 201);
}

TEST_F(PersonalTokens, StopWorkingWhenRevokedOrExpired) {
  RawResponse created = make(owner, team, R"(["api_keys:read"])", 2);
  std::string token = token_of(created);
  std::string id(json(created).at("id").as_string());
  std::string keys = "/api/v1/teams/" + team + "/api-keys";
  ASSERT_EQ(h.request("GET", keys, bearer(token)).status, 200);
  ASSERT_TRUE(h.usage().flush());
  auto listed = json(h.request("GET", "/api/v1/me/tokens", owner.credentials));
  EXPECT_TRUE(listed.at("items").as_array()[0].at("last_used_at").is_string()) << listed;

  h.clock().advance(std::chrono::hours(49));
  RawResponse expired = h.request("GET", keys, bearer(token));
  EXPECT_EQ(expired.status, 401);
  EXPECT_THAT(expired.body, HasSubstr("expired"));
  owner.credentials = h.make_session(owner.user.id);  // the old session went idle meanwhile

  std::string second = token_of(make(owner, team, R"(["api_keys:read"])"));
  std::string second_id(json(h.request("GET", "/api/v1/me/tokens", owner.credentials))
                            .at("items")
                            .as_array()[0]
                            .at("id")
                            .as_string());
  TestUser stranger = h.make_user("stranger@example.com");
  EXPECT_EQ(h.request("DELETE", "/api/v1/me/tokens/" + second_id, stranger.credentials).status,
            404);
  ASSERT_EQ(h.request("DELETE", "/api/v1/me/tokens/" + second_id, owner.credentials).status, 204);
  RawResponse revoked = h.request("GET", keys, bearer(second));
  EXPECT_EQ(revoked.status, 401);
  EXPECT_THAT(revoked.body, HasSubstr("revoked"));
  EXPECT_EQ(h.request("DELETE", "/api/v1/me/tokens/" + second_id, owner.credentials).status, 404);
}

TEST_F(PersonalTokens, DieWhenTheHolderLeavesTheTeamOrLosesAGrantedPermission) {
  TestUser admin = h.make_user("admin@example.com");
  h.add_member(team, admin.user.id, Role::kAdmin);
  std::string keys = "/api/v1/teams/" + team + "/api-keys";
  std::string reader = token_of(make(admin, team, R"(["api_keys:read"])", 30, "reader"));
  std::string deleter =
      token_of(make(admin, team, R"(["api_keys:read","api_keys:delete"])", 30, "deleter"));

  // Demoted to developer: api_keys:delete is gone, so is the token that held it.
  ASSERT_EQ(h.request("PATCH", "/api/v1/teams/" + team + "/members/" + admin.user.id,
                      owner.credentials, R"({"role":"developer"})")
                .status,
            200);
  EXPECT_EQ(h.request("GET", keys, bearer(deleter)).status, 401);
  EXPECT_EQ(h.request("GET", keys, bearer(reader)).status, 200);

  ASSERT_EQ(
      h.request("DELETE", "/api/v1/teams/" + team + "/members/" + admin.user.id, owner.credentials)
          .status,
      204);
  EXPECT_EQ(h.request("GET", keys, bearer(reader)).status, 401);
  std::string trail;
  for (const auto& row : h.audit_rows()) trail += row + "\n";
  EXPECT_THAT(trail, HasSubstr("holder_lost_permission"));
  EXPECT_THAT(trail, HasSubstr("holder_left_team"));
}

}  // namespace
}  // namespace keyward::api
