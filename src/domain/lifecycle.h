#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace keyward {

struct ApiKey;

// Expiry and rotation. A key may carry an expiry moment and a rotation period (else its team's);
// from them, the team's warning window and the moment its current secret was set, each key keeps
// two marks that lists filter and sort on without knowing the team's settings: when it starts
// "expiring" (expires_at minus the window) and when its rotation is due. Its status at a moment
// follows from the marks alone.

inline constexpr std::int64_t kDayMs = 86'400'000;
// The team's warning window before an expiry, in days, and its range.
inline constexpr int kDefaultExpiryWarningDays = 14;
inline constexpr int kMinExpiryWarningDays = 1;
inline constexpr int kMaxExpiryWarningDays = 365;
// A rotation period, the key's or the team's default, in days.
inline constexpr int kMinRotateEveryDays = 1;
inline constexpr int kMaxRotateEveryDays = 3650;
// How often the scheduler may check a team's keys with their providers again, in days.
inline constexpr int kMinReverifyEveryDays = 1;
inline constexpr int kMaxReverifyEveryDays = 365;

// What resolve does with an expired key: serve it with a warning (the default), or refuse it.
enum class ExpiredKeyPolicy : std::uint8_t { kWarn, kRefuse };
// "warn" or "refuse", as stored and sent.
std::string_view expired_key_policy_name(ExpiredKeyPolicy policy);
std::optional<ExpiredKeyPolicy> parse_expired_key_policy(std::string_view name);

// The team's settings that place a key's marks.
struct LifecyclePolicy {
  std::optional<int> rotate_every_days;  // the default period; nullopt: no rotation reminder
  int expiry_warning_days = kDefaultExpiryWarningDays;
};

// A key's derived status at a moment, most urgent first when several hold: expired, then
// expiring, then rotation due.
enum class Lifecycle : std::uint8_t { kOk, kExpiring, kExpired, kRotationDue };
// "ok", "expiring", "expired", "rotation_due": the API's lifecycle_status.
std::string_view lifecycle_name(Lifecycle status);

// The key list's lifecycle filter: any key, or those of one status, or every key not ok.
enum class LifecycleFilter : std::uint8_t {
  kAny,
  kOk,
  kNeedsAttention,
  kExpiring,
  kExpired,
  kRotationDue,
};
inline constexpr int kLifecycleFilters = 6;
// "ok", "needs_attention", "expiring", "expired", "rotation_due"; nullopt for anything else.
std::optional<LifecycleFilter> parse_lifecycle_filter(std::string_view name);

// Sets key.expiry_warn_at and key.rotation_due_at from key.expires_at, key.rotate_every_days, the
// team's `policy` and `secret_set_at`, the moment the key's current secret was set.
void mark_lifecycle(ApiKey& key, const LifecyclePolicy& policy, std::int64_t secret_set_at);

// The key's status at `now`, from its marks.
Lifecycle lifecycle_of(const ApiKey& key, std::int64_t now);

}  // namespace keyward
