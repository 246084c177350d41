#include "domain/clock.h"

#include <gtest/gtest.h>

namespace keyward {
namespace {

TEST(Rfc3339, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_rfc3339(1'796'000'497'123), "2026-11-30T01:01:37.123Z");
}

TEST(ManualClock, MovesOnlyWhenTold) {
  ManualClock clock(1000);
  EXPECT_EQ(clock.now_ms(), 1000);
  clock.advance(std::chrono::seconds(2));
  EXPECT_EQ(clock.now_ms(), 3000);
}

}  // namespace
}  // namespace keyward

namespace keyward {
namespace {

TEST(Rfc3339, ParsesWhatItFormats) {
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_rfc3339(format_rfc3339(1'796'000'497'123)), 1'796'000'497'123);
  EXPECT_EQ(parse_rfc3339("2026-11-30T01:01:37Z"), 1'796'000'497'000);
  for (const char* bad : {"", "2026-11-30", "2026-11-30T01:01:37", "2026-02-31T00:00:00Z",
                          "2026-13-01T00:00:00Z", "2026-11-30T25:00:00Z"}) {
    EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
  }
}

TEST(Rfc3339, AcceptsEveryOffsetAndReturnsUtc) {
  const std::int64_t at = 1'796'000'497'000;  // 2026-11-30T01:01:37Z
  EXPECT_EQ(parse_rfc3339("2026-11-30T01:01:37+00:00"), at);
  EXPECT_EQ(parse_rfc3339("2026-11-30T01:01:37-00:00"), at);
  EXPECT_EQ(parse_rfc3339("2026-11-30T02:01:37+01:00"), at);
  EXPECT_EQ(parse_rfc3339("2026-11-29T19:31:37-05:30"), at);
  EXPECT_EQ(parse_rfc3339("2026-11-30T14:46:37+13:45"), at);
  EXPECT_EQ(parse_rfc3339("2026-11-30t01:01:37z"), at);
}

TEST(Rfc3339, AcceptsZeroToNineFractionDigitsKeptToTheMillisecond) {
  const std::int64_t at = 1'796'000'497'000;
  EXPECT_EQ(parse_rfc3339("2026-11-30T01:01:37.1Z"), at + 100);
  EXPECT_EQ(parse_rfc3339("2026-11-30T01:01:37.12Z"), at + 120);
  EXPECT_EQ(parse_rfc3339("2026-11-30T01:01:37.123Z"), at + 123);
  EXPECT_EQ(parse_rfc3339("2026-11-30T01:01:37.123456+00:00"), at + 123);  // Python isoformat()
  EXPECT_EQ(parse_rfc3339("2026-11-30T01:01:37.999999999Z"), at + 999);
  EXPECT_EQ(parse_rfc3339("2026-11-29T19:31:37.5-05:30"), at + 500);
}

TEST(Rfc3339, RefusesWhatIsNotAnRfc3339DateTime) {
  for (const char* bad :
       {"2026-11-30T01:01:37.Z", "2026-11-30T01:01:37.1234567890Z", "2026-11-30T01:01:37+0100",
        "2026-11-30T01:01:37+01", "2026-11-30T01:01:37+24:00", "2026-11-30T01:01:37+01:60",
        "2026-11-30T01:01:37Z ", "2026-11-30 01:01:37Z", "2026-11-30T01:01:37+01:00Z",
        "2026-11-30T01:01:37.12a4Z", "2026-11-30T01:01:37UTC"}) {
    EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace keyward
