// Fuzzed JSON bodies for every endpoint that reads one, sent by a signed-in owner (so the body,
// not the authorization, is what gets checked): every answer must be 2xx-4xx.
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_server.h"

namespace {

struct Endpoint {
  const char* method;
  const char* path;  // {team}, {id}, {user} are filled in
};

const std::vector<Endpoint>& endpoints() {
  static const std::vector<Endpoint> kEndpoints = {
      {"POST", "/api/v1/teams/{team}/api-keys"},
      {"PATCH", "/api/v1/teams/{team}/api-keys/{id}"},
      {"POST", "/api/v1/teams/{team}/api-keys/{id}/reveal"},
      {"POST", "/api/v1/teams/{team}/invitations"},
      {"PATCH", "/api/v1/teams/{team}/members/{user}"},
      {"POST", "/api/v1/teams/{team}/service-tokens"},
      {"POST", "/api/v1/teams"},
      {"POST", "/api/v1/session"},
      {"POST", "/api/v1/setup"},
      {"POST", "/api/v1/invitations/not-a-real-invitation-token/accept"},
  };
  return kEndpoints;
}

std::string fill_in(std::string path, const std::string& name, const std::string& value) {
  auto at = path.find(name);
  return at == std::string::npos ? path : path.replace(at, name.size(), value);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  auto& server = keyward::fuzz::fuzz_server();
  const Endpoint& endpoint = endpoints()[data[0] % endpoints().size()];
  std::string path = fill_in(endpoint.path, "{team}", server.team);
  path = fill_in(path, "{id}", server.key_id);
  path = fill_in(path, "{user}", server.owner.user.id);
  std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  auto response = keyward::fuzz::send(endpoint.method, path, keyward::fuzz::owner_headers(), body);
  keyward::fuzz::require_not_5xx(response.status, std::string(endpoint.method) + " " + path);
  return 0;
}
