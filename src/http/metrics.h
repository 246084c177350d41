#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "http/latency_histogram.h"

namespace keyward::http {

// Prometheus counters for the HTTP server: requests by route, method and status, a latency
// histogram per route, and open connections. Recording is lock-free and thread-safe.
class Metrics {
 public:
  static constexpr std::array<double, 12> kLatencyBucketsSeconds = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};

  // One label per route id (method and pattern); requests that matched no route share one more.
  struct RouteLabel {
    std::string method;
    std::string pattern;
  };
  // Only the unmatched series until set_routes().
  Metrics() { set_routes({}); }

  // Replaces the series with one per route. REQUIRES: called before the server starts (the
  // Server does it from its router); not thread-safe.
  void set_routes(std::vector<RouteLabel> routes);

  // Index to pass to observe() for a request that matched no route.
  int unmatched_index() const { return static_cast<int>(series_.size()) - 1; }

  // Thread-safe and lock-free: relaxed atomic counters, read together only by render().
  // observe: an out-of-range index counts as unmatched; the status is clamped to 100..599.
  void observe(int route_index, int status, std::chrono::nanoseconds latency);
  void connection_opened() { open_connections_.fetch_add(1, std::memory_order_relaxed); }
  void connection_closed() { open_connections_.fetch_sub(1, std::memory_order_relaxed); }
  void connection_rejected() { rejected_connections_.fetch_add(1, std::memory_order_relaxed); }
  std::int64_t open_connections() const {
    return open_connections_.load(std::memory_order_relaxed);
  }

  // The exposition text served at /metrics.
  std::string render() const;

 private:
  static constexpr int kMinStatus = 100;
  static constexpr int kMaxStatus = 599;

  struct Series {
    RouteLabel label;
    std::array<std::atomic<std::uint64_t>, kMaxStatus - kMinStatus + 1> by_status{};
    LatencyHistogram<kLatencyBucketsSeconds.size(), kLatencyBucketsSeconds> latency;
  };

  std::vector<std::unique_ptr<Series>> series_;
  std::atomic<std::int64_t> open_connections_{0};
  std::atomic<std::uint64_t> rejected_connections_{0};
};

}  // namespace keyward::http
