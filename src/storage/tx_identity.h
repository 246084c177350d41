#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/identity.h"
#include "domain/result.h"

namespace keyward::storage {

// Who may act (tx.identity()): users, teams, memberships, sessions, invitations and sign-in
// throttles. A missing row is an empty optional (or false, or an empty list), never an error;
// errors are database failures only.
class IdentityReader {
 public:
  virtual ~IdentityReader() = default;

  // Whether any user exists (first-run setup is open until one does).
  virtual Result<bool> any_user() = 0;
  // The user whose (lower-case) email is `email`; nullopt when none.
  virtual Result<std::optional<User>> find_user_by_email(const std::string& email) = 0;
  // The user `id`; nullopt when none.
  virtual Result<std::optional<User>> find_user(const std::string& id) = 0;

  // The team `id`; nullopt when none.
  virtual Result<std::optional<Team>> find_team(const std::string& id) = 0;
  // The teams the user belongs to with the user's role in each, by name; empty for none.
  virtual Result<std::vector<TeamWithRole>> teams_of_user(const std::string& user_id) = 0;

  // The user's role in the team; nullopt when the user is not a member.
  virtual Result<std::optional<Role>> find_role(const std::string& team_id,
                                                const std::string& user_id) = 0;
  // The team's members, by name; empty for an unknown team.
  virtual Result<std::vector<Member>> members(const std::string& team_id) = 0;
  // How many owners the team has; 0 for an unknown team.
  virtual Result<int> count_owners(const std::string& team_id) = 0;

  // The session whose cookie hashes to `token_hash`, expired or not (the caller checks);
  // nullopt when none.
  virtual Result<std::optional<Session>> find_session(const std::string& token_hash) = 0;

  // The invitation whose token hashes to `token_hash`, in any state; nullopt when none.
  virtual Result<std::optional<Invitation>> find_invitation(const std::string& token_hash) = 0;
  // The team's invitations neither accepted nor expired at `now`, oldest first.
  virtual Result<std::vector<Invitation>> pending_invitations(const std::string& team_id,
                                                              std::int64_t now) = 0;

  // The sign-in throttle state under `key`; nullopt when nothing was counted.
  virtual Result<std::optional<ThrottleState>> get_throttle(const std::string& key) = 0;
};

// The identity rows a write transaction changes. A constraint violation (a taken id or email, a
// membership that exists, a missing team or user) is ErrorCode::kConflict. An update or delete
// of a missing row changes nothing and is no error unless it says otherwise.
class IdentityWriter : public IdentityReader {
 public:
  // Stores a new user. kConflict when the id or the email is taken.
  virtual Status insert_user(const User& user) = 0;
  // Replaces the user's password hash.
  virtual Status update_password(const std::string& user_id, const std::string& hash) = 0;

  // Stores a new team. kConflict when the id is taken (or the name breaks a schema check).
  virtual Status insert_team(const Team& team) = 0;
  // Stores the team's settings (secret_versions_kept and the lifecycle settings; not its name);
  // false for an unknown team. REQUIRES: each within its range (the schema checks too).
  virtual Result<bool> update_team_settings(const Team& team) = 0;

  // Makes the user a member. kConflict when already a member, or the team or user is missing.
  virtual Status insert_membership(const std::string& team_id, const std::string& user_id,
                                   Role role, std::int64_t at) = 0;
  // Changes a member's role.
  virtual Status update_role(const std::string& team_id, const std::string& user_id, Role role) = 0;
  // Removes the user from the team.
  virtual Status delete_membership(const std::string& team_id, const std::string& user_id) = 0;

  // Stores a new session. kConflict when its token hash or id is taken.
  virtual Status insert_session(const Session& session) = 0;
  // Sets the session's last_seen_at.
  virtual Status touch_session(const std::string& token_hash, std::int64_t at) = 0;
  // Ends the session whose cookie hashes to `token_hash`.
  virtual Status delete_session(const std::string& token_hash) = 0;
  // Ends every session of the user (a password change).
  virtual Status delete_sessions_of_user(const std::string& user_id) = 0;
  // Ends the sessions idle since before `idle_before` or expired at `now`.
  virtual Status delete_expired_sessions(std::int64_t idle_before, std::int64_t now) = 0;

  // Stores a new invitation. kConflict when its id or token hash is taken.
  virtual Status insert_invitation(const Invitation& invitation) = 0;
  // Marks the invitation accepted at `at`, unless it was accepted already.
  virtual Status mark_invitation_accepted(const std::string& id, std::int64_t at) = 0;
  // Deletes a pending invitation of the team; false when none has that id.
  virtual Result<bool> delete_invitation(const std::string& team_id, const std::string& id) = 0;
  // Deletes the team's pending invitations of `email` (a new one replaces them).
  virtual Status delete_pending_invitations_for(const std::string& team_id,
                                                const std::string& email) = 0;

  // Stores the throttle state under `key`, replacing any there.
  virtual Status put_throttle(const std::string& key, const ThrottleState& state) = 0;
  // Forgets the throttle state under `key`.
  virtual Status delete_throttle(const std::string& key) = 0;
};

}  // namespace keyward::storage
