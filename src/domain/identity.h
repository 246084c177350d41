#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/lifecycle.h"
#include "domain/permissions.h"

namespace keyward {

// Rows of the people side of the data model. Times are milliseconds since the epoch (UTC).

// A registered account; password_hash is a password hash, never the password.
struct User {
  std::string id;
  std::string email;  // lower case
  std::string name;
  std::string password_hash;
  std::int64_t created_at = 0;
};

// A team: the unit that owns keys, members and its audit trail.
inline constexpr int kDefaultGatewayDisableAfter = 3;
inline constexpr int kMinGatewayDisableAfter = 1;
inline constexpr int kMaxGatewayDisableAfter = 100;

struct Team {
  std::string id;
  std::string name;
  std::int64_t created_at = 0;
  // How many of each key's newest secret versions keep their ciphertext (1-100; default 10, the
  // value of domain/api_key.h's kDefaultSecretVersionsKept).
  int secret_versions_kept = 10;
  // Expiry and rotation (domain/lifecycle.h): the default rotation period (nullopt: none), the
  // warning window before an expiry, and what resolve does with an expired key.
  std::optional<int> rotate_every_days = std::nullopt;
  int expiry_warning_days = kDefaultExpiryWarningDays;
  ExpiredKeyPolicy expired_key_policy = ExpiredKeyPolicy::kWarn;
  // How often the scheduler checks each key with its provider again; nullopt: never.
  std::optional<int> reverify_every_days = std::nullopt;
  // How many 401/403 answers in a row make the gateway disable a key (a 2xx starts the count
  // again): kMinGatewayDisableAfter..kMaxGatewayDisableAfter.
  int gateway_disable_after = kDefaultGatewayDisableAfter;

  // The settings that place its keys' lifecycle marks.
  LifecyclePolicy lifecycle_policy() const { return {rotate_every_days, expiry_warning_days}; }
};

// A team as one user sees it, with the role they hold there.
struct TeamWithRole {
  Team team;
  Role role = Role::kViewer;
};

// A member of a team as the members page lists them.
struct Member {
  std::string user_id;
  std::string email;
  std::string name;
  Role role = Role::kViewer;
  std::int64_t joined_at = 0;
};

// A signed-in browser; ends at expires_at or after a long enough idle time.
struct Session {
  std::string id;
  std::string token_hash;  // BLAKE2b of the cookie value; the token itself is never stored
  std::string user_id;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  std::int64_t expires_at = 0;  // absolute expiry
  std::string ip;
  std::string user_agent;
};

// An invitation to join a team with `role`; its token, like a session's, is stored hashed.
struct Invitation {
  std::string id;
  std::string team_id;
  std::string email;
  Role role = Role::kViewer;
  std::string token_hash;
  std::int64_t created_at = 0;
  std::string created_by;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> accepted_at;
};

// Failed login attempts counted under one key ("account:<email>" or "address:<ip>").
struct ThrottleState {
  int failures = 0;
  std::int64_t window_start = 0;
  std::int64_t locked_until = 0;
};

// A token an application uses to resolve the team's keys of the listed types. Only its hash is
// stored; the token itself is shown once, at creation.
struct ServiceToken {
  std::string id;
  std::string team_id;
  std::string name;
  std::string token_hash;
  std::vector<std::string> types;
  std::int64_t created_at = 0;
  std::string created_by;
  std::optional<std::int64_t> expires_at;
  std::optional<std::int64_t> last_used_at;
  std::optional<std::int64_t> revoked_at;
  // The labels every key it resolves must carry (sorted, no duplicates); empty: no restriction.
  std::vector<std::string> labels;
  // Gateway limits: requests a minute, and a calendar month (UTC); nullopt: none.
  std::optional<std::int64_t> requests_per_minute = std::nullopt;
  std::optional<std::int64_t> requests_per_month = std::nullopt;
};

// What a personal access token may do in one team: a subset of the permissions its holder had
// there when it was made (never more than the holder's role allows at the time of use).
struct TokenGrant {
  std::string team_id;
  PermissionSet permissions = 0;
};

// A user's personal access token (kw_pat_…) for the management API: acts as the user, limited to
// its grants. Only its hash is stored; the token itself is shown once, at creation.
struct PersonalToken {
  std::string id;
  std::string user_id;
  std::string name;
  std::string token_hash;
  std::vector<TokenGrant> grants;  // one per team, sorted by team id
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;  // every personal token expires
  std::optional<std::int64_t> last_used_at;
  std::optional<std::int64_t> revoked_at;

  // Its grant in `team_id`; nullptr when it has none there.
  const TokenGrant* grant_in(std::string_view team_id) const {
    for (const auto& grant : grants) {
      if (grant.team_id == team_id) return &grant;
    }
    return nullptr;
  }
};

inline constexpr std::int64_t kMaxRequestsPerMinute = 1'000'000;
inline constexpr std::int64_t kMaxRequestsPerMonth = 1'000'000'000;

// One line of the audit trail. Never holds a secret: ids, names, roles and emails only.
struct AuditEvent {
  std::string id;
  std::optional<std::string> team_id;
  std::int64_t at = 0;
  std::string actor_type;  // user, service_token, system, anonymous
  std::optional<std::string> actor_id;
  std::string action;  // dotted name, e.g. member.invited
  std::optional<std::string> target_id;
  std::string ip;
  std::string user_agent;
  std::string details = "{}";  // JSON object
  // The chain (binary, empty when the event is unchained): the previous event's hash in the same
  // team, and this event's keyed hash over that and its fields. Set by the store on insert.
  std::string prev_hash;
  std::string hash;
};

}  // namespace keyward
