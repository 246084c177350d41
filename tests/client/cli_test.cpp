// The command-line client end to end: the real binary's client commands against a real
// `keyward serve` (SQLite in a temporary directory), with a temporary HOME for its credentials,
// and a fake provider on loopback behind the gateway. Checks what a person or a script sees:
// output, exit codes, files and their modes, and that no secret leaks into argv, config or errors.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <boost/json.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <mutex>
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
using keyward::testing::TestServer;
using std::chrono::seconds;

constexpr const char* kMasterKey = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
constexpr const char* kSetupToken = "cli-setup-token-0123456789-abcdefghijklm";
constexpr const char* kProdKey = "sk-proj-cli-prod-0123456789abcdef";
constexpr const char* kRotatedKey = "sk-proj-cli-rotated-0123456789abc";
constexpr const char* kPassphrase = "correct horse battery staple";

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The provider behind the gateway: remembers the Authorization header of the last call.
struct FakeProvider {
  FakeProvider() {
    http::Router router;
    router.add(http::Method::kPost, "/v1/chat/completions", [this](http::Request& r) {
      std::lock_guard lock(mutex);
      authorization = std::string(r.header("authorization").value_or(""));
      http::Response response;
      response.content_type = "application/json";
      response.body = R"({"id":"chatcmpl-1","choices":[]})";
      return response;
    });
    server = std::make_unique<TestServer>(std::move(router));
  }
  std::string seen() {
    std::lock_guard lock(mutex);
    return authorization;
  }
  std::mutex mutex;
  std::string authorization;
  std::unique_ptr<TestServer> server;
};

class Cli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir = new TempDir();
    provider = new FakeProvider();
    server =
        new Process({KEYWARD_BINARY, "serve", "--listen", "127.0.0.1:0"}, dir->path().string(),
                    {{"KEYWARD_DATABASE_URL", "sqlite:" + (dir->path() / "keyward.db").string()},
                     {"KEYWARD_MASTER_KEY", kMasterKey},
                     {"KEYWARD_SETUP_TOKEN", kSetupToken},
                     {"KEYWARD_WEB_DIR", (dir->path() / "no-ui").string()},
                     {"KEYWARD_GATEWAY_ALLOWED_CIDRS", "127.0.0.0/8"},
                     {"KEYWARD_PROVIDER_OPENAI_URL",
                      "http://127.0.0.1:" + std::to_string(provider->server->port())}});
    auto listening = server->wait_for_line("listening", seconds(30));
    ASSERT_TRUE(listening) << server->output();
    std::smatch match;
    ASSERT_TRUE(std::regex_search(*listening, match, std::regex(R"(127\.0\.0\.1:(\d+))")));
    port = static_cast<std::uint16_t>(std::stoi(match[1]));
    url = "http://127.0.0.1:" + std::to_string(port);

    auto setup = http_request(
        port, "POST", "/api/v1/setup",
        std::string(R"({"token":")") + kSetupToken +
            R"(","email":"olive@example.com","password":"olive password 123","name":"Olive",)"
            R"("team_name":"Acme"})",
        {{"Content-Type", "application/json"}});
    ASSERT_TRUE(setup && setup->status == 201) << (setup ? setup->body : "no answer");
    std::string cookie = setup->header("set-cookie").value_or("");
    session = cookie.substr(cookie.find('=') + 1, cookie.find(';') - cookie.find('=') - 1);
    auto body = boost::json::parse(setup->body).as_object();
    csrf = std::string(body.at("csrf_token").as_string());
    team = std::string(body.at("team").at("id").as_string());
    // A second team, for the bundle's round trip.
    auto second = as_owner("POST", "/api/v1/teams", R"({"name":"Beta"})");
    ASSERT_EQ(second.status, 201) << second.body;
    other_team = std::string(boost::json::parse(second.body).at("id").as_string());
    // The personal access token the CLI signs in with: everything Olive may do with keys and
    // service tokens, in both teams.
    std::string grant = R"(["api_keys:read","api_keys:create","api_keys:update",)"
                        R"("api_keys:delete","api_keys:reveal","service_tokens:manage"])";
    auto expires = std::chrono::system_clock::now() + std::chrono::hours(24 * 30);
    char when[32];
    std::time_t t = std::chrono::system_clock::to_time_t(expires);
    std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    auto made =
        as_owner("POST", "/api/v1/me/tokens",
                 std::string(R"({"name":"cli test","expires_at":")") + when +
                     R"(","grants":[{"team_id":")" + team + R"(","permissions":)" + grant +
                     R"(},{"team_id":")" + other_team + R"(","permissions":)" + grant + "}]}");
    ASSERT_EQ(made.status, 201) << made.body;
    pat = std::string(boost::json::parse(made.body).at("token").as_string());
  }
  // After every test: no secret it used was ever an argument of a process it started, and the
  // server never logged the token or a key.
  void TearDown() override {
    for (const char* secret : {kProdKey, kRotatedKey, kPassphrase, "sk-ant-bundle-0000000000001",
                               "sk-proj-gateway-000000000000001", "xai-run-prod-00000000000001",
                               "sk-proj-env-openai-0000000002"}) {
      EXPECT_EQ(arguments.find(secret), std::string::npos) << "a secret was an argument";
      EXPECT_EQ(server->output().find(secret), std::string::npos) << "the server logged a key";
    }
    EXPECT_EQ(arguments.find(pat), std::string::npos) << "the token was an argument";
    EXPECT_EQ(server->output().find(pat), std::string::npos) << "the server logged the token";
  }
  static void TearDownTestSuite() {
    delete server;
    delete provider;
    delete dir;
  }

  static keyward::testing::RawResponse as_owner(const std::string& method, const std::string& path,
                                                const std::string& body = "") {
    auto answer = http_request(port, method, path, body,
                               {{"Cookie", "keyward_session=" + session},
                                {"X-CSRF-Token", csrf},
                                {"Content-Type", "application/json"}});
    return answer ? *answer : keyward::testing::RawResponse{};
  }

  // `keyward args…` as a person in the temporary HOME; `input` goes to standard input.
  std::pair<int, std::string> keyward(std::vector<std::string> args,
                                      std::optional<std::string> input = std::nullopt,
                                      std::vector<std::pair<std::string, std::string>> env = {}) {
    args.insert(args.begin(), KEYWARD_BINARY);
    env.emplace_back("HOME", (dir->path() / "home").string());
    env.emplace_back("XDG_CONFIG_HOME", (dir->path() / "home" / ".config").string());
    auto result = run_command(args, dir->path().string(), env, input ? input : std::string());
    for (const auto& arg : args) arguments += arg + "\n";
    return result;
  }
  void login() {
    auto [code, output] = keyward({"login", "--url", url}, pat + "\n");
    ASSERT_EQ(code, 0) << output;
  }
  // The number of keys `team_id` holds.
  static std::int64_t key_count(const std::string& team_id) {
    auto page = as_owner("GET", "/api/v1/teams/" + team_id + "/api-keys");
    return boost::json::parse(page.body).at("total").to_number<std::int64_t>();
  }

  static inline TempDir* dir = nullptr;
  static inline FakeProvider* provider = nullptr;
  static inline Process* server = nullptr;
  static inline std::uint16_t port = 0;
  static inline std::string url, session, csrf, team, other_team, pat;
  // Every argument of every command run, for the hygiene check.
  static inline std::string arguments;
};

TEST_F(Cli, LogsInWithATokenFromStandardInputAndKeepsItInAPrivateFile) {
  login();
  std::filesystem::path credentials = dir->path() / "home" / ".config" / "keyward" / "credentials";
  struct stat info {};
  ASSERT_EQ(::stat(credentials.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto [code, output] = keyward({"teams", "list", "--json"});
  ASSERT_EQ(code, 0) << output;
  auto teams = boost::json::parse(output).as_array();
  EXPECT_EQ(teams.size(), 2u);
  // A wrong token is refused and nothing is stored for it.
  auto [bad, said] = keyward({"login", "--url", "http://127.0.0.1:1"}, "not-a-token\n");
  EXPECT_EQ(bad, 2) << said;
}

TEST_F(Cli, CreatesFromStandardInputListsRevealsAndKeepsHistory) {
  login();
  auto [made, made_out] = keyward({"keys", "create", "--team", "Acme", "--type", "openai",
                                   "--description", "Prod GPT", "--label", "env:prod"},
                                  std::string(kProdKey) + "\n");
  ASSERT_EQ(made, 0) << made_out;
  auto [listed, table] = keyward({"keys", "list", "--team", "Acme"});
  ASSERT_EQ(listed, 0) << table;
  EXPECT_NE(table.find("Prod GPT"), std::string::npos) << table;
  EXPECT_NE(table.find("sk-…cdef"), std::string::npos) << table;
  EXPECT_EQ(table.find(kProdKey), std::string::npos) << "the list shows the secret";
  auto [revealed, secret] = keyward({"keys", "reveal", "Prod GPT", "--team", "Acme"});
  ASSERT_EQ(revealed, 0) << secret;
  EXPECT_EQ(secret, std::string(kProdKey) + "\n");

  auto [rotated, rotated_out] =
      keyward({"keys", "update", "Prod GPT", "--team", "Acme", "--new-key"},
              std::string(kRotatedKey) + "\n");
  ASSERT_EQ(rotated, 0) << rotated_out;
  auto [history, versions] = keyward({"keys", "history", "Prod GPT", "--team", "Acme", "--json"});
  ASSERT_EQ(history, 0) << versions;
  EXPECT_EQ(boost::json::parse(versions).at("items").as_array().size(), 2u) << versions;
}

TEST_F(Cli, ExitCodesTellUsageNotFoundPermissionAndConflictApart) {
  login();
  EXPECT_EQ(keyward({"keys", "create", "--team", "Acme"}).first, 2);  // no --type
  EXPECT_EQ(keyward({"keys", "list"}).first, 2);                      // two teams: which?
  auto [missing, said] = keyward({"keys", "get", "no such key", "--team", "Acme"});
  EXPECT_EQ(missing, 3);
  EXPECT_NE(said.find("No key with the id or description"), std::string::npos) << said;
  auto [denied, why] =
      keyward({"keys", "list", "--team", "Acme"}, std::nullopt,
              {{"KEYWARD_URL", url}, {"KEYWARD_TOKEN", "kw_pat_not-a-real-token-000000000"}});
  EXPECT_EQ(denied, 4);
  EXPECT_NE(why.find("Authentication required"), std::string::npos) << why;
  // The same key twice: the server's 409, its title and detail.
  keyward({"keys", "create", "--team", "Acme", "--type", "exa", "--description", "Search"},
          "exa-cli-duplicate-000111\n");
  auto [again, conflict] = keyward(
      {"keys", "create", "--team", "Acme", "--type", "exa", "--description", "Search again"},
      "exa-cli-duplicate-000111\n");
  EXPECT_EQ(again, 5) << conflict;
  EXPECT_NE(conflict.find("Conflict"), std::string::npos) << conflict;
}

TEST_F(Cli, ImportsA30VariableEnvFileSkippingUnknownNamesAndDuplicates) {
  login();
  keyward({"keys", "create", "--team", "Acme", "--type", "deepseek", "--description", "Held"},
          "sk-deepseek-cli-held-000000\n");
  std::string env =
      "# thirty variables\n"
      "OPENAI_API_KEY=sk-proj-env-openai-0000000001\n"
      "export ANTHROPIC_API_KEY=\"sk-ant-env-anthropic-0000001\"\n"
      "GEMINI_API_KEY='AIzaSy-env-gemini-000000001'\n"
      "GOOGLE_API_KEY=AIzaSy-env-google-000000002\n"
      "XAI_API_KEY=xai-env-xai-0000000000001\n"
      "DEEPSEEK_API_KEY=sk-deepseek-cli-held-000000\n"  // the team holds it already
      "PERPLEXITY_API_KEY=pplx-env-perplexity-00001\n"
      "PPLX_API_KEY=pplx-env-perplexity-00002\n"
      "EXA_API_KEY=exa-env-exa-0000000000001\n"
      "GOOGLE_TRANSLATE_API_KEY=AIzaSy-env-translate-0001\n"
      "CLAUDE_API_KEY=sk-ant-env-claude-000000001\n"
      "GROK_API_KEY=xai-env-grok-000000000001\n"
      "FAST_INFERENCE_API_KEY=fi-env-fast-00000000001\n"
      "SUPPORT_SYSTEM_API_KEY=sup-env-support-0000001\n"
      "OPENAI_API_KEY=sk-proj-env-openai-0000000002\n"  // the same name again: the last wins
      "ZENDESK_TOKEN=zd-env-mapped-000000000001\n"      // mapped by --map
      "DATABASE_URL=postgres://db.internal/app\n"
      "REDIS_URL=redis://cache.internal\n"
      "PORT=8080\n"
      "DEBUG=false\n"
      "LOG_LEVEL=info # a comment\n"
      "NODE_ENV=production\n"
      "SENTRY_DSN=https://abc@sentry.example/1\n"
      "SESSION_SECRET=not-a-provider-key-0000\n"
      "FEATURE_FLAGS=a,b,c\n"
      "APP_NAME=\"My App\"\n"
      "TIMEZONE=UTC\n"
      "MAX_WORKERS=4\n"
      "CACHE_TTL=60\n"
      "EMPTY_API_KEY=\n";
  std::filesystem::path file = dir->path() / "app.env";
  std::ofstream(file) << env;

  std::int64_t before = key_count(team);
  auto [dry, preview] = keyward({"import", file.string(), "--team", "Acme", "--dry-run", "--map",
                                 "ZENDESK_TOKEN=support_system"});
  ASSERT_EQ(dry, 0) << preview;
  EXPECT_NE(preview.find("skip: repeated later in the file"), std::string::npos) << preview;
  EXPECT_NE(preview.find("skip: unknown variable"), std::string::npos) << preview;
  EXPECT_EQ(key_count(team), before) << "a dry run imported something";

  auto [code, report] =
      keyward({"import", file.string(), "--team", "Acme", "--map", "ZENDESK_TOKEN=support_system",
               "--label", "source:dotenv", "--json"});
  ASSERT_EQ(code, 0) << report;
  auto summary = boost::json::parse(report.substr(report.find('{'))).as_object();
  // 13 provider keys (OPENAI_API_KEY once, the held DeepSeek key skipped) and the mapped one;
  // skipped: the first OPENAI_API_KEY, the held key, 13 unknown names and the empty value.
  EXPECT_EQ(summary.at("created").to_number<int>(), 14) << report;
  EXPECT_EQ(summary.at("skipped").to_number<int>(), 16) << report;
  EXPECT_EQ(summary.at("failed").to_number<int>(), 0) << report;
  EXPECT_EQ(key_count(team), before + 14);
  for (const auto& row : summary.at("results").as_array()) {
    if (row.at("name") == "DEEPSEEK_API_KEY") {
      EXPECT_EQ(row.at("reason"), "the team already holds this key") << row;
    }
  }
}

TEST_F(Cli, AnEncryptedBundleMovesKeysToAnotherTeamAndRefusesAWrongPassphraseOrAChangedByte) {
  login();
  keyward({"keys", "create", "--team", "Acme", "--type", "anthropic", "--description", "Claude"},
          "sk-ant-bundle-0000000000001\n");
  std::filesystem::path bundle = dir->path() / "acme.kwb";
  auto [sealed, said] =
      keyward({"export", "--team", "Acme", "--encrypt", "--output", bundle.string()},
              std::string(kPassphrase) + "\n");
  ASSERT_EQ(sealed, 0) << said;
  struct stat info {};
  ASSERT_EQ(::stat(bundle.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  std::string text = read_file(bundle);
  EXPECT_EQ(text.find("sk-ant-bundle"), std::string::npos) << "the bundle holds a plaintext key";
  // Never over an existing file.
  EXPECT_NE(keyward({"export", "--team", "Acme", "--encrypt", "--output", bundle.string()},
                    std::string(kPassphrase) + "\n")
                .first,
            0);

  std::int64_t acme = key_count(team);
  std::int64_t before = key_count(other_team);
  auto [wrong, refusal] =
      keyward({"import", bundle.string(), "--team", "Beta"}, "a wrong passphrase!!\n");
  EXPECT_EQ(wrong, 2) << refusal;
  EXPECT_NE(refusal.find("passphrase is wrong"), std::string::npos) << refusal;
  std::filesystem::path flipped = dir->path() / "flipped.kwb";
  std::string changed = text;
  changed[changed.size() / 2] = changed[changed.size() / 2] == 'A' ? 'B' : 'A';
  std::ofstream(flipped) << changed;
  auto [bad, bad_said] =
      keyward({"import", flipped.string(), "--team", "Beta"}, std::string(kPassphrase) + "\n");
  EXPECT_EQ(bad, 2) << bad_said;
  EXPECT_EQ(key_count(other_team), before) << "something was imported from a refused bundle";

  auto [opened, result] =
      keyward({"import", bundle.string(), "--team", "Beta"}, std::string(kPassphrase) + "\n");
  ASSERT_EQ(opened, 0) << result;
  EXPECT_EQ(key_count(other_team), before + acme) << result;
  auto [revealed, secret] = keyward({"keys", "reveal", "Claude", "--team", "Beta"});
  EXPECT_EQ(secret, "sk-ant-bundle-0000000000001\n");
}

TEST_F(Cli, RunPutsKeysInTheChildsEnvironmentAndPassesItsExitCodeAndSignalThrough) {
  login();
  keyward({"keys", "create", "--team", "Acme", "--type", "xai", "--description", "Grok prod",
           "--label", "env:prod"},
          "xai-run-prod-00000000000001\n");
  auto [made, token_out] = keyward({"tokens", "create", "--team", "Acme", "--name", "runner",
                                    "--type", "xai", "--type", "openai"});
  ASSERT_EQ(made, 0) << token_out;
  std::smatch match;
  ASSERT_TRUE(std::regex_search(token_out, match, std::regex("kw_st_[A-Za-z0-9_-]+")));
  std::string token = match[0];
  std::vector<std::pair<std::string, std::string>> env{{"KEYWARD_SERVICE_TOKEN", token},
                                                       {"KEYWARD_URL", url}};

  auto [code, printed] =
      keyward({"run", "--env", "XAI_API_KEY=xai@env:prod", "--", "/bin/sh", "-c",
               "echo \"XAI=$XAI_API_KEY\"; echo \"TOKEN=${KEYWARD_SERVICE_TOKEN:-none}\"; "
               "echo \"ARGS=$0 $*\""},
              std::nullopt, env);
  ASSERT_EQ(code, 0) << printed;
  EXPECT_NE(printed.find("XAI=xai-run-prod-00000000000001"), std::string::npos) << printed;
  EXPECT_NE(printed.find("TOKEN=none"), std::string::npos) << "the child got the service token";
  // The key reached the child through its environment only, never its arguments.
  std::string child_args = printed.substr(printed.find("ARGS="));
  EXPECT_EQ(child_args.find("xai-run-prod"), std::string::npos) << child_args;
  EXPECT_EQ(keyward({"run", "--", "/bin/sh", "-c", "exit 7"}, std::nullopt, env).first, 7);
  EXPECT_EQ(keyward({"run", "--", "/bin/sh", "-c", "kill -TERM $$"}, std::nullopt, env).first,
            -SIGTERM);
  // A key that cannot be resolved: a clear error, and the program never starts.
  auto [missing, said] =
      keyward({"run", "--env", "A=xai@env:staging", "--", "/bin/sh", "-c", "echo STARTED"},
              std::nullopt, env);
  EXPECT_EQ(missing, 3) << said;
  EXPECT_EQ(said.find("STARTED"), std::string::npos) << said;
  EXPECT_NE(said.find("A (xai)"), std::string::npos) << said;
}

TEST_F(Cli, RunWithGatewayGivesTheProgramOnlyTheTokenAndTheGatewaysAddress) {
  login();
  keyward({"keys", "create", "--team", "Acme", "--type", "openai", "--description", "Gateway GPT",
           "--default"},
          "sk-proj-gateway-000000000000001\n");
  auto [made, token_out] =
      keyward({"tokens", "create", "--team", "Acme", "--name", "gateway", "--type", "openai"});
  ASSERT_EQ(made, 0) << token_out;
  std::smatch match;
  ASSERT_TRUE(std::regex_search(token_out, match, std::regex("kw_st_[A-Za-z0-9_-]+")));
  std::string token = match[0];
  auto [code, printed] =
      keyward({"run", "--gateway", "--env", "OPENAI_API_KEY=openai", "--", "/bin/sh", "-c",
               "echo \"KEY=$OPENAI_API_KEY\"; echo \"BASE=$OPENAI_BASE_URL\""},
              std::nullopt, {{"KEYWARD_SERVICE_TOKEN", token}, {"KEYWARD_URL", url}});
  ASSERT_EQ(code, 0) << printed;
  EXPECT_NE(printed.find("KEY=" + token), std::string::npos) << printed;
  EXPECT_EQ(printed.find("sk-proj-gateway"), std::string::npos) << "the program saw the key";
  std::string base = url + "/gateway/openai/v1";
  ASSERT_NE(printed.find("BASE=" + base), std::string::npos) << printed;
  // What the program would do with them: call the gateway, which calls the provider with the key.
  auto answer = http_request(
      port, "POST", "/gateway/openai/v1/chat/completions", R"({"model":"m","messages":[]})",
      {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
  ASSERT_TRUE(answer && answer->status == 200) << (answer ? answer->body : "no answer");
  EXPECT_EQ(provider->seen(), "Bearer sk-proj-gateway-000000000000001");
}

TEST_F(Cli, ExportsDotenvOnlyToANewPrivateFileAndCompletesInBash) {
  login();
  keyward({"keys", "create", "--team", "Acme", "--type", "perplexity", "--description", "Export"},
          "pplx-export-00000000000001\n");
  std::filesystem::path out = dir->path() / "export.env";
  auto [code, said] = keyward({"export", "--team", "Acme", "--output", out.string()});
  ASSERT_EQ(code, 0) << said;
  struct stat info {};
  ASSERT_EQ(::stat(out.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_NE(read_file(out).find("=\""), std::string::npos);
  // On a terminal (script(1) gives it one) plaintext keys are printed only with --yes.
  std::string home = (dir->path() / "home").string();
  auto on_terminal = [&](const std::string& flags) {
    return run_command({"/usr/bin/script", "-qec",
                        std::string(KEYWARD_BINARY) + " export --team Acme" + flags, "/dev/null"},
                       dir->path().string(),
                       {{"HOME", home}, {"XDG_CONFIG_HOME", home + "/.config"}});
  };
  auto [refused, why] = on_terminal("");
  EXPECT_EQ(refused, 2) << why;
  EXPECT_NE(why.find("add --yes to print them here"), std::string::npos) << why;
  EXPECT_EQ(why.find("=\""), std::string::npos) << "keys were printed to the terminal";
  auto [printed, keys] = on_terminal(" --yes");
  EXPECT_EQ(printed, 0) << keys;
  EXPECT_NE(keys.find("=\""), std::string::npos) << keys;
  auto [bash, script] = keyward({"completion", "bash"});
  ASSERT_EQ(bash, 0);
  EXPECT_NE(script.find("complete -o default -F _keyward keyward"), std::string::npos);
  EXPECT_NE(script.find("\"keys\") opts=\""), std::string::npos);
}

TEST_F(Cli, NoKeyInConfigFilesNoTokenInErrorsAndLogoutForgetsTheToken) {
  login();
  keyward({"keys", "create", "--team", "Acme", "--type", "openai", "--description", "Config"},
          std::string(kProdKey) + "\n");
  // The config directory holds the token it must, and never a key.
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir->path() / "home")) {
    if (!entry.is_regular_file()) continue;
    std::string text = read_file(entry.path());
    for (const char* secret : {kProdKey, kRotatedKey, kPassphrase}) {
      EXPECT_EQ(text.find(secret), std::string::npos) << entry.path();
    }
  }
  // Errors name what went wrong, never the token or a key.
  auto [code, said] = keyward({"keys", "reveal", "missing", "--team", "Acme"});
  EXPECT_EQ(code, 3);
  EXPECT_EQ(said.find(pat), std::string::npos);
  auto [denied, why] = keyward({"keys", "list", "--team", "Acme"}, std::nullopt,
                               {{"KEYWARD_URL", url}, {"KEYWARD_TOKEN", pat + "x"}});
  EXPECT_EQ(denied, 4);
  EXPECT_EQ(why.find(pat), std::string::npos) << why;
  auto [out, bye] = keyward({"logout"});
  EXPECT_EQ(out, 0) << bye;
  EXPECT_EQ(read_file(dir->path() / "home" / ".config" / "keyward" / "credentials").find(pat),
            std::string::npos);
}

}  // namespace
}  // namespace keyward
