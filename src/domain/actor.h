#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/permissions.h"

namespace keyward {

// Where a call came from, as sessions and the audit trail record it: the client address (after
// trusted proxies) and a bounded user agent. Empty for the command line and the server itself.
struct ClientInfo {
  std::string ip;
  std::string user_agent;
};

// Who performs an operation. Built once at the edge (the HTTP API's authorization, the command
// line, the scheduler) and handed to every service, which decides with it and records it in the
// audit trail: a member of a team acting with their role, a service token of a team that may only
// resolve keys of its types, the server itself, or an anonymous caller (signing in, setup).
struct Actor {
  enum class Kind : std::uint8_t { kUser, kServiceToken, kSystem, kAnonymous };

  Kind kind = Kind::kAnonymous;
  std::string id;             // the user's or the service token's id; empty for system/anonymous
  std::string team_id;        // the team acted in; empty outside a team
  Role role = Role::kViewer;  // kUser in a team: the member's role there
  std::vector<std::string> key_types;  // kServiceToken: the key types it may resolve
  // kServiceToken: the labels every key it resolves must carry (sorted); empty: any key.
  std::vector<std::string> key_labels;
  // kServiceToken: its gateway limits, requests a minute and a UTC month; nullopt: none.
  std::optional<std::int64_t> requests_per_minute = std::nullopt;
  std::optional<std::int64_t> requests_per_month = std::nullopt;
  std::string session_id;  // kUser signed in with a session: that session; else empty
  // kUser acting through a personal access token: the token's grant in the team, which further
  // limits the role (kAllPermissions: no token), and the token's id and name for the audit trail.
  PermissionSet permission_limit = kAllPermissions;
  std::string via_token_id;
  std::string via_token_name;
  ClientInfo client;

  // A member of `team_id` acting with `role`.
  static Actor member(std::string user_id, std::string team_id, Role role, ClientInfo client = {});
  // A signed-in user outside any team (their own sessions, creating a team).
  static Actor user(std::string user_id, ClientInfo client = {});
  // A service token of `team_id`, allowed the key types `types`.
  static Actor service_token(std::string token_id, std::string team_id,
                             std::vector<std::string> types, ClientInfo client = {});
  // Nobody yet: a sign-in attempt, the setup page.
  static Actor anonymous(ClientInfo client = {});
  // The server or an operator's command (the command line run on the server's host).
  static Actor system();

  // Whether this actor holds `permission` in its team: a member by their role (and, through a
  // personal access token, the token's grant); a service token,
  // the system and an anonymous caller hold none (a token may only resolve, see may_resolve()).
  bool may(Permission permission) const;
  // Whether this actor may read the secret of a key of `type` by resolving it: a service token
  // whose types include it. Members reveal keys with Permission::kApiKeysReveal instead.
  bool may_resolve(std::string_view type) const;
  // Whether a key carrying `labels` (sorted) is within a service token's label scope: it carries
  // every one of the token's key_labels. Says nothing of the type (see may_resolve()).
  bool may_resolve_labelled(const std::vector<std::string>& labels) const;
  // "user", "service_token", "system" or "anonymous": the audit trail's actor_type.
  std::string_view kind_name() const;
};

}  // namespace keyward
