#include "domain/webhook.h"

#include <algorithm>
#include <array>

namespace keyward {
namespace {

using std::chrono::milliseconds;

constexpr std::array<std::int64_t, 7> kScheduleMs = {5'000,     30'000,    120'000,  600'000,
                                                     1'800'000, 3'600'000, 7'200'000};
constexpr std::int64_t kLongestDelayMs = 4LL * 3'600'000;
constexpr double kJitterFraction = 0.2;

}  // namespace

std::string_view delivery_status_name(DeliveryStatus status) {
  switch (status) {
    case DeliveryStatus::kPending:
      return "pending";
    case DeliveryStatus::kSucceeded:
      return "succeeded";
    case DeliveryStatus::kFailed:
      return "failed";
  }
  return "pending";
}

DeliveryStatus parse_delivery_status(std::string_view name) {
  if (name == "succeeded") return DeliveryStatus::kSucceeded;
  if (name == "failed") return DeliveryStatus::kFailed;
  return DeliveryStatus::kPending;
}

milliseconds webhook_retry_delay(std::int64_t attempt, double jitter, double scale) {
  std::int64_t base = attempt >= 1 && attempt <= static_cast<std::int64_t>(kScheduleMs.size())
                          ? kScheduleMs.at(static_cast<std::size_t>(attempt - 1))
                          : kLongestDelayMs;
  double spread = 1.0 + kJitterFraction * std::clamp(jitter, -1.0, 1.0);
  auto ms = static_cast<std::int64_t>(static_cast<double>(base) * spread * scale);
  return milliseconds(std::max<std::int64_t>(ms, 1));
}

AttemptPlan plan_attempt(const WebhookDelivery& delivery,
                         std::optional<std::int64_t> endpoint_failing_since, bool succeeded,
                         std::int64_t now, double jitter, double scale) {
  AttemptPlan plan;
  plan.first_attempt_at = delivery.first_attempt_at.value_or(now);
  if (succeeded) {
    plan.status = DeliveryStatus::kSucceeded;
    plan.finished_at = now;
    plan.failing_since = std::nullopt;
    return plan;
  }
  plan.failing_since = endpoint_failing_since.value_or(now);
  const std::int64_t give_up_at = plan.first_attempt_at + milliseconds(kWebhookRetryWindow).count();
  if (now >= give_up_at) {
    plan.status = DeliveryStatus::kFailed;
    plan.finished_at = now;
  } else {
    plan.status = DeliveryStatus::kPending;
    const std::int64_t delay = webhook_retry_delay(delivery.attempts + 1, jitter, scale).count();
    plan.next_attempt_at = std::min(now + delay, give_up_at);
  }
  plan.disable_endpoint = now - *plan.failing_since >= milliseconds(kWebhookDisableAfter).count();
  return plan;
}

}  // namespace keyward
