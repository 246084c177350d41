#include "api/routes.h"

#include "api/auth.h"
#include "api/health.h"
#include "api/members.h"
#include "api/session.h"
#include "api/setup.h"
#include "api/teams.h"

namespace keyward::api {

void register_routes(http::Router& router, AppContext& context) {
  using http::Executor;
  using http::Method;
  using http::Request;
  // Handlers that touch the database run on the blocking pool (a write may wait for SQLite's
  // lock); those that hash a password on the CPU pool.
  constexpr http::RouteOptions kDb{.executor = Executor::kBlocking};
  constexpr http::RouteOptions kHashing{.executor = Executor::kCpu};
  auto& c = context;

  router.add(Method::kGet, "/healthz", healthz);
  router.add(
      Method::kGet, "/readyz", [&c](Request& r) { return readyz(r, c); }, kDb);
  router.add(Method::kGet, "/metrics", [&c](Request& r) { return metrics(r, c); });

  router.add(
      Method::kGet, "/api/v1/setup", [&c](Request& r) { return setup_status(r, c); }, kDb);
  router.add(
      Method::kPost, "/api/v1/setup", [&c](Request& r) { return complete_setup(r, c); }, kHashing);

  router.add(
      Method::kPost, "/api/v1/session", [&c](Request& r) { return login(r, c); }, kHashing);
  router.add(Method::kDelete, "/api/v1/session",
             with_user(c, [&c](Request& r, const Caller& who) { return logout(r, c, who); }), kDb);
  router.add(Method::kGet, "/api/v1/me",
             with_user(c, [&c](Request& r, const Caller& who) { return me(r, c, who); }), kDb);

  router.add(Method::kPost, "/api/v1/teams",
             with_user(c, [&c](Request& r, const Caller& who) { return create_team(r, c, who); }),
             kDb);

  router.add(Method::kGet, "/api/v1/teams/{team}/members",
             with_team(c, Permission::kMembersRead,
                       [&c](Request& r, const TeamCaller& who) { return list_members(r, c, who); }),
             kDb);
  router.add(
      Method::kPost, "/api/v1/teams/{team}/invitations",
      with_team(c, Permission::kMembersManage,
                [&c](Request& r, const TeamCaller& who) { return invite_member(r, c, who); }),
      kDb);
  router.add(Method::kPatch, "/api/v1/teams/{team}/members/{user}",
             with_team(c, Permission::kMembersManage,
                       [&c](Request& r, const TeamCaller& who) { return change_role(r, c, who); }),
             kDb);
  router.add(
      Method::kDelete, "/api/v1/teams/{team}/members/{user}",
      with_team(c, Permission::kMembersManage,
                [&c](Request& r, const TeamCaller& who) { return remove_member(r, c, who); }),
      kDb);
  router.add(
      Method::kPost, "/api/v1/invitations/{token}/accept",
      [&c](Request& r) { return accept_invitation(r, c); }, kHashing);
}

}  // namespace keyward::api
