#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/latency_histogram.h"

namespace keyward::gateway {

// The gateway's Prometheus series, per catalogue type: requests by the status class answered,
// the time to the provider's response head, and failovers to another key. Lock-free.
class GatewayMetrics {
 public:
  static constexpr std::array<double, 12> kLatencyBucketsSeconds = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0};

  GatewayMetrics();

  // One request of `type` answered `status` (a provider's, or the gateway's own refusal);
  // `to_head`: until the answer's head, when a provider answered. Unknown types are not counted.
  void observe(std::string_view type, int status, std::optional<std::chrono::nanoseconds> to_head);
  void failed_over(std::string_view type);

  // The exposition text, appended to /metrics.
  std::string render() const;

 private:
  struct Series {
    std::string type;
    std::array<std::atomic<std::uint64_t>, 5> by_class{};  // 1xx … 5xx
    http::LatencyHistogram<kLatencyBucketsSeconds.size(), kLatencyBucketsSeconds> to_head;
    std::atomic<std::uint64_t> failovers{0};
  };
  Series* find(std::string_view type) const;
  std::vector<std::unique_ptr<Series>> series_;
};

}  // namespace keyward::gateway
