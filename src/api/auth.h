#pragma once

#include <boost/json/fwd.hpp>

#include <functional>
#include <string>

#include "api/app_context.h"
#include "api/request_fields.h"
#include "domain/actor.h"
#include "domain/identity.h"
#include "domain/permissions.h"
#include "domain/result.h"
#include "http/message.h"
#include "http/router.h"
#include "identity/sessions.h"

namespace keyward::api {

// Who is calling, established once per request by authenticate(): a user with a session, or a
// user through one of their personal access tokens (then `session` is empty).
struct Caller {
  User user;
  Session session;
  std::optional<PersonalToken> personal_token;
  std::string csrf_token;   // derived from the presented session token; empty for a token
  bool via_cookie = false;  // cookie callers must send the CSRF header on mutations
};

// A caller inside one team: the membership has been checked, and the permission.
struct TeamCaller {
  Caller caller;
  std::string team_id;
  Role role = Role::kViewer;
  // A personal access token's grant in the team (kAllPermissions for a session).
  PermissionSet permission_limit = kAllPermissions;
};

// The one authentication path: the `keyward_session` cookie, or `Authorization: Bearer <token>`
// with a session token or a personal access token (kw_pat_…, which needs no CSRF header). 401
// when absent, unknown, revoked or expired; 403 when a cookie-authenticated mutation lacks the
// matching X-CSRF-Token. A personal access token reaches only the teams it has a grant in.
Result<Caller> authenticate(const http::Request& request, AppContext& context);

// Whether `session` has passed its absolute expiry or been idle for the context's idle limit at
// `now` (Unix ms); a use not yet written by the usage flush counts.
bool session_expired(const Session& session, AppContext& context, std::int64_t now);

// The session's last use: its stored last_seen_at, or a later one the usage flush has not
// written yet.
std::int64_t last_seen(const Session& session, AppContext& context);

// authenticate(), then the caller's membership in the {team} path parameter (404 when the caller
// is not a member, or their personal access token has no grant there, exactly as for a team that
// does not exist), then `permission` by the role and the token's grant (403).
Result<TeamCaller> authorize(const http::Request& request, AppContext& context,
                             Permission permission);

// Route adapters: run the check, answer its problem on failure, else call the handler.
using UserHandler = std::function<http::Response(http::Request&, const Caller&)>;
// with_user for routes a personal access token may not use (403): signing out, creating a team,
// managing personal access tokens.
using TeamHandler = std::function<http::Response(http::Request&, const TeamCaller&)>;
http::Handler with_user(AppContext& context, UserHandler handler);
http::Handler with_session_user(AppContext& context, UserHandler handler);
http::Handler with_team(AppContext& context, Permission permission, TeamHandler handler);

// A new session for `user_id`, written in `tx` without an audit row (identity::create_session
// with the context's session lifetimes). Returns the cookie token (shown only in the Set-Cookie
// header) and fills `session`.
Result<std::string> create_session(storage::WriteTx& tx, AppContext& context,
                                   const std::string& user_id, const ClientInfo& client,
                                   Session& session);

// The session lifetimes of the context's AuthSettings, as the identity services take them.
identity::SessionPolicy session_policy(const AppContext& context);

// A 201 JSON response carrying `body` plus the session's CSRF token, installing the cookie.
http::Response signed_in_response(const AppContext& context, boost::json::object body,
                                  const std::string& token);

// The Set-Cookie value that installs or clears the session cookie.
std::string session_cookie(const AppContext& context, const std::string& token);
std::string cleared_session_cookie(const AppContext& context);

// The session token from the Cookie or Authorization header; empty when there is none.
// `host_cookie`: read the __Host-keyward_session cookie (served behind TLS) instead.
std::string presented_token(const http::Request& request, bool* via_cookie = nullptr,
                            bool host_cookie = false);

// The request's client as the audit trail records it: its address and a bounded user agent.
ClientInfo client_info(const http::Request& request);

// The Actor a caller is to the services: a member of the team with their role and session, or a
// signed-in user outside any team; with the request's client.
Actor actor_of(const TeamCaller& caller, const http::Request& request);
Actor actor_of(const Caller& caller, const http::Request& request);

// Replaces the request's remote_address by the client named in X-Forwarded-For (every such header,
// in order) when the peer is one of the `trusted` proxies; see http::client_address.
void adopt_forwarded_client(http::Request& request, const std::vector<http::Cidr>& trusted);

// The service token an application presents as `Authorization: Bearer kw_st_…`, not yet
// authenticated (tokens::authenticate does that, in the transaction that uses it). 401 when no
// bearer token is sent.
Result<std::string> presented_service_token(const http::Request& request);

}  // namespace keyward::api
