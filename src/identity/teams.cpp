#include "identity/teams.h"

#include "audit/record.h"
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

Result<Team> update_team(storage::WriteTx& tx, const Actor& actor, const UpdateTeam& command) {
  KW_TRY_STATUS(require(actor, Permission::kTeamManage));
  KW_TRY(team, find_team(tx, actor));
  if (command.secret_versions_kept && *command.secret_versions_kept != team.secret_versions_kept) {
    const int kept = *command.secret_versions_kept;
    KW_TRY(updated, tx.identity().set_secret_versions_kept(team.id, kept));
    if (!updated) return Error::make(ErrorCode::kNotFound, "No such team.");
    KW_TRY_STATUS(tx.keys().prune_team_secret_versions(team.id, kept));
    team.secret_versions_kept = kept;
  }
  return team;
}

Result<std::vector<TeamWithRole>> teams_of(storage::ReadTx& tx, const Actor& actor) {
  return tx.identity().teams_of_user(actor.id);
}

}  // namespace keyward::identity
