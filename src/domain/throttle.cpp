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

}  // namespace keyward
