#pragma once

#include <cstddef>
#include <string_view>

#include "domain/validation.h"

namespace keyward::http {

// What a URL someone types for keyward to call (a webhook's, a key's base URL) may be. Every
// resolved address is checked again when the connection is made (http::Client), so these rules
// catch mistakes early; they are not the defence against DNS pointing a name inside.
struct OutboundUrlRules {
  // The field the messages go under, and how they name the URL ("URL", "base URL").
  std::string_view field = "url";
  std::string_view noun = "URL";
  std::string_view example = "https://example.com/hooks";  // in "Enter a valid URL like …"
  std::size_t max_length = 2048;
  // http:// to a loopback host (tests' receivers); otherwise https:// only.
  bool http_to_loopback = false;
  // An IP literal host must be public (loopback too with http_to_loopback); off where the
  // operator may allow private ranges at connect time (the gateway's on-premises servers).
  bool public_literals_only = true;
  // A ?query is allowed (a receiver's token); a base URL gets the caller's query appended.
  bool query_allowed = true;
};

// Adds the first problem of `url` under `rules` to `errors`: absent, too long, not an absolute
// URL, no host, a user name or password, a #fragment, a query where none is allowed, a scheme
// other than https (or http to loopback when allowed), a non-public IP literal.
void check_outbound_url(std::string_view url, const OutboundUrlRules& rules, FieldErrors& errors);

}  // namespace keyward::http
