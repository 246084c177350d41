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

// The window and the lockout of both policies.
inline constexpr std::int64_t kQuarterHourMs =
    std::chrono::milliseconds(std::chrono::minutes(15)).count();

// Per account: five guesses per quarter hour; slow enough that a password of 12 characters
// cannot be guessed online, quick enough to recover from typos.
inline constexpr ThrottlePolicy kAccountThrottle{5, kQuarterHourMs, kQuarterHourMs};
// Per client address: more room, since offices share an address, but it stops one client from
// spraying guesses across many accounts.
inline constexpr ThrottlePolicy kAddressThrottle{20, kQuarterHourMs, kQuarterHourMs};

// What one sign-in attempt may do, decided before any password work from the account's and the
// address's counters, and the counters to store so the attempt is counted as a failure in
// advance: N attempts racing each other then consume N attempts, whatever their timing.
struct AttemptDecision {
  std::int64_t wait_ms = 0;              // > 0: refused (429); nothing is stored
  ThrottleState account;                 // to store when allowed
  std::optional<ThrottleState> address;  // to store when allowed; nullopt: leave it
};

// An account's own limit always binds. The address's limit binds only accounts with failures of
// their own in the current window: a crowd of made-up emails behind one address (a proxy, an
// office) cannot lock everyone else out, while a sprayer whose address is locked gets at most
// one guess per account per window.
AttemptDecision decide_attempt(const std::optional<ThrottleState>& account,
                               const std::optional<ThrottleState>& address, std::int64_t now);

// The address's counter after a correct password gives back the attempt counted in advance.
std::optional<ThrottleState> forgive_attempt(const std::optional<ThrottleState>& address,
                                             const ThrottlePolicy& policy, std::int64_t now);

// Milliseconds until the key may try again; 0 when it is not locked.
std::int64_t locked_for_ms(const std::optional<ThrottleState>& state, std::int64_t now);

// The state after one more failure at `now`.
ThrottleState record_failure(const std::optional<ThrottleState>& state,
                             const ThrottlePolicy& policy, std::int64_t now);

}  // namespace keyward
