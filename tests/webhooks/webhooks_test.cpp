#include "webhooks/deliverer.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "audit/record.h"
#include "http/router.h"
#include "support/api_harness.h"
#include "support/test_database.h"
#include "webhooks/endpoints.h"
#include "webhooks/outbox.h"
#include "webhooks/signing.h"

namespace keyward::webhooks {
namespace {

using keyward::testing::ApiHarness;
using keyward::testing::json;
using keyward::testing::key_body;
using keyward::testing::RawResponse;
using keyward::testing::TestServer;
using keyward::testing::TestUser;
using std::chrono::hours;
using std::chrono::seconds;

// A webhook receiver on loopback that answers each POST with `status` and keeps what it got.
struct Receiver {
  struct Received {
    std::string id;
    std::string timestamp;
    std::string signature;
    std::string body;
  };
  Receiver() {
    http::Router router;
    router.add(
        http::Method::kPost, "/hook",
        [this](http::Request& r) {
          std::lock_guard lock(mutex);
          received.push_back({std::string(r.header("webhook-id").value_or("")),
                              std::string(r.header("webhook-timestamp").value_or("")),
                              std::string(r.header("webhook-signature").value_or("")), r.body});
          http::Response response;
          response.status = status;
          if (status == 302) response.set_header("Location", "https://example.com/elsewhere");
          return response;
        },
        {.executor = http::Executor::kBlocking});
    server = std::make_unique<TestServer>(std::move(router));
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server->port()) + "/hook"; }
  std::vector<Received> got() {
    std::lock_guard lock(mutex);
    return received;
  }
  std::mutex mutex;
  int status = 204;
  std::vector<Received> received;
  std::unique_ptr<TestServer> server;
};

class Webhooks : public ::testing::Test {
 protected:
  void SetUp() override {
    owner = h.make_user("owner@example.com");
    team = h.make_team("Acme", owner.user.id);
    h.context().webhooks_allow_loopback = true;
    deliverer.set_jitter([] { return 0.0; });
  }
  // A fresh session: tests move the clock by days, past any session's life.
  keyward::testing::Credentials me() { return h.make_session(owner.user.id); }
  std::string base() const { return "/api/v1/teams/" + team + "/webhooks"; }
  RawResponse create(const std::string& body) { return h.request("POST", base(), me(), body); }
  // An endpoint for `types_json` at the receiver; returns {id, secret}.
  std::pair<std::string, std::string> endpoint(const std::string& types_json) {
    RawResponse made = create(R"({"url":")" + receiver.url() + R"(","event_types":)" + types_json +
                              R"(,"description":"Ops"})");
    EXPECT_EQ(made.status, 201) << made.body;
    auto body = json(made);
    return {std::string(body.at("id").as_string()), std::string(body.at("secret").as_string())};
  }
  boost::json::array deliveries(const std::string& id) {
    RawResponse list = h.request("GET", base() + "/" + id + "/deliveries", me());
    EXPECT_EQ(list.status, 200) << list.body;
    return json(list).at("items").as_array();
  }
  std::string add_key(const std::string& description) {
    RawResponse made = h.request("POST", "/api/v1/teams/" + team + "/api-keys", me(),
                                 R"({"type":"openai","description":")" + description +
                                     R"(","key":"sk-secret-plaintext-)" + description +
                                     R"(","labels":["env:prod"]})");
    EXPECT_EQ(made.status, 201) << made.body;
    return std::string(json(made).at("id").as_string());
  }

  ApiHarness h;
  Receiver receiver;
  TestUser owner;
  std::string team;
  static DeliveryOptions loopback_allowed() {
    DeliveryOptions options;
    options.allow_loopback = true;
    return options;
  }
  Deliverer deliverer{h.store(), *h.context().team_keys, h.clock(), loopback_allowed()};
};

TEST_F(Webhooks, CreationShowsTheSecretOnceAndNeverAgain) {
  RawResponse made = create(R"({"url":")" + receiver.url() +
                            R"(","event_types":["api_key.created","api_key.created"]})");
  ASSERT_EQ(made.status, 201) << made.body;
  auto body = json(made);
  std::string secret(body.at("secret").as_string());
  EXPECT_EQ(secret.rfind("whsec_", 0), 0u);
  EXPECT_EQ(body.at("event_types"), boost::json::parse(R"(["api_key.created"])"));
  EXPECT_EQ(body.at("enabled"), true);
  EXPECT_TRUE(body.at("disabled_reason").is_null());
  EXPECT_EQ(made.header("cache-control"), "no-store");
  std::string id(body.at("id").as_string());
  RawResponse list = h.request("GET", base(), me());
  RawResponse one = h.request("GET", base() + "/" + id, me());
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(list.body.find(secret.substr(6)), std::string::npos);
  EXPECT_EQ(one.body.find(secret.substr(6)), std::string::npos);
  EXPECT_FALSE(json(one).contains("secret"));
  for (const auto& row : h.audit_rows()) EXPECT_EQ(row.find(secret.substr(6)), std::string::npos);
}

TEST_F(Webhooks, RefusesUrlsEventTypesAndDescriptionsThatAreNotValid) {
  auto field_of = [&](const std::string& body) {
    RawResponse r = create(body);
    EXPECT_EQ(r.status, 422) << body << " -> " << r.body;
    if (r.status != 422) return std::string();
    return std::string(json(r).at("errors").as_array().at(0).at("field").as_string());
  };
  const std::string types = R"(,"event_types":["api_key.created"]})";
  h.context().webhooks_allow_loopback = false;
  EXPECT_EQ(field_of(R"({"url":"http://example.com/hook")" + types), "url");
  EXPECT_EQ(field_of(R"({"url":")" + receiver.url() + "\"" + types), "url")
      << "plain http to loopback needs the operator setting";
  for (const char* inside :
       {"https://127.0.0.1/hook", "https://10.0.0.1/hook", "https://169.254.169.254/latest",
        "https://[::1]/hook", "https://localhost/hook"}) {
    EXPECT_EQ(field_of(std::string(R"({"url":")") + inside + "\"" + types), "url") << inside;
  }
  EXPECT_EQ(field_of(R"({"url":"https://user:pw@example.com/hook")" + types), "url");
  EXPECT_EQ(field_of(R"({"url":"ftp://example.com/hook")" + types), "url");
  EXPECT_EQ(field_of(R"({"url":"https://example.com/)" + std::string(2050, 'a') + "\"" + types),
            "url");
  EXPECT_EQ(field_of(R"({"url":"https://example.com/hook","event_types":[]})"), "event_types");
  EXPECT_EQ(field_of(R"({"url":"https://example.com/hook"})"), "event_types");
  EXPECT_EQ(field_of(R"({"url":"https://example.com/hook","event_types":["session.created"]})"),
            "event_types");
  EXPECT_EQ(field_of(R"({"url":"https://example.com/hook","event_types":["api_key.stolen"]})"),
            "event_types");
  EXPECT_EQ(field_of(R"({"url":"https://example.com/hook","description":")" +
                     std::string(201, 'd') + R"(","event_types":["api_key.created"]})"),
            "description");
  EXPECT_EQ(create(R"({"url":"https://example.com/hook","event_types":["webhook.test"]})").status,
            201);
  h.context().webhooks_allow_loopback = true;
  EXPECT_EQ(create(R"({"url":")" + receiver.url() + "\"" + types).status, 201);
}

TEST_F(Webhooks, DevelopersAreForbiddenAndOtherTeamsSeeNotFound) {
  auto [id, secret] = endpoint(R"(["webhook.test"])");
  TestUser developer = h.make_user("dev@example.com");
  h.add_member(team, developer.user.id, Role::kDeveloper);
  EXPECT_EQ(h.request("GET", base(), developer.credentials).status, 403);
  EXPECT_EQ(h.request("POST", base(), developer.credentials,
                      R"({"url":"https://example.com","event_types":["webhook.test"]})")
                .status,
            403);
  TestUser admin = h.make_user("admin@example.com");
  h.add_member(team, admin.user.id, Role::kAdmin);
  EXPECT_EQ(h.request("GET", base() + "/" + id, admin.credentials).status, 200);

  TestUser stranger = h.make_user("other@example.com");
  std::string other = h.make_team("Other", stranger.user.id);
  EXPECT_EQ(h.request("GET", base(), stranger.credentials).status, 404);
  const std::string theirs = "/api/v1/teams/" + other + "/webhooks/" + id;
  EXPECT_EQ(h.request("GET", theirs, stranger.credentials).status, 404);
  EXPECT_EQ(h.request("PATCH", theirs, stranger.credentials, R"({"enabled":false})").status, 404);
  EXPECT_EQ(h.request("DELETE", theirs, stranger.credentials).status, 404);
  EXPECT_EQ(h.request("POST", theirs + "/test", stranger.credentials).status, 404);
  EXPECT_EQ(h.request("GET", theirs + "/deliveries", stranger.credentials).status, 404);
}

TEST_F(Webhooks, AChangeIsDeliveredSignedWithTheKeysTypeAndLabelsButNeverItsSecret) {
  auto [id, secret] = endpoint(R"(["api_key.created","api_key.updated"])");
  std::string key_id = add_key("Prod");
  auto attempted = deliverer.run_once();
  ASSERT_TRUE(attempted.ok()) << attempted.error().internal;
  EXPECT_EQ(*attempted, 1);
  auto got = receiver.got();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].id.rfind("msg_", 0), 0u);
  EXPECT_EQ(got[0].body.find("sk-secret-plaintext"), std::string::npos);
  EXPECT_EQ(got[0].body.find("whsec_"), std::string::npos);
  EXPECT_EQ(sign(secret, got[0].id, std::stoll(got[0].timestamp), got[0].body), got[0].signature);
  EXPECT_EQ(std::stoll(got[0].timestamp), h.clock().now_ms() / 1000);
  auto body = boost::json::parse(got[0].body).as_object();
  EXPECT_EQ(body.at("type"), "api_key.created");
  const auto& data = body.at("data").as_object();
  EXPECT_EQ(data.at("team_id"), team.c_str());
  EXPECT_EQ(data.at("target_id"), key_id.c_str());
  EXPECT_EQ(data.at("actor").at("id"), owner.user.id.c_str());
  EXPECT_EQ(data.at("api_key").at("type"), "openai");
  EXPECT_EQ(data.at("api_key").at("labels"), boost::json::parse(R"(["env:prod"])"));
  auto log = deliveries(id);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].at("status"), "succeeded");
  EXPECT_EQ(log[0].at("attempts"), 1);
  EXPECT_EQ(log[0].at("last_status_code"), 204);
  EXPECT_EQ(log[0].at("event_type"), "api_key.created");
  EXPECT_TRUE(log[0].at("next_attempt_at").is_null());
  EXPECT_EQ(*deliverer.run_once(), 0) << "nothing is sent twice";
}

TEST_F(Webhooks, OnlySubscribedEventsOfTheTeamAreQueued) {
  auto [id, secret] = endpoint(R"(["api_key.deleted"])");
  add_key("Unsubscribed");
  EXPECT_EQ(*deliverer.run_once(), 0);
  EXPECT_TRUE(deliveries(id).empty());
}

TEST_F(Webhooks, ARolledBackChangeQueuesNothing) {
  auto [id, secret] = endpoint(R"(["api_key.created"])");
  Actor actor = Actor::member(owner.user.id, team, Role::kOwner);
  auto status = h.store().write([&](storage::WriteTx& tx) -> Status {
    KW_TRY_STATUS(audit::record(tx, actor, audit::EventName::kApiKeyCreated, h.clock().now_ms(),
                                std::string("no-such-key")));
    return Error::make(ErrorCode::kConflict, "the change fails after its audit event");
  });
  EXPECT_FALSE(status.ok());
  EXPECT_TRUE(deliveries(id).empty());
  EXPECT_EQ(*deliverer.run_once(), 0);
  EXPECT_TRUE(receiver.got().empty());
}

TEST_F(Webhooks, FailedAttemptsRetryOnTheScheduleAndFailAfterADay) {
  receiver.status = 500;
  auto [id, secret] = endpoint(R"(["webhook.test"])");
  ASSERT_EQ(h.request("POST", base() + "/" + id + "/test", me()).status, 202);
  EXPECT_EQ(*deliverer.run_once(), 1);
  auto log = deliveries(id);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].at("status"), "pending");
  EXPECT_EQ(log[0].at("last_status_code"), 500);
  EXPECT_EQ(log[0].at("next_attempt_at"), format_rfc3339(h.clock().now_ms() + 5'000).c_str());
  EXPECT_FALSE(json(h.request("GET", base() + "/" + id, me())).at("failing_since").is_null());
  EXPECT_EQ(*deliverer.run_once(), 0) << "not due yet";
  h.clock().advance(seconds(5));
  EXPECT_EQ(*deliverer.run_once(), 1);
  EXPECT_EQ(deliveries(id)[0].at("attempts"), 2);
  int attempts = 2;
  for (int i = 0; i < 40 && deliveries(id)[0].at("status") == "pending"; ++i) {
    h.clock().advance(hours(1));
    attempts += *deliverer.run_once();
  }
  log = deliveries(id);
  EXPECT_EQ(log[0].at("status"), "failed");
  EXPECT_EQ(log[0].at("attempts"), attempts);
  EXPECT_FALSE(log[0].at("finished_at").is_null());
  EXPECT_EQ(receiver.got().size(), static_cast<std::size_t>(attempts));
  EXPECT_EQ(*deliverer.run_once(), 0);
}

TEST_F(Webhooks, AnEndpointFailingForThreeDaysIsDisabledUntilReEnabled) {
  receiver.status = 503;
  auto [id, secret] = endpoint(R"(["webhook.test"])");
  ASSERT_EQ(h.request("POST", base() + "/" + id + "/test", me()).status, 202);
  EXPECT_EQ(*deliverer.run_once(), 1);
  h.clock().advance(hours(71));
  EXPECT_EQ(*deliverer.run_once(), 1);
  EXPECT_EQ(json(h.request("GET", base() + "/" + id, me())).at("enabled"), true);
  ASSERT_EQ(h.request("POST", base() + "/" + id + "/test", me()).status, 202);
  h.clock().advance(hours(1));
  EXPECT_EQ(*deliverer.run_once(), 1);
  auto shown = json(h.request("GET", base() + "/" + id, me()));
  EXPECT_EQ(shown.at("enabled"), false);
  EXPECT_EQ(shown.at("disabled_reason"), "failing for 3 days");
  h.clock().advance(hours(1));
  EXPECT_EQ(*deliverer.run_once(), 0) << "a disabled endpoint gets nothing";

  receiver.status = 200;
  RawResponse enabled = h.request("PATCH", base() + "/" + id, me(), R"({"enabled":true})");
  ASSERT_EQ(enabled.status, 200) << enabled.body;
  EXPECT_TRUE(json(enabled).at("disabled_reason").is_null());
  EXPECT_TRUE(json(enabled).at("failing_since").is_null());
  EXPECT_EQ(*deliverer.run_once(), 1) << "the waiting delivery goes out";
  EXPECT_EQ(deliveries(id)[0].at("status"), "succeeded");
}

TEST_F(Webhooks, AnEndpointsDeliveriesGoOutOneAtATimeInEventOrder) {
  receiver.status = 500;
  auto [id, secret] = endpoint(R"(["api_key.created"])");
  add_key("First");
  add_key("Second");
  EXPECT_EQ(*deliverer.run_once(), 1) << "the second waits for the first";
  h.clock().advance(seconds(5));
  receiver.status = 200;
  EXPECT_EQ(*deliverer.run_once(), 1);
  EXPECT_EQ(*deliverer.run_once(), 1);
  auto got = receiver.got();
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].id, got[1].id) << "the retry is the same message";
  EXPECT_NE(got[1].id, got[2].id);
  EXPECT_NE(got[1].body.find("First"), std::string::npos);
  EXPECT_NE(got[2].body.find("Second"), std::string::npos);
}

TEST_F(Webhooks, RedeliverSendsTheSameEventAgainUnderTheSameId) {
  auto [id, secret] = endpoint(R"(["webhook.test"])");
  ASSERT_EQ(h.request("POST", base() + "/" + id + "/test", me()).status, 202);
  EXPECT_EQ(*deliverer.run_once(), 1);
  std::string delivery(deliveries(id)[0].at("id").as_string());
  RawResponse again =
      h.request("POST", base() + "/" + id + "/deliveries/" + delivery + "/redeliver", me());
  ASSERT_EQ(again.status, 202) << again.body;
  EXPECT_EQ(json(again).at("status"), "pending");
  EXPECT_EQ(*deliverer.run_once(), 1);
  auto got = receiver.got();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].id, got[1].id);
  EXPECT_EQ(got[0].body, got[1].body);
  RawResponse page = h.request("GET", base() + "/" + id + "/deliveries?page=1&page_size=1", me());
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(json(page).at("total"), 2);
  EXPECT_EQ(json(page).at("items").as_array()[0].at("id"), json(again).at("id"));
  EXPECT_EQ(h.request("POST", base() + "/" + id + "/deliveries/nope/redeliver", me()).status, 404);
}

TEST_F(Webhooks, ARedirectIsAFailureAndIsNotFollowed) {
  receiver.status = 302;
  auto [id, secret] = endpoint(R"(["webhook.test"])");
  ASSERT_EQ(h.request("POST", base() + "/" + id + "/test", me()).status, 202);
  EXPECT_EQ(*deliverer.run_once(), 1);
  auto log = deliveries(id);
  EXPECT_EQ(log[0].at("status"), "pending");
  EXPECT_EQ(log[0].at("last_status_code"), 302);
  EXPECT_NE(std::string(log[0].at("last_error").as_string()).find("Redirect"), std::string::npos);
  EXPECT_EQ(receiver.got().size(), 1u);
}

// Stored straight into the database (the API refuses these URLs), as a name that resolves
// inside would look by the time it is dialled.
TEST_F(Webhooks, InternalAddressesAreRefusedAtConnectTimeWithoutTheLoopbackSetting) {
  Deliverer strict{h.store(), *h.context().team_keys, h.clock(), DeliveryOptions{}};
  const std::string port = std::to_string(receiver.server->port());
  std::vector<std::string> ids;
  for (const std::string& url : std::vector<std::string>{
           "http://127.0.0.1:" + port + "/hook", "https://10.0.0.1/hook",
           "https://169.254.169.254/latest/meta-data", "https://[::1]:" + port + "/hook",
           "http://localhost:" + port + "/hook"}) {
    auto [id, secret] = endpoint(R"(["webhook.test"])");
    auto status = h.store().write([&](storage::WriteTx& tx) -> Status {
      KW_TRY(found, tx.webhooks().find_endpoint(team, id));
      WebhookEndpoint changed = *found;
      changed.url = url;
      KW_TRY_STATUS(tx.webhooks().update_endpoint(changed));
      return ok_status();
    });
    ASSERT_TRUE(status.ok());
    ASSERT_EQ(h.request("POST", base() + "/" + id + "/test", me()).status, 202);
    ids.push_back(id);
  }
  EXPECT_EQ(*strict.run_once(), 5);
  EXPECT_TRUE(receiver.got().empty());
  for (const auto& id : ids) {
    auto log = deliveries(id);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].at("status"), "pending");
    EXPECT_TRUE(log[0].at("last_status_code").is_null());
    EXPECT_NE(std::string(log[0].at("last_error").as_string()).find("not allowed"),
              std::string::npos)
        << log[0].at("last_error");
  }
}

TEST_F(Webhooks, ManagementIsAuditedAndDeletingRemovesTheLog) {
  auto [id, secret] = endpoint(R"(["webhook.test"])");
  ASSERT_EQ(h.request("PATCH", base() + "/" + id, me(),
                      R"({"description":"Renamed","event_types":["webhook.test","member.joined"]})")
                .status,
            200);
  RawResponse bad = h.request("PATCH", base() + "/" + id, me(), R"({"url":"x"})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(h.request("PATCH", base() + "/" + id, me(), "{}").status, 400);
  EXPECT_EQ(h.request("DELETE", base() + "/" + id, me()).status, 204);
  EXPECT_EQ(h.request("GET", base() + "/" + id, me()).status, 404);
  std::vector<std::string> actions;
  for (const auto& row : h.audit_rows()) {
    if (row.rfind("webhook.", 0) == 0) actions.push_back(row.substr(0, row.find('|')));
  }
  EXPECT_EQ(actions,
            (std::vector<std::string>{"webhook.created", "webhook.updated", "webhook.deleted"}));
}

}  // namespace
}  // namespace keyward::webhooks

namespace keyward::webhooks {
namespace {

using keyward::testing::TestDatabase;

// Two endpoints of one team, each with one due delivery, written straight to the store.
void two_due_deliveries(ApiHarness& h, const std::string& team, std::int64_t now) {
  auto done = h.store().write([&](storage::WriteTx& tx) -> Status {
    for (const char* id : {"e1", "e2"}) {
      WebhookEndpoint endpoint;
      endpoint.id = id;
      endpoint.team_id = team;
      endpoint.url = "https://hooks.example.com/" + std::string(id);
      endpoint.event_types = {"webhook.test"};
      endpoint.secret_ciphertext = "x";
      endpoint.secret_nonce = "y";
      endpoint.created_at = endpoint.updated_at = now;
      KW_TRY_STATUS(tx.webhooks().insert_endpoint(endpoint));
      WebhookEvent event{std::string("msg_") + id, team, "webhook.test", "{}", now};
      KW_TRY_STATUS(tx.webhooks().insert_event(event));
      KW_TRY_STATUS(tx.webhooks().insert_delivery(new_delivery(id, event.id, now)));
    }
    return ok_status();
  });
  ASSERT_TRUE(done.ok()) << done.error().internal;
}

using Claimed = std::vector<storage::ClaimedDelivery>;

TEST(WebhookClaims, TwoServersClaimingAtOnceNeverShareADelivery) {
  ApiHarness h;
  auto owner = h.make_user("owner@example.com");
  std::string team = h.make_team("Acme", owner.user.id);
  const std::int64_t now = h.clock().now_ms();
  two_due_deliveries(h, team, now);
  auto other = storage::open_store(h.database().url()).value();
  Result<Claimed> a = Claimed{}, b = Claimed{};
  auto claim = [&](storage::Store& store) {
    return storage::write<Claimed>(store, [&](storage::WriteTx& tx) {
      return tx.webhooks().claim_due(now, now + 15'000, 10);
    });
  };
  std::thread ta([&] { a = claim(h.store()); });
  std::thread tb([&] { b = claim(*other); });
  ta.join();
  tb.join();
  ASSERT_TRUE(a.ok() && b.ok());
  std::set<std::string> ids;
  for (const auto* claimed : {&*a, &*b}) {
    for (const auto& c : *claimed) EXPECT_TRUE(ids.insert(c.delivery.id).second) << "shared";
  }
  EXPECT_EQ(ids.size(), 2u);
  auto again = claim(h.store());
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty()) << "leased deliveries wait for their lease";
}

// PostgreSQL: a server whose claim is still open does not hold the others up (SKIP LOCKED).
TEST(WebhookClaims, AClaimInProgressIsSkippedNotWaitedFor) {
  if (!TestDatabase::postgres()) GTEST_SKIP() << "SQLite serves one process: writes queue";
  ApiHarness h;
  auto owner = h.make_user("owner@example.com");
  std::string team = h.make_team("Acme", owner.user.id);
  const std::int64_t now = h.clock().now_ms();
  two_due_deliveries(h, team, now);
  auto other = storage::open_store(h.database().url()).value();
  std::mutex mutex;
  std::condition_variable changed;
  bool claimed_first = false;
  bool release = false;
  Result<Claimed> first = Claimed{};
  std::thread holder([&] {
    first = storage::write<Claimed>(h.store(), [&](storage::WriteTx& tx) -> Result<Claimed> {
      KW_TRY(got, tx.webhooks().claim_due(now, now + 15'000, 1));
      std::unique_lock lock(mutex);
      claimed_first = true;
      changed.notify_all();
      changed.wait(lock, [&] { return release; });
      return got;
    });
  });
  {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return claimed_first; });
  }
  auto second = storage::write<Claimed>(
      *other, [&](storage::WriteTx& tx) { return tx.webhooks().claim_due(now, now + 15'000, 10); });
  {
    std::lock_guard lock(mutex);
    release = true;
    changed.notify_all();
  }
  holder.join();
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_EQ(first->size(), 1u);
  ASSERT_EQ(second->size(), 1u);
  EXPECT_NE(first->at(0).delivery.id, second->at(0).delivery.id);
}

}  // namespace
}  // namespace keyward::webhooks
