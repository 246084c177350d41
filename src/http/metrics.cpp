#include "http/metrics.h"

#include <algorithm>

namespace keyward::http {
namespace {

// Label values are our own route patterns, but escape anyway so the format can never break.
std::string escape_label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

void Metrics::set_routes(std::vector<RouteLabel> routes) {
  series_.clear();
  routes.push_back({"", "unmatched"});
  for (auto& label : routes) {
    auto series = std::make_unique<Series>();
    series->label = std::move(label);
    series_.push_back(std::move(series));
  }
}

void Metrics::observe(int route_index, int status, std::chrono::nanoseconds latency) {
  if (route_index < 0 || route_index >= static_cast<int>(series_.size())) {
    route_index = unmatched_index();
  }
  Series& series = *series_[static_cast<std::size_t>(route_index)];
  status = std::clamp(status, kMinStatus, kMaxStatus);
  series.by_status[static_cast<std::size_t>(status - kMinStatus)].fetch_add(
      1, std::memory_order_relaxed);
  series.latency.observe(latency);
}

std::string Metrics::render() const {
  std::string out;
  out += "# HELP keyward_http_requests_total HTTP requests answered, by route and status.\n";
  out += "# TYPE keyward_http_requests_total counter\n";
  for (const auto& series : series_) {
    std::string labels = "route=\"" + escape_label(series->label.pattern) + "\",method=\"" +
                         escape_label(series->label.method) + "\"";
    for (std::size_t i = 0; i < series->by_status.size(); ++i) {
      auto value = series->by_status[i].load(std::memory_order_relaxed);
      if (value == 0) continue;
      out += "keyward_http_requests_total{" + labels + ",status=\"" +
             std::to_string(static_cast<int>(i) + kMinStatus) + "\"} " + std::to_string(value) +
             "\n";
    }
  }
  out +=
      "# HELP keyward_http_request_duration_seconds Time from a full request to its response "
      "ready.\n";
  out += "# TYPE keyward_http_request_duration_seconds histogram\n";
  for (const auto& series : series_) {
    std::string labels = "route=\"" + escape_label(series->label.pattern) + "\",method=\"" +
                         escape_label(series->label.method) + "\"";
    series->latency.render(out, "keyward_http_request_duration_seconds", labels);
  }
  out += "# HELP keyward_http_open_connections Client connections open now.\n";
  out += "# TYPE keyward_http_open_connections gauge\n";
  out += "keyward_http_open_connections " + std::to_string(open_connections()) + "\n";
  out += "# HELP keyward_http_rejected_connections_total Connections refused at the cap.\n";
  out += "# TYPE keyward_http_rejected_connections_total counter\n";
  out += "keyward_http_rejected_connections_total " +
         std::to_string(rejected_connections_.load(std::memory_order_relaxed)) + "\n";
  return out;
}

}  // namespace keyward::http
