#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace keyward::http {

// One Prometheus latency histogram with the upper bounds `kBounds` (seconds): the server's per
// route, the gateway's per provider type. Recording is lock-free (relaxed atomics, read together
// only by render()) and thread-safe.
template <std::size_t N, const std::array<double, N>& kBounds>
class LatencyHistogram {
 public:
  void observe(std::chrono::nanoseconds latency) {
    double seconds = std::chrono::duration<double>(latency).count();
    for (std::size_t i = 0; i < N; ++i) {
      if (seconds <= kBounds[i]) {
        buckets_[i].fetch_add(1, std::memory_order_relaxed);
        break;
      }
    }
    count_.fetch_add(1, std::memory_order_relaxed);
    sum_ns_.fetch_add(static_cast<std::uint64_t>(latency.count()), std::memory_order_relaxed);
  }

  // Appends `name`'s _bucket, _sum and _count lines with `labels` (`a="x",b="y"`, escaped);
  // nothing while it has counted nothing.
  void render(std::string& out, std::string_view name, const std::string& labels) const {
    auto count = count_.load(std::memory_order_relaxed);
    if (count == 0) return;
    std::uint64_t cumulative = 0;
    char number[48];
    for (std::size_t i = 0; i < N; ++i) {
      cumulative += buckets_[i].load(std::memory_order_relaxed);
      std::snprintf(number, sizeof number, "%g", kBounds[i]);
      out.append(name).append("_bucket{").append(labels).append(",le=\"").append(number);
      out.append("\"} ").append(std::to_string(cumulative)).append("\n");
    }
    out.append(name).append("_bucket{").append(labels).append(",le=\"+Inf\"} ");
    out.append(std::to_string(count)).append("\n");
    std::snprintf(number, sizeof number, "%.9f",
                  static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) / 1e9);
    out.append(name).append("_sum{").append(labels).append("} ").append(number).append("\n");
    out.append(name).append("_count{").append(labels).append("} ");
    out.append(std::to_string(count)).append("\n");
  }

 private:
  std::array<std::atomic<std::uint64_t>, N> buckets_{};
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_ns_{0};
};

}  // namespace keyward::http
