#pragma once

#include <cstdint>
#include <string>

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

// Stops the process (so libFuzzer reports the input) when a response is a server error: every
// malformed input must answer 4xx.
void require_not_5xx(int status, const std::string& what);

}  // namespace keyward::fuzz
