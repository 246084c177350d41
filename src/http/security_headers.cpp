#include "http/security_headers.h"

#include <array>
#include <string_view>
#include <utility>

namespace keyward::http {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kSecurityHeaders = {{
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
    {"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"},
    {"Cross-Origin-Resource-Policy", "same-origin"},
}};

}  // namespace

void apply_security_headers(Response& response) {
  for (const auto& [name, value] : kSecurityHeaders) {
    if (!response.has_header(name)) response.set_header(std::string(name), std::string(value));
  }
}

}  // namespace keyward::http
