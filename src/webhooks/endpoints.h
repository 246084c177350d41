#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/sealing.h"
#include "domain/actor.h"
#include "domain/result.h"
#include "domain/validation.h"
#include "domain/webhook.h"
#include "keys/team_keys.h"
#include "storage/page.h"
#include "storage/tx.h"

// The webhook endpoint operations of a team. Each runs inside the transaction it is given and MAY
// RUN AGAIN if the engine retries it (state in locals); each checks webhooks:manage itself, acts
// in the actor's team, and audits changes in the same transaction.
namespace keyward::webhooks {

// Checks a webhook URL: https:// (http:// only to a loopback host when `allow_loopback`), at most
// kWebhookUrlMaxLength characters, a host, no userinfo, no fragment; an IP literal host must be
// public (loopback only with `allow_loopback`). Resolved names are checked again at connect
// time by the HTTP client, so DNS cannot point a checked name inside. Messages go under "url".
void check_url(std::string_view url, bool allow_loopback, FieldErrors& errors);

// Event types as given: non-empty, each subscribable (webhooks/events.h); sorted, no duplicates.
std::vector<std::string> check_event_types(const std::vector<std::string>& types,
                                           FieldErrors& errors);

// A trimmed description of at most kWebhookDescriptionMaxLength characters, no control characters.
std::string check_description(std::string_view text, FieldErrors& errors);

// A new endpoint, validated by the caller.
struct CreateEndpoint {
  std::string url;
  std::string description;
  std::vector<std::string> event_types;
};

// Changes to an endpoint; an absent field stays as it is. Re-enabling clears the failing state.
struct UpdateEndpoint {
  std::string id;
  std::optional<std::string> url;
  std::optional<std::string> description;
  std::optional<std::vector<std::string>> event_types;
  std::optional<bool> enabled;
};

// An endpoint just made, with its secret: shown once, stored only sealed.
struct NewEndpoint {
  WebhookEndpoint endpoint;
  crypto::SecretString secret;
};

// The endpoint as the API shows it: id, url, description, event_types, enabled,
// disabled_reason, failing_since, created_at, created_by, updated_at. Never its secret.
boost::json::object endpoint_view(const WebhookEndpoint& endpoint);
// A delivery as the log shows it: id, event_type, event_id, status, attempts, last_status_code,
// last_duration_ms, last_error, next_attempt_at (null once finished), created_at, finished_at.
boost::json::object delivery_view(const WebhookDelivery& delivery);

// Makes an endpoint with a new whsec_ secret sealed under the team's data key. REQUIRES: actor
// may webhooks:manage. kConflict past kMaxWebhookEndpointsPerTeam. Audited as webhook.created.
Result<NewEndpoint> create_endpoint(storage::WriteTx& tx, const Actor& actor,
                                    keys::TeamKeys& team_keys, const CreateEndpoint& command,
                                    std::int64_t now);
Result<std::vector<WebhookEndpoint>> list_endpoints(storage::ReadTx& tx, const Actor& actor);
// kNotFound when the team has no such endpoint.
Result<WebhookEndpoint> get_endpoint(storage::ReadTx& tx, const Actor& actor,
                                     const std::string& id);
// Audited as webhook.updated with the changed field names (when any changed).
Result<WebhookEndpoint> update_endpoint(storage::WriteTx& tx, const Actor& actor,
                                        const UpdateEndpoint& command, std::int64_t now);
// Deletes it with its delivery log. Audited as webhook.deleted.
Status delete_endpoint(storage::WriteTx& tx, const Actor& actor, const std::string& id,
                       std::int64_t now);
// Queues a webhook.test event to this endpoint only (enabled or not, it is sent once enabled).
Result<WebhookDelivery> send_test(storage::WriteTx& tx, const Actor& actor, const std::string& id,
                                  std::int64_t now);
// Page of the endpoint's deliveries, newest first. kNotFound for another team's endpoint.
Result<storage::Page<WebhookDelivery>> list_deliveries(storage::ReadTx& tx, const Actor& actor,
                                                       const std::string& endpoint_id, int page,
                                                       int page_size);
// A new pending delivery of the same event (same webhook-id) to the same endpoint.
Result<WebhookDelivery> redeliver(storage::WriteTx& tx, const Actor& actor,
                                  const std::string& endpoint_id, const std::string& delivery_id,
                                  std::int64_t now);

}  // namespace keyward::webhooks
