#include "api/events.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <thread>

#include "support/api_harness.h"
#include "support/result_matchers.h"

namespace keyward::api {
namespace {

using keyward::testing::ApiHarness;
using keyward::testing::RawClient;
using keyward::testing::TestUser;

// Reads from an event stream until `needle` has arrived (or 5 s pass).
std::string read_until(RawClient& client, const std::string& needle) {
  std::string seen;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (seen.find(needle) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    auto chunk = client.read_some(std::chrono::milliseconds(200));
    if (!chunk) break;
    seen += *chunk;
  }
  return seen;
}

class Events : public ::testing::Test {
 protected:
  void SetUp() override {
    owner = h.make_user("owner@example.com");
    team = h.make_team("Acme", owner.user.id);
  }
  std::unique_ptr<RawClient> open_stream(const TestUser& user, const std::string& last_id = "") {
    auto client = std::make_unique<RawClient>("127.0.0.1", h.port());
    std::string request = "GET /api/v1/teams/" + team + "/events HTTP/1.1\r\nHost: x\r\n" +
                          "Cookie: keyward_session=" + user.credentials.session_token + "\r\n";
    if (!last_id.empty()) request += "Last-Event-ID: " + last_id + "\r\n";
    client->send(request + "\r\n");
    return client;
  }
  std::string create(const std::string& description, const std::string& key) {
    auto response = h.request("POST", "/api/v1/teams/" + team + "/api-keys", owner.credentials,
                              boost::json::serialize(boost::json::object{
                                  {"type", "openai"}, {"description", description}, {"key", key}}));
    EXPECT_EQ(response.status, 201);
    return std::string(boost::json::parse(response.body).at("id").as_string());
  }
  // What a password reset from the command line does: the owner's sessions go, straight in the
  // database, with no change notice to the server.
  void delete_sessions_behind_its_back() {
    ASSERT_THAT(h.store().write([&](storage::WriteTx& tx) {
      return tx.identity().delete_sessions_of_user(owner.user.id);
    }),
                IsOk());
  }
  ApiHarness h;
  TestUser owner;
  std::string team;
};

TEST_F(Events, StreamsKeyChangesToTheTeamWithoutSecrets) {
  auto stream = open_stream(owner);
  std::string head = read_until(*stream, "retry: 1000");
  EXPECT_NE(head.find("HTTP/1.1 200"), std::string::npos) << head;
  EXPECT_NE(head.find("text/event-stream"), std::string::npos);
  std::string id = create("Live", "sk-live-event-secret-1");
  std::string seen = read_until(*stream, "api_key.created");
  EXPECT_NE(seen.find("event: api_key.created"), std::string::npos) << seen;
  EXPECT_NE(seen.find(id), std::string::npos);
  h.request("PATCH", "/api/v1/teams/" + team + "/api-keys/" + id, owner.credentials,
            R"({"key":"sk-live-event-secret-2"})");
  seen += read_until(*stream, "api_key.updated");
  h.request("DELETE", "/api/v1/teams/" + team + "/api-keys/" + id, owner.credentials);
  seen += read_until(*stream, "api_key.deleted");
  EXPECT_NE(seen.find("\"fields\":[\"key\"]"), std::string::npos) << seen;
  EXPECT_EQ(seen.find("sk-live-event-secret"), std::string::npos) << seen;
}

TEST_F(Events, TheChangeAfterAVerifyCarriesTheKeysVersion) {
  // exa has no free check, so the verify answers "unsupported" without leaving the machine.
  auto response =
      h.request("POST", "/api/v1/teams/" + team + "/api-keys", owner.credentials,
                R"({"type":"exa","description":"Search","key":"exa-key-000000000005"})");
  ASSERT_EQ(response.status, 201) << response.body;
  std::string id(boost::json::parse(response.body).at("id").as_string());
  ASSERT_EQ(h.request("PATCH", "/api/v1/teams/" + team + "/api-keys/" + id, owner.credentials,
                      R"({"description":"Search 2"})")
                .status,
            200);
  auto stream = open_stream(owner);
  read_until(*stream, "retry: 1000");
  ASSERT_EQ(
      h.request("POST", "/api/v1/teams/" + team + "/api-keys/" + id + "/verify", owner.credentials)
          .status,
      200);
  // With PostgreSQL the edit's notice may still arrive after the stream opened: find the verify's.
  std::string seen = read_until(*stream, "verify_status");
  auto mark = seen.find("verify_status");
  ASSERT_NE(mark, std::string::npos) << seen;
  auto data = seen.rfind("data: ", mark);
  ASSERT_NE(data, std::string::npos) << seen;
  auto line = seen.substr(data + 6, seen.find('\n', data) - data - 6);
  auto event = boost::json::parse(line).as_object();
  EXPECT_EQ(event.at("id"), boost::json::value(id));
  EXPECT_EQ(event.at("version"), 2) << line;
  EXPECT_EQ(event.at("fields"), boost::json::parse(R"(["verify_status"])"));
}

TEST_F(Events, AnotherTeamsChangesNeverArrive) {
  TestUser other = h.make_user("other@example.com");
  std::string other_team = h.make_team("Other", other.user.id);
  auto stream = open_stream(owner);
  read_until(*stream, "retry: 1000");
  h.request("POST", "/api/v1/teams/" + other_team + "/api-keys", other.credentials,
            R"({"type":"openai","description":"Theirs","key":"sk-theirs-events-1"})");
  create("Ours", "sk-ours-events-1");
  std::string seen = read_until(*stream, "api_key.created");
  EXPECT_EQ(seen.find("api_key.created", seen.find("api_key.created") + 1), std::string::npos)
      << "two events arrived: " << seen;
}

TEST_F(Events, AReconnectWithLastEventIdGetsWhatItMissed) {
  auto first_stream = open_stream(owner);
  read_until(*first_stream, "retry: 1000");
  std::string first = create("First", "sk-missed-events-1");
  std::string frame = read_until(*first_stream, first);
  auto at = frame.find("id: ");
  ASSERT_NE(at, std::string::npos) << frame;
  std::string first_event_id = frame.substr(at + 4, frame.find('\n', at) - at - 4);
  first_stream.reset();  // the client drops; meanwhile another change happens
  std::string second = create("Second", "sk-missed-events-2");
  auto stream = open_stream(owner, first_event_id);
  std::string seen = read_until(*stream, second);
  EXPECT_NE(seen.find(second), std::string::npos) << seen;
  EXPECT_EQ(seen.find(first), std::string::npos) << "replayed what the client had: " << seen;
}

TEST_F(Events, CapsTheStreamsOfOneUser) {
  std::vector<std::unique_ptr<RawClient>> streams;
  for (int i = 0; i < EventHub::kMaxStreamsPerUser; ++i) {
    streams.push_back(open_stream(owner));
    read_until(*streams.back(), "retry: 1000");
  }
  auto refused = open_stream(owner);
  std::string answer = read_until(*refused, "\r\n\r\n");
  EXPECT_NE(answer.find("HTTP/1.1 429"), std::string::npos) << answer;
  EXPECT_NE(answer.find("\r\nRetry-After: "), std::string::npos) << answer;
  streams.pop_back();  // closing one frees its place at once: no event needs to be written
  bool admitted = false;
  for (int i = 0; i < 50 && !admitted; ++i) {
    auto again = open_stream(owner);
    admitted = read_until(*again, "\r\n\r\n").find("HTTP/1.1 200") != std::string::npos;
    if (!admitted) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(admitted) << "a closed stream kept its place";
}

}  // namespace
}  // namespace keyward::api

namespace keyward::api {
namespace {

TEST_F(Events, ARemovedMemberStopsReceivingAtOnce) {
  TestUser dev = h.make_user("dev@example.com");
  h.add_member(team, dev.user.id, Role::kDeveloper);
  auto stream = open_stream(dev);
  read_until(*stream, "retry: 1000");
  ASSERT_EQ(
      h.request("DELETE", "/api/v1/teams/" + team + "/members/" + dev.user.id, owner.credentials)
          .status,
      204);
  EXPECT_TRUE(stream->wait_closed(std::chrono::seconds(5))) << "the stream stayed open";
  // A new stream is refused: the user is no longer a member.
  auto again = open_stream(dev);
  EXPECT_NE(read_until(*again, "\r\n\r\n").find("HTTP/1.1 404"), std::string::npos);
}

TEST_F(Events, SigningOutEndsTheSessionsStreamsAtOnce) {
  auto stream = open_stream(owner);
  read_until(*stream, "retry: 1000");
  ASSERT_EQ(h.request("DELETE", "/api/v1/session", owner.credentials).status, 204);
  EXPECT_TRUE(stream->wait_closed(std::chrono::seconds(5))) << "the stream outlived its session";
}

TEST_F(Events, AStreamEndsWhenItsSessionExpires) {
  auto stream = open_stream(owner);
  read_until(*stream, "retry: 1000");
  h.clock().advance(std::chrono::milliseconds(h.context().auth.session_absolute_ms));
  h.events().publish(team, "ping", "{}");  // wakes the stream, as any event or heartbeat does
  EXPECT_TRUE(stream->wait_closed(std::chrono::seconds(5))) << "the stream outlived its session";
}

// What no change notice reaches: a password reset from the command line deletes the sessions
// in the database; the stream notices at its next wake after EventHub::kRecheckMs.
TEST_F(Events, AStreamEndsWhenItsSessionIsDeletedBehindItsBack) {
  auto stream = open_stream(owner);
  read_until(*stream, "retry: 1000");
  ASSERT_NO_FATAL_FAILURE(delete_sessions_behind_its_back());
  h.clock().advance(std::chrono::milliseconds(EventHub::kRecheckMs));
  h.events().publish(team, "ping", "{}");
  EXPECT_TRUE(stream->wait_closed(std::chrono::seconds(5))) << "the stream outlived its session";
}

// The same, for the event that comes next: the stream asks before it sends, so nothing more
// reaches the signed-out browser, not even within EventHub::kRecheckMs.
TEST_F(Events, NoEventReachesAStreamWhoseSessionWasDeletedBehindItsBack) {
  auto stream = open_stream(owner);
  read_until(*stream, "retry: 1000");
  ASSERT_NO_FATAL_FAILURE(delete_sessions_behind_its_back());
  h.events().publish(team, "api_key.created", R"({"description":"after the reset"})");
  std::string seen = read_until(*stream, "after the reset");  // until it closes, or 5 s
  EXPECT_EQ(seen.find("after the reset"), std::string::npos) << seen;
  EXPECT_TRUE(stream->wait_closed(std::chrono::seconds(5))) << "the stream outlived its session";
}

TEST_F(Events, AStreamEndsWhenItsSessionHasBeenIdleTooLong) {
  auto stream = open_stream(owner);
  read_until(*stream, "retry: 1000");
  h.clock().advance(std::chrono::milliseconds(h.context().auth.session_idle_ms));
  h.events().publish(team, "api_key.created", R"({"description":"after the idle limit"})");
  std::string seen = read_until(*stream, "after the idle limit");
  EXPECT_EQ(seen.find("after the idle limit"), std::string::npos) << seen;
  EXPECT_TRUE(stream->wait_closed(std::chrono::seconds(5))) << "the stream outlived its session";
}

TEST_F(Events, HeadOpensNoStream) {
  auto client = std::make_unique<RawClient>("127.0.0.1", h.port());
  client->send("HEAD /api/v1/teams/" + team +
               "/events HTTP/1.1\r\nHost: x\r\nCookie: keyward_session=" +
               owner.credentials.session_token + "\r\n\r\n");
  auto response = client->read_response(std::chrono::seconds(5), true);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(h.events().open_streams(), 0);
}

TEST_F(Events, IdsCountPerTeamAndSayNothingOfOtherTeams) {
  auto stream = open_stream(owner);
  read_until(*stream, "retry: 1000");
  create("First", "sk-first-000000001");
  std::string first = read_until(*stream, "api_key.created");
  for (int i = 0; i < 5; ++i) h.events().publish("another-team", "api_key.created", "{}");
  create("Second", "sk-second-00000002");
  std::string second = read_until(*stream, "Second") + read_until(*stream, "api_key.created");
  auto id_of = [](const std::string& text, std::size_t from) {
    auto at = text.find("id: ", from);
    return std::stoull(text.substr(at + 4, text.find('\n', at) - at - 4));
  };
  std::string all = first + second;
  auto a = id_of(all, 0);
  auto b = id_of(all, all.find("id: ", all.find("id: ") + 1));
  EXPECT_EQ(b, a + 1) << "another team's events moved this team's ids";
}

}  // namespace
}  // namespace keyward::api
