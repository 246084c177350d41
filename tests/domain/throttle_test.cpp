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

TEST(Attempts, AreCountedAsFailuresBeforeTheCheck) {
  AttemptDecision first = decide_attempt(std::nullopt, std::nullopt, 100);
  EXPECT_EQ(first.wait_ms, 0);
  EXPECT_EQ(first.account.failures, 1);
  ASSERT_TRUE(first.address.has_value());
  EXPECT_EQ(first.address->failures, 1);
}

TEST(Attempts, ALockedAccountIsRefusedWhateverTheAddress) {
  ThrottleState locked{5, 0, 10'000};
  EXPECT_EQ(decide_attempt(locked, std::nullopt, 1000).wait_ms, 9000);
}

TEST(Attempts, ALockedAddressBindsOnlyAccountsWithFailuresOfTheirOwn) {
  ThrottleState address{20, 0, 10'000};
  AttemptDecision clean = decide_attempt(std::nullopt, address, 1000);
  EXPECT_EQ(clean.wait_ms, 0);
  EXPECT_FALSE(clean.address.has_value()) << "a locked address is not counted further";
  ThrottleState one_failure{1, 500, 0};
  EXPECT_EQ(decide_attempt(one_failure, address, 1000).wait_ms, 9000);
}

TEST(Attempts, ASuccessGivesTheAddressItsAttemptBackAndUnlocksIt) {
  ThrottleState address{20, 0, 10'000};
  auto forgiven = forgive_attempt(address, kAddressThrottle, 1000);
  ASSERT_TRUE(forgiven.has_value());
  EXPECT_EQ(forgiven->failures, 19);
  EXPECT_EQ(locked_for_ms(forgiven, 1000), 0);
  EXPECT_FALSE(forgive_attempt(std::nullopt, kAddressThrottle, 1000).has_value());
}

TEST(Throttle, NoStateIsNotLocked) { EXPECT_EQ(locked_for_ms(std::nullopt, 0), 0); }

}  // namespace
}  // namespace keyward
