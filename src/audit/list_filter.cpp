#include "audit/list_filter.h"

#include "audit/event_name.h"
#include "domain/validation.h"

namespace keyward::audit {

Result<storage::AuditFilter> parse_audit_filter(const std::optional<std::string>& action,
                                                const std::optional<std::string>& actor) {
  storage::AuditFilter filter;
  FieldErrors errors;
  if (action && !action->empty()) {
    if (parse_event_name(*action)) {
      filter.action = *action;
    } else {
      errors.add("action", "Action must be an event name, such as api_key.created");
    }
  }
  if (actor) filter.actor_id = *actor;
  if (!errors.empty()) return errors.to_error();
  return filter;
}

}  // namespace keyward::audit
