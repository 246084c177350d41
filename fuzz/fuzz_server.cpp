#include "fuzz_server.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>

#include "crypto/random.h"
#include "log/log.h"

namespace keyward::fuzz {

FuzzServer& fuzz_server() {
  static std::unique_ptr<FuzzServer> server = [] {
    if (!crypto::init()) std::abort();
    static std::ostringstream discarded;  // access log lines would drown the fuzzer's output
    log::init_for_testing(discarded, log::Format::kText);
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

void require_not_5xx(int status, const std::string& what) {
  if (status < 500) return;
  std::fprintf(stderr, "server error %d for %s\n", status, what.c_str());
  std::abort();
}

}  // namespace keyward::fuzz
