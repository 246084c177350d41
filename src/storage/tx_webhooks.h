#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/result.h"
#include "domain/webhook.h"
#include "storage/page.h"

namespace keyward::storage {

// A delivery a server has leased to attempt, with what the attempt needs.
struct ClaimedDelivery {
  WebhookDelivery delivery;
  WebhookEndpoint endpoint;
  WebhookEvent event;
};

// Webhook endpoints, the outbox and deliveries as a transaction reads them (tx.webhooks()). A
// missing row is an empty optional; errors are database failures only.
class WebhooksReader {
 public:
  virtual ~WebhooksReader() = default;

  // The team's endpoints, oldest first; empty for none.
  virtual Result<std::vector<WebhookEndpoint>> list_endpoints(const std::string& team_id) = 0;
  // The team's enabled endpoints: the fan-out of every team event. One indexed query.
  virtual Result<std::vector<WebhookEndpoint>> enabled_endpoints(const std::string& team_id) = 0;
  virtual Result<std::optional<WebhookEndpoint>> find_endpoint(const std::string& team_id,
                                                               const std::string& id) = 0;
  // Page `page` (from 1) of the endpoint's deliveries, newest first, with each event's type.
  virtual Result<Page<WebhookDelivery>> list_deliveries(const std::string& endpoint_id, int page,
                                                        int page_size) = 0;
  virtual Result<std::optional<WebhookDelivery>> find_delivery(const std::string& endpoint_id,
                                                               const std::string& id) = 0;
};

// The same, with their writes.
class WebhooksWriter : public WebhooksReader {
 public:
  // kConflict when the id is taken.
  virtual Status insert_endpoint(const WebhookEndpoint& endpoint) = 0;
  // Writes url, description, event types, enabled, disabled_reason, failing_since and
  // updated_at of the team's endpoint; false when there is none.
  virtual Result<bool> update_endpoint(const WebhookEndpoint& endpoint) = 0;
  // Deletes it with its deliveries; false when the team has no such endpoint.
  virtual Result<bool> delete_endpoint(const std::string& team_id, const std::string& id) = 0;

  // The outbox: an event and its deliveries, written with the change that caused them.
  virtual Status insert_event(const WebhookEvent& event) = 0;
  virtual Status insert_delivery(const WebhookDelivery& delivery) = 0;

  // Leases up to `limit` due deliveries until `lease_until`: pending, next_attempt_at and any
  // earlier lease passed at `now`, of an enabled endpoint, and the oldest pending delivery of
  // their endpoint (so each endpoint's events go out in order, one at a time). On PostgreSQL the
  // rows are selected FOR UPDATE SKIP LOCKED, so servers claiming at once never share one.
  virtual Result<std::vector<ClaimedDelivery>> claim_due(std::int64_t now, std::int64_t lease_until,
                                                         int limit) = 0;
  // Records an attempt: attempts + 1 and every outcome field of `delivery`, lease released;
  // false when the delivery is gone or another attempt was recorded meanwhile (attempts moved).
  virtual Result<bool> record_attempt(const WebhookDelivery& delivery) = 0;
  // An endpoint's health after an attempt; disabling also sets the reason.
  virtual Status set_endpoint_health(const std::string& endpoint_id,
                                     std::optional<std::int64_t> failing_since, bool disable,
                                     const std::string& reason, std::int64_t now) = 0;
};

}  // namespace keyward::storage
