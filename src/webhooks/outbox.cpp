#include "webhooks/outbox.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

#include "crypto/random.h"
#include "domain/clock.h"
#include "webhooks/events.h"

namespace keyward::webhooks {

std::string new_message_id() { return "msg_" + crypto::random_hex(16); }

WebhookDelivery new_delivery(const std::string& endpoint_id, const std::string& event_id,
                             std::int64_t now) {
  WebhookDelivery delivery;
  delivery.id = crypto::random_uuid();
  delivery.endpoint_id = endpoint_id;
  delivery.event_id = event_id;
  delivery.status = DeliveryStatus::kPending;
  delivery.next_attempt_at = now;
  delivery.created_at = now;
  return delivery;
}

Result<std::string> event_payload(storage::WriteTx& tx, const std::string& team_id,
                                  std::string_view type, std::int64_t now, const Actor& actor,
                                  const std::optional<std::string>& target_id,
                                  const boost::json::object& details) {
  boost::json::object shown = details;
  shown.erase("key_hint");
  shown.erase("fingerprint");
  boost::json::object data{
      {"team_id", team_id},
      {"target_id", target_id ? boost::json::value(*target_id) : boost::json::value(nullptr)},
      {"actor",
       {{"kind", actor.kind_name()},
        {"id", actor.id.empty() ? boost::json::value(nullptr) : boost::json::value(actor.id)}}},
      {"details", std::move(shown)}};
  if (type.rfind("api_key.", 0) == 0 && target_id) {
    KW_TRY(key, tx.keys().find(team_id, *target_id));
    if (key) {
      boost::json::array labels;
      for (const auto& label : key->labels) labels.emplace_back(label);
      data["api_key"] = {{"id", key->id}, {"type", key->type}, {"labels", std::move(labels)}};
    }
  }
  boost::json::object body{
      {"type", type}, {"timestamp", format_rfc3339(now)}, {"data", std::move(data)}};
  return boost::json::serialize(body);
}

Status enqueue(storage::WriteTx& tx, const Actor& actor, audit::EventName event, std::int64_t now,
               const std::optional<std::string>& target_id, const boost::json::object& details) {
  if (actor.team_id.empty() || !is_subscribable(event)) return ok_status();
  const std::string type(audit::event_name(event));
  KW_TRY(endpoints, tx.webhooks().enabled_endpoints(actor.team_id));
  auto subscribed = [&](const WebhookEndpoint& endpoint) {
    return std::find(endpoint.event_types.begin(), endpoint.event_types.end(), type) !=
           endpoint.event_types.end();
  };
  if (std::none_of(endpoints.begin(), endpoints.end(), subscribed)) return ok_status();
  WebhookEvent row;
  row.id = new_message_id();
  row.team_id = actor.team_id;
  row.type = type;
  row.created_at = now;
  KW_TRY(payload, event_payload(tx, actor.team_id, type, now, actor, target_id, details));
  row.payload = std::move(payload);
  KW_TRY_STATUS(tx.webhooks().insert_event(row));
  for (const auto& endpoint : endpoints) {
    if (!subscribed(endpoint)) continue;
    KW_TRY_STATUS(tx.webhooks().insert_delivery(new_delivery(endpoint.id, row.id, now)));
  }
  return ok_status();
}

}  // namespace keyward::webhooks
