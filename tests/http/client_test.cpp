#include "http/client.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "support/process.h"
#include "support/result_matchers.h"
#include "support/test_server.h"

namespace keyward::http {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// A loopback upstream written with plain sockets, so the test sees exactly how many TCP
// connections and requests arrive and when the client closes its end.
class Upstream {
 public:
  enum class Mode {
    kAnswer,           // 200 "ok", keep-alive, for every request
    kSilent,           // reads the request and never answers
    kRedirect,         // 302 to /elsewhere
    kAnswerThenClose,  // 200 "ok" without saying so, then closes: a server ending an idle one
  };

  explicit Upstream(Mode mode) : mode_(mode) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listener_, 16);
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  Upstream(const Upstream&) = delete;
  Upstream& operator=(const Upstream&) = delete;
  ~Upstream() {
    ::shutdown(listener_, SHUT_RDWR);
    {
      std::lock_guard lock(mutex_);
      for (int fd : peers_) ::shutdown(fd, SHUT_RDWR);
    }
    acceptor_.join();
    for (auto& worker : workers_) worker.join();
    ::close(listener_);
  }

  std::uint16_t port() const { return port_; }
  std::string url(std::string_view path = "/v1/models") const {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }
  int accepted() {
    std::lock_guard lock(mutex_);
    return accepted_;
  }
  std::vector<std::string> targets() {
    std::lock_guard lock(mutex_);
    return targets_;
  }
  // True once a client has closed its end of a connection (within `timeout`).
  bool wait_peer_closed(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [this] { return peers_closed_ > 0; });
  }

 private:
  void accept_loop() {
    while (true) {
      int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) return;
      std::lock_guard lock(mutex_);
      accepted_ += 1;
      peers_.push_back(fd);
      workers_.emplace_back([this, fd] { serve(fd); });
    }
  }

  void serve(int fd) {
    std::string pending;
    char chunk[4096];
    while (true) {
      auto end = pending.find("\r\n\r\n");
      if (end == std::string::npos) {
        auto n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) break;
        pending.append(chunk, static_cast<std::size_t>(n));
        continue;
      }
      std::string head = pending.substr(0, end);
      pending.erase(0, end + 4);
      auto first_space = head.find(' ');
      std::string target =
          head.substr(first_space + 1, head.find(' ', first_space + 1) - first_space - 1);
      {
        std::lock_guard lock(mutex_);
        targets_.push_back(target);
      }
      std::string_view answer;
      if (mode_ == Mode::kAnswer || mode_ == Mode::kAnswerThenClose) {
        answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
      }
      if (mode_ == Mode::kRedirect) {
        answer = "HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nContent-Length: 0\r\n\r\n";
      }
      if (!answer.empty()) ::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
      if (mode_ == Mode::kAnswerThenClose) {
        ::shutdown(fd, SHUT_WR);
        break;
      }
    }
    std::lock_guard lock(mutex_);
    peers_closed_ += 1;
    changed_.notify_all();
  }

  Mode mode_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::thread acceptor_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::thread> workers_;  // under mutex_ while the acceptor runs
  std::vector<int> peers_;
  std::vector<std::string> targets_;
  int accepted_ = 0;
  int peers_closed_ = 0;
};

// Runs `calls` one after the other on a client of `options` and returns their results.
std::vector<Result<ClientResponse>> run_calls(std::vector<ClientRequest> calls,
                                              ClientOptions options = {},
                                              std::size_t* opened = nullptr) {
  asio::io_context context;
  Client client(context.get_executor(), std::move(options));
  std::vector<Result<ClientResponse>> results;
  asio::co_spawn(
      context,
      [&]() -> asio::awaitable<void> {
        for (auto& call : calls) {
          auto result = co_await client.send(call);
          results.push_back(std::move(result));
        }
      },
      [](const std::exception_ptr&) {});
  context.run();
  if (opened != nullptr) *opened = client.connections_opened();
  return results;
}

ClientRequest get(std::string url) {
  ClientRequest request;
  request.url = std::move(url);
  return request;
}

TEST(Client, ReusesOneConnectionForTwoCallsToTheSameHost) {
  Upstream upstream(Upstream::Mode::kAnswer);
  std::size_t opened = 0;
  auto results = run_calls({get(upstream.url()), get(upstream.url("/second"))}, {}, &opened);
  ASSERT_EQ(results.size(), 2u);
  for (const auto& result : results) {
    ASSERT_TRUE(result.ok()) << result.error().internal;
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(result->body, "ok");
  }
  EXPECT_EQ(upstream.accepted(), 1);
  EXPECT_EQ(opened, 1u);
  EXPECT_EQ(upstream.targets(), (std::vector<std::string>{"/v1/models", "/second"}));
}

TEST(Client, KeepsNoMoreIdleConnectionsPerHostThanItsLimit) {
  Upstream upstream(Upstream::Mode::kAnswer);
  asio::io_context context;
  ClientOptions options;
  options.limits.max_idle_per_host = 2;
  Client client(context.get_executor(), options);
  int answered = 0;
  // Five calls at once need five connections; only two stay open afterwards.
  for (int i = 0; i < 5; ++i) {
    asio::co_spawn(
        context,
        [&]() -> asio::awaitable<void> {
          auto result = co_await client.send(get(upstream.url()));
          if (result.ok() && result->status == 200) answered += 1;
        },
        [](const std::exception_ptr&) {});
  }
  context.run();
  EXPECT_EQ(answered, 5);
  EXPECT_EQ(client.connections_opened(), 5u);
  EXPECT_EQ(client.idle_connections(), 2u);
}

TEST(Client, OpensAFreshConnectionWhenTheServerClosedTheIdleOne) {
  Upstream upstream(Upstream::Mode::kAnswerThenClose);
  // Both calls on one client: the second finds the pooled connection closed by the server.
  asio::io_context context;
  Client client(context.get_executor());
  std::vector<int> statuses;
  asio::co_spawn(
      context,
      [&]() -> asio::awaitable<void> {
        for (int i = 0; i < 2; ++i) {
          auto result = co_await client.send(get(upstream.url()));
          statuses.push_back(result.ok() ? result->status : 0);
          asio::steady_timer settle(context, 50ms);  // the server's close arrives meanwhile
          co_await settle.async_wait(asio::use_awaitable);
        }
      },
      [](const std::exception_ptr&) {});
  context.run();
  EXPECT_EQ(statuses, (std::vector<int>{200, 200}));
  EXPECT_EQ(client.connections_opened(), 2u);
  EXPECT_EQ(upstream.accepted(), 2);
}

TEST(Client, ConnectDeadlineEndsACallThatCannotConnect) {
  // A listener whose accept queue is full and never drained: the kernel drops further SYNs, so
  // a connect neither succeeds nor fails.
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address);
  ::listen(listener, 0);
  socklen_t length = sizeof address;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  std::vector<int> fillers;
  for (int i = 0; i < 4; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    fillers.push_back(fd);
  }
  std::this_thread::sleep_for(100ms);
  ClientRequest request = get("http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/");
  request.timeout = 20s;
  request.connect_timeout = 300ms;
  auto started = std::chrono::steady_clock::now();
  auto results = run_calls({request});
  auto took = std::chrono::steady_clock::now() - started;
  for (int fd : fillers) ::close(fd);
  ::close(listener);
  ASSERT_FALSE(results.at(0).ok());
  EXPECT_NE(results[0].error().detail.find("timed out"), std::string::npos)
      << results[0].error().detail;
  EXPECT_GE(took, 300ms);
  EXPECT_LT(took, 5s);
}

TEST(Client, ReadDeadlineEndsACallToASilentUpstream) {
  Upstream upstream(Upstream::Mode::kSilent);
  ClientRequest request = get(upstream.url());
  request.timeout = 20s;
  request.read_timeout = 200ms;
  auto started = std::chrono::steady_clock::now();
  auto results = run_calls({request});
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(results.at(0).ok());
  EXPECT_NE(results[0].error().detail.find("timed out"), std::string::npos)
      << results[0].error().detail;
  EXPECT_GE(took, 200ms);
  EXPECT_LT(took, 5s);
  EXPECT_TRUE(upstream.wait_peer_closed(2s)) << "the timed-out socket was kept open";
}

TEST(Client, WholeExchangeDeadlineAppliesWithoutAReadDeadline) {
  Upstream upstream(Upstream::Mode::kSilent);
  ClientRequest request = get(upstream.url());
  request.timeout = 300ms;
  auto started = std::chrono::steady_clock::now();
  auto results = run_calls({request});
  ASSERT_FALSE(results.at(0).ok());
  EXPECT_NE(results[0].error().detail.find("timed out"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

TEST(Client, CancellingACallClosesItsSocketAtOnce) {
  Upstream upstream(Upstream::Mode::kSilent);
  asio::io_context context;
  Client client(context.get_executor());
  asio::cancellation_signal cancel;
  std::optional<Result<ClientResponse>> result;
  ClientRequest request = get(upstream.url());
  request.timeout = 30s;
  asio::co_spawn(
      context, [&]() -> asio::awaitable<void> { result = co_await client.send(request); },
      asio::bind_cancellation_slot(cancel.slot(), [](const std::exception_ptr&) {}));
  asio::steady_timer later(context, 200ms);
  later.async_wait(
      [&](boost::system::error_code) { cancel.emit(asio::cancellation_type::terminal); });
  auto started = std::chrono::steady_clock::now();
  context.run();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
  ASSERT_TRUE(result.has_value());
  ASSERT_FALSE(result->ok());
  EXPECT_NE(result->error().detail.find("cancelled"), std::string::npos) << result->error().detail;
  EXPECT_EQ(client.idle_connections(), 0u);
  EXPECT_TRUE(upstream.wait_peer_closed(2s)) << "the cancelled call's socket is still open";
}

TEST(Client, ReturnsARedirectWithoutFollowingIt) {
  Upstream upstream(Upstream::Mode::kRedirect);
  auto results = run_calls({get(upstream.url())});
  ASSERT_TRUE(results.at(0).ok()) << results[0].error().internal;
  EXPECT_EQ(results[0]->status, 302);
  bool has_location = false;
  for (const auto& [name, value] : results[0]->headers) {
    if (name == "Location") has_location = value == "/elsewhere";
  }
  EXPECT_TRUE(has_location);
  EXPECT_EQ(upstream.targets(), std::vector<std::string>{"/v1/models"});
}

TEST(Client, RefusesInternalAddressesAtConnectTimeWhenAskedTo) {
  Upstream upstream(Upstream::Mode::kAnswer);
  ClientOptions public_only;
  public_only.public_addresses_only = true;
  std::vector<ClientRequest> calls = {
      get(upstream.url()),                                               // loopback, by address
      get("http://localhost:" + std::to_string(upstream.port()) + "/"),  // loopback, by name
      get("https://10.1.2.3/"),                                          // private
      get("https://169.254.169.254/latest/meta-data/"),                  // cloud metadata
      get("https://[fd00:ec2::254]/"),                                   // metadata over IPv6
      get("https://[::ffff:192.168.1.1]/"),                              // IPv4-mapped private
  };
  for (auto& call : calls) call.timeout = 2s;
  auto started = std::chrono::steady_clock::now();
  auto results = run_calls(calls, public_only);
  ASSERT_EQ(results.size(), calls.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    ASSERT_FALSE(results[i].ok()) << calls[i].url;
    EXPECT_NE(results[i].error().detail.find("not allowed"), std::string::npos)
        << calls[i].url << ": " << results[i].error().detail;
  }
  // Refused before dialling: nothing waited for a connection to time out.
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  EXPECT_EQ(upstream.accepted(), 0);

  // Loopback allowed explicitly, as tests' upstreams need.
  ClientOptions loopback_allowed = public_only;
  loopback_allowed.allow_loopback = true;
  auto allowed = run_calls({get(upstream.url())}, loopback_allowed);
  ASSERT_TRUE(allowed.at(0).ok()) << allowed[0].error().internal;
  EXPECT_EQ(allowed[0]->status, 200);
}

TEST(Client, TellsPublicAddressesFromInternalOnes) {
  for (const char* internal :
       {"127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.0.1", "169.254.169.254", "100.64.0.1",
        "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fe80::1%lo",
        "fd00:ec2::254", "::ffff:10.0.0.1", "64:ff9b::a00:1", "ff02::1", "not-an-address"}) {
    EXPECT_FALSE(is_public_address(internal)) << internal;
  }
  for (const char* public_address : {"8.8.8.8", "1.1.1.1", "172.32.0.1", "2606:4700::1111",
                                     "::ffff:8.8.8.8", "64:ff9b::808:808"}) {
    EXPECT_TRUE(is_public_address(public_address)) << public_address;
  }
}

TEST(Client, RefusesPlainHttpBeyondLoopback) {
  auto results = run_calls({get("http://example.com/")});
  ASSERT_FALSE(results.at(0).ok());
  EXPECT_NE(results[0].error().detail.find("only https"), std::string::npos);
}

std::uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

// A TLS upstream (openssl s_server) with two self-signed certificates: one for `name`, shown
// only to a client that asks for `name` by SNI, and one for another name, shown otherwise. The
// test trusts both via extra_ca_file, so only SNI and the host name check decide.
struct TlsUpstream {
  explicit TlsUpstream(const std::string& name) {
    for (const auto& [file, subject] :
         {std::pair<std::string, std::string>{"named", name}, {"fallback", "fallback.invalid"}}) {
      auto [made, made_output] = keyward::testing::run_command(
          {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
           file + "-key.pem", "-out", file + ".pem", "-days", "1", "-subj", "/CN=" + subject,
           "-addext", "subjectAltName=DNS:" + subject},
          dir.path().string());
      made_ok = made == 0;
      output += made_output;
      if (!made_ok) return;
    }
    auto [joined, joined_output] = keyward::testing::run_command(
        {"/bin/sh", "-c", "cat named.pem fallback.pem > trusted.pem"}, dir.path().string());
    made_ok = joined == 0;
    output += joined_output;
    port = free_port();
    server = std::make_unique<keyward::testing::Process>(
        std::vector<std::string>{"/usr/bin/openssl", "s_server", "-accept",
                                 "127.0.0.1:" + std::to_string(port), "-cert", "fallback.pem",
                                 "-key", "fallback-key.pem", "-cert2", "named.pem", "-key2",
                                 "named-key.pem", "-servername", name, "-www"},
        dir.path().string());
    listening = server->wait_for_line("ACCEPT", std::chrono::seconds(10)).has_value();
  }
  std::string ca_file() const { return (dir.path() / "trusted.pem").string(); }
  keyward::testing::TempDir dir;
  bool made_ok = false;
  bool listening = false;
  std::string output;
  std::uint16_t port = 0;
  std::unique_ptr<keyward::testing::Process> server;
};

// One GET to the upstream by `host`, trusting both of its certificates.
Result<ClientResponse> get_trusting(const TlsUpstream& upstream, const std::string& host) {
  ClientOptions options;
  options.extra_ca_file = upstream.ca_file();
  ClientRequest request = get("https://" + host + ":" + std::to_string(upstream.port) + "/");
  request.timeout = 5s;
  return std::move(run_calls({request}, options).at(0));
}

TEST(Client, SpeaksTlsWithSniToATrustedServer) {
  TlsUpstream upstream("localhost");
  ASSERT_TRUE(upstream.made_ok) << upstream.output;
  ASSERT_TRUE(upstream.server && upstream.listening) << upstream.output;
  auto result = get_trusting(upstream, "localhost");
  ASSERT_TRUE(result.ok()) << result.error().internal;
  EXPECT_EQ(result->status, 200);
}

TEST(Client, RefusesATrustedCertificateForAnotherName) {
  TlsUpstream upstream("localhost");
  ASSERT_TRUE(upstream.made_ok) << upstream.output;
  ASSERT_TRUE(upstream.server && upstream.listening) << upstream.output;
  // The same server by its address: the certificate names "localhost" only.
  auto result = get_trusting(upstream, "127.0.0.1");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().detail.find("certificate"), std::string::npos) << result.error().detail;
}

// send_request, verify's way out, on a client of its own: the same refusals as Client::send.
TEST(SendRequest, RefusesPlainHttpBeyondLoopback) {
  auto answer = send_request({"GET", "http://example.com/v1/models", {}, std::chrono::seconds(1)});
  ASSERT_THAT(answer, ::testing::Not(IsOk()));
  EXPECT_NE(answer.error().detail.find("only https"), std::string::npos);
}

// A real TLS peer whose certificate nothing trusts: the client must refuse it, so a provider's
// key is never sent to a server that cannot prove who it is.
TEST(SendRequest, RefusesACertificateItCannotVerify) {
  TlsUpstream upstream("localhost");
  ASSERT_TRUE(upstream.made_ok) << upstream.output;
  ASSERT_TRUE(upstream.server && upstream.listening) << upstream.output;
  auto answer = send_request({"GET",
                              "https://localhost:" + std::to_string(upstream.port) + "/v1/models",
                              {{"Authorization", "Bearer sk-must-not-leave"}},
                              std::chrono::seconds(3)});
  ASSERT_THAT(answer, ::testing::Not(IsOk()));
  EXPECT_NE(answer.error().detail.find("certificate"), std::string::npos) << answer.error().detail;
  EXPECT_EQ(answer.error().internal.find("sk-must-not-leave"), std::string::npos);
}

}  // namespace
}  // namespace keyward::http
