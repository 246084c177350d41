#include "domain/throttle.h"

namespace keyward {

std::int64_t locked_for_ms(const std::optional<ThrottleState>& state, std::int64_t now) {
  if (!state || state->locked_until <= now) return 0;
  return state->locked_until - now;
}

ThrottleState record_failure(const std::optional<ThrottleState>& state,
                             const ThrottlePolicy& policy, std::int64_t now) {
  ThrottleState next;
  if (!state || now - state->window_start >= policy.window_ms) {
    next.failures = 1;
    next.window_start = now;
  } else {
    next = *state;
    next.failures += 1;
  }
  if (next.failures >= policy.max_failures) next.locked_until = now + policy.lockout_ms;
  return next;
}

namespace {

bool has_recent_failures(const std::optional<ThrottleState>& state, const ThrottlePolicy& policy,
                         std::int64_t now) {
  return state && state->failures > 0 && now - state->window_start < policy.window_ms;
}

}  // namespace

AttemptDecision decide_attempt(const std::optional<ThrottleState>& account,
                               const std::optional<ThrottleState>& address, std::int64_t now) {
  AttemptDecision decision;
  if (std::int64_t wait = locked_for_ms(account, now); wait > 0) {
    decision.wait_ms = wait;
    return decision;
  }
  std::int64_t address_wait = locked_for_ms(address, now);
  if (address_wait > 0 && has_recent_failures(account, kAccountThrottle, now)) {
    decision.wait_ms = address_wait;
    return decision;
  }
  decision.account = record_failure(account, kAccountThrottle, now);
  if (address_wait == 0) decision.address = record_failure(address, kAddressThrottle, now);
  return decision;
}

std::optional<ThrottleState> forgive_attempt(const std::optional<ThrottleState>& address,
                                             const ThrottlePolicy& policy, std::int64_t now) {
  if (!has_recent_failures(address, policy, now)) return std::nullopt;
  ThrottleState next = *address;
  next.failures -= 1;
  if (next.failures < policy.max_failures) next.locked_until = 0;
  return next;
}

}  // namespace keyward
