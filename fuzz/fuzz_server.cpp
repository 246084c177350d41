#include "fuzz_server.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>

#include "support/raw_client.h"

#include "crypto/random.h"
#include "log/log.h"

namespace keyward::fuzz {
namespace {

// The server's log, kept to explain a failure (access log lines would drown the fuzzer's own).
std::ostringstream& server_log() {
  static std::ostringstream log;
  return log;
}

[[noreturn]] void fail_with_log(const std::string& why) {
  std::string log = server_log().str();
  std::size_t from = log.size() > 4000 ? log.size() - 4000 : 0;
  std::fprintf(stderr, "%s\nthe server's last log lines:\n%s\n", why.c_str(), log.c_str() + from);
  std::abort();
}

}  // namespace

FuzzServer& fuzz_server() {
  static std::unique_ptr<FuzzServer> server = [] {
    if (!crypto::init()) std::abort();
    log::init_for_testing(server_log(), log::Format::kText);
    auto made = std::make_unique<FuzzServer>();
    made->owner = made->harness.make_user("owner@example.com");
    made->team = made->harness.make_team("Fuzz", made->owner.user.id);
    auto created = made->harness.request(
        "POST", "/api/v1/teams/" + made->team + "/api-keys", made->owner.credentials,
        testing::key_body("openai", "Fuzz target", "sk-fuzz-target-0123456789"));
    made->key_id = std::string(testing::json(created).at("id").as_string());
    auto token =
        made->harness.request("POST", "/api/v1/teams/" + made->team + "/service-tokens",
                              made->owner.credentials, R"({"name":"fuzz","types":["openai"]})");
    made->service_token = std::string(testing::json(token).at("token").as_string());
    return made;
  }();
  return *server;
}

testing::RawResponse send(const std::string& method, const std::string& target,
                          const std::vector<std::pair<std::string, std::string>>& headers,
                          const std::string& body) {
  static std::unique_ptr<testing::RawClient> client;
  if (!client || !client->connected()) {
    client = std::make_unique<testing::RawClient>("127.0.0.1", fuzz_server().harness.port());
  }
  std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  if (!body.empty() || method == "POST" || method == "PATCH") {
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  request += "\r\n" + body;
  std::optional<testing::RawResponse> response;
  if (client->send(request)) response = client->read_response(std::chrono::seconds(30));
  if (!response) fail_with_log("no answer to " + method + " " + target);
  if (response->header("connection").value_or("") == "close") client.reset();
  return *response;
}

std::vector<std::pair<std::string, std::string>> owner_headers() {
  const auto& credentials = fuzz_server().owner.credentials;
  return {{"Cookie", "keyward_session=" + credentials.session_token},
          {"X-CSRF-Token", credentials.csrf_token},
          {"Content-Type", "application/json"}};
}

void require_not_5xx(int status, const std::string& what) {
  if (status < 500) return;
  fail_with_log("server error " + std::to_string(status) + " for " + what);
}

}  // namespace keyward::fuzz
