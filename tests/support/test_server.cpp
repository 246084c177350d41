#include "support/test_server.h"

#include <stdexcept>

#include "crypto/random.h"

namespace keyward::testing {

TestServer::TestServer(http::Router router, http::Limits limits,
                       std::shared_ptr<http::Metrics> metrics, std::uint16_t port,
                       std::vector<http::Cidr> trusted_proxies) {
  http::ServerOptions options;
  options.host = "127.0.0.1";
  options.port = port;
  options.io_threads = 2;
  options.blocking_threads = 2;
  options.limits = limits;
  options.trusted_proxies = std::move(trusted_proxies);
  server_ = std::make_unique<http::Server>(options, std::move(router), std::move(metrics));
  auto listening = server_->listen();
  if (!listening) {
    throw std::runtime_error("test server cannot listen: " + listening.error().internal);
  }
  port_ = *listening;
  thread_ = std::thread([this] { server_->run(); });
}

TestServer::~TestServer() { stop_and_wait(); }

void TestServer::stop_and_wait() {
  if (!thread_.joinable()) return;
  server_->stop();
  thread_.join();
}

TempDir::TempDir()
    : path_(std::filesystem::temp_directory_path() / ("keyward-test-" + crypto::random_hex(8))) {
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace keyward::testing
