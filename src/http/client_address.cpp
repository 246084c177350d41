#include "http/client_address.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace keyward::http {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The 16-byte form of an IPv4 or IPv6 address (IPv4 as ::ffff:a.b.c.d), and whether it was IPv4.
std::optional<std::pair<std::array<std::uint8_t, 16>, bool>> parse_address(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  if (text.empty() || text.size() > 45) return std::nullopt;
  std::string zero_terminated(text);
  std::array<std::uint8_t, 16> bytes{};
  in_addr v4{};
  if (inet_pton(AF_INET, zero_terminated.c_str(), &v4) == 1) {
    bytes[10] = 0xff;
    bytes[11] = 0xff;
    std::memcpy(bytes.data() + 12, &v4, 4);
    return std::pair{bytes, true};
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, zero_terminated.c_str(), &v6) == 1) {
    std::memcpy(bytes.data(), &v6, 16);
    return std::pair{bytes, false};
  }
  return std::nullopt;
}

bool matches(const std::array<std::uint8_t, 16>& address, const Cidr& range) {
  int bits = range.bits;
  for (std::size_t i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    std::uint8_t mask = bits >= 8 ? 0xff : static_cast<std::uint8_t>(0xff << (8 - bits));
    if ((address[i] & mask) != (range.prefix[i] & mask)) return false;
  }
  return true;
}

}  // namespace

Result<std::vector<Cidr>> parse_cidr_list(std::string_view list) {
  std::vector<Cidr> ranges;
  while (!list.empty()) {
    auto comma = list.find(',');
    std::string_view entry = trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (entry.empty()) continue;
    auto slash = entry.find('/');
    auto address = parse_address(entry.substr(0, slash));
    if (!address) {
      std::string message = "not an address or range: " + std::string(entry);
      return Error::make(ErrorCode::kBadRequest, message, message);
    }
    int max_bits = address->second ? 32 : 128;
    int bits = max_bits;
    if (slash != std::string_view::npos) {
      std::string_view digits = entry.substr(slash + 1);
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
      if (ec != std::errc() || end != digits.data() + digits.size() || bits < 0 ||
          bits > max_bits) {
        std::string message = "not an address or range: " + std::string(entry);
        return Error::make(ErrorCode::kBadRequest, message, message);
      }
    }
    ranges.push_back(Cidr{address->first, address->second ? bits + 96 : bits});
  }
  return ranges;
}

bool in_ranges(std::string_view address, const std::vector<Cidr>& ranges) {
  auto parsed = parse_address(trim(address));
  if (!parsed) return false;
  for (const auto& range : ranges) {
    if (matches(parsed->first, range)) return true;
  }
  return false;
}

std::string client_address(std::string_view peer, std::optional<std::string_view> forwarded_for,
                           const std::vector<Cidr>& trusted) {
  if (trusted.empty() || !forwarded_for || !in_ranges(peer, trusted)) return std::string(peer);
  std::string_view hops = *forwarded_for;
  std::string_view client = peer;
  while (!hops.empty()) {
    auto comma = hops.rfind(',');
    std::string_view hop = trim(comma == std::string_view::npos ? hops : hops.substr(comma + 1));
    hops = comma == std::string_view::npos ? std::string_view() : hops.substr(0, comma);
    if (!parse_address(hop)) break;  // garbage: keep the last address we could vouch for
    if (hop.size() >= 2 && hop.front() == '[') hop = hop.substr(1, hop.size() - 2);
    client = hop;
    if (!in_ranges(hop, trusted)) break;
  }
  return std::string(client);
}

}  // namespace keyward::http
