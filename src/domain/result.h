#pragma once

#include <cassert>
#include <optional>
#include <utility>
#include <variant>

#include "domain/error.h"

namespace keyward {

// A value or an Error, returned by storage, crypto and domain functions instead of throwing.
// Callers check ok() and return early; value() on an error is a programmer error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  // False when it holds an Error.
  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok(). Checked by assert in debug builds only.
  T& value() & {
    assert(ok());
    return std::get<T>(state_);
  }
  // REQUIRES: ok().
  const T& value() const& {
    assert(ok());
    return std::get<T>(state_);
  }
  // REQUIRES: ok(). Moves the value out.
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(state_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // REQUIRES: !ok().
  const Error& error() const& {
    assert(!ok());
    return std::get<Error>(state_);
  }
  // REQUIRES: !ok(). Moves the error out.
  Error&& error() && {
    assert(!ok());
    return std::get<Error>(std::move(state_));
  }

 private:
  std::variant<T, Error> state_;
};

// Success without a value.
struct Ok {};
using Status = Result<Ok>;

// The Status of success.
inline Status ok_status() { return Ok{}; }

}  // namespace keyward

#define KW_TRY_CONCAT_INNER(a, b) a##b
#define KW_TRY_CONCAT(a, b) KW_TRY_CONCAT_INNER(a, b)

// Early return for a Result: evaluates the expression once; when it failed, returns its Error
// from the enclosing function (whose return type must accept an Error); otherwise declares `var`
// holding the moved-out value. The expression may contain commas.
//   KW_TRY(user, tx.identity().find_user(id));  // user: std::optional<User>
#define KW_TRY(var, ...) KW_TRY_IMPL(KW_TRY_CONCAT(kw_try_result_, __LINE__), var, __VA_ARGS__)
#define KW_TRY_IMPL(tmp, var, ...)              \
  auto tmp = (__VA_ARGS__);                     \
  if (!tmp.ok()) return std::move(tmp).error(); \
  auto var = std::move(tmp).value()

// Early return for a Result whose value is not needed (a Status): when it failed, returns its
// Error from the enclosing function.
#define KW_TRY_STATUS(...)                                         \
  do {                                                             \
    if (auto kw_try_status = (__VA_ARGS__); !kw_try_status.ok()) { \
      return std::move(kw_try_status).error();                     \
    }                                                              \
  } while (false)
