#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <atomic>
#include <thread>

#include "api/setup.h"
#include "crypto/password.h"
#include "support/api_harness.h"
#include "support/result_matchers.h"

namespace keyward::api {
namespace {

using keyward::testing::ApiHarness;
using keyward::testing::Credentials;
using keyward::testing::json;
using keyward::testing::RawResponse;
using keyward::testing::TestUser;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;

std::string cookie_token(const RawResponse& response) {
  std::string cookie = response.header("set-cookie").value_or("");
  auto start = cookie.find('=') + 1;
  return cookie.substr(start, cookie.find(';') - start);
}

Credentials credentials_from(const RawResponse& response) {
  return Credentials{cookie_token(response),
                     std::string(json(response).at("csrf_token").as_string()), false};
}

std::string login_body(const std::string& email, const std::string& password) {
  return boost::json::serialize(boost::json::object{{"email", email}, {"password", password}});
}

std::string setup_body(const std::string& token) {
  return boost::json::serialize(boost::json::object{{"token", token},
                                                    {"email", "Founder@Example.com"},
                                                    {"password", "a long enough password"},
                                                    {"name", "Founder"},
                                                    {"team_name", "Acme"}});
}

TEST(Setup, WorksExactlyOnceAndTheTokenIsUselessAfterwards) {
  ApiHarness h;
  auto token = prepare_setup(h.context(), "preset-setup-token-for-tests");
  ASSERT_THAT(token, IsOk());
  ASSERT_EQ(token->value(), "preset-setup-token-for-tests");
  EXPECT_EQ(h.request("GET", "/api/v1/setup").body, R"({"needed":true})");

  EXPECT_EQ(h.request("POST", "/api/v1/setup", {}, setup_body("wrong-token")).status, 401);
  RawResponse done = h.request("POST", "/api/v1/setup", {}, setup_body(**token));
  ASSERT_EQ(done.status, 201) << done.body;
  EXPECT_EQ(json(done).at("team").at("role"), "owner");
  EXPECT_EQ(json(done).at("user").at("email"), "founder@example.com");
  // Signed in by the same response.
  EXPECT_EQ(h.request("GET", "/api/v1/me", credentials_from(done)).status, 200);

  EXPECT_EQ(h.request("GET", "/api/v1/setup").body, R"({"needed":false})");
  RawResponse again = h.request("POST", "/api/v1/setup", {}, setup_body(**token));
  EXPECT_EQ(again.status, 409);
  // A restart does not issue a new token once a user exists.
  auto after = prepare_setup(h.context(), "");
  ASSERT_THAT(after, IsOk());
  EXPECT_FALSE(after->has_value());
}

TEST(Setup, ReportsEveryInvalidFieldWithItsMessage) {
  ApiHarness h;
  auto token = prepare_setup(h.context(), "");
  ASSERT_THAT(token, IsOk());
  ASSERT_TRUE(token->has_value());
  std::string body = boost::json::serialize(boost::json::object{{"token", **token},
                                                                {"email", "not-an-email"},
                                                                {"password", "short"},
                                                                {"name", ""},
                                                                {"team_name", 42}});
  RawResponse response = h.request("POST", "/api/v1/setup", {}, body);
  ASSERT_EQ(response.status, 422);
  std::map<std::string, std::string> fields;
  auto body_json = json(response);
  for (const auto& e : body_json.at("errors").as_array()) {
    fields[std::string(e.at("field").as_string())] = std::string(e.at("message").as_string());
  }
  EXPECT_EQ(fields["email"], "Enter a valid email address");
  EXPECT_EQ(fields["password"], "Password must be at least 12 characters");
  EXPECT_EQ(fields["name"], "Name is required");
  EXPECT_EQ(fields["team_name"], "Team name must be text");
}

TEST(Login, SetsAStrictHttpOnlyCookieAndAnswersWithTheCsrfToken) {
  ApiHarness h;
  h.make_user("ann@example.com", "Ann");
  RawResponse response = h.request("POST", "/api/v1/session", {},
                                   login_body("ANN@example.com ", ApiHarness::kTestPassword));
  ASSERT_EQ(response.status, 201) << response.body;
  std::string cookie = response.header("set-cookie").value_or("");
  EXPECT_EQ(cookie.rfind("keyward_session=", 0), 0u);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);
  EXPECT_FALSE(json(response).at("csrf_token").as_string().empty());
  EXPECT_EQ(h.request("GET", "/api/v1/me", credentials_from(response)).status, 200);
}

TEST(Login, MarksTheCookieSecureBehindTls) {
  ApiHarness h;
  h.context().auth.secure_cookies = true;
  h.make_user("ann@example.com");
  RawResponse response = h.request("POST", "/api/v1/session", {},
                                   login_body("ann@example.com", ApiHarness::kTestPassword));
  std::string cookie = response.header("set-cookie").value_or("");
  EXPECT_NE(cookie.find("; Secure"), std::string::npos);
  // The __Host- prefix: only a secure origin may set it, for Path=/ and no Domain.
  EXPECT_EQ(cookie.rfind("__Host-keyward_session=", 0), 0u) << cookie;
  EXPECT_EQ(cookie.find("Domain"), std::string::npos);
  std::string token = cookie.substr(cookie.find('=') + 1, cookie.find(';') - cookie.find('=') - 1);
  EXPECT_EQ(h.request("GET", "/api/v1/me", {}, "", {{"Cookie", "__Host-keyward_session=" + token}})
                .status,
            200);
  EXPECT_EQ(h.request("GET", "/api/v1/me", {}, "", {{"Cookie", "keyward_session=" + token}}).status,
            401)
      << "behind TLS a cookie without the prefix could have been planted";
}

TEST(Login, AnswersAWrongEmailAndAWrongPasswordIdentically) {
  ApiHarness h;
  h.make_user("ann@example.com");
  RawResponse wrong_password =
      h.request("POST", "/api/v1/session", {}, login_body("ann@example.com", "not the password!"));
  RawResponse wrong_email =
      h.request("POST", "/api/v1/session", {}, login_body("bob@example.com", "not the password!"));
  EXPECT_EQ(wrong_password.status, 401);
  EXPECT_EQ(wrong_email.status, 401);
  EXPECT_EQ(wrong_password.body, wrong_email.body);
  EXPECT_FALSE(wrong_password.header("set-cookie").has_value());
}

TEST(Login, LocksAnAccountAfterFiveFailuresEvenAgainstTheRightPassword) {
  ApiHarness h;
  h.make_user("ann@example.com");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(h.request("POST", "/api/v1/session", {},
                        login_body("ann@example.com", "guess guess " + std::to_string(i)))
                  .status,
              401);
  }
  RawResponse locked = h.request("POST", "/api/v1/session", {},
                                 login_body("ann@example.com", ApiHarness::kTestPassword));
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(locked.header("retry-after"), "900");
  h.clock().advance(minutes(15));
  EXPECT_EQ(h.request("POST", "/api/v1/session", {},
                      login_body("ann@example.com", ApiHarness::kTestPassword))
                .status,
            201);
}

TEST(Login, ThrottlesAnUnknownEmailLikeAKnownOne) {
  ApiHarness h;
  for (int i = 0; i < 5; ++i) {
    h.request("POST", "/api/v1/session", {}, login_body("ghost@example.com", "guess guess guess"));
  }
  EXPECT_EQ(h.request("POST", "/api/v1/session", {}, login_body("ghost@example.com", "x")).status,
            429);
}

// Made-up emails from one address (a proxy, an office) lock that address for accounts that
// failed themselves, not for an account with no failures of its own.
TEST(Login, AnAddressSprayingMadeUpEmailsDoesNotLockOutAnAccountWithoutFailures) {
  ApiHarness h;
  h.make_user("victim@example.com");
  for (int i = 0; i < 20; ++i) {
    h.request("POST", "/api/v1/session", {},
              login_body("user" + std::to_string(i) + "@example.com", "guess guess guess"));
  }
  RawResponse response = h.request("POST", "/api/v1/session", {},
                                   login_body("victim@example.com", ApiHarness::kTestPassword));
  EXPECT_EQ(response.status, 201) << response.body;
}

TEST(Login, ALockedAddressGetsOneGuessPerAccount) {
  ApiHarness h;
  h.make_user("victim@example.com");
  for (int i = 0; i < 20; ++i) {
    h.request("POST", "/api/v1/session", {},
              login_body("user" + std::to_string(i) + "@example.com", "guess guess guess"));
  }
  EXPECT_EQ(
      h.request("POST", "/api/v1/session", {}, login_body("victim@example.com", "a wrong guess"))
          .status,
      401);
  RawResponse second = h.request("POST", "/api/v1/session", {},
                                 login_body("victim@example.com", ApiHarness::kTestPassword));
  EXPECT_EQ(second.status, 429);
  EXPECT_TRUE(second.header("retry-after").has_value());
}

// Attempts are counted before the password check, in one write each: eight guesses sent at
// once use eight attempts, so exactly the account's five are checked and three are refused.
TEST(Login, ParallelWrongGuessesEachUseUpAnAttempt) {
  ApiHarness h;
  h.make_user("ann@example.com");
  std::atomic<int> checked{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> guessers;
  for (int i = 0; i < 8; ++i) {
    guessers.emplace_back([&] {
      int status = h.request("POST", "/api/v1/session", {},
                             login_body("ann@example.com", "guess guess guess"))
                       .status;
      if (status == 401) ++checked;
      if (status == 429) ++refused;
    });
  }
  for (auto& guesser : guessers) guesser.join();
  EXPECT_EQ(checked.load(), 5);
  EXPECT_EQ(refused.load(), 3);
}

TEST(Login, ASuccessGivesTheAddressItsAttemptBack) {
  ApiHarness h;
  h.make_user("ann@example.com");
  // Far more correct sign-ins than the address limit (20) from one address stay possible.
  for (int i = 0; i < 25; ++i) {
    ASSERT_EQ(h.request("POST", "/api/v1/session", {},
                        login_body("ann@example.com", ApiHarness::kTestPassword))
                  .status,
              201)
        << "sign-in " << i;
  }
}

TEST(Login, AFailedSignInNeverRecordsWhatWasTypedUnlessItIsAnEmail) {
  ApiHarness h;
  h.request("POST", "/api/v1/session", {}, login_body("my secret password", "x"));
  h.request("POST", "/api/v1/session", {}, login_body("Typo@Example.com", "x"));
  std::string rows;
  for (const auto& row : h.audit_rows()) rows += row + "\n";
  EXPECT_EQ(rows.find("my secret password"), std::string::npos) << rows;
  EXPECT_NE(rows.find("typo@example.com"), std::string::npos) << rows;
  auto stored = storage::read<std::optional<ThrottleState>>(h.store(), [](storage::ReadTx& tx) {
    return tx.identity().get_throttle("account:my secret password");
  });
  ASSERT_THAT(stored, IsOk());
  EXPECT_FALSE(stored->has_value()) << "the typed text is a throttle key";
}

TEST(Login, TakesTheClientAddressFromATrustedProxyOnly) {
  ApiHarness h;
  h.make_user("ann@example.com");
  auto failed_from = [&](const std::string& forwarded) {
    h.request("POST", "/api/v1/session", {}, login_body("ann@example.com", "wrong wrong"),
              {{"X-Forwarded-For", forwarded}});
    return h.database().query("SELECT ip FROM audit_events ORDER BY seq").back();
  };
  // Not trusted: the header is the client's word and is ignored.
  EXPECT_EQ(failed_from("198.51.100.7"), "127.0.0.1");
  h.context().trusted_proxies = http::parse_cidr_list("127.0.0.0/8").value();
  EXPECT_EQ(failed_from("1.2.3.4, 198.51.100.7"), "198.51.100.7");
}

TEST(Sessions, EndAfterTheIdleTimeout) {
  ApiHarness h;
  TestUser ann = h.make_user("ann@example.com");
  h.clock().advance(milliseconds(h.context().auth.session_idle_ms - 1000));
  EXPECT_EQ(h.request("GET", "/api/v1/me", ann.credentials).status, 200);  // refreshes last seen
  h.clock().advance(milliseconds(h.context().auth.session_idle_ms - 1000));
  EXPECT_EQ(h.request("GET", "/api/v1/me", ann.credentials).status, 200);
  h.clock().advance(milliseconds(h.context().auth.session_idle_ms));
  RawResponse expired = h.request("GET", "/api/v1/me", ann.credentials);
  EXPECT_EQ(expired.status, 401);
  EXPECT_NE(json(expired).at("detail").as_string().find("expired"), std::string::npos);
}

TEST(Sessions, AReadRecordsLastSeenWithTheUsageFlushNotWhileAnswering) {
  ApiHarness h;
  TestUser ann = h.make_user("ann@example.com");
  auto last_seen = [&] {
    return storage::read<std::optional<Session>>(
               h.store(),
               [&](storage::ReadTx& tx) {
                 return tx.identity().find_session(
                     crypto::hash_token(ann.credentials.session_token));
               })
        .value()
        ->last_seen_at;
  };
  std::int64_t before = last_seen();
  h.clock().advance(minutes(10));
  EXPECT_EQ(h.request("GET", "/api/v1/me", ann.credentials).status, 200);
  EXPECT_EQ(last_seen(), before) << "a read does not wait for the write lock";
  ASSERT_THAT(h.usage().flush(), IsOk());
  EXPECT_EQ(last_seen(), before + 10 * 60 * 1000);
}

TEST(Sessions, EndAtTheAbsoluteLimitHoweverBusy) {
  ApiHarness h;
  TestUser ann = h.make_user("ann@example.com");
  std::int64_t absolute = h.context().auth.session_absolute_ms;
  for (std::int64_t passed = 0; passed + 3'600'000 < absolute; passed += 3'600'000) {
    h.clock().advance(hours(1));
    ASSERT_EQ(h.request("GET", "/api/v1/me", ann.credentials).status, 200) << passed;
  }
  h.clock().advance(hours(1));
  EXPECT_EQ(h.request("GET", "/api/v1/me", ann.credentials).status, 401);
}

TEST(Sessions, LogoutEndsTheSessionAndClearsTheCookie) {
  ApiHarness h;
  TestUser ann = h.make_user("ann@example.com");
  RawResponse out = h.request("DELETE", "/api/v1/session", ann.credentials);
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.header("set-cookie")->find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(h.request("GET", "/api/v1/me", ann.credentials).status, 401);
}

TEST(Me, ListsEachTeamWithItsRoleAndPermissions) {
  ApiHarness h;
  TestUser ann = h.make_user("ann@example.com", "Ann");
  TestUser bob = h.make_user("bob@example.com", "Bob");
  std::string alpha = h.make_team("Alpha", ann.user.id);
  std::string beta = h.make_team("Beta", bob.user.id);
  h.add_member(beta, ann.user.id, Role::kViewer);
  RawResponse response = h.request("GET", "/api/v1/me", ann.credentials);
  ASSERT_EQ(response.status, 200);
  auto body = json(response);
  EXPECT_EQ(body.at("user").at("name"), "Ann");
  EXPECT_EQ(body.at("csrf_token").as_string(), ann.credentials.csrf_token);
  auto teams = body.at("teams").as_array();
  ASSERT_EQ(teams.size(), 2u);
  EXPECT_EQ(teams[0].at("id").as_string(), alpha);
  EXPECT_EQ(teams[0].at("role"), "owner");
  EXPECT_EQ(teams[0].at("permissions").as_array().size(), 11u);
  EXPECT_EQ(teams[1].at("role"), "viewer");
  EXPECT_EQ(teams[1].at("permissions"), boost::json::parse(R"(["api_keys:read","members:read"])"));
}

TEST(Teams, CreatingATeamMakesTheCallerItsOwner) {
  ApiHarness h;
  TestUser ann = h.make_user("ann@example.com");
  RawResponse created =
      h.request("POST", "/api/v1/teams", ann.credentials, R"({"name":"  New team "})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(json(created).at("name"), "New team");
  EXPECT_EQ(json(created).at("role"), "owner");
  EXPECT_EQ(created.header("location"),
            "/api/v1/teams/" + std::string(json(created).at("id").as_string()));
  EXPECT_EQ(h.request("POST", "/api/v1/teams", ann.credentials, R"({"name":""})").status, 422);
}

TEST(Teams, TheLocationOfANewTeamAnswersGetForEveryMemberAnd404ForOthers) {
  ApiHarness h;
  TestUser ann = h.make_user("ann@example.com");
  RawResponse created = h.request("POST", "/api/v1/teams", ann.credentials, R"({"name":"Acme"})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string location = created.header("location").value_or("");
  RawResponse got = h.request("GET", location, ann.credentials);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(json(got), json(created));
  EXPECT_EQ(got.header("cache-control"), "no-store");

  TestUser viewer = h.make_user("viewer@example.com");
  h.add_member(std::string(json(created).at("id").as_string()), viewer.user.id, Role::kViewer);
  RawResponse seen = h.request("GET", location, viewer.credentials);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(json(seen).at("role"), "viewer");
  EXPECT_EQ(json(seen).at("permissions"),
            boost::json::parse(R"(["api_keys:read","members:read"])"));

  TestUser outsider = h.make_user("outsider@example.com");
  EXPECT_EQ(h.request("GET", location, outsider.credentials).status, 404);
  EXPECT_EQ(h.request("GET", "/api/v1/teams/not-a-uuid", ann.credentials).status, 404);
  EXPECT_EQ(h.request("GET", location).status, 401);
}

TEST(Unauthorized, EveryAnswer401CarriesWwwAuthenticate) {
  ApiHarness h;
  TestUser ann = h.make_user("ann@example.com");
  std::string team = h.make_team("Acme", ann.user.id);
  Credentials bad_cookie{"not-a-session", "", false};
  Credentials bad_bearer{"not-a-session", "", true};
  std::vector<RawResponse> answers = {
      h.request("GET", "/api/v1/me"),
      h.request("GET", "/api/v1/me", bad_cookie),
      h.request("GET", "/api/v1/me", bad_bearer),
      h.request("GET", "/api/v1/teams/" + team + "/api-keys", bad_cookie),
      h.request("POST", "/api/v1/session", {}, R"({"email":"ann@example.com","password":"wrong"})"),
      h.request("GET", "/api/v1/resolve?type=openai"),
      h.request("GET", "/api/v1/resolve?type=openai", {}, "",
                {{"Authorization", "Bearer kw_st_unknown"}}),
  };
  for (const auto& answer : answers) {
    EXPECT_EQ(answer.status, 401) << answer.body;
    EXPECT_EQ(answer.header("www-authenticate"), "Bearer realm=\"keyward\"") << answer.body;
  }
}

class Members : public ::testing::Test {
 protected:
  void SetUp() override {
    owner = h.make_user("owner@example.com", "Olive Owner");
    team = h.make_team("Acme", owner.user.id);
  }
  RawResponse invite(const Credentials& as, const std::string& email, const std::string& role) {
    return h.request("POST", "/api/v1/teams/" + team + "/invitations", as,
                     boost::json::serialize(boost::json::object{{"email", email}, {"role", role}}));
  }
  std::string members_path(const std::string& user_id = "") {
    return "/api/v1/teams/" + team + "/members" + (user_id.empty() ? "" : "/" + user_id);
  }
  ApiHarness h;
  TestUser owner;
  std::string team;
};

TEST_F(Members, AnInvitedNewcomerJoinsWithTheRoleAndIsSignedIn) {
  RawResponse invitation = invite(owner.credentials, "New.Person@example.com", "developer");
  ASSERT_EQ(invitation.status, 201) << invitation.body;
  auto body = json(invitation);
  std::string token(body.at("token").as_string());
  EXPECT_NE(std::string(body.at("url").as_string()).find("#token=" + token), std::string::npos);
  EXPECT_FALSE(body.at("expires_at").as_string().empty());

  RawResponse accepted = h.request("POST", "/api/v1/invitations/" + token + "/accept", {},
                                   R"({"name":"New Person","password":"newcomer password"})");
  ASSERT_EQ(accepted.status, 201) << accepted.body;
  EXPECT_EQ(json(accepted).at("role"), "developer");
  RawResponse me = h.request("GET", "/api/v1/me", credentials_from(accepted));
  EXPECT_EQ(json(me).at("teams").as_array()[0].at("role"), "developer");
  // The link works once.
  EXPECT_EQ(h.request("POST", "/api/v1/invitations/" + token + "/accept", {},
                      R"({"name":"Again","password":"newcomer password"})")
                .status,
            404);
  // The newcomer can sign in with the password they chose.
  EXPECT_EQ(h.request("POST", "/api/v1/session", {},
                      login_body("new.person@example.com", "newcomer password"))
                .status,
            201);
}

TEST_F(Members, AnExistingUserAcceptsWithTheirPasswordOnly) {
  TestUser bob = h.make_user("bob@example.com", "Bob");
  std::string token(
      json(invite(owner.credentials, "bob@example.com", "viewer")).at("token").as_string());
  EXPECT_EQ(h.request("POST", "/api/v1/invitations/" + token + "/accept", {},
                      R"({"password":"not bobs password"})")
                .status,
            401);
  RawResponse accepted = h.request(
      "POST", "/api/v1/invitations/" + token + "/accept", {},
      boost::json::serialize(boost::json::object{{"password", ApiHarness::kTestPassword}}));
  ASSERT_EQ(accepted.status, 201) << accepted.body;
  EXPECT_EQ(json(accepted).at("user").at("id").as_string(), bob.user.id);
}

TEST_F(Members, AcceptingAsAnExistingUserIsThrottledLikeSignIn) {
  h.make_user("bob@example.com", "Bob");
  std::string token(
      json(invite(owner.credentials, "bob@example.com", "viewer")).at("token").as_string());
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(h.request("POST", "/api/v1/invitations/" + token + "/accept", {},
                        R"({"password":"guess guess guess"})")
                  .status,
              401);
  }
  RawResponse locked = h.request(
      "POST", "/api/v1/invitations/" + token + "/accept", {},
      boost::json::serialize(boost::json::object{{"password", ApiHarness::kTestPassword}}));
  EXPECT_EQ(locked.status, 429);
  EXPECT_TRUE(locked.header("retry-after").has_value());
  // And sign-in counts the same failures.
  EXPECT_EQ(h.request("POST", "/api/v1/session", {},
                      login_body("bob@example.com", ApiHarness::kTestPassword))
                .status,
            429);
}

TEST_F(Members, ParallelWrongPasswordsOnAnInvitationEachUseUpAnAttempt) {
  h.make_user("bob@example.com", "Bob");
  std::string token(
      json(invite(owner.credentials, "bob@example.com", "viewer")).at("token").as_string());
  std::atomic<int> checked{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> guessers;
  for (int i = 0; i < 8; ++i) {
    guessers.emplace_back([&] {
      int status = h.request("POST", "/api/v1/invitations/" + token + "/accept", {},
                             R"({"password":"guess guess guess"})")
                       .status;
      if (status == 401) ++checked;
      if (status == 429) ++refused;
    });
  }
  for (auto& guesser : guessers) guesser.join();
  EXPECT_EQ(checked.load(), 5);
  EXPECT_EQ(refused.load(), 3);
}

RawResponse accept_as_newcomer(ApiHarness& h, const std::string& token) {
  return h.request("POST", "/api/v1/invitations/" + token + "/accept", {},
                   R"({"name":"New Person","password":"a newcomer password"})");
}

TEST_F(Members, TheInvitationListSaysNoStoreOnce) {
  ASSERT_EQ(invite(owner.credentials, "someone@example.com", "viewer").status, 201);
  RawResponse listed =
      h.request("GET", "/api/v1/teams/" + team + "/invitations", owner.credentials);
  ASSERT_EQ(listed.status, 200);
  int cache_control = 0;
  for (const auto& [name, value] : listed.headers) {
    if (name == "cache-control") {
      cache_control += 1;
      EXPECT_EQ(value, "no-store");
    }
  }
  EXPECT_EQ(cache_control, 1);
}

TEST_F(Members, PendingInvitationsAreListedWithoutTokensAndCanBeRevoked) {
  RawResponse invited = invite(owner.credentials, "later@example.com", "developer");
  ASSERT_EQ(invited.status, 201);
  std::string token(json(invited).at("token").as_string());
  std::string id(json(invited).at("id").as_string());
  RawResponse listed =
      h.request("GET", "/api/v1/teams/" + team + "/invitations", owner.credentials);
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.body.find(token), std::string::npos) << "the token was listed";
  boost::json::value listing = json(listed);
  const auto& item = listing.at("items").at(0);
  EXPECT_EQ(item.at("email"), "later@example.com");
  EXPECT_EQ(item.at("role"), "developer");
  EXPECT_EQ(item.at("invited_by"), boost::json::value(owner.user.id));
  ASSERT_EQ(
      h.request("DELETE", "/api/v1/teams/" + team + "/invitations/" + id, owner.credentials).status,
      204);
  EXPECT_EQ(json(h.request("GET", "/api/v1/teams/" + team + "/invitations", owner.credentials))
                .at("items")
                .as_array()
                .size(),
            0u);
  EXPECT_EQ(accept_as_newcomer(h, token).status, 404);
  EXPECT_NE(h.audit_rows().back().find("invitation.revoked|"), std::string::npos);
}

// An admin invites a second address, is removed, and accepts that invitation: refused.
TEST_F(Members, AnInvitationDiesWhenItsInviterLeaves) {
  TestUser admin = h.make_user("admin@example.com");
  h.add_member(team, admin.user.id, Role::kAdmin);
  std::string token(
      json(invite(admin.credentials, "admins.other@example.com", "admin")).at("token").as_string());
  ASSERT_EQ(h.request("DELETE", members_path(admin.user.id), owner.credentials).status, 204);
  EXPECT_EQ(accept_as_newcomer(h, token).status, 404);
}

TEST_F(Members, AnOwnerInvitationDiesWhenItsInviterIsDemoted) {
  TestUser co_owner = h.make_user("co.owner@example.com");
  h.add_member(team, co_owner.user.id, Role::kOwner);
  std::string token(
      json(invite(co_owner.credentials, "heir@example.com", "owner")).at("token").as_string());
  ASSERT_EQ(
      h.request("PATCH", members_path(co_owner.user.id), owner.credentials, R"({"role":"admin"})")
          .status,
      200);
  EXPECT_EQ(accept_as_newcomer(h, token).status, 404);
}

TEST_F(Members, InvitingTheSameEmailAgainReplacesThePendingInvitation) {
  std::string first(
      json(invite(owner.credentials, "twice@example.com", "viewer")).at("token").as_string());
  std::string second(
      json(invite(owner.credentials, "twice@example.com", "developer")).at("token").as_string());
  EXPECT_EQ(json(h.request("GET", "/api/v1/teams/" + team + "/invitations", owner.credentials))
                .at("items")
                .as_array()
                .size(),
            1u);
  EXPECT_EQ(accept_as_newcomer(h, first).status, 404);
  RawResponse joined = accept_as_newcomer(h, second);
  ASSERT_EQ(joined.status, 201) << joined.body;
  EXPECT_EQ(json(joined).at("role"), "developer");
}

TEST_F(Members, AnAdminCannotRevokeAnOwnerInvitation) {
  TestUser admin = h.make_user("admin@example.com");
  h.add_member(team, admin.user.id, Role::kAdmin);
  std::string id(json(invite(owner.credentials, "heir@example.com", "owner")).at("id").as_string());
  EXPECT_EQ(
      h.request("DELETE", "/api/v1/teams/" + team + "/invitations/" + id, admin.credentials).status,
      403);
}

TEST_F(Members, AnExpiredInvitationIsRefused) {
  std::string token(
      json(invite(owner.credentials, "late@example.com", "viewer")).at("token").as_string());
  h.clock().advance(milliseconds(h.context().auth.invitation_ttl_ms + 1));
  EXPECT_EQ(h.request("POST", "/api/v1/invitations/" + token + "/accept", {},
                      R"({"name":"Late","password":"late password 1"})")
                .status,
            404);
}

TEST_F(Members, InvitingAnExistingMemberIsAConflict) {
  EXPECT_EQ(invite(owner.credentials, "owner@example.com", "viewer").status, 409);
}

TEST_F(Members, OnlyAnOwnerMayGrantOrTakeTheOwnerRole) {
  TestUser admin = h.make_user("admin@example.com");
  h.add_member(team, admin.user.id, Role::kAdmin);
  TestUser dev = h.make_user("dev@example.com");
  h.add_member(team, dev.user.id, Role::kDeveloper);
  EXPECT_EQ(invite(admin.credentials, "x@example.com", "owner").status, 403);
  EXPECT_EQ(invite(admin.credentials, "x@example.com", "admin").status, 201);
  EXPECT_EQ(h.request("PATCH", members_path(dev.user.id), admin.credentials, R"({"role":"owner"})")
                .status,
            403);
  EXPECT_EQ(
      h.request("PATCH", members_path(admin.user.id), admin.credentials, R"({"role":"owner"})")
          .status,
      403);
  EXPECT_EQ(h.request("DELETE", members_path(owner.user.id), admin.credentials).status, 403);
  EXPECT_EQ(h.request("PATCH", members_path(dev.user.id), admin.credentials, R"({"role":"viewer"})")
                .status,
            200);
  EXPECT_EQ(h.request("PATCH", members_path(dev.user.id), owner.credentials, R"({"role":"owner"})")
                .status,
            200);
}

TEST_F(Members, TheLastOwnerCanBeNeitherDemotedNorRemoved) {
  EXPECT_EQ(
      h.request("PATCH", members_path(owner.user.id), owner.credentials, R"({"role":"admin"})")
          .status,
      409);
  EXPECT_EQ(h.request("DELETE", members_path(owner.user.id), owner.credentials).status, 409);
  TestUser second = h.make_user("second@example.com");
  h.add_member(team, second.user.id, Role::kOwner);
  EXPECT_EQ(h.request("DELETE", members_path(owner.user.id), second.credentials).status, 204);
  RawResponse list = h.request("GET", members_path(), second.credentials);
  ASSERT_EQ(json(list).at("items").as_array().size(), 1u);
  EXPECT_EQ(
      h.request("PATCH", members_path(second.user.id), second.credentials, R"({"role":"viewer"})")
          .status,
      409);
}

TEST_F(Members, RejectsAnUnknownRoleWithAFieldMessage) {
  RawResponse response = invite(owner.credentials, "x@example.com", "superuser");
  ASSERT_EQ(response.status, 422);
  EXPECT_EQ(json(response).at("errors").as_array()[0].at("field"), "role");
}

TEST_F(Members, AuditRecordsEveryStepWithoutASecret) {
  RawResponse invitation = invite(owner.credentials, "carol@example.com", "developer");
  std::string token(json(invitation).at("token").as_string());
  RawResponse accepted = h.request("POST", "/api/v1/invitations/" + token + "/accept", {},
                                   R"({"name":"Carol","password":"carols secret pw"})");
  std::string carol(json(accepted).at("user").at("id").as_string());
  h.request("PATCH", members_path(carol), owner.credentials, R"({"role":"viewer"})");
  h.request("DELETE", members_path(carol), owner.credentials);
  h.request("POST", "/api/v1/session", {}, login_body("owner@example.com", "wrong password!!"));
  RawResponse login = h.request("POST", "/api/v1/session", {},
                                login_body("owner@example.com", ApiHarness::kTestPassword));
  h.request("DELETE", "/api/v1/session", credentials_from(login));

  std::vector<std::string> actions;
  for (const auto& row : h.audit_rows()) {
    actions.push_back(row.substr(0, row.find('|')));
    for (const std::string& secret :
         {token, std::string("carols secret pw"), std::string(ApiHarness::kTestPassword),
          std::string("wrong password!!"), cookie_token(login), owner.credentials.csrf_token}) {
      EXPECT_EQ(row.find(secret), std::string::npos) << "secret in audit row: " << row;
    }
  }
  EXPECT_EQ(actions,
            (std::vector<std::string>{"member.invited", "member.joined", "session.created",
                                      "member.role_changed", "member.removed", "session.failed",
                                      "session.created", "session.deleted"}));
}

}  // namespace
}  // namespace keyward::api

namespace keyward::api {
namespace {

TEST(Login, ABurstOfLoginsDoesNotHoldUpOtherRequests) {
  ApiHarness h;
  h.make_user("ann@example.com");
  constexpr int kLogins = 16;
  std::atomic<int> finished{0};
  std::vector<std::thread> logins;
  for (int i = 0; i < kLogins; ++i) {
    logins.emplace_back([&] {
      h.request("POST", "/api/v1/session", {},
                login_body("ann@example.com", ApiHarness::kTestPassword));
      ++finished;
    });
  }
  // Wait until the hashing has surely begun, then ask for something cheap.
  while (h.context().metrics->open_connections() < 4) std::this_thread::yield();
  RawResponse health = h.request("GET", "/healthz");
  int done_when_answered = finished.load();
  for (auto& thread : logins) thread.join();
  EXPECT_EQ(health.status, 200);
  // 16 argon2id hashes on the CPU pool are far from done when /healthz has been answered.
  EXPECT_LT(done_when_answered, kLogins);
}

}  // namespace
}  // namespace keyward::api
