#include "http/outbound_url.h"

#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <string>

#include "http/client.h"

namespace keyward::http {
namespace {

bool is_loopback_literal(std::string_view host) {
  if (host == "localhost") return true;
  std::string text(host);
  return text.rfind("127.", 0) == 0 || text == "::1";
}

}  // namespace

void check_outbound_url(std::string_view url, const OutboundUrlRules& rules, FieldErrors& errors) {
  const std::string field(rules.field);
  const std::string the = "The " + std::string(rules.noun);
  auto fail = [&](const std::string& message) { errors.add(field, message); };
  if (url.empty()) return fail(std::string(rules.noun) + " is required");
  if (url.size() > rules.max_length) {
    return fail(the + " must be at most " + std::to_string(rules.max_length) + " characters");
  }
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return fail("Enter a valid URL like " + std::string(rules.example));
  std::string scheme(parsed->scheme());
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string host(parsed->host_address());
  if (host.empty()) return fail(the + " must name a host");
  if (parsed->has_userinfo()) return fail(the + " must not carry a user name or password");
  if (parsed->has_fragment()) return fail(the + " must not have a #fragment");
  if (parsed->has_query() && !rules.query_allowed) return fail(the + " must not have a ?query");
  const bool loopback = is_loopback_literal(host);
  if (scheme == "http") {
    if (!(rules.http_to_loopback && loopback)) return fail(the + " must start with https://");
  } else if (scheme != "https") {
    return fail(the + " must start with https://");
  }
  if (!rules.public_literals_only) return;
  boost::system::error_code ec;
  (void)boost::asio::ip::make_address(host, ec);
  const bool literal = !ec;
  if (loopback && !rules.http_to_loopback) {
    return fail(the + " must not point at this server (loopback)");
  }
  if (literal && !loopback && !is_public_address(host)) {
    return fail(the + " must point at a public address");
  }
}

}  // namespace keyward::http
