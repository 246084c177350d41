// Drives the real build/keyward binary as a user would: start, serve, stop, migrate.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <boost/json.hpp>

#include <ctime>
#include <fstream>
#include <regex>
#include <sstream>

#include "support/process.h"
#include "support/raw_client.h"
#include "support/test_server.h"

namespace keyward {
namespace {

using keyward::testing::http_request;
using keyward::testing::Process;
using keyward::testing::run_command;
using keyward::testing::TempDir;
using std::chrono::seconds;

// A preset setup token long and varied enough for serve to accept it.
constexpr const char* kTok = "tok-0123456789-abcdefghijklmnopqrstuvwxyz";

std::uint16_t port_from(const std::string& line) {
  std::smatch match;
  if (!std::regex_search(line, match, std::regex(R"(127\.0\.0\.1:(\d+))"))) return 0;
  return static_cast<std::uint16_t>(std::stoi(match[1]));
}

TEST(Binary, PrintsItsVersion) {
  TempDir dir;
  auto [code, output] = run_command({KEYWARD_BINARY, "version"}, dir.path().string());
  EXPECT_EQ(code, 0);
  EXPECT_EQ(output.rfind("keyward ", 0), 0u) << output;
}

TEST(Binary, StartsOnPortZeroServesAndStopsCleanlyOnSigterm) {
  TempDir dir;
  Process server({KEYWARD_BINARY, "serve", "--listen", "127.0.0.1:0"}, dir.path().string());
  auto listening = server.wait_for_line("listening", seconds(30));
  ASSERT_TRUE(listening) << server.output();
  std::uint16_t port = port_from(*listening);
  ASSERT_NE(port, 0) << *listening;

  EXPECT_EQ(http_request(port, "GET", "/healthz")->status, 200);
  EXPECT_EQ(http_request(port, "GET", "/readyz")->status, 200);

  // The dev default key was generated, private, and announced.
  struct stat st = {};
  ASSERT_EQ(::stat((dir.path() / "var" / "master.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_NE(server.output().find("master_key_generated"), std::string::npos);
  ASSERT_EQ(::stat((dir.path() / "var" / "keyward.db").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 077, 0u);

  server.signal(SIGTERM);
  auto code = server.wait(seconds(15));
  ASSERT_TRUE(code) << "still running after SIGTERM\n" << server.output();
  EXPECT_EQ(*code, 0) << server.output();
  EXPECT_NE(server.output().find("stopped"), std::string::npos);
}

TEST(Binary, TakesItsSettingsFromKeywardVariables) {
  TempDir dir;
  Process server({KEYWARD_BINARY, "serve"}, dir.path().string(),
                 {{"KEYWARD_LISTEN", "127.0.0.1:0"},
                  {"KEYWARD_LOG_FORMAT", "json"},
                  {"KEYWARD_DATABASE_URL", "sqlite:data/other.db"},
                  {"KEYWARD_MASTER_KEY", "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="}});
  auto listening = server.wait_for_line("listening", seconds(30));
  ASSERT_TRUE(listening) << server.output();
  EXPECT_EQ(listening->rfind("{\"time\":", 0), 0u) << *listening;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "data" / "other.db"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "var" / "master.key"));
  std::uint16_t port = port_from(*listening);
  EXPECT_EQ(http_request(port, "GET", "/healthz")->status, 200);
  server.signal(SIGINT);
  EXPECT_EQ(server.wait(seconds(15)), 0);
}

TEST(Binary, RefusesToStartWithAMasterKeyOthersCanRead) {
  TempDir dir;
  auto key = dir.path() / "master.key";
  std::ofstream(key) << "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=\n";
  ::chmod(key.c_str(), 0644);
  auto [code, output] =
      run_command({KEYWARD_BINARY, "serve", "--listen", "127.0.0.1:0"}, dir.path().string(),
                  {{"KEYWARD_MASTER_KEY_FILE", key.string()}});
  EXPECT_EQ(code, 1);
  EXPECT_NE(output.find("readable by group or others"), std::string::npos) << output;
  EXPECT_EQ(output.find("AQIDBAUG"), std::string::npos) << "key material in output";
}

TEST(Binary, RefusesToStartWithAMissingOrShortMasterKey) {
  TempDir dir;
  auto [missing_code, missing] = run_command(
      {KEYWARD_BINARY, "serve", "--listen", "127.0.0.1:0", "--master-key-file", "nope.key"},
      dir.path().string());
  EXPECT_EQ(missing_code, 1);
  EXPECT_NE(missing.find("does not exist"), std::string::npos) << missing;

  auto [short_code, short_output] =
      run_command({KEYWARD_BINARY, "serve", "--listen", "127.0.0.1:0"}, dir.path().string(),
                  {{"KEYWARD_MASTER_KEY", "c2hvcnQ="}});
  EXPECT_EQ(short_code, 1);
  EXPECT_NE(short_output.find("exactly 32"), std::string::npos) << short_output;
}

TEST(Binary, MigrateIsIdempotent) {
  TempDir dir;
  auto [first_code, first] = run_command({KEYWARD_BINARY, "migrate"}, dir.path().string());
  EXPECT_EQ(first_code, 0) << first;
  EXPECT_NE(first.find("applied migration 1"), std::string::npos) << first;
  auto [second_code, second] = run_command({KEYWARD_BINARY, "migrate"}, dir.path().string());
  EXPECT_EQ(second_code, 0) << second;
  EXPECT_NE(second.find("up to date"), std::string::npos) << second;
}

TEST(Binary, ExplainsABadOption) {
  TempDir dir;
  auto [code, output] =
      run_command({KEYWARD_BINARY, "serve", "--log-format", "xml"}, dir.path().string());
  EXPECT_NE(code, 0);
  EXPECT_NE(output.find("log-format"), std::string::npos) << output;
}

}  // namespace
}  // namespace keyward

namespace keyward {
namespace {

std::string post_json(std::uint16_t port, const std::string& path, const std::string& body,
                      int* status) {
  auto response = keyward::testing::http_request(port, "POST", path, body,
                                                 {{"Content-Type", "application/json"}});
  *status = response ? response->status : 0;
  return response ? response->body : "";
}

TEST(Binary, PrintsTheSetupTokenOnceAndUsesAPresetOne) {
  keyward::testing::TempDir dir;
  keyward::testing::Process server(
      {KEYWARD_BINARY, "serve", "--listen", "127.0.0.1:0"}, dir.path().string(),
      {{"KEYWARD_SETUP_TOKEN", "preset-token-for-automation-0123456789ABCDEF"}});
  auto line = server.wait_for_line("setup token: ", std::chrono::seconds(30));
  ASSERT_TRUE(line) << server.output();
  EXPECT_EQ(*line, "setup token: preset-token-for-automation-0123456789ABCDEF");
  auto link = server.wait_for_line("/setup#token=", std::chrono::seconds(5));
  ASSERT_TRUE(link);
  // The token never appears in a structured log line.
  for (const auto& needle : {"\"event\"", " info ", " warning "}) {
    std::size_t at = 0;
    const std::string& out = server.output();
    while ((at = out.find(needle, at)) != std::string::npos) {
      std::size_t end = out.find('\n', at);
      EXPECT_EQ(out.substr(at, end - at).find("preset-token"), std::string::npos);
      at = end;
    }
  }
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(std::chrono::seconds(15)), 0);
}

TEST(Binary, RefusesAShortOrRepetitivePresetSetupToken) {
  keyward::testing::TempDir dir;
  for (const char* weak : {"short-token", "abababababababababababababababababab"}) {
    auto [code, out] = run_command({KEYWARD_BINARY, "serve", "--listen", "127.0.0.1:0"},
                                   dir.path().string(), {{"KEYWARD_SETUP_TOKEN", weak}});
    EXPECT_EQ(code, 1) << out;
    EXPECT_NE(out.find("KEYWARD_SETUP_TOKEN"), std::string::npos) << out;
    EXPECT_EQ(out.find(weak), std::string::npos) << "the token itself was printed: " << out;
  }
}

TEST(Binary, ResetPasswordSetsANewPasswordEndsSessionsAndRevokesPersonalTokens) {
  keyward::testing::TempDir dir;
  std::uint16_t port = 0;
  std::string personal_token;
  {
    keyward::testing::Process server({KEYWARD_BINARY, "serve", "--listen", "127.0.0.1:0"},
                                     dir.path().string(), {{"KEYWARD_SETUP_TOKEN", kTok}});
    auto listening = server.wait_for_line("listening", std::chrono::seconds(30));
    ASSERT_TRUE(listening);
    port = port_from(*listening);
    int status = 0;
    std::string setup = post_json(
        port, "/api/v1/setup",
        R"({"token":"tok-0123456789-abcdefghijklmnopqrstuvwxyz","email":"ann@example.com","password":"first password 1",)"
        R"("name":"Ann","team_name":"Acme"})",
        &status);
    ASSERT_EQ(status, 201);
    // A personal access token of Ann's: the reset must revoke it too.
    std::string csrf(boost::json::parse(setup).at("csrf_token").as_string());
    std::string team(boost::json::parse(setup).at("team").at("id").as_string());
    auto signed_in = keyward::testing::http_request(
        port, "POST", "/api/v1/session",
        R"({"email":"ann@example.com","password":"first password 1"})",
        {{"Content-Type", "application/json"}});
    ASSERT_TRUE(signed_in && signed_in->status == 201);
    std::string cookie = signed_in->header("set-cookie").value_or("");
    cookie = cookie.substr(0, cookie.find(';'));
    csrf = std::string(boost::json::parse(signed_in->body).at("csrf_token").as_string());
    auto made = keyward::testing::http_request(
        port, "POST", "/api/v1/me/tokens",
        R"({"name":"laptop","expires_at":"2099-01-01T00:00:00Z","grants":[{"team_id":")" + team +
            R"(","permissions":["api_keys:read"]}]})",
        {{"Content-Type", "application/json"}, {"Cookie", cookie}, {"X-CSRF-Token", csrf}});
    ASSERT_TRUE(made && made->status == 422) << (made ? made->body : "");  // over a year away
    std::time_t in_a_month = std::time(nullptr) + 30 * 24 * 3600;
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&in_a_month));
    made = keyward::testing::http_request(
        port, "POST", "/api/v1/me/tokens",
        std::string(R"({"name":"laptop","expires_at":")") + when + R"(","grants":[{"team_id":")" +
            team + R"(","permissions":["api_keys:read"]}]})",
        {{"Content-Type", "application/json"}, {"Cookie", cookie}, {"X-CSRF-Token", csrf}});
    ASSERT_TRUE(made && made->status == 201) << (made ? made->body : "");
    personal_token = std::string(boost::json::parse(made->body).at("token").as_string());
    auto me = keyward::testing::http_request(port, "GET", "/api/v1/me", "",
                                             {{"Authorization", "Bearer " + personal_token}});
    ASSERT_TRUE(me && me->status == 200);
    server.signal(SIGTERM);
    ASSERT_EQ(server.wait(std::chrono::seconds(15)), 0);
  }
  auto [short_code, short_out] = run_command({KEYWARD_BINARY, "reset-password", "ann@example.com"},
                                             dir.path().string(), {}, std::string("short\n"));
  EXPECT_EQ(short_code, 1);
  EXPECT_NE(short_out.find("at least 12"), std::string::npos) << short_out;
  auto [nobody_code, nobody_out] =
      run_command({KEYWARD_BINARY, "reset-password", "nobody@example.com"}, dir.path().string(), {},
                  std::string("second password 2\n"));
  EXPECT_EQ(nobody_code, 1);
  auto [code, out] = run_command({KEYWARD_BINARY, "reset-password", "ann@example.com"},
                                 dir.path().string(), {}, std::string("second password 2\n"));
  ASSERT_EQ(code, 0) << out;
  EXPECT_EQ(out.find("second password"), std::string::npos) << "password echoed";

  keyward::testing::Process server({KEYWARD_BINARY, "serve", "--listen", "127.0.0.1:0"},
                                   dir.path().string());
  auto listening = server.wait_for_line("listening", std::chrono::seconds(30));
  ASSERT_TRUE(listening);
  port = port_from(*listening);
  int status = 0;
  post_json(port, "/api/v1/session", R"({"email":"ann@example.com","password":"first password 1"})",
            &status);
  EXPECT_EQ(status, 401);
  post_json(port, "/api/v1/session",
            R"({"email":"ann@example.com","password":"second password 2"})", &status);
  EXPECT_EQ(status, 201);
  auto me = keyward::testing::http_request(port, "GET", "/api/v1/me", "",
                                           {{"Authorization", "Bearer " + personal_token}});
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 401) << me->body;
  EXPECT_NE(me->body.find("revoked"), std::string::npos) << me->body;
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(std::chrono::seconds(15)), 0);
}

}  // namespace
}  // namespace keyward

namespace keyward {
namespace {

// Signs in through setup and returns {cookie header, csrf, team id}.
struct Signed {
  std::string cookie;
  std::string csrf;
  std::string team;
};

Signed setup_owner(std::uint16_t port) {
  auto response = keyward::testing::http_request(
      port, "POST", "/api/v1/setup",
      R"({"token":"tok-0123456789-abcdefghijklmnopqrstuvwxyz","email":"ann@example.com","password":"first password 1",)"
      R"("name":"Ann","team_name":"Acme"})",
      {{"Content-Type", "application/json"}});
  Signed out;
  if (!response || response->status != 201) return out;
  std::string cookie = response->header("set-cookie").value_or("");
  out.cookie = cookie.substr(0, cookie.find(';'));
  auto body = boost::json::parse(response->body).as_object();
  out.csrf = std::string(body.at("csrf_token").as_string());
  out.team = std::string(body.at("team").at("id").as_string());
  return out;
}

std::optional<keyward::testing::RawResponse> call(std::uint16_t port, const Signed& who,
                                                  const std::string& method,
                                                  const std::string& path,
                                                  const std::string& body = "") {
  return keyward::testing::http_request(
      port, method, path, body,
      {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}, {"Content-Type", "application/json"}});
}

void write_key(const std::filesystem::path& path, const char* base64) {
  std::ofstream(path) << base64 << "\n";
  ::chmod(path.c_str(), 0600);
}

TEST(Binary, RotatesTheMasterKeyWhileServingAndRefusesTheOldKeyAfterwards) {
  keyward::testing::TempDir dir;
  auto old_key = dir.path() / "old.key";
  auto new_key = dir.path() / "new.key";
  write_key(old_key, "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=");
  write_key(new_key, "ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICA=");
  auto start = [&](const std::filesystem::path& key) {
    return std::make_unique<keyward::testing::Process>(
        std::vector<std::string>{KEYWARD_BINARY, "serve", "--listen", "127.0.0.1:0"},
        dir.path().string(),
        std::vector<std::pair<std::string, std::string>>{
            {"KEYWARD_SETUP_TOKEN", kTok}, {"KEYWARD_MASTER_KEY_FILE", key.string()}});
  };

  auto server = start(old_key);
  auto listening = server->wait_for_line("listening", std::chrono::seconds(30));
  ASSERT_TRUE(listening) << server->output();
  std::uint16_t port = port_from(*listening);
  Signed ann = setup_owner(port);
  ASSERT_FALSE(ann.team.empty());
  std::string keys = "/api/v1/teams/" + ann.team + "/api-keys";
  auto created = call(port, ann, "POST", keys,
                      R"({"type":"openai","description":"Before","key":"sk-rotate-before-1"})");
  ASSERT_EQ(created->status, 201);
  std::string id(boost::json::parse(created->body).at("id").as_string());

  auto [code, out] =
      run_command({KEYWARD_BINARY, "rotate-master-key", "--new-key-file", new_key.string()},
                  dir.path().string(), {{"KEYWARD_MASTER_KEY_FILE", old_key.string()}});
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("re-wrapped 1 team key"), std::string::npos) << out;

  // The running server still holds the team's data key: it goes on serving.
  auto revealed = call(port, ann, "POST", keys + "/" + id + "/reveal");
  ASSERT_EQ(revealed->status, 200);
  EXPECT_NE(revealed->body.find("sk-rotate-before-1"), std::string::npos);
  EXPECT_EQ(call(port, ann, "POST", keys,
                 R"({"type":"openai","description":"During","key":"sk-rotate-during-2"})")
                ->status,
            201);
  server->signal(SIGTERM);
  ASSERT_EQ(server->wait(std::chrono::seconds(15)), 0);

  // The old key is refused with a message that says why.
  auto [old_code, old_out] =
      run_command({KEYWARD_BINARY, "serve", "--listen", "127.0.0.1:0"}, dir.path().string(),
                  {{"KEYWARD_MASTER_KEY_FILE", old_key.string()}});
  EXPECT_EQ(old_code, 1);
  EXPECT_NE(old_out.find("is not the key this database uses"), std::string::npos) << old_out;

  server = start(new_key);
  listening = server->wait_for_line("listening", std::chrono::seconds(30));
  ASSERT_TRUE(listening) << server->output();
  port = port_from(*listening);
  auto again = call(port, ann, "POST", keys + "/" + id + "/reveal");
  ASSERT_EQ(again->status, 200) << again->body;
  EXPECT_NE(again->body.find("sk-rotate-before-1"), std::string::npos);
  // The fingerprint key survived the rotation (re-wrapped): the same credential is recognised.
  auto duplicate = call(port, ann, "POST", keys,
                        R"({"type":"openai","description":"Again","key":"sk-rotate-before-1"})");
  EXPECT_EQ(duplicate->status, 409) << duplicate->body;
  server->signal(SIGTERM);
  EXPECT_EQ(server->wait(std::chrono::seconds(15)), 0);

  // The audit chain key was re-wrapped too: the whole trail still verifies, under the new key.
  auto [verify_code, verify_out] =
      run_command({KEYWARD_BINARY, "audit", "verify"}, dir.path().string(),
                  {{"KEYWARD_MASTER_KEY_FILE", new_key.string()}});
  EXPECT_EQ(verify_code, 0) << verify_out;
  EXPECT_NE(verify_out.find("intact"), std::string::npos) << verify_out;
}

TEST(Binary, EveryJsonLogLineOfAnApiRunParses) {
  keyward::testing::TempDir dir;
  keyward::testing::Process server({KEYWARD_BINARY, "serve", "--listen", "127.0.0.1:0"},
                                   dir.path().string(),
                                   {{"KEYWARD_SETUP_TOKEN", kTok}, {"KEYWARD_LOG_FORMAT", "json"}});
  auto listening = server.wait_for_line("listening", std::chrono::seconds(30));
  ASSERT_TRUE(listening) << server.output();
  std::uint16_t port = port_from(*listening);
  Signed ann = setup_owner(port);
  ASSERT_FALSE(ann.team.empty());
  std::string keys = "/api/v1/teams/" + ann.team + "/api-keys";
  EXPECT_EQ(call(port, ann, "POST", keys,
                 R"({"type":"openai","description":"Logged \"quoted\"","key":"sk-log-1"})")
                ->status,
            201);
  EXPECT_EQ(call(port, ann, "GET", keys + "?search=Logged")->status, 200);
  EXPECT_EQ(call(port, ann, "GET", keys + "/00000000-0000-4000-8000-000000000000")->status, 404);
  EXPECT_EQ(keyward::testing::http_request(port, "POST", "/api/v1/session",
                                           R"({"email":"ann@example.com","password":"wrong one"})",
                                           {{"Content-Type", "application/json"}})
                ->status,
            401);
  server.signal(SIGTERM);
  ASSERT_EQ(server.wait(std::chrono::seconds(15)), 0);

  // Lines before the first JSON line are the human setup banner (token and link), by design.
  std::istringstream lines(server.output());
  std::string line;
  int parsed_lines = 0;
  int requests = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("setup token: ", 0) == 0 || line.rfind("first run: ", 0) == 0) continue;
    boost::system::error_code ec;
    boost::json::value value = boost::json::parse(line, ec);
    ASSERT_FALSE(ec) << "not JSON: " << line;
    ASSERT_TRUE(value.is_object()) << line;
    EXPECT_TRUE(value.as_object().contains("time")) << line;
    if (value.as_object().at("event") == "request") ++requests;
    ++parsed_lines;
  }
  EXPECT_GE(parsed_lines, 8);
  EXPECT_GE(requests, 5);
}

TEST(Binary, OneCorruptTeamKeyCostsOnlyItsOwnTeam) {
  keyward::testing::TempDir dir;
  auto start = [&] {
    return std::make_unique<keyward::testing::Process>(
        std::vector<std::string>{KEYWARD_BINARY, "serve", "--listen", "127.0.0.1:0"},
        dir.path().string(),
        std::vector<std::pair<std::string, std::string>>{{"KEYWARD_SETUP_TOKEN", kTok}});
  };
  auto server = start();
  auto listening = server->wait_for_line("listening", std::chrono::seconds(30));
  ASSERT_TRUE(listening) << server->output();
  std::uint16_t port = port_from(*listening);
  Signed ann = setup_owner(port);
  ASSERT_FALSE(ann.team.empty());
  auto other = call(port, ann, "POST", "/api/v1/teams", R"({"name":"Other"})");
  ASSERT_EQ(other->status, 201) << other->body;
  std::string other_team(boost::json::parse(other->body).at("id").as_string());
  auto add = [&](const std::string& team, const std::string& key) {
    auto created = call(port, ann, "POST", "/api/v1/teams/" + team + "/api-keys",
                        R"({"type":"openai","description":"K","key":")" + key + R"("})");
    EXPECT_EQ(created->status, 201) << created->body;
    return std::string(boost::json::parse(created->body).at("id").as_string());
  };
  std::string kept = add(ann.team, "sk-kept-000000000001");
  std::string broken = add(other_team, "sk-broken-0000000002");
  server->signal(SIGTERM);
  ASSERT_EQ(server->wait(std::chrono::seconds(15)), 0);

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir.path() / "var" / "keyward.db").c_str(), &db), SQLITE_OK);
  std::string damage =
      "UPDATE team_keys SET wrapped_key = zeroblob(48) WHERE team_id = '" + other_team + "'";
  EXPECT_EQ(sqlite3_exec(db, damage.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);

  server = start();
  listening = server->wait_for_line("listening", std::chrono::seconds(30));
  ASSERT_TRUE(listening) << "one damaged team key stopped the server:\n" << server->output();
  port = port_from(*listening);
  EXPECT_NE(server->output().find("team_key_unreadable"), std::string::npos);
  EXPECT_NE(server->output().find(other_team), std::string::npos) << "the log does not name it";
  EXPECT_EQ(call(port, ann, "POST", "/api/v1/teams/" + ann.team + "/api-keys/" + kept + "/reveal")
                ->status,
            200);
  EXPECT_EQ(
      call(port, ann, "POST", "/api/v1/teams/" + other_team + "/api-keys/" + broken + "/reveal")
          ->status,
      500);
  server->signal(SIGTERM);
  EXPECT_EQ(server->wait(std::chrono::seconds(15)), 0);
}

}  // namespace
}  // namespace keyward
