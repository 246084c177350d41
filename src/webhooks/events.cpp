#include "webhooks/events.h"

namespace keyward::webhooks {

bool is_subscribable(audit::EventName event) {
  using audit::EventName;
  return event != EventName::kSessionCreated && event != EventName::kSessionDeleted &&
         event != EventName::kSessionFailed && event != EventName::kCount;
}

bool is_subscribable_name(std::string_view name) {
  if (name == kTestEvent) return true;
  auto event = audit::parse_event_name(name);
  return event && is_subscribable(*event);
}

std::vector<std::string> subscribable_names() {
  std::vector<std::string> out;
  for (auto event : audit::all_event_names()) {
    if (is_subscribable(event)) out.emplace_back(audit::event_name(event));
  }
  out.emplace_back(kTestEvent);
  return out;
}

}  // namespace keyward::webhooks
