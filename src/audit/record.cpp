#include "audit/record.h"

#include <boost/json/serialize.hpp>

#include "crypto/random.h"
#include "webhooks/outbox.h"

namespace keyward::audit {

Status record(storage::WriteTx& tx, const Actor& actor, EventName event, std::int64_t now,
              std::optional<std::string> target_id, const boost::json::object& details) {
  AuditEvent row;
  row.id = crypto::random_uuid();
  if (!actor.team_id.empty()) row.team_id = actor.team_id;
  row.at = now;
  row.actor_type = std::string(actor.kind_name());
  if (!actor.id.empty()) row.actor_id = actor.id;
  row.action = std::string(event_name(event));
  row.target_id = std::move(target_id);
  row.ip = actor.client.ip;
  row.user_agent = actor.client.user_agent;
  if (actor.via_token_id.empty()) {
    row.details = boost::json::serialize(details);
    KW_TRY_STATUS(tx.audit().append(row));
    // The team's webhooks hear of it in the same transaction (nothing is sent on a rollback).
    return webhooks::enqueue(tx, actor, event, now, row.target_id, details);
  }
  // A user acting through a personal access token: the trail says which one.
  boost::json::object with_token = details;
  with_token["via_token"] = {{"id", actor.via_token_id}, {"name", actor.via_token_name}};
  row.details = boost::json::serialize(with_token);
  KW_TRY_STATUS(tx.audit().append(row));
  return webhooks::enqueue(tx, actor, event, now, row.target_id, with_token);
}

}  // namespace keyward::audit
