#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "audit/event_name.h"
#include "domain/actor.h"
#include "domain/result.h"
#include "storage/tx.h"

namespace keyward::audit {

// Appends `event` to the audit trail in `tx`: in the actor's team (none when the actor has no
// team), by the actor (its kind, id and client), at `now`, about `target_id`, with `details`
// (names and ids, never a secret), under a fresh id, and queues it for the team's subscribed
// webhook endpoints (webhooks/outbox.h). Both commit or roll back with `tx`.
Status record(storage::WriteTx& tx, const Actor& actor, EventName event, std::int64_t now,
              std::optional<std::string> target_id = std::nullopt,
              const boost::json::object& details = {});

}  // namespace keyward::audit
