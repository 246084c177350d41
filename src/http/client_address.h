#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

namespace keyward::http {

// An address range: IPv4 ranges are kept as IPv4-mapped IPv6, so one comparison serves both.
struct Cidr {
  std::array<std::uint8_t, 16> prefix{};
  int bits = 0;  // leading bits that must match, 0–128
};

// Parses "10.0.0.0/8, 192.168.1.7, ::1, fd00::/8" (a bare address is a /32 or /128).
// kBadRequest naming the first entry that is not an address or range.
Result<std::vector<Cidr>> parse_cidr_list(std::string_view list);

// Whether `address` (textual IPv4 or IPv6) lies in one of `ranges`; false for text that is no
// address.
bool in_ranges(std::string_view address, const std::vector<Cidr>& ranges);

// The client's address for throttling and the audit trail. When the connection's peer is one of
// the `trusted` proxies, X-Forwarded-For is read from the right, skipping trusted hops, and the
// first address that is not trusted is the client (the left-most entries are whatever the client
// sent, so they are never believed). Otherwise, or when the header is missing or malformed, the
// peer itself.
std::string client_address(std::string_view peer, std::optional<std::string_view> forwarded_for,
                           const std::vector<Cidr>& trusted);

}  // namespace keyward::http
