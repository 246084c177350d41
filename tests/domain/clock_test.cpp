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
  for (const char* bad : {"", "2026-11-30", "2026-11-30T01:01:37", "2026-11-30T01:01:37+01:00",
                          "2026-02-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-30T25:00:00Z",
                          "2026-11-30T01:01:37.12Z"}) {
    EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace keyward
