#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/sql.h"
#include "storage/sql_query.h"
#include "storage/sql_rows.h"
#include "storage/tx_identity.h"

namespace keyward::storage {

// tx.identity() on an SQL engine's connection.
template <typename Connection>
class SqlIdentity final : public IdentityWriter {
 public:
  // Reads and writes through `db`, which must outlive this and carry the open transaction.
  explicit SqlIdentity(Connection& db) : db_(db) {}

  // False on an empty database (no row); the first sign-up becomes the setup owner.
  Result<bool> any_user() override {
    KW_TRY(found, sql::query_one<bool>(db_, sql::kAnyUser, sql::no_parameters,
                                       [](auto& s) { return s.column_int64(0) != 0; }));
    return found.value_or(false);
  }
  // Matches the email as stored; nullopt when no user has it.
  Result<std::optional<User>> find_user_by_email(const std::string& email) override {
    return sql::query_one<User>(
        db_, sql::kFindUserByEmail, [&](auto& s) { s.bind(1, email); }, read<sql::UserRow>);
  }
  // Nullopt when no user has `id`.
  Result<std::optional<User>> find_user(const std::string& id) override {
    return sql::query_one<User>(
        db_, sql::kFindUser, [&](auto& s) { s.bind(1, id); }, read<sql::UserRow>);
  }
  // Nullopt when no team has `id`.
  Result<std::optional<Team>> find_team(const std::string& id) override {
    return sql::query_one<Team>(
        db_, sql::kFindTeam, [&](auto& s) { s.bind(1, id); }, read<sql::TeamRow>);
  }
  // Every team `user_id` belongs to, with the role held there; empty for none.
  Result<std::vector<TeamWithRole>> teams_of_user(const std::string& user_id) override {
    return sql::query_all<TeamWithRole>(
        db_, sql::kTeamsOfUser, [&](auto& s) { s.bind(1, user_id); }, read<sql::TeamWithRoleRow>);
  }
  // Nullopt when `user_id` is not a member of `team_id`; an unknown stored role reads as viewer.
  Result<std::optional<Role>> find_role(const std::string& team_id,
                                        const std::string& user_id) override {
    return sql::query_one<Role>(
        db_, sql::kFindRole, [&](auto& s) { s.bind(1, team_id).bind(2, user_id); },
        [](auto& s) { return sql::role_or_viewer(s.column_text(0)); });
  }
  // Every member of `team_id` with their role; empty for an unknown team.
  Result<std::vector<Member>> members(const std::string& team_id) override {
    return sql::query_all<Member>(
        db_, sql::kMembers, [&](auto& s) { s.bind(1, team_id); }, read<sql::MemberRow>);
  }
  // Guards the last owner from leaving or being demoted.
  Result<int> count_owners(const std::string& team_id) override {
    KW_TRY(count, sql::count(db_, sql::kCountOwners, [&](auto& s) { s.bind(1, team_id); }));
    return static_cast<int>(count);
  }
  // Looked up by the token's hash (bound as bytes); the token itself is never stored.
  Result<std::optional<Session>> find_session(const std::string& token_hash) override {
    return sql::query_one<Session>(
        db_, sql::kFindSession, [&](auto& s) { s.bind_blob(1, token_hash); },
        read<sql::SessionRow>);
  }
  // Looked up by the invitation token's hash, accepted or not; nullopt when none matches.
  Result<std::optional<Invitation>> find_invitation(const std::string& token_hash) override {
    return sql::query_one<Invitation>(
        db_, sql::kFindInvitation, [&](auto& s) { s.bind_blob(1, token_hash); },
        read<sql::InvitationRow>);
  }
  // The team's invitations neither accepted nor expired at `now`.
  Result<std::vector<Invitation>> pending_invitations(const std::string& team_id,
                                                      std::int64_t now) override {
    return sql::query_all<Invitation>(
        db_, sql::kPendingInvitations, [&](auto& s) { s.bind(1, team_id).bind(2, now); },
        read<sql::InvitationRow>);
  }
  // Nullopt when `key` has no failed attempts on record.
  Result<std::optional<ThrottleState>> get_throttle(const std::string& key) override {
    return sql::query_one<ThrottleState>(
        db_, sql::kGetThrottle, [&](auto& s) { s.bind(1, key); }, read<sql::ThrottleRow>);
  }

  // kConflict when the email or id is taken.
  Status insert_user(const User& user) override {
    return sql::run(db_, sql::kInsertUser, [&](auto& s) { sql::UserRow::bind(s, user); });
  }
  // REQUIRES: `hash` is a password hash, never the password.
  Status update_password(const std::string& user_id, const std::string& hash) override {
    return sql::run(db_, sql::kUpdatePassword, [&](auto& s) { s.bind(1, user_id).bind(2, hash); });
  }
  // kConflict when the id is taken.
  Status insert_team(const Team& team) override {
    return sql::run(db_, sql::kInsertTeam, [&](auto& s) { sql::TeamRow::bind(s, team); });
  }
  // False when no team has `team_id`.
  Result<bool> update_team_settings(const Team& team) override {
    return sql::run_changing_one(db_, sql::kUpdateTeamSettings,
                                 [&](auto& s) { sql::TeamRow::bind_settings(s, team); });
  }
  // kConflict when `user_id` is already a member of `team_id`.
  Status insert_membership(const std::string& team_id, const std::string& user_id, Role role,
                           std::int64_t at) override {
    return sql::run(db_, sql::kInsertMembership, [&](auto& s) {
      s.bind(1, team_id).bind(2, user_id).bind(3, role_name(role)).bind(4, at);
    });
  }
  // Changing the role of a non-member is no error and changes nothing.
  Status update_role(const std::string& team_id, const std::string& user_id, Role role) override {
    return sql::run(db_, sql::kUpdateRole,
                    [&](auto& s) { s.bind(1, team_id).bind(2, user_id).bind(3, role_name(role)); });
  }
  // Removing a non-member is no error; the caller keeps the last owner.
  Status delete_membership(const std::string& team_id, const std::string& user_id) override {
    return sql::run(db_, sql::kDeleteMembership,
                    [&](auto& s) { s.bind(1, team_id).bind(2, user_id); });
  }
  // Stores the session under its token hash; kConflict when the hash is taken.
  Status insert_session(const Session& session) override {
    return sql::run(db_, sql::kInsertSession, [&](auto& s) { sql::SessionRow::bind(s, session); });
  }
  // Records activity at `at`, which extends the idle timeout; an unknown hash is no error.
  Status touch_session(const std::string& token_hash, std::int64_t at) override {
    return sql::run(db_, sql::kTouchSession,
                    [&](auto& s) { s.bind_blob(1, token_hash).bind(2, at); });
  }
  // Sign-out; an unknown hash is no error.
  Status delete_session(const std::string& token_hash) override {
    return sql::run(db_, sql::kDeleteSession, [&](auto& s) { s.bind_blob(1, token_hash); });
  }
  // Ends every session of the user (password change, removal).
  Status delete_sessions_of_user(const std::string& user_id) override {
    return sql::run(db_, sql::kDeleteSessionsOfUser, [&](auto& s) { s.bind(1, user_id); });
  }
  // Removes sessions idle since before `idle_before` or past their absolute expiry at `now`.
  Status delete_expired_sessions(std::int64_t idle_before, std::int64_t now) override {
    return sql::run(db_, sql::kDeleteExpiredSessions,
                    [&](auto& s) { s.bind(1, idle_before).bind(2, now); });
  }
  // Stores the invitation under its token hash; kConflict when the id or hash is taken.
  Status insert_invitation(const Invitation& invitation) override {
    return sql::run(db_, sql::kInsertInvitation,
                    [&](auto& s) { sql::InvitationRow::bind(s, invitation); });
  }
  // Marks it used at `at`, so its token cannot be accepted twice.
  Status mark_invitation_accepted(const std::string& id, std::int64_t at) override {
    return sql::run(db_, sql::kAcceptInvitation, [&](auto& s) { s.bind(1, id).bind(2, at); });
  }
  // False when the team has no invitation `id`; scoped by team so one team cannot revoke another's.
  Result<bool> delete_invitation(const std::string& team_id, const std::string& id) override {
    return sql::run_changing_one(db_, sql::kDeleteInvitation,
                                 [&](auto& s) { s.bind(1, team_id).bind(2, id); });
  }
  // Drops the team's open invitations for `email` once it joins or is invited again.
  Status delete_pending_invitations_for(const std::string& team_id,
                                        const std::string& email) override {
    return sql::run(db_, sql::kDeletePendingInvitationsFor,
                    [&](auto& s) { s.bind(1, team_id).bind(2, email); });
  }
  // Stores or replaces the failed-attempt state for `key`.
  Status put_throttle(const std::string& key, const ThrottleState& state) override {
    return sql::run(db_, sql::kPutThrottle,
                    [&](auto& s) { sql::ThrottleRow::bind(s, key, state); });
  }
  // Clears `key`'s state after a success; an unknown key is no error.
  Status delete_throttle(const std::string& key) override {
    return sql::run(db_, sql::kDeleteThrottle, [&](auto& s) { s.bind(1, key); });
  }

 private:
  template <typename RowType>
  static constexpr auto read = [](auto& s) { return RowType::read(s); };

  Connection& db_;
};

}  // namespace keyward::storage
