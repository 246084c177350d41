// Kills the real server with SIGKILL at random moments while a client creates, edits and deletes
// keys, restarts it, and checks after every cycle that each acknowledged write is there, that the
// write in flight was applied whole or not at all, and (SQLite) that the file is intact. Runs on
// the engine under test.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>

#include <atomic>
#include <map>
#include <optional>
#include <random>
#include <regex>
#include <thread>

#include "support/process.h"
#include "support/raw_client.h"
#include "support/test_database.h"

namespace keyward {
namespace {

using keyward::testing::http_request;
using keyward::testing::Process;
using keyward::testing::RawResponse;
using keyward::testing::TestDatabase;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int kCycles = 20;
constexpr const char* kMasterKey = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

struct Key {
  std::string description;
  std::int64_t version = 1;
};

// An operation sent but not answered when the server died: it may or may not have happened.
struct InFlight {
  enum Kind { kCreate, kEdit, kDelete } kind;
  std::string id;           // edit, delete
  std::string description;  // create, edit: the new description
};

class CrashDurability : public ::testing::Test {
 protected:
  void start() {
    server = std::make_unique<Process>(
        std::vector<std::string>{KEYWARD_BINARY, "serve", "--listen", "127.0.0.1:0"},
        db.dir().path().string(),
        std::vector<std::pair<std::string, std::string>>{
            {"KEYWARD_DATABASE_URL", db.url()},
            {"KEYWARD_MASTER_KEY", kMasterKey},
            {"KEYWARD_SETUP_TOKEN", "crash-setup-token-0123456789-abcdefghijk"},
            {"KEYWARD_WEB_DIR", (db.dir().path() / "no-ui").string()}});
    auto listening = server->wait_for_line("listening", seconds(30));
    ASSERT_TRUE(listening) << server->output();
    std::smatch match;
    ASSERT_TRUE(std::regex_search(*listening, match, std::regex(R"(127\.0\.0\.1:(\d+))")));
    port = static_cast<std::uint16_t>(std::stoi(match[1]));
  }

  std::optional<RawResponse> call(const std::string& method, const std::string& path,
                                  const std::string& body = "") {
    return http_request(port, method, path, body,
                        {{"Cookie", "keyward_session=" + session},
                         {"X-CSRF-Token", csrf},
                         {"Content-Type", "application/json"}});
  }

  // Every key the server lists now, by id.
  std::map<std::string, Key> stored() {
    std::map<std::string, Key> out;
    for (int page = 1;; ++page) {
      auto response = call(
          "GET", "/api/v1/teams/" + team + "/api-keys?page_size=100&page=" + std::to_string(page));
      EXPECT_TRUE(response && response->status == 200);
      if (!response || response->status != 200) return out;
      auto body = boost::json::parse(response->body).as_object();
      auto items = body.at("items").as_array();
      for (const auto& item : items) {
        out[std::string(item.at("id").as_string())] =
            Key{std::string(item.at("description").as_string()), item.at("version").as_int64()};
      }
      if (items.size() < 100) return out;
    }
  }

  TestDatabase db;
  std::unique_ptr<Process> server;
  std::uint16_t port = 0;
  std::string session, csrf, team;
};

TEST_F(CrashDurability, EveryAcknowledgedWriteSurvivesSigkillAndNothingIsHalfApplied) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto setup = http_request(
      port, "POST", "/api/v1/setup",
      R"({"token":"crash-setup-token-0123456789-abcdefghijk","email":"ops@example.com",)"
      R"("password":"a long enough password","name":"Ops","team_name":"Acme"})",
      {{"Content-Type", "application/json"}});
  ASSERT_TRUE(setup && setup->status == 201);
  std::string cookie = setup->header("set-cookie").value_or("");
  session = cookie.substr(cookie.find('=') + 1, cookie.find(';') - cookie.find('=') - 1);
  auto setup_body = boost::json::parse(setup->body).as_object();
  csrf = std::string(setup_body.at("csrf_token").as_string());
  team = std::string(setup_body.at("team").at("id").as_string());

  std::map<std::string, Key> model;  // what acknowledged writes left
  std::int64_t created = 0;          // keys whose creation is known to have happened
  std::mt19937 random(7);
  int acknowledged = 0;
  int unknown = 0;
  for (int cycle = 0; cycle < kCycles; ++cycle) {
    std::optional<InFlight> in_flight;
    std::atomic<bool> killed{false};
    std::thread client([&] {
      std::mt19937 choices(static_cast<unsigned>(cycle));
      for (int n = 0; !killed; ++n) {
        std::string key_path = "/api/v1/teams/" + team + "/api-keys";
        int dice = static_cast<int>(choices() % 100);
        InFlight op{InFlight::kCreate, "", ""};
        if (dice < 25 && !model.empty()) {
          auto it = std::next(model.begin(), static_cast<long>(choices() % model.size()));
          op = {InFlight::kEdit, it->first,
                "edited " + std::to_string(cycle) + "." + std::to_string(n)};
        } else if (dice < 40 && !model.empty()) {
          auto it = std::next(model.begin(), static_cast<long>(choices() % model.size()));
          op = {InFlight::kDelete, it->first, ""};
        } else {
          op.description = "created " + std::to_string(cycle) + "." + std::to_string(n);
        }
        in_flight = op;
        std::optional<RawResponse> response;
        if (op.kind == InFlight::kCreate) {
          response = call("POST", key_path,
                          boost::json::serialize(boost::json::object{
                              {"type", "openai"},
                              {"description", op.description},
                              {"key", "sk-crash-" + std::to_string(cycle) + "-" +
                                          std::to_string(n) + "-0123456789"}}));
        } else if (op.kind == InFlight::kEdit) {
          response =
              call("PATCH", key_path + "/" + op.id,
                   boost::json::serialize(boost::json::object{{"description", op.description}}));
        } else {
          response = call("DELETE", key_path + "/" + op.id);
        }
        if (!response) return;  // the server died: the operation stays in flight
        in_flight.reset();
        ++acknowledged;
        if (op.kind == InFlight::kCreate) {
          EXPECT_EQ(response->status, 201) << response->body;
          auto body = boost::json::parse(response->body).as_object();
          model[std::string(body.at("id").as_string())] = Key{op.description, 1};
          ++created;
        } else if (op.kind == InFlight::kEdit) {
          EXPECT_EQ(response->status, 200) << response->body;
          model[op.id].description = op.description;
          model[op.id].version += 1;
        } else {
          EXPECT_EQ(response->status, 204) << response->body;
          model.erase(op.id);
        }
      }
    });
    std::this_thread::sleep_for(milliseconds(30 + random() % 270));
    killed = true;
    server->signal(SIGKILL);
    client.join();
    (void)server->wait(seconds(10));

    ASSERT_NO_FATAL_FAILURE(start());
    std::map<std::string, Key> now = stored();
    // The write in flight happened whole or not at all; either way the model learns which.
    if (in_flight) {
      ++unknown;
      if (in_flight->kind == InFlight::kCreate) {
        for (const auto& [id, key] : now) {
          if (!model.count(id) && key.description == in_flight->description) {
            model[id] = Key{key.description, key.version};
            ++created;
          }
        }
      } else if (in_flight->kind == InFlight::kEdit) {
        auto found = now.find(in_flight->id);
        ASSERT_NE(found, now.end());
        Key& before = model[in_flight->id];
        bool applied = found->second.description == in_flight->description &&
                       found->second.version == before.version + 1;
        bool not_applied = found->second.description == before.description &&
                           found->second.version == before.version;
        ASSERT_TRUE(applied || not_applied) << "a half-applied edit of " << in_flight->id;
        before = found->second;
      } else if (!now.count(in_flight->id)) {
        model.erase(in_flight->id);
      }
    }
    ASSERT_EQ(now.size(), model.size()) << "cycle " << cycle;
    for (const auto& [id, key] : model) {
      auto found = now.find(id);
      ASSERT_NE(found, now.end()) << "an acknowledged key is gone: " << id;
      EXPECT_EQ(found->second.description, key.description) << id;
      EXPECT_EQ(found->second.version, key.version) << id;
    }
    // Each write's audit row committed with it: one api_key.created per key ever created, and
    // the trigger-kept key count matches the rows.
    EXPECT_EQ(db.query("SELECT COUNT(*) FROM audit_events WHERE action = 'api_key.created'").at(0),
              std::to_string(created));
    EXPECT_EQ(db.query("SELECT api_key_count FROM teams WHERE id = '" + team + "'").at(0),
              std::to_string(model.size()));
  }
  server->signal(SIGTERM);
  (void)server->wait(seconds(15));
  if (!TestDatabase::postgres()) {
    EXPECT_EQ(db.query("PRAGMA integrity_check").at(0), "ok");
  }
  auto [code, output] = testing::run_command(
      {KEYWARD_BINARY, "audit", "verify"}, db.dir().path().string(),
      {{"KEYWARD_DATABASE_URL", db.url()}, {"KEYWARD_MASTER_KEY", kMasterKey}});
  EXPECT_EQ(code, 0) << output;
  EXPECT_GT(acknowledged, kCycles * 3) << "too few writes to mean anything";
  std::cout << "[ figures  ] " << kCycles << " SIGKILLs, " << acknowledged
            << " acknowledged writes, " << unknown << " in flight at the kill\n";
}

// Resolves are counted in memory and written once a second (UsageRecorder::kFlushInterval): a
// crash loses at most that second. 25 resolves, a wait past the bound, SIGKILL: all 25 are in
// the audit trail and the key's last_used_at after the restart.
TEST_F(CrashDurability, ResolvesAreWrittenWithinTheFlushBoundEvenIfTheServerIsKilled) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto setup = http_request(
      port, "POST", "/api/v1/setup",
      R"({"token":"crash-setup-token-0123456789-abcdefghijk","email":"ops@example.com",)"
      R"("password":"a long enough password","name":"Ops","team_name":"Acme"})",
      {{"Content-Type", "application/json"}});
  ASSERT_TRUE(setup && setup->status == 201);
  std::string cookie = setup->header("set-cookie").value_or("");
  session = cookie.substr(cookie.find('=') + 1, cookie.find(';') - cookie.find('=') - 1);
  auto setup_body = boost::json::parse(setup->body).as_object();
  csrf = std::string(setup_body.at("csrf_token").as_string());
  team = std::string(setup_body.at("team").at("id").as_string());
  auto created = call("POST", "/api/v1/teams/" + team + "/api-keys",
                      R"({"type":"openai","description":"Used","key":"sk-used-0000000001"})");
  ASSERT_TRUE(created && created->status == 201);
  std::string key_id(boost::json::parse(created->body).at("id").as_string());
  auto issued = call("POST", "/api/v1/teams/" + team + "/service-tokens",
                     R"({"name":"App","types":["openai"]})");
  ASSERT_TRUE(issued && issued->status == 201);
  std::string token(boost::json::parse(issued->body).at("token").as_string());
  for (int i = 0; i < 25; ++i) {
    auto resolved = http_request(port, "GET", "/api/v1/resolve?type=openai", "",
                                 {{"Authorization", "Bearer " + token}});
    ASSERT_TRUE(resolved && resolved->status == 200);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the 1 s bound, and a margin
  server->signal(SIGKILL);
  server->wait(seconds(10));

  ASSERT_NO_FATAL_FAILURE(start());
  auto key = call("GET", "/api/v1/teams/" + team + "/api-keys/" + key_id);
  ASSERT_TRUE(key && key->status == 200);
  EXPECT_FALSE(boost::json::parse(key->body).at("last_used_at").is_null());
  auto audit = call("GET", "/api/v1/teams/" + team + "/audit-events?page_size=100");
  ASSERT_TRUE(audit && audit->status == 200);
  std::int64_t resolves = 0;
  boost::json::value trail = boost::json::parse(audit->body);
  for (const auto& event : trail.at("items").as_array()) {
    if (event.at("action") == "api_key.resolved") {
      resolves += event.at("details").at("count").as_int64();
    }
  }
  EXPECT_EQ(resolves, 25);
}

}  // namespace
}  // namespace keyward
