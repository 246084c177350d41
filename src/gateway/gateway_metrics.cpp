#include "gateway/gateway_metrics.h"

#include "domain/catalogue.h"

namespace keyward::gateway {

GatewayMetrics::GatewayMetrics() {
  for (const auto& type : key_types()) {
    auto series = std::make_unique<Series>();
    series->type = std::string(type.id);
    series_.push_back(std::move(series));
  }
}

GatewayMetrics::Series* GatewayMetrics::find(std::string_view type) const {
  for (const auto& series : series_) {
    if (series->type == type) return series.get();
  }
  return nullptr;
}

void GatewayMetrics::observe(std::string_view type, int status,
                             std::optional<std::chrono::nanoseconds> to_head) {
  Series* series = find(type);
  if (series == nullptr) return;
  int hundreds = status / 100;
  if (hundreds < 1 || hundreds > 5) hundreds = 5;
  series->by_class[static_cast<std::size_t>(hundreds - 1)].fetch_add(1, std::memory_order_relaxed);
  if (!to_head) return;
  series->to_head.observe(*to_head);
}

void GatewayMetrics::failed_over(std::string_view type) {
  if (Series* series = find(type)) series->failovers.fetch_add(1, std::memory_order_relaxed);
}

std::string GatewayMetrics::render() const {
  std::string out;
  auto line = [&out](const std::string& text) { out += text + "\n"; };
  line(
      "# HELP keyward_gateway_requests_total Gateway requests by provider type and the status "
      "class answered.");
  line("# TYPE keyward_gateway_requests_total counter");
  static constexpr std::array<const char*, 5> kClasses = {"1xx", "2xx", "3xx", "4xx", "5xx"};
  for (const auto& series : series_) {
    for (std::size_t i = 0; i < kClasses.size(); ++i) {
      auto n = series->by_class[i].load(std::memory_order_relaxed);
      if (n == 0) continue;
      line("keyward_gateway_requests_total{type=\"" + series->type + "\",status_class=\"" +
           kClasses[i] + "\"} " + std::to_string(n));
    }
  }
  line(
      "# HELP keyward_gateway_upstream_seconds Time from a gateway request to the provider's "
      "response head.");
  line("# TYPE keyward_gateway_upstream_seconds histogram");
  for (const auto& series : series_) {
    series->to_head.render(out, "keyward_gateway_upstream_seconds",
                           "type=\"" + series->type + "\"");
  }
  line(
      "# HELP keyward_gateway_failovers_total Gateway requests retried with another key after a "
      "429, a 5xx or a failed connection.");
  line("# TYPE keyward_gateway_failovers_total counter");
  for (const auto& series : series_) {
    auto n = series->failovers.load(std::memory_order_relaxed);
    if (n > 0)
      line("keyward_gateway_failovers_total{type=\"" + series->type + "\"} " + std::to_string(n));
  }
  return out;
}

}  // namespace keyward::gateway
