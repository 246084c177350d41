#include "gateway/forwarding.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "http/router.h"

namespace keyward::gateway {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// RFC 9110 §7.6.1 and the ones proxies drop by custom.
constexpr std::array<std::string_view, 9> kHopByHop = {"connection",
                                                       "keep-alive",
                                                       "proxy-connection",
                                                       "proxy-authenticate",
                                                       "proxy-authorization",
                                                       "te",
                                                       "trailer",
                                                       "transfer-encoding",
                                                       "upgrade"};

bool in(std::string_view name, const auto& list) {
  return std::any_of(list.begin(), list.end(),
                     [&](std::string_view n) { return iequals(n, name); });
}

// The names a Connection header lists: hop-by-hop too.
std::vector<std::string> connection_listed(const Headers& headers) {
  std::vector<std::string> out;
  for (const auto& [name, value] : headers) {
    if (!iequals(name, "connection")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      auto comma = rest.find(',');
      std::string_view item = rest.substr(0, comma);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
      if (!item.empty()) out.push_back(lower(item));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return out;
}

}  // namespace

namespace {

// The value of header `name` after `prefix` (case-insensitive), trimmed; nullopt when absent.
std::optional<std::string> credential_in(const http::Request& request, std::string_view name,
                                         std::string_view prefix) {
  auto value = request.header(lower(name));
  if (!value) return std::nullopt;
  std::string_view token = *value;
  if (!prefix.empty()) {
    if (token.size() < prefix.size() || !iequals(token.substr(0, prefix.size()), prefix)) {
      return std::nullopt;
    }
    token.remove_prefix(prefix.size());
  }
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  if (token.empty()) return std::nullopt;
  return std::string(token);
}

}  // namespace

std::optional<std::string> presented_token(const http::Request& request,
                                           const GatewayRoute& route) {
  if (route.key_header.empty()) {
    auto token = request.query_param(route.key_query);
    if (!token || token->empty()) return std::nullopt;
    return token;
  }
  // The type's own way first; then the other headers SDKs put a key in (a provider's SDK may
  // change: Anthropic's now sends Authorization: Bearer). Each is dropped before forwarding.
  if (auto token = credential_in(request, route.key_header, route.key_prefix)) return token;
  if (auto token = credential_in(request, "authorization", "Bearer ")) return token;
  if (auto token = credential_in(request, "x-api-key", "")) return token;
  return credential_in(request, "x-goog-api-key", "");
}

Headers upstream_headers(const Headers& request_headers, std::string_view token) {
  // Credentials of any provider's form: the token must never reach a provider, whichever header
  // an application put it in. Framing is recomputed; forwarding headers would tell the provider
  // about the application's network.
  static constexpr std::array<std::string_view, 13> kDropped = {"host",
                                                                "content-length",
                                                                "authorization",
                                                                "x-api-key",
                                                                "x-goog-api-key",
                                                                "cookie",
                                                                "expect",
                                                                "forwarded",
                                                                "x-forwarded-for",
                                                                "x-forwarded-host",
                                                                "x-forwarded-proto",
                                                                "x-real-ip",
                                                                "x-request-id"};
  auto listed = connection_listed(request_headers);
  Headers out;
  for (const auto& [name, value] : request_headers) {
    if (in(name, kHopByHop) || in(name, kDropped) || in(name, listed)) continue;
    if (name.size() >= 8 && iequals(std::string_view(name).substr(0, 8), "keyward-")) continue;
    if (!token.empty() && value.find(token) != std::string::npos) continue;
    out.emplace_back(name, value);
  }
  return out;
}

Headers downstream_headers(const Headers& response_headers) {
  static constexpr std::array<std::string_view, 3> kDropped = {"content-length", "set-cookie",
                                                               "set-cookie2"};
  auto listed = connection_listed(response_headers);
  Headers out;
  for (const auto& [name, value] : response_headers) {
    if (in(name, kHopByHop) || in(name, kDropped) || in(name, listed)) continue;
    if (name.size() >= 8 && iequals(std::string_view(name).substr(0, 8), "keyward-")) continue;
    out.emplace_back(name, value);
  }
  return out;
}

std::string upstream_url(std::string_view base_url, std::string_view path,
                         std::string_view raw_query, const GatewayRoute& route,
                         std::string_view key) {
  while (!base_url.empty() && base_url.back() == '/') base_url.remove_suffix(1);
  // Built in one buffer reserved for the worst case: a key in the query is never left behind in a
  // buffer freed by growth (the client wipes the URL it is given).
  std::string url;
  url.reserve(base_url.size() + 1 + path.size() + 1 + raw_query.size() + 1 +
              route.key_query.size() + 1 + key.size() * 3);
  url += base_url;
  url += '/';
  url += path;
  char separator = '?';
  while (!raw_query.empty()) {
    auto amp = raw_query.find('&');
    std::string_view pair = raw_query.substr(0, amp);
    std::string_view name = pair.substr(0, pair.find('='));
    // The token's parameter never goes on (decoded, as query_param reads it).
    auto decoded = http::decode_segment(name);
    bool is_token = !route.key_query.empty() && decoded && *decoded == route.key_query;
    if (!is_token && !pair.empty()) {
      url += separator;
      separator = '&';
      url += pair;
    }
    if (amp == std::string_view::npos) break;
    raw_query.remove_prefix(amp + 1);
  }
  if (!route.key_query.empty()) {
    // Keys are URL-safe in practice (Google's are [A-Za-z0-9_-]); anything else is escaped.
    url += separator;
    url += route.key_query;
    url += '=';
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (unsigned char c : key) {
      if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
        url += static_cast<char>(c);
      } else {
        url += '%';
        url += kHex[c >> 4];
        url += kHex[c & 0xf];
      }
    }
  }
  return url;
}

std::string query_without_token(std::string_view raw_query, std::string_view token) {
  std::string query;
  while (!raw_query.empty()) {
    auto amp = raw_query.find('&');
    std::string_view pair = raw_query.substr(0, amp);
    auto equals = pair.find('=');
    // (A '+' for a space cannot occur in a token: percent-decoding is enough to compare.)
    auto value = http::decode_segment(equals == std::string_view::npos ? std::string_view()
                                                                       : pair.substr(equals + 1));
    if (!pair.empty() && value && (token.empty() || *value != token)) {
      if (!query.empty()) query += '&';
      query += pair;
    }
    if (amp == std::string_view::npos) break;
    raw_query.remove_prefix(amp + 1);
  }
  return query;
}

bool worth_another_key(int status) { return status == 429 || status >= 500; }

std::int64_t cool_down_ms(const Headers& response_headers, std::int64_t fallback_ms) {
  constexpr std::int64_t kMaxMs = 3600LL * 1000;
  for (const auto& [name, value] : response_headers) {
    if (!iequals(name, "retry-after")) continue;
    std::int64_t seconds = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec == std::errc() && end == value.data() + value.size() && seconds >= 0) {
      return std::min(seconds * 1000, kMaxMs);
    }
  }
  return fallback_ms;
}

std::string_view header_value(const Headers& headers, std::string_view name) {
  for (const auto& [header, value] : headers) {
    if (iequals(header, name)) return value;
  }
  return {};
}

std::optional<std::uint64_t> declared_length(int status, const Headers& response_headers) {
  if (status < 200 || status == 204 || status == 304) return std::nullopt;
  std::optional<std::uint64_t> length;
  for (const auto& [name, value] : response_headers) {
    if (iequals(name, "transfer-encoding")) return std::nullopt;
    if (!iequals(name, "content-length")) continue;
    std::uint64_t parsed = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
    if (ec != std::errc() || end != value.data() + value.size() || value.empty()) {
      return std::nullopt;
    }
    if (length && *length != parsed) return std::nullopt;
    length = parsed;
  }
  return length;
}

std::string_view status_class(int status) {
  static constexpr std::array<std::string_view, 6> kClasses = {"1xx", "1xx", "2xx",
                                                               "3xx", "4xx", "5xx"};
  int hundreds = status / 100;
  if (hundreds < 1 || hundreds > 5) return "5xx";
  return kClasses[static_cast<std::size_t>(hundreds)];
}

}  // namespace keyward::gateway
