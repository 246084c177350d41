// Drives the real build/keyward binary as a user would: start, serve, stop, migrate.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <fstream>
#include <regex>

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
  struct stat st {};
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
  keyward::testing::Process server({KEYWARD_BINARY, "serve", "--listen", "127.0.0.1:0"},
                                   dir.path().string(),
                                   {{"KEYWARD_SETUP_TOKEN", "preset-token-for-automation"}});
  auto line = server.wait_for_line("setup token: ", std::chrono::seconds(30));
  ASSERT_TRUE(line) << server.output();
  EXPECT_EQ(*line, "setup token: preset-token-for-automation");
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

TEST(Binary, ResetPasswordSetsANewPasswordAndEndsSessions) {
  keyward::testing::TempDir dir;
  std::uint16_t port = 0;
  {
    keyward::testing::Process server({KEYWARD_BINARY, "serve", "--listen", "127.0.0.1:0"},
                                     dir.path().string(), {{"KEYWARD_SETUP_TOKEN", "tok"}});
    auto listening = server.wait_for_line("listening", std::chrono::seconds(30));
    ASSERT_TRUE(listening);
    port = port_from(*listening);
    int status = 0;
    post_json(port, "/api/v1/setup",
              R"({"token":"tok","email":"ann@example.com","password":"first password 1",)"
              R"("name":"Ann","team_name":"Acme"})",
              &status);
    ASSERT_EQ(status, 201);
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
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(std::chrono::seconds(15)), 0);
}

}  // namespace
}  // namespace keyward
