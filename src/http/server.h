#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "domain/result.h"
#include "http/client_address.h"
#include "http/limits.h"
#include "http/metrics.h"
#include "http/router.h"

namespace keyward::http {

// How the server listens and how much it accepts; fixed once it starts.
struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port; listen() returns it
  int io_threads = 0;         // 0: one per core
  int blocking_threads = 32;  // for handlers on Executor::kBlocking
  int cpu_threads = 2;        // for handlers on Executor::kCpu (password hashing)
  Limits limits;
  // Reverse proxies (KEYWARD_TRUSTED_PROXIES): their connections carry many clients, so they
  // count against the connection cap but not against the per-address share.
  std::vector<Cidr> trusted_proxies;
};

// The HTTP/1.1 server: Beast and Asio with C++20 coroutines on a pool of threads. It reads a
// request, asks the router for the handler, runs it, and writes the response with the security
// headers, a request id and an access log line. Beast stays inside server.cpp.
class Server {
 public:
  // `metrics` gets one series per route of `router`.
  Server(ServerOptions options, Router router, std::shared_ptr<Metrics> metrics);
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  ~Server();

  // Binds and listens. Returns the bound port (the chosen one when the port is 0).
  Result<std::uint16_t> listen();

  // From now on SIGINT and SIGTERM start the graceful shutdown instead of killing the process;
  // a signal that arrives before run() is kept and acted on when run() starts.
  void catch_signals();

  // Serves until stop() is called (or a caught signal arrives), then finishes in-flight
  // requests, closes idle connections and returns. REQUIRES: listen() was ok.
  void run();

  // Starts the graceful shutdown. Thread-safe; may be called before or during run().
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace keyward::http
