#include "app/config.h"
#include "support/result_matchers.h"

#include <gtest/gtest.h>

namespace keyward::app {
namespace {

TEST(ParseListen, ReadsHostAndPort) {
  auto address = parse_listen("127.0.0.1:8080");
  ASSERT_THAT(address, IsOk());
  EXPECT_EQ(address->host, "127.0.0.1");
  EXPECT_EQ(address->port, 8080);
}

TEST(ParseListen, ReadsBracketedIpv6AndPortZero) {
  auto address = parse_listen("[::1]:0");
  ASSERT_THAT(address, IsOk());
  EXPECT_EQ(address->host, "::1");
  EXPECT_EQ(address->port, 0);
}

TEST(ParseListen, ExplainsBadAddresses) {
  for (const char* text : {"8080", ":8080", "host:", "host:http", "host:70000", "[::1:80"}) {
    auto address = parse_listen(text);
    EXPECT_THAT(address, ::testing::Not(IsOk())) << text;
  }
}

TEST(ParseLogFormat, AcceptsTextAndJsonOnly) {
  EXPECT_EQ(parse_log_format("text").value(), log::Format::kText);
  EXPECT_EQ(parse_log_format("json").value(), log::Format::kJson);
  EXPECT_THAT(parse_log_format("xml"), ::testing::Not(IsOk()));
}

}  // namespace
}  // namespace keyward::app
