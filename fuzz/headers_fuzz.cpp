// Fuzzed query strings, cookies, Authorization and X-CSRF-Token headers on the routes that read
// them: every answer must be 2xx-4xx.
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_server.h"

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
  std::vector<std::string> p = parts(data, size);
  // Line breaks in a header, or spaces in the target, would make a different request (or none):
  // those are the raw target's job. Here every input must get its answer.
  for (auto& part : p) {
    std::erase_if(part, [](char c) { return c == '\r' || c == '\n'; });
  }
  std::erase_if(p[0], [](char c) { return c == ' '; });
  const std::string& query = p[0];
  std::vector<std::pair<std::string, std::string>> headers;
  if (!p[1].empty()) headers.emplace_back("Cookie", p[1]);
  if (!p[2].empty()) headers.emplace_back("Authorization", p[2]);
  if (!p[3].empty()) headers.emplace_back("X-CSRF-Token", p[3]);
  const std::string keys = "/api/v1/teams/" + server.team + "/api-keys";
  const std::pair<const char*, std::string> targets[] = {
      {"GET", keys + "?" + query},
      {"GET", "/api/v1/resolve?" + query},
      {"GET", "/api/v1/teams/" + server.team + "/audit-events?" + query},
      {"POST", keys + "/" + server.key_id + "/reveal"},
      {"GET", "/api/v1/me"},
  };
  const auto& [method, target] = targets[size % std::size(targets)];
  auto response = keyward::fuzz::send(method, target, headers, "");
  keyward::fuzz::require_not_5xx(response.status, std::string(method) + " " + target);
  return 0;
}
