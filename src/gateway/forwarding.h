#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/catalogue.h"
#include "http/message.h"

// What the gateway changes on the way through: where the service token is taken from, which
// headers cross in each direction, and where the key is put. Pure functions: no I/O, no secret
// kept.
namespace keyward::gateway {

using Headers = std::vector<std::pair<std::string, std::string>>;

// The service token as the type's SDK presents a key (route.key_header after route.key_prefix,
// or the query parameter route.key_query); for a header type also as any SDK presents one
// (Authorization: Bearer, x-api-key, x-goog-api-key). Nullopt when it is not there.
std::optional<std::string> presented_token(const http::Request& request, const GatewayRoute& route);

// The request's headers that go on to the provider, without the key: none that carries a
// credential (Authorization, x-api-key, x-goog-api-key, cookies), hop-by-hop ones (and those
// Connection names), framing (recomputed), forwarding and keyward's own (Keyward-*). Names
// lower-case, order kept. A header whose value holds `token` anywhere is dropped too, whatever
// its name: the token never reaches a provider.
Headers upstream_headers(const Headers& request_headers, std::string_view token);

// The provider's response headers that go back to the application: all but hop-by-hop ones,
// framing (the answer is re-framed), cookies, and Keyward-* (only keyward says which key served).
Headers downstream_headers(const Headers& response_headers);

// The provider URL: `base_url` (no trailing slash needed) + "/" + `path` (as it came,
// percent-encoded) + the query without the token's parameter (route.key_query), with the key in
// it for a provider that takes the key there. REQUIRES: `key` is wiped by the caller, as is the
// URL returned.
std::string upstream_url(std::string_view base_url, std::string_view path,
                         std::string_view raw_query, const GatewayRoute& route,
                         std::string_view key);

// The raw query without any parameter whose (percent-decoded) value is `token`, nor one that
// does not decode: the token never reaches a provider, whatever parameter it was put in.
std::string query_without_token(std::string_view raw_query, std::string_view token);

// A provider answer worth another key: rate-limited or a server error.
bool worth_another_key(int status);

// How long a key that was answered 429 is skipped: the answer's Retry-After in seconds (or an
// HTTP date is not read: then `fallback_ms`), capped at an hour.
std::int64_t cool_down_ms(const Headers& response_headers, std::int64_t fallback_ms);

// The value of the first header named `name` (any case); empty when there is none.
std::string_view header_value(const Headers& headers, std::string_view name);

// The exact body length a provider's answer declared (one plain Content-Length), to pass on so
// the application knows the end at the last byte; nullopt when there is none, or for a status
// that has no body (1xx, 204, 304).
std::optional<std::uint64_t> declared_length(int status, const Headers& response_headers);

// "2xx", "4xx", …: the status class of the metrics.
std::string_view status_class(int status);

}  // namespace keyward::gateway
