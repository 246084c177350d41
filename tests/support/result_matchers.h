#pragma once

// gtest matchers for Result<T>: EXPECT_THAT(r, IsOk()), ASSERT_THAT(r, IsError(ErrorCode::kX)).
// A failed match prints the error's code and messages (never a secret: errors carry none).

#include <gmock/gmock.h>

#include <ostream>

#include "domain/result.h"

namespace keyward {

// Prints an error's code, detail and internal message, for a failed match.
inline void describe_error(const Error& error, std::ostream* os) {
  *os << "error " << error_info(error.code).name;
  if (!error.detail.empty()) *os << ": " << error.detail;
  if (!error.internal.empty()) *os << " (" << error.internal << ")";
}

// Matches a Result that holds a value.
class IsOkMatcher {
 public:
  using is_gtest_matcher = void;

  template <typename T>
  bool MatchAndExplain(const Result<T>& result, std::ostream* os) const {
    if (result.ok()) return true;
    if (os != nullptr) describe_error(result.error(), os);
    return false;
  }
  void DescribeTo(std::ostream* os) const { *os << "is ok"; }
  void DescribeNegationTo(std::ostream* os) const { *os << "is an error"; }
};

inline IsOkMatcher IsOk() { return {}; }

// Matches a Result that holds an Error of `code`.
class IsErrorMatcher {
 public:
  using is_gtest_matcher = void;

  explicit IsErrorMatcher(ErrorCode code) : code_(code) {}

  template <typename T>
  bool MatchAndExplain(const Result<T>& result, std::ostream* os) const {
    if (result.ok()) {
      if (os != nullptr) *os << "is ok";
      return false;
    }
    if (result.error().code == code_) return true;
    if (os != nullptr) describe_error(result.error(), os);
    return false;
  }
  void DescribeTo(std::ostream* os) const { *os << "is error " << error_info(code_).name; }
  void DescribeNegationTo(std::ostream* os) const {
    *os << "is not error " << error_info(code_).name;
  }

 private:
  ErrorCode code_;
};

inline IsErrorMatcher IsError(ErrorCode code) { return IsErrorMatcher(code); }

}  // namespace keyward
