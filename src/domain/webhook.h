#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/validation.h"

namespace keyward {

// A team's webhook endpoint. The signing secret is stored only sealed under the team's data key
// (crypto::seal_webhook_secret); times are milliseconds since the epoch (UTC).
struct WebhookEndpoint {
  std::string id;
  std::string team_id;
  std::string url;
  std::string description;
  std::vector<std::string> event_types;  // event names it receives, sorted, no duplicates
  std::string secret_ciphertext;
  std::string secret_nonce;
  bool enabled = true;
  std::optional<std::string> disabled_reason;  // why the server disabled it; null otherwise
  std::optional<std::int64_t> failing_since;   // first failure since the last success
  std::int64_t created_at = 0;
  std::string created_by;  // empty when unknown
  std::int64_t updated_at = 0;
};

// One event in the outbox: sent to every subscribed endpoint as the same body and webhook-id.
struct WebhookEvent {
  std::string id;  // "msg_…": the webhook-id header
  std::string team_id;
  std::string type;
  std::string payload;  // the JSON body; never a secret
  std::int64_t created_at = 0;
};

// The state of one delivery of an event to an endpoint.
enum class DeliveryStatus : std::uint8_t { kPending, kSucceeded, kFailed };
std::string_view delivery_status_name(DeliveryStatus status);
// An unknown name reads as pending.
DeliveryStatus parse_delivery_status(std::string_view name);

// One event to one endpoint, with the outcome of its last attempt.
struct WebhookDelivery {
  std::string id;
  std::string endpoint_id;
  std::string event_id;
  std::string event_type;  // read with the delivery (the event's type)
  DeliveryStatus status = DeliveryStatus::kPending;
  std::int64_t attempts = 0;
  std::int64_t next_attempt_at = 0;
  std::int64_t locked_until = 0;
  std::optional<std::int64_t> first_attempt_at;
  std::optional<std::int64_t> last_status;
  std::optional<std::int64_t> last_duration_ms;
  std::optional<std::string> last_error;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> finished_at;
};

// The limits webhook endpoints are held to.
inline constexpr std::size_t kWebhookUrlMaxLength = 2048;
inline constexpr std::size_t kWebhookDescriptionMaxLength = 200;
// Enough for a team's integrations; a bound on the rows each change fans out to.
inline constexpr std::int64_t kMaxWebhookEndpointsPerTeam = 20;

// How long the retry schedule waits after failed attempt number `attempt` (from 1): 5 s, 30 s,
// 2 min, 10 min, 30 min, 1 h, 2 h, then 4 h each, times `scale`, spread by ±`jitter` (a fraction
// from -1 to 1 of 20%) so that many failed deliveries do not come back at the same moment.
std::chrono::milliseconds webhook_retry_delay(std::int64_t attempt, double jitter,
                                              double scale = 1.0);

// How long a delivery is retried after its first attempt before it is marked failed.
inline constexpr std::chrono::hours kWebhookRetryWindow{24};
// An endpoint that has failed for this long without a success is disabled.
inline constexpr std::chrono::hours kWebhookDisableAfter{72};
inline constexpr char kWebhookDisabledReason[] = "failing for 3 days";

// What the outcome of one attempt does to the delivery and its endpoint.
struct AttemptPlan {
  DeliveryStatus status = DeliveryStatus::kPending;
  std::int64_t next_attempt_at = 0;  // pending: when to try again
  std::int64_t first_attempt_at = 0;
  std::optional<std::int64_t> finished_at;
  // The endpoint after it: failing_since (cleared on success), and whether it is now disabled.
  std::optional<std::int64_t> failing_since;
  bool disable_endpoint = false;
};

// Plans what an attempt made at `now` leaves: a success finishes the delivery and clears the
// endpoint's failing state; a failure schedules the next attempt (webhook_retry_delay, never
// past 24 h after the first attempt) or, 24 h after the first attempt, marks the delivery failed;
// the first failure after a success sets failing_since, and a failure at least 3 days after it
// disables the endpoint. Pure.
AttemptPlan plan_attempt(const WebhookDelivery& delivery,
                         std::optional<std::int64_t> endpoint_failing_since, bool succeeded,
                         std::int64_t now, double jitter, double scale = 1.0);

}  // namespace keyward
