// Raw bytes to the real server on a fresh connection, then whatever it answers: every response
// must be a 2xx-4xx, never a 5xx, and nothing may crash or trip a sanitizer.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <regex>
#include <string>

#include "fuzz_server.h"
#include "support/raw_client.h"

namespace {

std::string exchange(std::uint16_t port, const std::uint8_t* data, std::size_t size) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  // Each input is a new connection, and the server closes many of them first, leaving a TIME_WAIT
  // for a minute: from 127.0.0.1 alone, thousands of inputs a second would use up the ports. The
  // whole of 127/8 is loopback, so each connection comes from another address.
  static std::uint32_t next_source = 0;
  sockaddr_in source{};
  source.sin_family = AF_INET;
  source.sin_addr.s_addr = htonl((127u << 24) | (1u + (next_source++ % 0xfffffd)));
  ::bind(fd, reinterpret_cast<sockaddr*>(&source), sizeof source);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (keyward::testing::connect_retrying(fd, &address, sizeof address) != 0) {
    std::perror("connect");
    std::abort();
  }
  std::size_t sent = 0;
  while (sent < size) {
    ssize_t n = ::send(fd, data + sent, size - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the server closed early (a refused request): fine
    sent += static_cast<std::size_t>(n);
  }
  ::shutdown(fd, SHUT_WR);  // the request ends here: the server must not wait for more
  std::string answer;
  char buffer[16384];
  while (true) {
    pollfd ready{fd, POLLIN, 0};
    int polled = ::poll(&ready, 1, 15000);
    if (polled < 0 && errno == EINTR) continue;  // libFuzzer's timer signal
    if (polled <= 0) {
      std::fprintf(stderr, "the server neither answered nor closed within 15 s\n");
      std::abort();
    }
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    answer.append(buffer, static_cast<std::size_t>(n));
  }
  // Close with a reset: a normal close would leave this end in TIME_WAIT for a minute, and tens
  // of thousands of inputs would run out of loopback ports.
  linger abort_on_close{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
  ::close(fd);
  return answer;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto& server = keyward::fuzz::fuzz_server();
  std::string answer = exchange(server.harness.port(), data, size);
  // Every response on the connection (requests may be pipelined).
  static const std::regex kStatusLine("HTTP/1\\.[01] (\\d{3}) ");
  for (std::sregex_iterator it(answer.begin(), answer.end(), kStatusLine), end; it != end; ++it) {
    keyward::fuzz::require_not_5xx(std::stoi((*it)[1]), "raw request");
  }
  return 0;
}
