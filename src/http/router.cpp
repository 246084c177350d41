#include "http/router.h"

#include <algorithm>
#include <cassert>
#include <optional>
#include <stdexcept>

namespace keyward::http {
namespace {

bool is_capture(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// "{name*}": the rest of the path.
bool is_tail_capture(std::string_view segment) {
  return segment.size() > 3 && segment.front() == '{' && segment.ends_with("*}");
}

// What follows the first `count` segments of `raw_path`, without the slash before it.
std::string_view path_after(std::string_view raw_path, std::size_t count) {
  if (!raw_path.empty() && raw_path.front() == '/') raw_path.remove_prefix(1);
  for (std::size_t i = 0; i < count; ++i) {
    auto slash = raw_path.find('/');
    if (slash == std::string_view::npos) return {};
    raw_path.remove_prefix(slash + 1);
  }
  return raw_path;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (path.empty()) return out;
  while (true) {
    auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

std::optional<std::string> decode_segment(std::string_view segment) {
  std::string out;
  out.reserve(segment.size());
  for (std::size_t i = 0; i < segment.size(); ++i) {
    if (segment[i] != '%') {
      out.push_back(segment[i]);
      continue;
    }
    if (i + 2 >= segment.size()) return std::nullopt;
    int hi = hex_value(segment[i + 1]);
    int lo = hex_value(segment[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    char c = static_cast<char>(hi * 16 + lo);
    if (c == '\0') return std::nullopt;
    out.push_back(c);
    i += 2;
  }
  return out;
}

void Router::add(Method method, std::string_view pattern, Handler handler, RouteOptions options) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/'");
  }
  for (const auto& route : routes_) {
    if (route.method == method && route.pattern == pattern) {
      throw std::invalid_argument("route added twice: " + std::string(pattern));
    }
  }
  Route route;
  route.id = static_cast<int>(routes_.size());
  route.method = method;
  route.pattern = std::string(pattern);
  for (auto segment : split_path(pattern)) route.segments.emplace_back(segment);
  route.handler = std::move(handler);
  route.options = options;
  routes_.push_back(std::move(route));
}

void Router::set_fallback(Handler handler, RouteOptions options) {
  Route route;
  route.id = static_cast<int>(routes_.size());
  route.method = Method::kGet;
  route.pattern = "(web)";  // never matched as a pattern: it has no leading slash
  route.handler = std::move(handler);
  route.options = options;
  fallback_ = route.id;
  routes_.push_back(std::move(route));
}

Router::Match Router::match(Method method, std::string_view raw_path) const {
  Match result;
  auto segments = split_path(raw_path);
  Method wanted = method == Method::kHead ? Method::kGet : method;
  for (const auto& route : routes_) {
    if (route.id == fallback_) continue;
    const bool tail = !route.segments.empty() && is_tail_capture(route.segments.back());
    const std::size_t fixed = tail ? route.segments.size() - 1 : route.segments.size();
    if (tail ? segments.size() < fixed : segments.size() != fixed) continue;
    std::vector<std::pair<std::string, std::string>> params;
    bool matched = true;
    for (std::size_t i = 0; i < fixed && matched; ++i) {
      const auto& expected = route.segments[i];
      if (is_capture(expected)) {
        auto decoded = decode_segment(segments[i]);
        if (!decoded || decoded->empty()) {
          matched = false;
        } else {
          params.emplace_back(expected.substr(1, expected.size() - 2), std::move(*decoded));
        }
      } else {
        matched = expected == segments[i];
      }
    }
    if (!matched) continue;
    if (tail) {
      const auto& capture = route.segments.back();
      params.emplace_back(capture.substr(1, capture.size() - 3),
                          std::string(path_after(raw_path, fixed)));
    }
    if (route.method == wanted) {
      result.route = &route;
      result.params = std::move(params);
      result.allowed.clear();
      return result;
    }
    if (std::find(result.allowed.begin(), result.allowed.end(), route.method) ==
        result.allowed.end()) {
      result.allowed.push_back(route.method);
    }
  }
  if (result.allowed.empty() && fallback_ >= 0 &&
      (method == Method::kGet || method == Method::kHead)) {
    result.route = &routes_[static_cast<std::size_t>(fallback_)];
  }
  return result;
}

}  // namespace keyward::http
