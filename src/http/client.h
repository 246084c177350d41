#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "domain/result.h"

namespace keyward::http {

// One outgoing request (provider verification). Headers may hold a secret: they are never
// logged, and the caller wipes its copy.
struct ClientRequest {
  std::string method = "GET";
  std::string url;  // https://host[:port]/path, or http:// for a loopback test provider
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds timeout{5000};
};

struct ClientResponse {
  int status = 0;
};

// Sends the request and waits for the status, within `timeout` for the whole exchange. HTTPS
// verifies the certificate chain against the system's CAs and the host name. Plain http:// is
// refused unless the host is a loopback address. Errors are kUnavailable with a message that
// names the host, never a header. Blocking: run it off the I/O threads.
Result<ClientResponse> send_request(const ClientRequest& request);

}  // namespace keyward::http
