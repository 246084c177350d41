#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "audit/event_name.h"
#include "domain/actor.h"
#include "domain/result.h"
#include "domain/webhook.h"
#include "storage/tx.h"

// The outbox: webhook events are written in the same transaction as the change that caused them,
// so a rollback sends nothing and a crash after commit loses nothing.
namespace keyward::webhooks {

// A fresh event id, "msg_" and 32 hex digits: the webhook-id header.
std::string new_message_id();

// The JSON body of an event: {"type","timestamp","data":{"team_id","target_id","actor":{"kind",
// "id"},"details"}} and, for api_key.* events, "api_key":{"id","type","labels"} of the key as it
// is in `tx` (absent once it is deleted). Never a secret: details are the audit trail's, whose
// key hints and fingerprints are left out.
Result<std::string> event_payload(storage::WriteTx& tx, const std::string& team_id,
                                  std::string_view type, std::int64_t now, const Actor& actor,
                                  const std::optional<std::string>& target_id,
                                  const boost::json::object& details);

// Called by audit::record for every event it writes: in a team and subscribable, one outbox event
// and one pending delivery per enabled endpoint of the team that lists `event`, all in `tx`.
// Costs one indexed read of the team's enabled endpoints when the team has none subscribed.
Status enqueue(storage::WriteTx& tx, const Actor& actor, audit::EventName event, std::int64_t now,
               const std::optional<std::string>& target_id, const boost::json::object& details);

// One pending delivery of `event_id` to `endpoint_id`, due at `now`.
WebhookDelivery new_delivery(const std::string& endpoint_id, const std::string& event_id,
                             std::int64_t now);

}  // namespace keyward::webhooks
