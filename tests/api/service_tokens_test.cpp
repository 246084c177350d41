#include "api/service_tokens.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "domain/clock.h"
#include "support/api_harness.h"
#include "support/result_matchers.h"

namespace keyward::api {
namespace {

using keyward::testing::ApiHarness;
using keyward::testing::Credentials;
using keyward::testing::json;
using keyward::testing::key_body;
using keyward::testing::RawResponse;
using keyward::testing::TestUser;

class Resolve : public ::testing::Test {
 protected:
  void SetUp() override {
    owner = h.make_user("owner@example.com");
    team = h.make_team("Acme", owner.user.id);
  }
  std::string add_key(const std::string& type, const std::string& description,
                      const std::string& key) {
    RawResponse response = h.request("POST", "/api/v1/teams/" + team + "/api-keys",
                                     owner.credentials, key_body(type, description, key));
    EXPECT_EQ(response.status, 201) << response.body;
    return std::string(json(response).at("id").as_string());
  }
  // A key of `type` carrying `labels_json` (a JSON array), made `seconds_later` after the last.
  std::string add_labelled(const std::string& type, const std::string& description,
                           const std::string& key, const std::string& labels_json) {
    h.clock().advance(std::chrono::seconds(1));
    RawResponse response =
        h.request("POST", "/api/v1/teams/" + team + "/api-keys", owner.credentials,
                  R"({"type":")" + type + R"(","description":")" + description + R"(","key":")" +
                      key + R"(","labels":)" + labels_json + "}");
    EXPECT_EQ(response.status, 201) << response.body;
    return std::string(json(response).at("id").as_string());
  }
  RawResponse make_token(const std::string& body) {
    return h.request("POST", "/api/v1/teams/" + team + "/service-tokens", owner.credentials, body);
  }
  std::string token_for(const std::string& types_json) {
    RawResponse created = make_token(R"({"name":"App","types":)" + types_json + "}");
    EXPECT_EQ(created.status, 201) << created.body;
    return std::string(json(created).at("token").as_string());
  }
  RawResponse resolve(const std::string& token, const std::string& query) {
    return h.request("GET", "/api/v1/resolve?" + query, {}, "",
                     {{"Authorization", "Bearer " + token}});
  }
  ApiHarness h;
  TestUser owner;
  std::string team;
};

TEST_F(Resolve, ShowsTheTokenOnceAndStoresOnlyItsHash) {
  RawResponse created = make_token(R"({"name":"Backend","types":["openai","openai","exa"]})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto body = json(created);
  std::string token(body.at("token").as_string());
  EXPECT_EQ(token.rfind(kServiceTokenPrefix, 0), 0u);
  EXPECT_EQ(body.at("types"), boost::json::parse(R"(["openai","exa"])"));
  EXPECT_EQ(created.header("cache-control"), "no-store");
  RawResponse list =
      h.request("GET", "/api/v1/teams/" + team + "/service-tokens", owner.credentials);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find(token), std::string::npos) << "the token is listed again";
  EXPECT_EQ(json(list).at("items").as_array().size(), 1u);
}

TEST_F(Resolve, TokensOfAMemberWhoLeavesOrLosesTheRightAreRevokedAndListTheirCreator) {
  add_key("openai", "Prod", "sk-prod-0000000001");
  TestUser admin = h.make_user("admin@example.com");
  h.add_member(team, admin.user.id, Role::kAdmin);
  auto issue = [&](const TestUser& who) {
    RawResponse created = h.request("POST", "/api/v1/teams/" + team + "/service-tokens",
                                    who.credentials, R"({"name":"App","types":["openai"]})");
    EXPECT_EQ(created.status, 201) << created.body;
    return std::string(json(created).at("token").as_string());
  };
  std::string kept = issue(owner);
  std::string removed_admins = issue(admin);
  auto listed =
      json(h.request("GET", "/api/v1/teams/" + team + "/service-tokens", owner.credentials));
  bool creator_listed = false;
  for (const auto& item : listed.at("items").as_array()) {
    if (item.at("created_by") == boost::json::value(admin.user.id)) creator_listed = true;
  }
  EXPECT_TRUE(creator_listed) << listed;
  ASSERT_EQ(resolve(removed_admins, "type=openai").status, 200);
  ASSERT_EQ(
      h.request("DELETE", "/api/v1/teams/" + team + "/members/" + admin.user.id, owner.credentials)
          .status,
      204);
  EXPECT_EQ(resolve(removed_admins, "type=openai").status, 401);
  EXPECT_EQ(resolve(kept, "type=openai").status, 200);

  // Demoted to a role without service_tokens:manage: the same.
  TestUser second = h.make_user("second@example.com");
  h.add_member(team, second.user.id, Role::kAdmin);
  std::string demoted = issue(second);
  ASSERT_EQ(h.request("PATCH", "/api/v1/teams/" + team + "/members/" + second.user.id,
                      owner.credentials, R"({"role":"developer"})")
                .status,
            200);
  EXPECT_EQ(resolve(demoted, "type=openai").status, 401);
}

TEST_F(Resolve, TheLocationOfANewTokenAnswersGetWithoutTheSecret) {
  RawResponse created = make_token(R"({"name":"Backend","types":["openai"]})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string token(json(created).at("token").as_string());
  std::string location = created.header("location").value_or("");
  RawResponse got = h.request("GET", location, owner.credentials);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.body.find(token), std::string::npos) << "the token is shown again";
  auto expected = json(created);
  expected.erase("token");
  EXPECT_EQ(json(got), expected);
  EXPECT_EQ(got.header("cache-control"), "no-store");

  // Revoked tokens stay readable (with revoked_at); other teams' and a developer's reads are not.
  ASSERT_EQ(h.request("DELETE", location, owner.credentials).status, 204);
  RawResponse revoked = h.request("GET", location, owner.credentials);
  ASSERT_EQ(revoked.status, 200);
  EXPECT_TRUE(json(revoked).at("revoked_at").is_string());
  TestUser developer = h.make_user("developer@example.com");
  h.add_member(team, developer.user.id, Role::kDeveloper);
  EXPECT_EQ(h.request("GET", location, developer.credentials).status, 403);
  TestUser other = h.make_user("other@example.com");
  std::string other_team = h.make_team("Other", other.user.id);
  std::string id(json(created).at("id").as_string());
  EXPECT_EQ(
      h.request("GET", "/api/v1/teams/" + other_team + "/service-tokens/" + id, other.credentials)
          .status,
      404);
  EXPECT_EQ(h.request("GET", location, other.credentials).status, 404);
}

TEST_F(Resolve, ExpiryAcceptsAnyRfc3339OffsetAndIsStoredInUtc) {
  // 2050-06-01T12:00:00Z written three ways, as clients' date libraries write it.
  for (const char* written : {"2050-06-01T12:00:00+00:00", "2050-06-01T06:30:00.000000-05:30",
                              "2050-06-01T12:00:00.5Z"}) {
    RawResponse created = make_token(std::string(R"({"name":"App","types":["openai"],)") +
                                     R"("expires_at":")" + written + R"("})");
    ASSERT_EQ(created.status, 201) << written << ": " << created.body;
    std::string expected = std::string(written).find(".5Z") != std::string::npos
                               ? "2050-06-01T12:00:00.500Z"
                               : "2050-06-01T12:00:00.000Z";
    EXPECT_EQ(json(created).at("expires_at"), boost::json::value(expected)) << written;
  }
}

TEST_F(Resolve, ValidatesNameTypesAndExpiry) {
  RawResponse bad = make_token(R"({"name":"","types":["nope"],"expires_at":"tomorrow"})");
  ASSERT_EQ(bad.status, 422);
  EXPECT_EQ(json(bad).at("errors").as_array().size(), 3u);
  EXPECT_EQ(make_token(R"({"name":"x","types":[]})").status, 422);
  EXPECT_EQ(
      make_token(R"({"name":"x","types":["openai"],"expires_at":"2001-01-01T00:00:00Z"})").status,
      422);
}

TEST_F(Resolve, AnswersTheDefaultKeyElseTheNewest) {
  add_key("openai", "Older", "sk-older-000000001");
  h.clock().advance(std::chrono::seconds(1));
  std::string newest = add_key("openai", "Newest", "sk-newest-00000002");
  std::string token = token_for(R"(["openai"])");
  RawResponse first = resolve(token, "type=openai");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.header("cache-control"), "no-store");
  auto body = json(first);
  EXPECT_EQ(body.at("id").as_string(), newest);
  EXPECT_EQ(body.at("key"), "sk-newest-00000002");
  EXPECT_EQ(body.at("description"), "Newest");

  RawResponse list =
      h.request("GET", "/api/v1/teams/" + team + "/api-keys?search=older", owner.credentials);
  std::string older(json(list).at("items").as_array()[0].at("id").as_string());
  h.request("PATCH", "/api/v1/teams/" + team + "/api-keys/" + older, owner.credentials,
            R"({"is_default":true})");
  EXPECT_EQ(json(resolve(token, "type=openai")).at("key"), "sk-older-000000001");
  EXPECT_EQ(json(resolve(token, "id=" + newest)).at("key"), "sk-newest-00000002");
}

TEST_F(Resolve, ResolvePicksTheDefaultCarryingTheLabels) {
  std::string staging =
      add_labelled("openai", "Staging", "sk-staging-0000001", R"(["env:staging"])");
  std::string old_prod =
      add_labelled("openai", "Old prod", "sk-oldprod-0000001", R"(["env:prod","team:search"])");
  std::string new_prod =
      add_labelled("openai", "New prod", "sk-newprod-0000001", R"(["env:prod"])");
  std::string token = token_for(R"(["openai"])");
  // No default: the newest of the type carrying every listed label.
  EXPECT_EQ(json(resolve(token, "type=openai&label=env:prod")).at("id").as_string(), new_prod);
  EXPECT_EQ(json(resolve(token, "type=openai&label=env:prod&label=team:search")).at("id"),
            boost::json::value(old_prod));
  EXPECT_EQ(json(resolve(token, "type=openai&label=env:staging")).at("key"), "sk-staging-0000001");
  EXPECT_EQ(resolve(token, "type=openai&label=env:dev").status, 404);
  // The default wins when it carries the labels, and only then.
  ASSERT_EQ(h.request("PATCH", "/api/v1/teams/" + team + "/api-keys/" + old_prod, owner.credentials,
                      R"({"is_default":true})")
                .status,
            200);
  EXPECT_EQ(json(resolve(token, "type=openai&label=env:prod")).at("id").as_string(), old_prod);
  EXPECT_EQ(json(resolve(token, "type=openai&label=env:staging")).at("id").as_string(), staging);
  EXPECT_EQ(json(resolve(token, "type=openai")).at("id").as_string(), old_prod);
  // By id, the key must carry the listed labels too.
  EXPECT_EQ(resolve(token, "id=" + staging + "&label=env:prod").status, 404);
  EXPECT_EQ(resolve(token, "id=" + staging + "&label=env:staging").status, 200);
  // An invalid label is a field error.
  RawResponse bad = resolve(token, "type=openai&label=env%20prod");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(json(bad).at("errors").as_array()[0].at("field"), "label");
}

TEST_F(Resolve, ATokenRestrictedToLabelsCannotResolveOtherKeys) {
  std::string staging =
      add_labelled("openai", "Staging", "sk-staging-0000001", R"(["env:staging"])");
  std::string prod = add_labelled("openai", "Prod", "sk-prod-00000000001", R"(["env:prod"])");
  std::string newest = add_labelled("openai", "Unlabelled", "sk-plain-0000000001", "[]");
  ASSERT_EQ(h.request("PATCH", "/api/v1/teams/" + team + "/api-keys/" + staging, owner.credentials,
                      R"({"is_default":true})")
                .status,
            200);
  RawResponse created =
      make_token(R"({"name":"Prod app","types":["openai"],"labels":["env:prod","env:prod"]})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(json(created).at("labels"), boost::json::parse(R"(["env:prod"])"));
  std::string token(json(created).at("token").as_string());
  // By type it only ever chooses among the keys carrying its labels: not the default, not the
  // newest.
  EXPECT_EQ(json(resolve(token, "type=openai")).at("id").as_string(), prod);
  EXPECT_EQ(resolve(token, "type=openai&label=env:staging").status, 404);
  // By id, a key without its labels is out of scope, as a type would be.
  EXPECT_EQ(resolve(token, "id=" + staging).status, 403);
  EXPECT_EQ(resolve(token, "id=" + newest).status, 403);
  EXPECT_EQ(json(resolve(token, "id=" + prod)).at("key"), "sk-prod-00000000001");
  // The token lists its labels; invalid ones are refused on create.
  auto listed =
      json(h.request("GET", "/api/v1/teams/" + team + "/service-tokens", owner.credentials));
  EXPECT_EQ(listed.at("items").as_array()[0].at("labels"), boost::json::parse(R"(["env:prod"])"));
  RawResponse bad = make_token(R"({"name":"x","types":["openai"],"labels":["env prod"]})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(json(bad).at("errors").as_array()[0].at("field"), "labels");
}

TEST_F(Resolve, RefusesTypesOutsideTheTokensScope) {
  std::string exa = add_key("exa", "Search", "exa-key-0000000001");
  std::string token = token_for(R"(["openai"])");
  EXPECT_EQ(resolve(token, "type=exa").status, 403);
  EXPECT_EQ(resolve(token, "id=" + exa).status, 403);
  EXPECT_EQ(resolve(token, "type=openai").status, 404);  // in scope, but none stored
  EXPECT_EQ(resolve(token, "type=nope").status, 400);
  EXPECT_EQ(resolve(token, "").status, 400);
}

TEST_F(Resolve, NeverReachesAnotherTeam) {
  TestUser other = h.make_user("other@example.com");
  std::string other_team = h.make_team("Other", other.user.id);
  RawResponse theirs =
      h.request("POST", "/api/v1/teams/" + other_team + "/api-keys", other.credentials,
                R"({"type":"openai","description":"Theirs","key":"sk-theirs-00000001"})");
  std::string their_id(json(theirs).at("id").as_string());
  std::string token = token_for(R"(["openai"])");
  EXPECT_EQ(resolve(token, "id=" + their_id).status, 404);
  EXPECT_EQ(resolve(token, "type=openai").status, 404);
}

TEST_F(Resolve, RevokedExpiredAndUnknownTokensAre401) {
  add_key("openai", "Key", "sk-revoke-test-001");
  EXPECT_EQ(resolve("kw_st_not-a-real-token", "type=openai").status, 401);
  EXPECT_EQ(h.request("GET", "/api/v1/resolve?type=openai").status, 401);

  RawResponse created = make_token(R"({"name":"Short","types":["openai"],"expires_at":")" +
                                   format_rfc3339(h.clock().now_ms() + 60'000) + "\"}");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string expiring(json(created).at("token").as_string());
  EXPECT_EQ(resolve(expiring, "type=openai").status, 200);
  h.clock().advance(std::chrono::seconds(61));
  EXPECT_EQ(resolve(expiring, "type=openai").status, 401);

  RawResponse second = make_token(R"({"name":"Revoked","types":["openai"]})");
  std::string revoked(json(second).at("token").as_string());
  std::string id(json(second).at("id").as_string());
  EXPECT_EQ(resolve(revoked, "type=openai").status, 200);
  EXPECT_EQ(
      h.request("DELETE", "/api/v1/teams/" + team + "/service-tokens/" + id, owner.credentials)
          .status,
      204);
  EXPECT_EQ(resolve(revoked, "type=openai").status, 401);
  EXPECT_EQ(
      h.request("DELETE", "/api/v1/teams/" + team + "/service-tokens/" + id, owner.credentials)
          .status,
      404);
}

TEST_F(Resolve, AServiceTokenCannotUseTheManagementApi) {
  std::string token = token_for(R"(["openai"])");
  EXPECT_EQ(
      h.request("GET", "/api/v1/teams/" + team + "/api-keys", Credentials{token, "", true}).status,
      401);
  EXPECT_EQ(h.request("GET", "/api/v1/me", Credentials{token, "", true}).status, 401);
}

TEST_F(Resolve, CountsUseInMemoryAndWritesOneAuditRowPerWindow) {
  std::string id = add_key("openai", "Hot", "sk-hot-path-0000001");
  std::string token = token_for(R"(["openai"])");
  auto rows_before = h.audit_rows().size();
  for (int i = 0; i < 50; ++i) ASSERT_EQ(resolve(token, "type=openai").status, 200);
  EXPECT_EQ(h.audit_rows().size(), rows_before) << "resolve wrote to the database";
  ASSERT_THAT(h.usage().flush(), IsOk());
  auto rows = h.audit_rows();
  ASSERT_EQ(rows.size(), rows_before + 1);
  EXPECT_EQ(rows.back().rfind("api_key.resolved|" + team, 0), 0u) << rows.back();
  EXPECT_NE(rows.back().find("\"count\":50"), std::string::npos) << rows.back();
  EXPECT_EQ(rows.back().find("sk-hot-path"), std::string::npos);
  auto key = json(h.request("GET", "/api/v1/teams/" + team + "/api-keys/" + id, owner.credentials));
  EXPECT_FALSE(key.at("last_used_at").is_null());
  auto tokens =
      json(h.request("GET", "/api/v1/teams/" + team + "/service-tokens", owner.credentials));
  EXPECT_FALSE(tokens.at("items").as_array()[0].at("last_used_at").is_null());
  ASSERT_THAT(h.usage().flush(), IsOk());  // nothing new: no new row
  EXPECT_EQ(h.audit_rows().size(), rows_before + 1);
}

// An expired key is served with a Keyward-Warning header and an audit mark under the default
// "warn" policy, and refused with a 410 naming it under "refuse".
TEST_F(Resolve, AnExpiredKeyIsServedWithAWarningOrRefusedAsTheTeamSays) {
  RawResponse created = h.request(
      "POST", "/api/v1/teams/" + team + "/api-keys", owner.credentials,
      R"({"type":"openai","description":"Short-lived","key":"sk-expiring-0000001","expires_at":")" +
          format_rfc3339(h.clock().now_ms() + 60'000) + R"("})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id(json(created).at("id").as_string());
  std::string token = token_for(R"(["openai"])");
  RawResponse fresh = resolve(token, "type=openai");
  ASSERT_EQ(fresh.status, 200);
  EXPECT_FALSE(fresh.header("keyward-warning"));
  h.clock().advance(std::chrono::seconds(61));
  RawResponse warned = resolve(token, "type=openai");
  ASSERT_EQ(warned.status, 200) << warned.body;
  ASSERT_TRUE(warned.header("keyward-warning"));
  EXPECT_EQ(warned.header("keyward-warning")->rfind("expired; the API key \"" + id + "\"", 0), 0u)
      << *warned.header("keyward-warning");
  ASSERT_THAT(h.usage().flush(), IsOk());
  auto rows = h.audit_rows();
  EXPECT_NE(rows.back().find("\"expired_calls\":1"), std::string::npos) << rows.back();
  EXPECT_NE(rows.back().find("\"count\":2"), std::string::npos) << rows.back();

  RawResponse refuse = h.request("PATCH", "/api/v1/teams/" + team, owner.credentials,
                                 R"({"expired_key_policy":"refuse"})");
  ASSERT_EQ(refuse.status, 200) << refuse.body;
  EXPECT_EQ(json(refuse).at("expired_key_policy").as_string(), "refuse");
  RawResponse refused = resolve(token, "id=" + id);
  EXPECT_EQ(refused.status, 410) << refused.body;
  EXPECT_NE(refused.body.find(id), std::string::npos) << refused.body;
  EXPECT_NE(refused.body.find("Short-lived"), std::string::npos) << refused.body;
  EXPECT_EQ(refused.body.find("sk-expiring"), std::string::npos);
}

}  // namespace
}  // namespace keyward::api
