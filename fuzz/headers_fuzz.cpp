// Fuzzed query strings, cookies, Authorization and X-CSRF-Token headers on the routes that read
// them: every answer must be 2xx-4xx.
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_server.h"
#include "support/raw_client.h"

namespace {

// The input is up to four NUL-separated parts: query, cookie, authorization, CSRF token.
std::vector<std::string> parts(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> out(4);
  std::size_t part = 0;
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0 && part < 3) {
      ++part;
    } else {
      out[part] += static_cast<char>(data[i]);
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto& server = keyward::fuzz::fuzz_server();
  auto [query, cookie, authorization, csrf] = [&] {
    auto p = parts(data, size);
    return std::tuple{p[0], p[1], p[2], p[3]};
  }();
  std::vector<std::pair<std::string, std::string>> headers;
  if (!cookie.empty()) headers.emplace_back("Cookie", cookie);
  if (!authorization.empty()) headers.emplace_back("Authorization", authorization);
  if (!csrf.empty()) headers.emplace_back("X-CSRF-Token", csrf);
  const std::string keys = "/api/v1/teams/" + server.team + "/api-keys";
  const std::pair<const char*, std::string> targets[] = {
      {"GET", keys + "?" + query},
      {"GET", "/api/v1/resolve?" + query},
      {"GET", "/api/v1/teams/" + server.team + "/audit-events?" + query},
      {"POST", keys + "/" + server.key_id + "/reveal"},
      {"GET", "/api/v1/me"},
  };
  const auto& [method, target] = targets[size % std::size(targets)];
  auto response =
      keyward::testing::http_request(server.harness.port(), method, target, "", headers);
  // No response: the header bytes broke the framing and the server closed; fine.
  if (response)
    keyward::fuzz::require_not_5xx(response->status, std::string(method) + " " + target);
  return 0;
}
