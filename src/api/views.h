#pragma once

#include <boost/json/fwd.hpp>

#include "domain/api_key.h"
#include "domain/identity.h"
#include "storage/tx_audit.h"

namespace keyward::api {

// JSON shapes of the people side, one function per resource, used by every handler.
boost::json::object user_view(const User& user);
// `limit`: a personal access token's grant, which narrows the permissions listed.
boost::json::object team_view(const Team& team, Role role, PermissionSet limit = kAllPermissions);
boost::json::object member_view(const Member& member);
// An API key as DESIGN.md lists it: never the plaintext, the fingerprint only shortened.
boost::json::object api_key_view(const ApiKey& key, std::int64_t now);
// One secret version of a key, never its secret: `current` when it is `current_version`,
// `available` while retention keeps its ciphertext.
boost::json::object secret_version_view(const SecretVersion& version, std::int64_t current_version);
// An audit event with its actor's type, id, name and email (the last two null when unknown).
boost::json::object audit_event_view(const storage::ListedAuditEvent& listed);
// The catalogue: {"categories": [...], "types": [...]}.
boost::json::object catalogue_view();

}  // namespace keyward::api
