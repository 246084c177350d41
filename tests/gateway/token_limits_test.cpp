#include "gateway/token_limits.h"

#include <gtest/gtest.h>

#include "domain/clock.h"

namespace keyward::gateway {
namespace {

std::int64_t at(const char* rfc3339) { return *parse_rfc3339(rfc3339); }

Actor token(std::optional<std::int64_t> per_minute, std::optional<std::int64_t> per_month) {
  Actor actor = Actor::service_token("st-1", "t-1", {"openai"});
  actor.requests_per_minute = per_minute;
  actor.requests_per_month = per_month;
  return actor;
}

TEST(TokenLimits, MonthsStartOnTheFirstDayInUtc) {
  EXPECT_EQ(TokenLimits::month_start(at("2026-12-05T08:19:05Z")), at("2026-12-01T00:00:00Z"));
  EXPECT_EQ(TokenLimits::next_month_start(at("2026-12-31T23:59:59Z")), at("2027-01-01T00:00:00Z"));
  EXPECT_EQ(TokenLimits::next_month_start(at("2028-02-29T12:00:00Z")), at("2028-03-01T00:00:00Z"));
}

TEST(TokenLimits, ATokenWithoutLimitsIsAlwaysAdmitted) {
  TokenLimits limits;
  for (int i = 0; i < 1000; ++i)
    EXPECT_EQ(limits.admit(token({}, {}), at("2026-12-05T08:00:00Z")), 0);
}

TEST(TokenLimits, AMinuteLimitRefusesUntilTheNextMinute) {
  TokenLimits limits;
  const Actor limited = token(2, {});
  const std::int64_t now = at("2026-12-05T08:00:45Z");
  EXPECT_EQ(limits.admit(limited, now), 0);
  EXPECT_EQ(limits.admit(limited, now), 0);
  EXPECT_EQ(limits.admit(limited, now), 15'000);  // the wait until 08:01:00
  EXPECT_EQ(limits.admit(limited, now + 14'999), 1);
  EXPECT_EQ(limits.admit(limited, now + 15'000), 0);  // a new minute
}

TEST(TokenLimits, MinuteWaitSaysWhatAdmitWouldWithoutCounting) {
  TokenLimits limits;
  const Actor limited = token(1, {});
  const std::int64_t now = at("2026-12-05T08:00:45Z");
  EXPECT_EQ(limits.minute_wait(limited, now), 0);
  EXPECT_EQ(limits.minute_wait(limited, now), 0);  // asking counts nothing
  EXPECT_EQ(limits.admit(limited, now), 0);
  EXPECT_EQ(limits.minute_wait(limited, now), 15'000);
  EXPECT_EQ(limits.minute_wait(limited, now + 15'000), 0);  // a new minute
  EXPECT_EQ(limits.minute_wait(token({}, 1), now), 0);      // no minute limit
}

TEST(TokenLimits, AMonthLimitCountsTheStoredRequestsAndWhatCameSince) {
  TokenLimits limits;
  const Actor limited = token({}, 10);
  const std::int64_t now = at("2026-12-30T00:00:00Z");
  EXPECT_TRUE(limits.needs_month_count("st-1", now));
  limits.set_month_count("st-1", 8, now);  // other servers' and earlier requests
  EXPECT_FALSE(limits.needs_month_count("st-1", now + 1000));
  EXPECT_EQ(limits.admit(limited, now), 0);
  EXPECT_EQ(limits.admit(limited, now), 0);
  EXPECT_EQ(limits.admit(limited, now), 2 * 86'400'000);  // until 2027-01-01
  // Read again after a minute; the store now holds these two as well.
  EXPECT_TRUE(limits.needs_month_count("st-1", now + TokenLimits::kMonthRefreshMs));
  limits.set_month_count("st-1", 10, now + TokenLimits::kMonthRefreshMs);
  EXPECT_GT(limits.admit(limited, now + TokenLimits::kMonthRefreshMs), 0);
  // A new month starts from nothing.
  const std::int64_t january = at("2027-01-01T00:00:01Z");
  EXPECT_TRUE(limits.needs_month_count("st-1", january));
  limits.set_month_count("st-1", 0, january);
  EXPECT_EQ(limits.admit(limited, january), 0);
}

TEST(TokenLimits, TheMinuteIsCheckedBeforeTheMonthAndARefusalCountsNothing) {
  TokenLimits limits;
  const Actor limited = token(1, 2);
  const std::int64_t now = at("2026-12-05T08:00:00Z");
  limits.set_month_count("st-1", 0, now);
  EXPECT_EQ(limits.admit(limited, now), 0);
  EXPECT_EQ(limits.admit(limited, now), 60'000);            // the minute's one request is used
  EXPECT_EQ(limits.admit(limited, now + 60'000), 0);        // the refusal did not use the month's
  EXPECT_GT(limits.admit(limited, now + 120'000), 60'000);  // now the month's two are used
}

}  // namespace
}  // namespace keyward::gateway
