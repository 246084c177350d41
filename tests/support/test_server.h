#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <thread>
#include <vector>

#include "http/server.h"

namespace keyward::testing {

// A real keyward HTTP server on a free loopback port, running on its own thread for one test.
class TestServer {
 public:
  // Starts serving `router` at once. `limits` lets a test shorten the timeouts. `port` 0 takes a
  // free one; `trusted_proxies` as ServerOptions::trusted_proxies.
  explicit TestServer(http::Router router, http::Limits limits = {},
                      std::shared_ptr<http::Metrics> metrics = std::make_shared<http::Metrics>(),
                      std::uint16_t port = 0, std::vector<http::Cidr> trusted_proxies = {});
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;
  // Stops the server and waits for run() to return.
  ~TestServer();

  std::uint16_t port() const { return port_; }
  http::Server& server() { return *server_; }
  // Starts the graceful shutdown and waits until run() has returned.
  void stop_and_wait();

 private:
  std::unique_ptr<http::Server> server_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

// A fresh empty directory under the system temp dir, removed when the object goes away.
class TempDir {
 public:
  TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace keyward::testing
