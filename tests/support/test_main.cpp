#include <gtest/gtest.h>

#include <iostream>
#include <mutex>
#include <sstream>
#include <streambuf>

#include "crypto/random.h"
#include "log/log.h"

namespace {

// A stream buffer the logger's threads write into and the test thread takes from, safely.
class SharedBuffer : public std::streambuf {
 public:
  std::string take() {
    std::lock_guard lock(mutex_);
    std::string out;
    out.swap(text_);
    return out;
  }

 protected:
  int_type overflow(int_type c) override {
    if (c == traits_type::eof()) return traits_type::not_eof(c);
    std::lock_guard lock(mutex_);
    text_ += traits_type::to_char_type(c);
    return c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    std::lock_guard lock(mutex_);
    text_.append(s, static_cast<std::size_t>(n));
    return n;
  }

 private:
  std::mutex mutex_;
  std::string text_;
};

SharedBuffer captured_buffer;
std::ostream captured(&captured_buffer);

// Access log lines would drown the test output, so they are kept aside; a failed test prints the
// warnings and errors logged while it ran (a 5xx's cause, for one). Tests that read logs install
// their own sink.
class PrintLogOfFailures : public ::testing::EmptyTestEventListener {
  void OnTestStart(const ::testing::TestInfo&) override { (void)captured_buffer.take(); }
  void OnTestEnd(const ::testing::TestInfo& info) override {
    std::istringstream lines(captured_buffer.take());
    if (!info.result()->Failed()) return;
    for (std::string line; std::getline(lines, line);) {
      if (line.find(" warning ") != std::string::npos ||
          line.find(" error ") != std::string::npos) {
        std::cout << "log: " << line << "\n";
      }
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (!keyward::crypto::init()) return 1;
  keyward::log::init_for_testing(captured, keyward::log::Format::kText);
  ::testing::UnitTest::GetInstance()->listeners().Append(new PrintLogOfFailures);
  return RUN_ALL_TESTS();
}
