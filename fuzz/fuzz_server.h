#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "support/api_harness.h"

namespace keyward::fuzz {

// One real keyward server for the whole fuzzing run (the routes, a SQLite database in a temp dir,
// a ManualClock), with an owner, a team, a key and a service token to aim at. Built on first use,
// torn down at exit so LeakSanitizer sees a clean shutdown.
struct FuzzServer {
  testing::ApiHarness harness;
  testing::TestUser owner;
  std::string team;
  std::string key_id;
  std::string service_token;
};

FuzzServer& fuzz_server();

// Sends one request on the run's keep-alive connection (reopened only after the server closed it
// with Connection: close) and returns the answer; aborts when there is none. A fresh connection
// per input would exhaust the loopback ports: each closed one waits a minute in TIME_WAIT.
testing::RawResponse send(const std::string& method, const std::string& target,
                          const std::vector<std::pair<std::string, std::string>>& headers,
                          const std::string& body);

// The owner's session cookie and CSRF token as headers.
std::vector<std::pair<std::string, std::string>> owner_headers();

// Stops the process (so libFuzzer reports the input) when a response is a server error: every
// malformed input must answer 4xx.
void require_not_5xx(int status, const std::string& what);

}  // namespace keyward::fuzz
