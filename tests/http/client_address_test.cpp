#include "http/client_address.h"

#include <gtest/gtest.h>

namespace keyward::http {
namespace {

std::vector<Cidr> ranges(std::string_view list) { return parse_cidr_list(list).value(); }

TEST(ClientAddress, ParsesAddressesAndRangesOfBothFamilies) {
  auto parsed = ranges("10.0.0.0/8, 192.168.1.7 ,::1,fd00::/8");
  EXPECT_EQ(parsed.size(), 4u);
  EXPECT_TRUE(in_ranges("10.200.3.4", parsed));
  EXPECT_TRUE(in_ranges("192.168.1.7", parsed));
  EXPECT_FALSE(in_ranges("192.168.1.8", parsed));
  EXPECT_TRUE(in_ranges("::1", parsed));
  EXPECT_TRUE(in_ranges("fd12::5", parsed));
  EXPECT_FALSE(in_ranges("11.0.0.1", parsed));
  EXPECT_FALSE(in_ranges("not an address", parsed));
}

TEST(ClientAddress, RefusesWhatIsNoRange) {
  for (const char* bad : {"10.0.0.0/33", "fd00::/129", "example.com", "10.0.0.0/x", "1.2.3"}) {
    EXPECT_FALSE(parse_cidr_list(bad).ok()) << bad;
  }
  EXPECT_TRUE(parse_cidr_list("").value().empty());
}

TEST(ClientAddress, BelievesForwardedForOnlyFromATrustedPeer) {
  auto trusted = ranges("10.0.0.0/8");
  EXPECT_EQ(client_address("203.0.113.9", "198.51.100.1", trusted), "203.0.113.9");
  EXPECT_EQ(client_address("10.0.0.2", "198.51.100.1", trusted), "198.51.100.1");
  EXPECT_EQ(client_address("10.0.0.2", std::nullopt, trusted), "10.0.0.2");
  EXPECT_EQ(client_address("10.0.0.2", "198.51.100.1", {}), "10.0.0.2");
}

TEST(ClientAddress, TakesTheRightMostUntrustedHopNotWhatTheClientWrote) {
  auto trusted = ranges("10.0.0.0/8");
  // The client wrote "1.1.1.1" itself; its real address was appended by the proxy chain.
  EXPECT_EQ(client_address("10.0.0.2", "1.1.1.1, 198.51.100.1, 10.0.0.5", trusted), "198.51.100.1");
  // Garbage stops the walk at the last address a trusted hop vouched for.
  EXPECT_EQ(client_address("10.0.0.2", "198.51.100.1, junk", trusted), "10.0.0.2");
  EXPECT_EQ(client_address("10.0.0.2", "[2001:db8::7]", trusted), "2001:db8::7");
}

}  // namespace
}  // namespace keyward::http
