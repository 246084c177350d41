#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/actor.h"
#include "domain/clock.h"
#include "domain/identity.h"
#include "domain/result.h"
#include "domain/validation.h"
#include "identity/sessions.h"
#include "storage/store.h"

namespace keyward::identity {

// Invitations: a member who may manage members invites an email with a role; whoever holds the
// link joins the team with that role, creating their account or proving it is theirs.

// An invitation to make, its email already normalized.
struct Invite {
  std::string email;
  Role role = Role::kViewer;
};

// A new invitation and its token, which is shown once (only its hash is stored).
struct NewInvitation {
  Invitation invitation;
  std::string token;
};

// In `tx`: invites `command.email` to the actor's team as `command.role`, valid for `ttl_ms` from
// `now`, replacing any invitation pending for that email; records member.invited. kForbidden
// without members:manage or for the owner role by a non-owner; kConflict when the email is a
// member already. The token and id are fresh on every run.
Result<NewInvitation> invite(storage::WriteTx& tx, const Actor& actor, const Invite& command,
                             std::int64_t ttl_ms, std::int64_t now);

// The actor's team's pending invitations at `now`, oldest first. REQUIRES: members:read (the
// route checks it).
Result<std::vector<Invitation>> list_invitations(storage::ReadTx& tx, const Actor& actor,
                                                 std::int64_t now);

// Revoking a pending invitation.
struct RevokeInvitation {
  std::string id;
};

// In `tx`: deletes the actor's team's pending invitation `command.id`, recording
// invitation.revoked. kNotFound when none is pending; kForbidden without members:manage or for an
// owner invitation revoked by a non-owner.
Status revoke_invitation(storage::WriteTx& tx, const Actor& actor, const RevokeInvitation& command,
                         std::int64_t now);

// In `tx`: deletes the pending invitations `inviter_id` made in the actor's team that their role
// `inviter_now` (nullopt: they left) no longer lets them grant, each recorded as
// invitation.revoked by the actor.
Status drop_invitations_of(storage::WriteTx& tx, const Actor& actor, const std::string& inviter_id,
                           const std::optional<Role>& inviter_now, std::int64_t now);

// Accepting an invitation by its token. An existing account proves it is theirs with its
// password; a newcomer chooses a name and a password.
struct AcceptInvitation {
  std::string token;
  std::string_view password;
  std::string name;  // newcomers only, as typed
  // What reading the request found wrong with the password and with the name (e.g. not text);
  // the name's only count for a newcomer.
  FieldErrors password_errors;
  FieldErrors name_errors;
};

// Who joined which team, and their new session.
struct Joined {
  User user;
  Invitation invitation;
  NewSession session;
};

// Joins the invitation's team with its role and signs the user in (the sign-in steps of
// identity/sign_in.h: an existing user's password check is throttled like sign-in, per account
// and per `actor.client`'s address, so a link is no way around it). kNotFound for an unknown,
// used or expired invitation, or one whose inviter left or may no longer grant its role;
// kValidation for missing or invalid fields; kUnauthorized for a wrong password;
// kTooManyRequests while locked; kConflict when already a member. Records member.joined and
// session.created. Spans several transactions (argon2id runs outside them).
// REQUIRES: actor is anonymous.
Result<Joined> accept_invitation(storage::Store& store, const Actor& actor,
                                 const AcceptInvitation& command, const SessionPolicy& policy,
                                 const Clock& clock);

}  // namespace keyward::identity
