#include "identity/members.h"

#include "audit/record.h"
#include "changes/notices.h"
#include "domain/membership.h"
#include "domain/require.h"
#include "identity/invitations.h"
#include "tokens/personal_tokens.h"
#include "tokens/tokens.h"

namespace keyward::identity {
namespace {

Error no_member() { return Error::make(ErrorCode::kNotFound, "No such member in this team."); }

// The member's current role in the actor's team and the team's owner count; kNotFound for a
// non-member.
struct Standing {
  Role role;
  int owners;
};
Result<Standing> standing_of(storage::WriteTx& tx, const Actor& actor, const std::string& user_id) {
  KW_TRY(role, tx.identity().find_role(actor.team_id, user_id));
  if (!role) return no_member();
  KW_TRY(owners, tx.identity().count_owners(actor.team_id));
  return Standing{*role, owners};
}

}  // namespace

Result<std::vector<Member>> list_members(storage::ReadTx& tx, const Actor& actor) {
  KW_TRY_STATUS(require(actor, Permission::kMembersRead));
  return tx.identity().members(actor.team_id);
}

Result<Member> change_role(storage::WriteTx& tx, const Actor& actor, const ChangeRole& command,
                           std::int64_t now, tokens::TokenCache* cache) {
  KW_TRY_STATUS(require(actor, Permission::kMembersManage));
  KW_TRY(current, standing_of(tx, actor, command.user_id));
  KW_TRY_STATUS(check_role_change(actor.role, current.role, command.role, current.owners));
  KW_TRY_STATUS(tx.identity().update_role(actor.team_id, command.user_id, command.role));
  KW_TRY_STATUS(drop_invitations_of(tx, actor, command.user_id, command.role, now));
  if (!keeps_service_tokens(command.role)) {
    KW_TRY_STATUS(tokens::revoke_tokens_of(tx, actor, actor.team_id, command.user_id,
                                           "creator_lost_permission", now, cache));
  }
  KW_TRY_STATUS(tokens::revoke_personal_tokens_after_change(
      tx, actor, actor.team_id, command.user_id, command.role, "holder_lost_permission", now));
  KW_TRY_STATUS(changes::publish(tx, actor.team_id, audit::EventName::kMemberRoleChanged,
                                 {{"user_id", command.user_id}}));
  KW_TRY_STATUS(
      audit::record(tx, actor, audit::EventName::kMemberRoleChanged, now, command.user_id,
                    {{"from", role_name(current.role)}, {"to", role_name(command.role)}}));
  KW_TRY(members, tx.identity().members(actor.team_id));
  for (auto& member : members) {
    if (member.user_id == command.user_id) return std::move(member);
  }
  return no_member();
}

Status remove_member(storage::WriteTx& tx, const Actor& actor, const RemoveMember& command,
                     std::int64_t now, tokens::TokenCache* cache) {
  KW_TRY_STATUS(require(actor, Permission::kMembersManage));
  KW_TRY(current, standing_of(tx, actor, command.user_id));
  KW_TRY_STATUS(check_removal(actor.role, current.role, current.owners));
  KW_TRY_STATUS(tx.identity().delete_membership(actor.team_id, command.user_id));
  KW_TRY_STATUS(tokens::revoke_tokens_of(tx, actor, actor.team_id, command.user_id,
                                         "creator_left_team", now, cache));
  KW_TRY_STATUS(tokens::revoke_personal_tokens_after_change(
      tx, actor, actor.team_id, command.user_id, std::nullopt, "holder_left_team", now));
  KW_TRY_STATUS(drop_invitations_of(tx, actor, command.user_id, std::nullopt, now));
  KW_TRY_STATUS(changes::publish(tx, actor.team_id, audit::EventName::kMemberRemoved,
                                 {{"user_id", command.user_id}}));
  // A removed member stops hearing about the team's keys at once, on every server.
  KW_TRY_STATUS(changes::end_member_streams(tx, actor.team_id, command.user_id));
  return audit::record(tx, actor, audit::EventName::kMemberRemoved, now, command.user_id,
                       {{"role", role_name(current.role)}});
}

}  // namespace keyward::identity
