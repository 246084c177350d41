#include "identity/teams.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "audit/record.h"
#include "changes/notices.h"
#include "crypto/random.h"
#include "domain/require.h"

namespace keyward::identity {

Result<Team> create_team(storage::WriteTx& tx, const Actor& actor, const CreateTeam& command,
                         std::int64_t now) {
  if (actor.kind != Actor::Kind::kUser) {
    return Error::make(ErrorCode::kForbidden, "Only a signed-in user may create a team.");
  }
  Team team{crypto::random_uuid(), command.name, now};
  KW_TRY_STATUS(tx.identity().insert_team(team));
  KW_TRY_STATUS(tx.identity().insert_membership(team.id, actor.id, Role::kOwner, now));
  Actor owner = Actor::member(actor.id, team.id, Role::kOwner, actor.client);
  KW_TRY_STATUS(audit::record(tx, owner, audit::EventName::kMemberJoined, now, actor.id,
                              {{"role", "owner"}, {"via", "team_created"}}));
  return team;
}

Result<Team> find_team(storage::ReadTx& tx, const Actor& actor) {
  KW_TRY(team, tx.identity().find_team(actor.team_id));
  if (!team) return Error::make(ErrorCode::kNotFound, "No such team.");
  return std::move(*team);
}

Result<Team> update_team(storage::WriteTx& tx, const Actor& actor, const UpdateTeam& command,
                         std::int64_t now) {
  KW_TRY_STATUS(require(actor, Permission::kTeamManage));
  KW_TRY(team, find_team(tx, actor));
  Team next = team;
  boost::json::array fields;
  boost::json::object details;
  if (command.secret_versions_kept && *command.secret_versions_kept != team.secret_versions_kept) {
    next.secret_versions_kept = *command.secret_versions_kept;
    fields.emplace_back("secret_versions_kept");
    details["secret_versions_kept"] = next.secret_versions_kept;
  }
  if (command.rotate_every_days && *command.rotate_every_days != team.rotate_every_days) {
    next.rotate_every_days = *command.rotate_every_days;
    fields.emplace_back("rotate_every_days");
    details["rotate_every_days"] = next.rotate_every_days
                                       ? boost::json::value(*next.rotate_every_days)
                                       : boost::json::value(nullptr);
  }
  if (command.expiry_warning_days && *command.expiry_warning_days != team.expiry_warning_days) {
    next.expiry_warning_days = *command.expiry_warning_days;
    fields.emplace_back("expiry_warning_days");
    details["expiry_warning_days"] = next.expiry_warning_days;
  }
  if (command.expired_key_policy && *command.expired_key_policy != team.expired_key_policy) {
    next.expired_key_policy = *command.expired_key_policy;
    fields.emplace_back("expired_key_policy");
    details["expired_key_policy"] = expired_key_policy_name(next.expired_key_policy);
  }
  if (command.reverify_every_days && *command.reverify_every_days != team.reverify_every_days) {
    next.reverify_every_days = *command.reverify_every_days;
    fields.emplace_back("reverify_every_days");
    details["reverify_every_days"] = next.reverify_every_days
                                         ? boost::json::value(*next.reverify_every_days)
                                         : boost::json::value(nullptr);
  }
  if (command.gateway_disable_after &&
      *command.gateway_disable_after != team.gateway_disable_after) {
    next.gateway_disable_after = *command.gateway_disable_after;
    fields.emplace_back("gateway_disable_after");
    details["gateway_disable_after"] = next.gateway_disable_after;
  }
  if (fields.empty()) return team;
  KW_TRY(updated, tx.identity().update_team_settings(next));
  if (!updated) return Error::make(ErrorCode::kNotFound, "No such team.");
  if (next.secret_versions_kept < team.secret_versions_kept) {
    KW_TRY_STATUS(tx.keys().prune_team_secret_versions(team.id, next.secret_versions_kept));
  }
  if (next.rotate_every_days != team.rotate_every_days ||
      next.expiry_warning_days != team.expiry_warning_days) {
    KW_TRY_STATUS(tx.keys().remark_team_keys(team.id, next.lifecycle_policy()));
  }
  KW_TRY_STATUS(
      changes::publish(tx, team.id, audit::EventName::kTeamUpdated, {{"fields", fields}}));
  details["fields"] = std::move(fields);
  KW_TRY_STATUS(audit::record(tx, actor, audit::EventName::kTeamUpdated, now, team.id, details));
  return next;
}

Result<std::vector<TeamWithRole>> teams_of(storage::ReadTx& tx, const Actor& actor) {
  return tx.identity().teams_of_user(actor.id);
}

}  // namespace keyward::identity
