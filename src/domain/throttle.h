#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "domain/identity.h"

namespace keyward {

// How many failed logins a key may collect in a window before it is locked out for a while.
struct ThrottlePolicy {
  int max_failures;
  std::int64_t window_ms;
  std::int64_t lockout_ms;
};

// Per account: five guesses per quarter hour; slow enough that a password of 12 characters
// cannot be guessed online, quick enough to recover from typos.
inline constexpr ThrottlePolicy kAccountThrottle{5, 15 * 60 * 1000, 15 * 60 * 1000};
// Per client address: more room, since offices share an address, but it stops one client from
// spraying guesses across many accounts.
inline constexpr ThrottlePolicy kAddressThrottle{20, 15 * 60 * 1000, 15 * 60 * 1000};

// Milliseconds until the key may try again; 0 when it is not locked.
std::int64_t locked_for_ms(const std::optional<ThrottleState>& state, std::int64_t now);

// The state after one more failure at `now`.
ThrottleState record_failure(const std::optional<ThrottleState>& state,
                             const ThrottlePolicy& policy, std::int64_t now);

}  // namespace keyward
