#include "domain/lifecycle.h"

#include "domain/api_key.h"

namespace keyward {

std::string_view expired_key_policy_name(ExpiredKeyPolicy policy) {
  return policy == ExpiredKeyPolicy::kRefuse ? "refuse" : "warn";
}

std::optional<ExpiredKeyPolicy> parse_expired_key_policy(std::string_view name) {
  if (name == "warn") return ExpiredKeyPolicy::kWarn;
  if (name == "refuse") return ExpiredKeyPolicy::kRefuse;
  return std::nullopt;
}

std::string_view lifecycle_name(Lifecycle status) {
  switch (status) {
    case Lifecycle::kOk:
      return "ok";
    case Lifecycle::kExpiring:
      return "expiring";
    case Lifecycle::kExpired:
      return "expired";
    case Lifecycle::kRotationDue:
      return "rotation_due";
  }
  return "ok";
}

std::optional<LifecycleFilter> parse_lifecycle_filter(std::string_view name) {
  if (name == "ok") return LifecycleFilter::kOk;
  if (name == "needs_attention") return LifecycleFilter::kNeedsAttention;
  if (name == "expiring") return LifecycleFilter::kExpiring;
  if (name == "expired") return LifecycleFilter::kExpired;
  if (name == "rotation_due") return LifecycleFilter::kRotationDue;
  return std::nullopt;
}

void mark_lifecycle(ApiKey& key, const LifecyclePolicy& policy, std::int64_t secret_set_at) {
  key.expiry_warn_at.reset();
  if (key.expires_at) key.expiry_warn_at = *key.expires_at - policy.expiry_warning_days * kDayMs;
  key.rotation_due_at.reset();
  const std::optional<int> every =
      key.rotate_every_days ? key.rotate_every_days : policy.rotate_every_days;
  if (every) key.rotation_due_at = secret_set_at + *every * kDayMs;
}

Lifecycle lifecycle_of(const ApiKey& key, std::int64_t now) {
  if (key.expires_at && *key.expires_at <= now) return Lifecycle::kExpired;
  if (key.expiry_warn_at && *key.expiry_warn_at <= now) return Lifecycle::kExpiring;
  if (key.rotation_due_at && *key.rotation_due_at <= now) return Lifecycle::kRotationDue;
  return Lifecycle::kOk;
}

}  // namespace keyward
