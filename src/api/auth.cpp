#include "api/auth.h"

#include <boost/json.hpp>

#include "api/service_tokens.h"
#include "api/usage.h"
#include "crypto/password.h"
#include "domain/require.h"
#include "domain/validation.h"
#include "http/responses.h"
#include "log/log.h"
#include "tokens/personal_tokens.h"

namespace keyward::api {
namespace {

constexpr std::string_view kCookieName = "keyward_session";
// Behind TLS the cookie carries the __Host- prefix: browsers then accept it only from a secure
// origin, for Path=/ and without a Domain, so a sibling subdomain or a plain-HTTP page cannot
// plant a session cookie of its own.
constexpr std::string_view kHostCookieName = "__Host-keyward_session";

std::string_view cookie_name(const AppContext& context) {
  return context.auth.secure_cookies ? kHostCookieName : kCookieName;
}
// Browsers send a few hundred bytes; anything longer is cut so a log or row stays small.
constexpr std::size_t kMaxUserAgent = 256;

Error unauthorized(std::string detail) {
  return Error::make(ErrorCode::kUnauthorized, std::move(detail));
}

bool is_mutation(http::Method method) {
  return method != http::Method::kGet && method != http::Method::kHead &&
         method != http::Method::kOptions;
}

std::string cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    auto end = header.find(';');
    std::string_view pair = header.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return std::string(pair.substr(eq + 1));
    }
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return {};
}

}  // namespace

std::string presented_token(const http::Request& request, bool* via_cookie, bool host_cookie) {
  if (auto authorization = request.header("authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (via_cookie != nullptr) *via_cookie = false;
    if (authorization->size() > kBearer.size() &&
        authorization->substr(0, kBearer.size()) == kBearer) {
      return std::string(authorization->substr(kBearer.size()));
    }
    return {};
  }
  if (via_cookie != nullptr) *via_cookie = true;
  if (auto cookie = request.header("cookie")) {
    return cookie_value(*cookie, host_cookie ? kHostCookieName : kCookieName);
  }
  return {};
}

ClientInfo client_info(const http::Request& request) {
  std::string agent(request.header("user-agent").value_or(""));
  if (agent.size() > kMaxUserAgent) agent.resize(kMaxUserAgent);
  return {request.remote_address, std::move(agent)};
}

namespace {

void add_token(Actor& actor, const Caller& caller) {
  if (!caller.personal_token) return;
  actor.via_token_id = caller.personal_token->id;
  actor.via_token_name = caller.personal_token->name;
}

}  // namespace

Actor actor_of(const TeamCaller& caller, const http::Request& request) {
  Actor actor =
      Actor::member(caller.caller.user.id, caller.team_id, caller.role, client_info(request));
  actor.session_id = caller.caller.session.id;
  actor.permission_limit = caller.permission_limit;
  add_token(actor, caller.caller);
  return actor;
}

Actor actor_of(const Caller& caller, const http::Request& request) {
  Actor actor = Actor::user(caller.user.id, client_info(request));
  actor.session_id = caller.session.id;
  add_token(actor, caller);
  return actor;
}

void adopt_forwarded_client(http::Request& request, const std::vector<http::Cidr>& trusted) {
  std::string hops;
  bool any = false;
  for (const auto& [name, value] : request.headers) {
    if (name != "x-forwarded-for") continue;
    if (any) hops += ',';
    hops += value;
    any = true;
  }
  request.remote_address = http::client_address(
      request.remote_address, any ? std::optional<std::string_view>(hops) : std::nullopt, trusted);
}

std::int64_t last_seen(const Session& session, AppContext& context) {
  if (context.usage != nullptr) {
    auto seen = context.usage->unwritten_session_seen(session.token_hash);
    if (seen && *seen > session.last_seen_at) return *seen;
  }
  return session.last_seen_at;
}

bool session_expired(const Session& session, AppContext& context, std::int64_t now) {
  return now >= session.expires_at ||
         now - last_seen(session, context) >= context.auth.session_idle_ms;
}

namespace {

// A caller presenting a personal access token, and (when `team_id` is given) its role in that
// team where the token has a grant there, read in one transaction.
Result<Caller> authenticate_personal(const std::string& token, AppContext& context,
                                     const std::string* team_id, std::optional<Role>* role) {
  std::int64_t now = context.clock.now_ms();
  Caller caller;
  Status read = context.store.read([&](storage::ReadTx& tx) -> Status {
    KW_TRY(found, tokens::authenticate_personal(tx, token, now));
    KW_TRY(user, tx.identity().find_user(found.user_id));
    if (!user) return unauthorized("This personal access token is not valid.");
    if (team_id != nullptr) {
      *role = std::nullopt;
      if (found.grant_in(*team_id) != nullptr) {
        KW_TRY(found_role, tx.identity().find_role(*team_id, user->id));
        *role = found_role;
      }
    }
    caller.user = std::move(*user);
    caller.personal_token = std::move(found);
    return ok_status();
  });
  if (!read) return std::move(read).error();
  if (context.usage != nullptr) context.usage->touch_personal_token(caller.personal_token->id, now);
  return caller;
}

// The caller, and (when `team_id` is given) its role in that team, read in one transaction.
Result<Caller> authenticate_in(const http::Request& request, AppContext& context,
                               const std::string* team_id, std::optional<Role>* role) {
  bool via_cookie = false;
  std::string token = presented_token(request, &via_cookie, context.auth.secure_cookies);
  if (token.empty()) return unauthorized("Sign in first.");
  if (token.rfind(kServiceTokenPrefix, 0) == 0) {
    return unauthorized("A service token can only resolve keys: GET /api/v1/resolve.");
  }
  if (!via_cookie && token.rfind(tokens::kPersonalTokenPrefix, 0) == 0) {
    return authenticate_personal(token, context, team_id, role);
  }
  std::string token_hash = crypto::hash_token(token);
  std::int64_t now = context.clock.now_ms();

  Caller caller;
  caller.via_cookie = via_cookie;
  bool found = false;
  Status read = context.store.read([&](storage::ReadTx& tx) -> Status {
    KW_TRY(session, tx.identity().find_session(token_hash));
    if (!session) return ok_status();
    KW_TRY(user, tx.identity().find_user(session->user_id));
    if (!user) return ok_status();
    if (team_id != nullptr) {
      KW_TRY(found_role, tx.identity().find_role(*team_id, user->id));
      *role = found_role;
    }
    caller.session = std::move(*session);
    caller.user = std::move(*user);
    found = true;
    return ok_status();
  });
  if (!read) return std::move(read).error();
  if (!found) return unauthorized("Your session is not valid; sign in again.");
  Session& session = caller.session;
  session.last_seen_at = last_seen(session, context);
  if (session_expired(session, context, now)) {
    return unauthorized("Your session has expired; sign in again.");
  }
  caller.csrf_token = crypto::csrf_token_for(token);
  if (via_cookie && is_mutation(request.method)) {
    auto csrf = request.header("x-csrf-token").value_or("");
    if (!crypto::constant_time_equal(csrf, caller.csrf_token)) {
      return Error::make(ErrorCode::kForbidden,
                         "Send the X-CSRF-Token header from /api/v1/me with this request.");
    }
  }
  if (now - session.last_seen_at >= context.auth.session_touch_interval_ms) {
    if (context.usage != nullptr) {
      // Written with the next usage flush: reads run on the I/O threads and must not wait for
      // the write lock. A session stays valid meanwhile (the idle limit is hours, the flush 30 s).
      context.usage->touch_session(token_hash, now);
    } else if (auto touched = context.store.write([&](storage::WriteTx& tx) {
                 return tx.identity().touch_session(token_hash, now);
               });
               !touched) {
      log::warn("session_touch_failed",
                {{"request_id", request.request_id}, {"error", touched.error().internal}});
    }
  }
  return caller;
}

}  // namespace

Result<Caller> authenticate(const http::Request& request, AppContext& context) {
  return authenticate_in(request, context, nullptr, nullptr);
}

Result<TeamCaller> authorize(const http::Request& request, AppContext& context,
                             Permission permission) {
  std::string team_id(request.param("team"));
  std::optional<Role> found_role;
  KW_TRY(caller, authenticate_in(request, context, &team_id, &found_role));
  if (!found_role) return Error::make(ErrorCode::kNotFound, "No such team.");
  KW_TRY_STATUS(require_role(*found_role, permission));
  PermissionSet limit = kAllPermissions;
  if (caller.personal_token) {
    const TokenGrant* grant = caller.personal_token->grant_in(team_id);
    if (grant == nullptr) return Error::make(ErrorCode::kNotFound, "No such team.");
    limit = grant->permissions;
    if (!contains(limit, permission)) {
      return Error::make(ErrorCode::kForbidden, "This personal access token does not grant " +
                                                    std::string(permission_name(permission)) +
                                                    " in this team.");
    }
  }
  return TeamCaller{std::move(caller), std::move(team_id), *found_role, limit};
}

http::Handler with_user(AppContext& context, UserHandler handler) {
  return [&context, handler = std::move(handler)](http::Request& request) {
    auto caller = authenticate(request, context);
    if (!caller) return http::problem(caller.error());
    return handler(request, *caller);
  };
}

http::Handler with_session_user(AppContext& context, UserHandler handler) {
  return [&context, handler = std::move(handler)](http::Request& request) {
    auto caller = authenticate(request, context);
    if (!caller) return http::problem(caller.error());
    if (caller->personal_token) {
      return http::problem(Error::make(ErrorCode::kForbidden,
                                       "A personal access token cannot do this; sign in to the "
                                       "web app instead."));
    }
    return handler(request, *caller);
  };
}

http::Handler with_team(AppContext& context, Permission permission, TeamHandler handler) {
  return [&context, permission, handler = std::move(handler)](http::Request& request) {
    // Every id in a team route's path is one keyward made, and a {version} a positive number:
    // anything else names nothing (and never reaches a query as, say, invalid UTF-8).
    for (const auto& [name, value] : request.path_params) {
      if (name == "version" ? !is_version_number(value) : !is_uuid(value)) {
        return http::problem(
            Error::make(ErrorCode::kNotFound, name == "team" ? "No such team." : "Not found."));
      }
    }
    auto caller = authorize(request, context, permission);
    if (!caller) return http::problem(caller.error());
    return handler(request, *caller);
  };
}

Result<std::string> create_session(storage::WriteTx& tx, AppContext& context,
                                   const std::string& user_id, const ClientInfo& client,
                                   Session& session) {
  KW_TRY(created, identity::create_session(tx, user_id, client, session_policy(context),
                                           context.clock.now_ms()));
  session = std::move(created.session);
  return std::move(created.token);
}

identity::SessionPolicy session_policy(const AppContext& context) {
  return {context.auth.session_idle_ms, context.auth.session_absolute_ms};
}

http::Response signed_in_response(const AppContext& context, boost::json::object body,
                                  const std::string& token) {
  body["csrf_token"] = crypto::csrf_token_for(token);
  http::Response response = http::json_response(201, body);
  response.set_header("Set-Cookie", session_cookie(context, token));
  return response;
}

std::string session_cookie(const AppContext& context, const std::string& token) {
  std::string cookie = std::string(cookie_name(context)) + "=" + token +
                       "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" +
                       std::to_string(context.auth.session_absolute_ms / 1000);
  if (context.auth.secure_cookies) cookie += "; Secure";
  return cookie;
}

std::string cleared_session_cookie(const AppContext& context) {
  std::string cookie =
      std::string(cookie_name(context)) + "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0";
  if (context.auth.secure_cookies) cookie += "; Secure";
  return cookie;
}

Result<std::string> presented_service_token(const http::Request& request) {
  std::string token = presented_token(request);
  if (request.header("authorization").value_or("").rfind("Bearer ", 0) != 0 || token.empty()) {
    return unauthorized("Send a service token: Authorization: Bearer kw_st_…");
  }
  return token;
}

}  // namespace keyward::api
