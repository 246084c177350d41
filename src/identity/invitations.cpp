#include "identity/invitations.h"

#include <boost/json/object.hpp>

#include "audit/record.h"
#include "changes/notices.h"
#include "crypto/password.h"
#include "crypto/random.h"
#include "domain/membership.h"
#include "domain/require.h"
#include "identity/sign_in.h"

namespace keyward::identity {
namespace {

Error bad_invitation() {
  return Error::make(ErrorCode::kNotFound, "This invitation is not valid, used or expired.");
}

// An invitation that may still be accepted, and the account its email already has (if any).
struct Acceptable {
  Invitation invitation;
  std::optional<User> existing;
};

Result<Acceptable> find_acceptable(storage::ReadTx& tx, const std::string& token_hash,
                                   std::int64_t now) {
  KW_TRY(found, tx.identity().find_invitation(token_hash));
  if (!found) return bad_invitation();
  // However it came about (a path that did not delete it), an invitation whose inviter left or
  // may no longer grant its role is dead.
  KW_TRY(inviter_role, tx.identity().find_role(found->team_id, found->created_by));
  if (!invitation_acceptable(*found, inviter_role, now)) return bad_invitation();
  KW_TRY(user, tx.identity().find_user_by_email(found->email));
  return Acceptable{std::move(*found), std::move(user)};
}

}  // namespace

Result<NewInvitation> invite(storage::WriteTx& tx, const Actor& actor, const Invite& command,
                             std::int64_t ttl_ms, std::int64_t now) {
  KW_TRY_STATUS(require(actor, Permission::kMembersManage));
  KW_TRY_STATUS(check_invitation_role(actor.role, command.role));
  KW_TRY(existing, tx.identity().find_user_by_email(command.email));
  if (existing) {
    KW_TRY(role_now, tx.identity().find_role(actor.team_id, existing->id));
    if (role_now) {
      return Error::make(ErrorCode::kConflict,
                         command.email + " is already a member of this team.");
    }
  }
  NewInvitation made;
  made.token = crypto::random_token();
  made.invitation = Invitation{crypto::random_uuid(),
                               actor.team_id,
                               command.email,
                               command.role,
                               crypto::hash_token(made.token),
                               now,
                               actor.id,
                               now + ttl_ms,
                               std::nullopt};
  // Inviting the same address again replaces what is pending: one live link per address.
  KW_TRY_STATUS(tx.identity().delete_pending_invitations_for(actor.team_id, command.email));
  KW_TRY_STATUS(tx.identity().insert_invitation(made.invitation));
  KW_TRY_STATUS(audit::record(tx, actor, audit::EventName::kMemberInvited, now, made.invitation.id,
                              {{"email", command.email}, {"role", role_name(command.role)}}));
  return made;
}

Result<std::vector<Invitation>> list_invitations(storage::ReadTx& tx, const Actor& actor,
                                                 std::int64_t now) {
  KW_TRY_STATUS(require(actor, Permission::kMembersRead));
  return tx.identity().pending_invitations(actor.team_id, now);
}

Status revoke_invitation(storage::WriteTx& tx, const Actor& actor, const RevokeInvitation& command,
                         std::int64_t now) {
  KW_TRY_STATUS(require(actor, Permission::kMembersManage));
  KW_TRY(pending, tx.identity().pending_invitations(actor.team_id, now));
  const Invitation* found = nullptr;
  for (const auto& invitation : pending) {
    if (invitation.id == command.id) found = &invitation;
  }
  if (found == nullptr) {
    return Error::make(ErrorCode::kNotFound, "No such pending invitation in this team.");
  }
  KW_TRY_STATUS(check_invitation_role(actor.role, found->role));
  KW_TRY_STATUS(tx.identity().delete_invitation(actor.team_id, command.id));
  return audit::record(
      tx, actor, audit::EventName::kInvitationRevoked, now, command.id,
      {{"email", found->email}, {"role", role_name(found->role)}, {"reason", "revoked"}});
}

Status drop_invitations_of(storage::WriteTx& tx, const Actor& actor, const std::string& inviter_id,
                           const std::optional<Role>& inviter_now, std::int64_t now) {
  KW_TRY(pending, tx.identity().pending_invitations(actor.team_id, now));
  for (const auto& invitation : pending) {
    if (invitation.created_by != inviter_id) continue;
    auto reason = invitation_dies_because(inviter_now, invitation.role);
    if (!reason) continue;
    KW_TRY_STATUS(tx.identity().delete_invitation(actor.team_id, invitation.id));
    KW_TRY_STATUS(audit::record(
        tx, actor, audit::EventName::kInvitationRevoked, now, invitation.id,
        {{"email", invitation.email}, {"role", role_name(invitation.role)}, {"reason", *reason}}));
  }
  return ok_status();
}

Result<Joined> accept_invitation(storage::Store& store, const Actor& actor,
                                 const AcceptInvitation& command, const SessionPolicy& policy,
                                 const Clock& clock) {
  std::string token_hash = crypto::hash_token(command.token);
  std::int64_t now = clock.now_ms();
  KW_TRY(found, storage::read<Acceptable>(store, [&](storage::ReadTx& tx) {
           return find_acceptable(tx, token_hash, now);
         }));
  const Invitation& invitation = found.invitation;

  User user;
  std::optional<SignInSteps> steps;
  if (found.existing) {
    // An existing account proves it is theirs with its password, so a leaked link cannot add
    // someone else's account to a team.
    FieldErrors errors = command.password_errors;
    if (command.password.empty()) errors.add("password", "Password is required");
    if (!errors.empty()) return errors.to_error();
    // The same throttle as sign-in, counted before the check: a link must not become a way
    // around it.
    KW_TRY(begun, SignInSteps::begin(
                      store, attempt_keys("session", found.existing->email, actor.client.ip), now,
                      [](std::int64_t) { return "Too many wrong passwords; try again later."; }));
    if (!SignInSteps::password_matches(found.existing, command.password)) {
      return Error::make(ErrorCode::kUnauthorized,
                         "The password is not correct for " + found.existing->email + ".");
    }
    steps.emplace(std::move(begun));
    user = *found.existing;
  } else {
    FieldErrors errors = command.password_errors;
    errors.add_all(command.name_errors);
    std::string name = normalize_name(command.name, "name", "Name", errors);
    check_password(command.password, "password", errors);
    if (!errors.empty()) return errors.to_error();
    KW_TRY(hash, crypto::hash_password(command.password));
    user = User{crypto::random_uuid(), invitation.email, name, hash, now};
  }

  KW_TRY(session,
         storage::write<NewSession>(store, [&](storage::WriteTx& tx) -> Result<NewSession> {
           // Re-read inside the write lock: two accepts of one link cannot both succeed.
           KW_TRY(again, tx.identity().find_invitation(token_hash));
           if (!again || again->accepted_at) return bad_invitation();
           if (!steps) {
             if (auto inserted = tx.identity().insert_user(user); !inserted) {
               Error error = std::move(inserted).error();
               if (error.code == ErrorCode::kConflict) return bad_invitation();  // made meanwhile
               return error;
             }
           }
           KW_TRY(role_now, tx.identity().find_role(invitation.team_id, user.id));
           if (role_now) {
             return Error::make(ErrorCode::kConflict, "You are already a member of this team.");
           }
           KW_TRY_STATUS(tx.identity().mark_invitation_accepted(invitation.id, now));
           KW_TRY_STATUS(
               tx.identity().insert_membership(invitation.team_id, user.id, invitation.role, now));
           KW_TRY_STATUS(changes::publish(tx, invitation.team_id, audit::EventName::kMemberJoined,
                                          {{"user_id", user.id}}));
           Actor member = Actor::member(user.id, invitation.team_id, invitation.role, actor.client);
           std::int64_t at = clock.now_ms();
           KW_TRY_STATUS(audit::record(
               tx, member, audit::EventName::kMemberJoined, at, user.id,
               {{"role", role_name(invitation.role)}, {"invitation_id", invitation.id}}));
           if (steps) return steps->finish(tx, user.id, actor.client, policy, at);
           return start_session(tx, user.id, actor.client, policy, at);
         }));
  return Joined{std::move(user), found.invitation, std::move(session)};
}

}  // namespace keyward::identity
