#pragma once

#include <optional>
#include <string>

#include "domain/result.h"
#include "storage/tx_audit.h"

namespace keyward::audit {

// The audit list's filter from its raw query parameters `action` and `actor` (absent or empty: no
// filter). A 422 naming `action` when it is no EventName. The actor is taken as given: an id
// that is no actor of the team's events keeps no event.
Result<storage::AuditFilter> parse_audit_filter(const std::optional<std::string>& action,
                                                const std::optional<std::string>& actor);

}  // namespace keyward::audit
