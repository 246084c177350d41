// Raw bytes to the real server on a fresh connection, then whatever it answers: every response
// must be a 2xx-4xx, never a 5xx, and nothing may crash or trip a sanitizer.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <regex>
#include <string>

#include "fuzz_server.h"

namespace {

std::string exchange(std::uint16_t port, const std::uint8_t* data, std::size_t size) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) std::abort();
  std::size_t sent = 0;
  while (sent < size) {
    ssize_t n = ::send(fd, data + sent, size - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server closed early (a refused request): fine
    sent += static_cast<std::size_t>(n);
  }
  ::shutdown(fd, SHUT_WR);  // the request ends here: the server must not wait for more
  std::string answer;
  char buffer[16384];
  while (true) {
    pollfd ready{fd, POLLIN, 0};
    if (::poll(&ready, 1, 15000) <= 0) {
      std::fprintf(stderr, "the server neither answered nor closed within 15 s\n");
      std::abort();
    }
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    answer.append(buffer, static_cast<std::size_t>(n));
  }
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
