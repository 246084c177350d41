#include "api/routes.h"

#include "api/api_keys.h"
#include "api/auth.h"
#include "api/health.h"
#include "api/key_usage.h"
#include "api/members.h"
#include "api/personal_tokens.h"
#include "api/service_tokens.h"
#include "api/session.h"
#include "api/setup.h"
#include "api/teams.h"
#include "api/verify.h"
#include "api/web.h"
#include "api/webhooks.h"
#include "gateway/gateway.h"

namespace keyward::api {

void register_routes(http::Router& router, AppContext& context) {
  using http::Executor;
  using http::Method;
  using http::Request;
  using TeamFn = http::Response (*)(Request&, AppContext&, const TeamCaller&);
  using UserFn = http::Response (*)(Request&, AppContext&, const Caller&);
  using OpenFn = http::Response (*)(Request&, AppContext&);
  // Handlers that write run on the blocking pool (a write may wait for SQLite's lock); those that
  // hash a password on the CPU pool. Team reads (GET) stay on the I/O threads: they never wait
  // for a lock (their session's last_seen_at is written later, see UsageRecorder), and a hop to
  // another pool and back cost a quarter of a list request's time.
  constexpr http::RouteOptions kDb{.executor = Executor::kBlocking};
  constexpr http::RouteOptions kHashing{.executor = Executor::kCpu};
  auto& c = context;
  // Every API route sees the client's address, not a trusted proxy's (see client_address).
  auto from_client = [&c](http::Handler handler) -> http::Handler {
    return [&c, handler = std::move(handler)](Request& r) {
      if (!c.trusted_proxies.empty()) adopt_forwarded_client(r, c.trusted_proxies);
      return handler(r);
    };
  };

  // No caller check: health, setup (token in the body), sign-in, invitation acceptance.
  auto open = [&](Method method, const char* pattern, OpenFn handler, http::RouteOptions options) {
    router.add(method, pattern, from_client([&c, handler](Request& r) { return handler(r, c); }),
               options);
  };
  // A signed-in caller, no team.
  auto user = [&](Method method, const char* pattern, UserFn handler) {
    router.add(method, pattern,
               from_client(with_user(
                   c, [&c, handler](Request& r, const Caller& who) { return handler(r, c, who); })),
               kDb);
  };
  // A signed-in caller with a session: no personal access token.
  auto session_user = [&](Method method, const char* pattern, UserFn handler) {
    router.add(method, pattern,
               from_client(with_session_user(
                   c, [&c, handler](Request& r, const Caller& who) { return handler(r, c, who); })),
               kDb);
  };
  // A member of {team} holding `permission`.
  auto team = [&](Method method, const char* pattern, Permission permission, TeamFn handler) {
    router.add(method, pattern,
               from_client(with_team(c, permission,
                                     [&c, handler](Request& r, const TeamCaller& who) {
                                       return handler(r, c, who);
                                     })),
               method == Method::kGet ? http::RouteOptions{} : kDb);
  };

  router.add(Method::kGet, "/healthz", healthz);
  open(Method::kGet, "/readyz", readyz, kDb);
  router.add(Method::kGet, "/metrics", [&c](Request& r) { return metrics(r, c); });
  router.add(Method::kGet, "/api/openapi.json", openapi);

  open(Method::kGet, "/api/v1/setup", setup_status, kDb);
  open(Method::kPost, "/api/v1/setup", complete_setup, kHashing);
  open(Method::kPost, "/api/v1/session", login, kHashing);
  session_user(Method::kDelete, "/api/v1/session", logout);
  user(Method::kGet, "/api/v1/me", me);
  session_user(Method::kGet, "/api/v1/me/tokens", list_personal_tokens);
  session_user(Method::kPost, "/api/v1/me/tokens", create_personal_token);
  session_user(Method::kDelete, "/api/v1/me/tokens/{id}", revoke_personal_token);
  session_user(Method::kPost, "/api/v1/teams", create_team);
  // Any member may read the team (every role holds api_keys:read); others get 404.
  team(Method::kGet, "/api/v1/teams/{team}", Permission::kApiKeysRead, get_team);
  team(Method::kPatch, "/api/v1/teams/{team}", Permission::kTeamManage, update_team);
  user(Method::kGet, "/api/v1/api-key-types", list_key_types);
  open(Method::kPost, "/api/v1/invitations/{token}/accept", accept_invitation, kHashing);

  team(Method::kGet, "/api/v1/teams/{team}/members", Permission::kMembersRead, list_members);
  team(Method::kPost, "/api/v1/teams/{team}/invitations", Permission::kMembersManage,
       invite_member);
  team(Method::kGet, "/api/v1/teams/{team}/invitations", Permission::kMembersManage,
       list_invitations);
  team(Method::kDelete, "/api/v1/teams/{team}/invitations/{id}", Permission::kMembersManage,
       revoke_invitation);
  team(Method::kPatch, "/api/v1/teams/{team}/members/{user}", Permission::kMembersManage,
       change_role);
  team(Method::kDelete, "/api/v1/teams/{team}/members/{user}", Permission::kMembersManage,
       remove_member);

  team(Method::kGet, "/api/v1/teams/{team}/api-keys", Permission::kApiKeysRead, list_api_keys);
  team(Method::kPost, "/api/v1/teams/{team}/api-keys", Permission::kApiKeysCreate, create_api_key);
  team(Method::kGet, "/api/v1/teams/{team}/api-keys/{id}", Permission::kApiKeysRead, get_api_key);
  team(Method::kPatch, "/api/v1/teams/{team}/api-keys/{id}", Permission::kApiKeysUpdate,
       update_api_key);
  team(Method::kDelete, "/api/v1/teams/{team}/api-keys/{id}", Permission::kApiKeysDelete,
       delete_api_key);
  team(Method::kPost, "/api/v1/teams/{team}/api-keys/{id}/reveal", Permission::kApiKeysReveal,
       reveal_api_key);
  team(Method::kGet, "/api/v1/teams/{team}/api-keys/{id}/versions", Permission::kApiKeysRead,
       list_api_key_versions);
  team(Method::kPost, "/api/v1/teams/{team}/api-keys/{id}/versions/{version}/reveal",
       Permission::kApiKeysReveal, reveal_api_key_version);
  team(Method::kPost, "/api/v1/teams/{team}/api-keys/{id}/versions/{version}/restore",
       Permission::kApiKeysUpdate, restore_api_key_version);
  team(Method::kPost, "/api/v1/teams/{team}/api-keys/{id}/enable", Permission::kApiKeysUpdate,
       enable_api_key);
  team(Method::kGet, "/api/v1/teams/{team}/api-keys/{id}/usage", Permission::kApiKeysRead,
       get_api_key_usage);
  team(Method::kGet, "/api/v1/teams/{team}/gateway-usage", Permission::kApiKeysRead,
       list_recent_usage);
  // Waits on the provider for up to the verify timeout: the blocking pool, never an I/O thread.
  team(Method::kPost, "/api/v1/teams/{team}/api-keys/{id}/verify", Permission::kApiKeysUpdate,
       verify_api_key);
  team(Method::kGet, "/api/v1/teams/{team}/audit-events", Permission::kAuditRead,
       list_audit_events);
  team(Method::kGet, "/api/v1/teams/{team}/events", Permission::kApiKeysRead, team_events);

  team(Method::kGet, "/api/v1/teams/{team}/service-tokens", Permission::kServiceTokensManage,
       list_service_tokens);
  team(Method::kPost, "/api/v1/teams/{team}/service-tokens", Permission::kServiceTokensManage,
       create_service_token);
  team(Method::kGet, "/api/v1/teams/{team}/service-tokens/{id}", Permission::kServiceTokensManage,
       get_service_token);
  team(Method::kDelete, "/api/v1/teams/{team}/service-tokens/{id}",
       Permission::kServiceTokensManage, revoke_service_token);
  team(Method::kGet, "/api/v1/teams/{team}/webhooks", Permission::kWebhooksManage, list_webhooks);
  team(Method::kPost, "/api/v1/teams/{team}/webhooks", Permission::kWebhooksManage, create_webhook);
  team(Method::kGet, "/api/v1/teams/{team}/webhooks/{id}", Permission::kWebhooksManage,
       get_webhook);
  team(Method::kPatch, "/api/v1/teams/{team}/webhooks/{id}", Permission::kWebhooksManage,
       update_webhook);
  team(Method::kDelete, "/api/v1/teams/{team}/webhooks/{id}", Permission::kWebhooksManage,
       delete_webhook);
  team(Method::kPost, "/api/v1/teams/{team}/webhooks/{id}/test", Permission::kWebhooksManage,
       test_webhook);
  team(Method::kGet, "/api/v1/teams/{team}/webhooks/{id}/deliveries", Permission::kWebhooksManage,
       list_webhook_deliveries);
  team(Method::kPost, "/api/v1/teams/{team}/webhooks/{id}/deliveries/{delivery}/redeliver",
       Permission::kWebhooksManage, redeliver_webhook);
  // The hot path runs on the I/O threads: WAL reads never wait for a writer, and the pool has a
  // connection for every thread, so it never waits for one either.
  open(Method::kGet, "/api/v1/resolve", resolve, {});

  // The gateway: any method, on the I/O threads (one cached read, then the provider call is
  // asynchronous), with bodies up to the gateway's limit, forwarded as they arrive.
  if (c.gateway != nullptr) {
    http::RouteOptions proxied{.executor = Executor::kIo,
                               .max_body_bytes = c.gateway->options().max_body_bytes,
                               .stream_body = true};
    for (Method method :
         {Method::kGet, Method::kPost, Method::kPut, Method::kPatch, Method::kDelete}) {
      router.add(method, "/gateway/{type}/{path*}",
                 from_client([gateway = c.gateway](Request& r) { return gateway->handle(r); }),
                 proxied);
    }
  }

  if (c.web != nullptr) {
    router.set_fallback([web = c.web](Request& r) { return web->serve(r); });
  }
}

}  // namespace keyward::api
