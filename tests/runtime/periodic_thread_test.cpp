// The housekeeping thread's rhythm: a first round at once (or after an interval), the next one
// an interval later, at once again while a round says more work waits, and stop() waiting for the
// round in progress.
#include "runtime/periodic_thread.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace keyward {
namespace {

using std::chrono::milliseconds;

bool eventually(const std::atomic<int>& count, int at_least) {
  for (int i = 0; i < 500 && count.load() < at_least; ++i) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  return count.load() >= at_least;
}

TEST(PeriodicThread, RunsAtOnceThenWaitsAnIntervalBetweenRounds) {
  std::atomic<int> rounds{0};
  PeriodicThread thread;
  thread.start(std::chrono::hours(1), [&] {
    ++rounds;
    return false;
  });
  EXPECT_TRUE(eventually(rounds, 1));
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_EQ(rounds.load(), 1) << "the next round waits an hour";
  EXPECT_TRUE(thread.stop());
  EXPECT_FALSE(thread.stop()) << "stopped already";
}

TEST(PeriodicThread, CanWaitBeforeItsFirstRound) {
  std::atomic<int> rounds{0};
  PeriodicThread thread;
  thread.start(
      std::chrono::hours(1),
      [&] {
        ++rounds;
        return false;
      },
      /*first_at_once=*/false);
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_EQ(rounds.load(), 0);
  thread.stop();
  EXPECT_EQ(rounds.load(), 0) << "stopping does not run a round";
}

TEST(PeriodicThread, GoesStraightOnWhileARoundSaysMoreWaits) {
  std::atomic<int> rounds{0};
  PeriodicThread thread;
  thread.start(std::chrono::hours(1), [&] { return ++rounds < 5; });
  EXPECT_TRUE(eventually(rounds, 5));
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_EQ(rounds.load(), 5);
}

TEST(PeriodicThread, StopWaitsForTheRoundInProgress) {
  std::atomic<bool> in_round{false};
  std::atomic<bool> finished{false};
  PeriodicThread thread;
  thread.start(std::chrono::hours(1), [&] {
    in_round = true;
    std::this_thread::sleep_for(milliseconds(100));
    finished = true;
    return false;
  });
  while (!in_round) std::this_thread::sleep_for(milliseconds(1));
  thread.stop();
  EXPECT_TRUE(finished.load());
}

TEST(PeriodicThread, ANeverStartedThreadStopsAtOnce) {
  PeriodicThread thread;
  EXPECT_FALSE(thread.stop());
}

}  // namespace
}  // namespace keyward
