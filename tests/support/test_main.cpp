#include <gtest/gtest.h>

#include <sstream>

#include "crypto/random.h"
#include "log/log.h"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (!keyward::crypto::init()) return 1;
  // Access log lines would drown the test output; tests that read logs install their own sink.
  static std::ostringstream discarded;
  keyward::log::init_for_testing(discarded, keyward::log::Format::kText);
  return RUN_ALL_TESTS();
}
