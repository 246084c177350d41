#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "audit/event_name.h"

namespace keyward::webhooks {

// The event POST /webhooks/{id}/test sends to one endpoint; never caused by a change.
inline constexpr char kTestEvent[] = "webhook.test";

// Whether endpoints may subscribe to `event`: every team event (session.* are a user's own, not
// a team's).
bool is_subscribable(audit::EventName event);

// Whether `name` is an event type an endpoint may list: a subscribable event's name or
// webhook.test.
bool is_subscribable_name(std::string_view name);

// Every name is_subscribable_name accepts, in the order of the event list, webhook.test last.
std::vector<std::string> subscribable_names();

}  // namespace keyward::webhooks
