#include "domain/throttle.h"

#include <gtest/gtest.h>

namespace keyward {
namespace {

constexpr ThrottlePolicy kPolicy{3, 1000, 5000};

TEST(Throttle, LocksAtTheLimitWithinTheWindow) {
  std::optional<ThrottleState> state;
  state = record_failure(state, kPolicy, 100);
  state = record_failure(state, kPolicy, 200);
  EXPECT_EQ(locked_for_ms(state, 200), 0);
  state = record_failure(state, kPolicy, 300);
  EXPECT_EQ(locked_for_ms(state, 300), 5000);
  EXPECT_EQ(locked_for_ms(state, 5299), 1);
  EXPECT_EQ(locked_for_ms(state, 5300), 0);
}

TEST(Throttle, StartsAFreshWindowAfterItPasses) {
  std::optional<ThrottleState> state;
  state = record_failure(state, kPolicy, 0);
  state = record_failure(state, kPolicy, 10);
  state = record_failure(state, kPolicy, 1010);  // window over: counts as the first again
  EXPECT_EQ(state->failures, 1);
  EXPECT_EQ(locked_for_ms(state, 1010), 0);
}

TEST(Throttle, NoStateIsNotLocked) { EXPECT_EQ(locked_for_ms(std::nullopt, 0), 0); }

}  // namespace
}  // namespace keyward
