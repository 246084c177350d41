#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keyward::testing {

// A parsed HTTP/1.1 response, as a test reads it.
struct RawResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;

  std::optional<std::string> header(std::string_view lower_name) const;
};

// A blocking TCP client that sends exactly the bytes a test writes: slow clients, oversized
// headers and malformed requests included. Not thread-safe.
class RawClient {
 public:
  // Connects to host:port; from the local address `source` when it is not empty (any
  // 127.0.0.x works on loopback, so tests can play several clients).
  RawClient(std::string host, std::uint16_t port, std::string source = {});
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;
  ~RawClient();

  bool connected() const { return fd_ >= 0; }
  // Sends bytes; false when the peer has closed.
  bool send(std::string_view bytes);
  // Reads one response (Content-Length framed; none for HEAD); nullopt on close or after
  // `timeout`.
  std::optional<RawResponse> read_response(
      std::chrono::milliseconds timeout = std::chrono::seconds(5), bool head_request = false);
  // Whatever arrives within `timeout` (raw bytes, for streams): empty on timeout, nullopt once
  // the server has closed.
  std::optional<std::string> read_some(std::chrono::milliseconds timeout);
  // Waits until the server closes the connection; false if it is still open after `timeout`.
  bool wait_closed(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
  std::string pending_;
};

// connect() that survives a signal (libFuzzer's timer interrupts system calls): an interrupted
// connect goes on in the background, so wait for it and read its outcome. 0 or -1 as connect().
int connect_retrying(int fd, const void* address, unsigned length);

// One request on a fresh connection: the common case.
std::optional<RawResponse> http_request(
    std::uint16_t port, std::string_view method, std::string_view target,
    std::string_view body = {}, std::vector<std::pair<std::string, std::string>> headers = {});

}  // namespace keyward::testing
