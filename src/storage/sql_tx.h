#pragma once

// The data operations written once for every SQL engine: SqlTx<Connection> runs the shared
// statements of storage/sql.h on an engine's connection. A Connection provides
// prepare(const char*) -> Result<Statement> and changes(); a Statement binds by number
// (bind, bind_blob, bind_null), steps through rows and reads columns (column_int64, column_text,
// column_blob, column_is_null). Each engine derives its Tx from SqlTx and adds what differs:
// listing and searching API keys. Included only by the engines' Tx files.

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/sql.h"
#include "storage/store.h"

namespace keyward::storage {

template <typename Connection>
class SqlTx : public Tx {
 public:
  explicit SqlTx(Connection& connection) : db_(connection) {}

  Result<std::optional<std::string>> get_setting(const std::string& key) override;
  Status put_setting(const std::string& key, const std::string& value) override;
  Status delete_setting(const std::string& key) override;

  Result<bool> any_user() override;
  Status insert_user(const User& user) override;
  Result<std::optional<User>> find_user_by_email(const std::string& email) override;
  Result<std::optional<User>> find_user(const std::string& id) override;
  Status update_password(const std::string& user_id, const std::string& hash) override;

  Status insert_team(const Team& team) override;
  Result<std::optional<Team>> find_team(const std::string& id) override;
  Result<std::vector<TeamWithRole>> teams_of_user(const std::string& user_id) override;

  Status insert_membership(const std::string& team_id, const std::string& user_id, Role role,
                           std::int64_t at) override;
  Result<std::optional<Role>> find_role(const std::string& team_id,
                                        const std::string& user_id) override;
  Result<std::vector<Member>> members(const std::string& team_id) override;
  Status update_role(const std::string& team_id, const std::string& user_id, Role role) override;
  Status delete_membership(const std::string& team_id, const std::string& user_id) override;
  Result<int> count_owners(const std::string& team_id) override;

  Status insert_session(const Session& session) override;
  Result<std::optional<Session>> find_session(const std::string& token_hash) override;
  Status touch_session(const std::string& token_hash, std::int64_t at) override;
  Status delete_session(const std::string& token_hash) override;
  Status delete_sessions_of_user(const std::string& user_id) override;
  Status delete_expired_sessions(std::int64_t idle_before, std::int64_t now) override;

  Status insert_invitation(const Invitation& invitation) override;
  Result<std::optional<Invitation>> find_invitation(const std::string& token_hash) override;
  Status mark_invitation_accepted(const std::string& id, std::int64_t at) override;
  Result<std::vector<Invitation>> pending_invitations(const std::string& team_id,
                                                      std::int64_t now) override;
  Result<bool> delete_invitation(const std::string& team_id, const std::string& id) override;
  Status delete_pending_invitations_for(const std::string& team_id,
                                        const std::string& email) override;

  Result<std::optional<ThrottleState>> get_throttle(const std::string& key) override;
  Status put_throttle(const std::string& key, const ThrottleState& state) override;
  Status delete_throttle(const std::string& key) override;

  Status insert_audit(const AuditEvent& event) override;
  Result<Page<AuditEvent>> list_audit(const std::string& team_id, int page, int page_size) override;

  Result<std::optional<TeamKeyRow>> find_team_key(const std::string& team_id) override;
  Status insert_team_key(const TeamKeyRow& row, std::int64_t at) override;
  Result<std::vector<TeamKeyRow>> all_team_keys() override;
  Status update_team_key(const TeamKeyRow& row, std::int64_t at) override;
  Result<std::optional<ServerKeyRow>> find_server_key(const std::string& name) override;
  Result<bool> insert_server_key(const ServerKeyRow& row, std::int64_t at) override;
  Result<std::vector<ServerKeyRow>> all_server_keys() override;
  Status update_server_key(const ServerKeyRow& row, std::int64_t at) override;

  Status insert_api_key(const ApiKey& key) override;
  Result<std::optional<ApiKey>> find_api_key(const std::string& team_id,
                                             const std::string& id) override;
  Result<std::optional<ApiKey>> find_api_key_by_fingerprint(
      const std::string& team_id, const std::string& fingerprint) override;
  Result<bool> update_api_key(const ApiKey& key, std::int64_t expected_version) override;
  Result<bool> delete_api_key(const std::string& team_id, const std::string& id) override;
  Result<int> clear_default(const std::string& team_id, const std::string& type) override;

  Status insert_service_token(const ServiceToken& token) override;
  Result<std::vector<ServiceToken>> service_tokens(const std::string& team_id) override;
  Result<std::optional<ServiceToken>> find_service_token(const std::string& token_hash) override;
  Result<bool> revoke_service_token(const std::string& team_id, const std::string& id,
                                    std::int64_t at) override;
  Result<std::optional<ApiKey>> resolve_api_key(const std::string& team_id,
                                                const std::string& type) override;
  Status mark_api_key_used(const std::string& id, std::int64_t at) override;
  Status mark_service_token_used(const std::string& id, std::int64_t at) override;
  Result<bool> set_verify_result(const std::string& team_id, const std::string& id,
                                 const std::string& type, const std::string& fingerprint,
                                 const std::string& status, std::int64_t at) override;
  Status scan_table(const TableSpec& table, const std::function<Status(const Row&)>& each) override;
  Status insert_row(const TableSpec& table, const Row& row) override;
  Result<std::int64_t> count_rows(const TableSpec& table) override;

 protected:
  Status control(const char* sql) override { return db_.exec(sql); }

  Connection& db_;
};

namespace detail {

// Runs a statement that returns no rows.
template <typename Db, typename Bind>
Status run(Db& db, const char* sql, Bind bind) {
  KW_TRY(stmt, db.prepare(sql));
  bind(stmt);
  return stmt.run();
}

// Reads at most one row.
template <typename T, typename Db, typename Bind, typename Read>
Result<std::optional<T>> query_one(Db& db, const char* sql, Bind bind, Read read) {
  KW_TRY(stmt, db.prepare(sql));
  bind(stmt);
  KW_TRY(row, stmt.step());
  if (!row) return std::optional<T>();
  return std::optional<T>(read(stmt));
}

// Reads every row.
template <typename T, typename Db, typename Bind, typename Read>
Result<std::vector<T>> query_all(Db& db, const char* sql, Bind bind, Read read) {
  KW_TRY(stmt, db.prepare(sql));
  bind(stmt);
  std::vector<T> out;
  while (true) {
    KW_TRY(row, stmt.step());
    if (!row) return out;
    out.push_back(read(stmt));
  }
}

inline constexpr auto bind_optional = [](auto& stmt, int index,
                                         const std::optional<std::string>& value) {
  if (value) {
    stmt.bind(index, *value);
  } else {
    stmt.bind_null(index);
  }
};

inline Role role_or_viewer(const std::string& text) {
  return parse_role(text).value_or(Role::kViewer);
}

inline constexpr auto read_user = [](auto& s) -> User {
  return User{s.column_text(0), s.column_text(1), s.column_text(2), s.column_text(3),
              s.column_int64(4)};
};

}  // namespace detail

template <typename Connection>
Result<std::optional<std::string>> SqlTx<Connection>::get_setting(const std::string& key) {
  return detail::query_one<std::string>(
      db_, sql::kGetSetting, [&](auto& s) { s.bind(1, key); },
      [](auto& s) { return s.column_blob(0); });
}

template <typename Connection>
Status SqlTx<Connection>::put_setting(const std::string& key, const std::string& value) {
  return detail::run(db_, sql::kPutSetting, [&](auto& s) { s.bind(1, key).bind_blob(2, value); });
}

template <typename Connection>
Status SqlTx<Connection>::delete_setting(const std::string& key) {
  return detail::run(db_, sql::kDeleteSetting, [&](auto& s) { s.bind(1, key); });
}

template <typename Connection>
Result<bool> SqlTx<Connection>::any_user() {
  KW_TRY(found,
         detail::query_one<bool>(
             db_, sql::kAnyUser, [](auto&) {}, [](auto& s) { return s.column_int64(0) != 0; }));
  return found.value_or(false);
}

template <typename Connection>
Status SqlTx<Connection>::insert_user(const User& user) {
  return detail::run(db_, sql::kInsertUser, [&](auto& s) {
    s.bind(1, user.id).bind(2, user.email).bind(3, user.name).bind(4, user.password_hash);
    s.bind(5, user.created_at);
  });
}

template <typename Connection>
Result<std::optional<User>> SqlTx<Connection>::find_user_by_email(const std::string& email) {
  return detail::query_one<User>(
      db_, sql::kFindUserByEmail, [&](auto& s) { s.bind(1, email); }, detail::read_user);
}

template <typename Connection>
Result<std::optional<User>> SqlTx<Connection>::find_user(const std::string& id) {
  return detail::query_one<User>(
      db_, sql::kFindUser, [&](auto& s) { s.bind(1, id); }, detail::read_user);
}

template <typename Connection>
Status SqlTx<Connection>::update_password(const std::string& user_id, const std::string& hash) {
  return detail::run(db_, sql::kUpdatePassword, [&](auto& s) { s.bind(1, user_id).bind(2, hash); });
}

template <typename Connection>
Status SqlTx<Connection>::insert_team(const Team& team) {
  return detail::run(db_, sql::kInsertTeam, [&](auto& s) {
    s.bind(1, team.id).bind(2, team.name).bind(3, team.created_at);
  });
}

template <typename Connection>
Result<std::optional<Team>> SqlTx<Connection>::find_team(const std::string& id) {
  auto bind_id = [&](auto& s) { s.bind(1, id); };
  auto to_team = [](auto& s) {
    return Team{s.column_text(0), s.column_text(1), s.column_int64(2)};
  };
  return detail::query_one<Team>(db_, sql::kFindTeam, bind_id, to_team);
}

template <typename Connection>
Result<std::vector<TeamWithRole>> SqlTx<Connection>::teams_of_user(const std::string& user_id) {
  return detail::query_all<TeamWithRole>(
      db_, sql::kTeamsOfUser, [&](auto& s) { s.bind(1, user_id); },
      [](auto& s) {
        return TeamWithRole{Team{s.column_text(0), s.column_text(1), s.column_int64(2)},
                            detail::role_or_viewer(s.column_text(3))};
      });
}

template <typename Connection>
Status SqlTx<Connection>::insert_membership(const std::string& team_id, const std::string& user_id,
                                            Role role, std::int64_t at) {
  return detail::run(db_, sql::kInsertMembership, [&](auto& s) {
    s.bind(1, team_id).bind(2, user_id).bind(3, role_name(role)).bind(4, at);
  });
}

template <typename Connection>
Result<std::optional<Role>> SqlTx<Connection>::find_role(const std::string& team_id,
                                                         const std::string& user_id) {
  return detail::query_one<Role>(
      db_, sql::kFindRole, [&](auto& s) { s.bind(1, team_id).bind(2, user_id); },
      [](auto& s) { return detail::role_or_viewer(s.column_text(0)); });
}

template <typename Connection>
Result<std::vector<Member>> SqlTx<Connection>::members(const std::string& team_id) {
  return detail::query_all<Member>(
      db_, sql::kMembers, [&](auto& s) { s.bind(1, team_id); },
      [](auto& s) {
        return Member{s.column_text(0), s.column_text(1), s.column_text(2),
                      detail::role_or_viewer(s.column_text(3)), s.column_int64(4)};
      });
}

template <typename Connection>
Status SqlTx<Connection>::update_role(const std::string& team_id, const std::string& user_id,
                                      Role role) {
  return detail::run(db_, sql::kUpdateRole, [&](auto& s) {
    s.bind(1, team_id).bind(2, user_id).bind(3, role_name(role));
  });
}

template <typename Connection>
Status SqlTx<Connection>::delete_membership(const std::string& team_id,
                                            const std::string& user_id) {
  return detail::run(db_, sql::kDeleteMembership,
                     [&](auto& s) { s.bind(1, team_id).bind(2, user_id); });
}

template <typename Connection>
Result<int> SqlTx<Connection>::count_owners(const std::string& team_id) {
  KW_TRY(count, detail::query_one<int>(
                    db_, sql::kCountOwners, [&](auto& s) { s.bind(1, team_id); },
                    [](auto& s) { return static_cast<int>(s.column_int64(0)); }));
  return count.value_or(0);
}

template <typename Connection>
Status SqlTx<Connection>::insert_session(const Session& session) {
  return detail::run(db_, sql::kInsertSession, [&](auto& s) {
    s.bind_blob(1, session.token_hash).bind(2, session.id).bind(3, session.user_id);
    s.bind(4, session.created_at).bind(5, session.last_seen_at).bind(6, session.expires_at);
    s.bind(7, session.ip).bind(8, session.user_agent);
  });
}

template <typename Connection>
Result<std::optional<Session>> SqlTx<Connection>::find_session(const std::string& token_hash) {
  return detail::query_one<Session>(
      db_, sql::kFindSession, [&](auto& s) { s.bind_blob(1, token_hash); },
      [](auto& s) {
        Session session;
        session.token_hash = s.column_blob(0);
        session.id = s.column_text(1);
        session.user_id = s.column_text(2);
        session.created_at = s.column_int64(3);
        session.last_seen_at = s.column_int64(4);
        session.expires_at = s.column_int64(5);
        session.ip = s.column_text(6);
        session.user_agent = s.column_text(7);
        return session;
      });
}

template <typename Connection>
Status SqlTx<Connection>::touch_session(const std::string& token_hash, std::int64_t at) {
  return detail::run(db_, sql::kTouchSession,
                     [&](auto& s) { s.bind_blob(1, token_hash).bind(2, at); });
}

template <typename Connection>
Status SqlTx<Connection>::delete_session(const std::string& token_hash) {
  return detail::run(db_, sql::kDeleteSession, [&](auto& s) { s.bind_blob(1, token_hash); });
}

template <typename Connection>
Status SqlTx<Connection>::delete_sessions_of_user(const std::string& user_id) {
  return detail::run(db_, sql::kDeleteSessionsOfUser, [&](auto& s) { s.bind(1, user_id); });
}

template <typename Connection>
Status SqlTx<Connection>::delete_expired_sessions(std::int64_t idle_before, std::int64_t now) {
  return detail::run(db_, sql::kDeleteExpiredSessions,
                     [&](auto& s) { s.bind(1, idle_before).bind(2, now); });
}

template <typename Connection>
Status SqlTx<Connection>::insert_invitation(const Invitation& inv) {
  return detail::run(db_, sql::kInsertInvitation, [&](auto& s) {
    s.bind(1, inv.id).bind(2, inv.team_id).bind(3, inv.email).bind(4, role_name(inv.role));
    s.bind_blob(5, inv.token_hash).bind(6, inv.created_at).bind(7, inv.created_by);
    s.bind(8, inv.expires_at);
  });
}

namespace detail {

// The columns of kFindInvitation and kPendingInvitations, in their order.
template <typename Statement>
Invitation read_invitation(Statement& s) {
  Invitation inv{
      s.column_text(0), s.column_text(1),  s.column_text(2), role_or_viewer(s.column_text(3)),
      s.column_blob(4), s.column_int64(5), s.column_text(6), s.column_int64(7),
      std::nullopt};
  if (!s.column_is_null(8)) inv.accepted_at = s.column_int64(8);
  return inv;
}

}  // namespace detail

template <typename Connection>
Result<std::optional<Invitation>> SqlTx<Connection>::find_invitation(
    const std::string& token_hash) {
  return detail::query_one<Invitation>(
      db_, sql::kFindInvitation, [&](auto& s) { s.bind_blob(1, token_hash); },
      [](auto& s) { return detail::read_invitation(s); });
}

template <typename Connection>
Result<std::vector<Invitation>> SqlTx<Connection>::pending_invitations(const std::string& team_id,
                                                                       std::int64_t now) {
  return detail::query_all<Invitation>(
      db_, sql::kPendingInvitations, [&](auto& s) { s.bind(1, team_id).bind(2, now); },
      [](auto& s) { return detail::read_invitation(s); });
}

template <typename Connection>
Result<bool> SqlTx<Connection>::delete_invitation(const std::string& team_id,
                                                  const std::string& id) {
  auto done =
      detail::run(db_, sql::kDeleteInvitation, [&](auto& s) { s.bind(1, team_id).bind(2, id); });
  if (!done) return std::move(done).error();
  return db_.changes() == 1;
}

template <typename Connection>
Status SqlTx<Connection>::delete_pending_invitations_for(const std::string& team_id,
                                                         const std::string& email) {
  return detail::run(db_, sql::kDeletePendingInvitationsFor,
                     [&](auto& s) { s.bind(1, team_id).bind(2, email); });
}

template <typename Connection>
Status SqlTx<Connection>::mark_invitation_accepted(const std::string& id, std::int64_t at) {
  return detail::run(db_, sql::kAcceptInvitation, [&](auto& s) { s.bind(1, id).bind(2, at); });
}

template <typename Connection>
Result<std::optional<ThrottleState>> SqlTx<Connection>::get_throttle(const std::string& key) {
  return detail::query_one<ThrottleState>(
      db_, sql::kGetThrottle, [&](auto& s) { s.bind(1, key); },
      [](auto& s) {
        return ThrottleState{static_cast<int>(s.column_int64(0)), s.column_int64(1),
                             s.column_int64(2)};
      });
}

template <typename Connection>
Status SqlTx<Connection>::put_throttle(const std::string& key, const ThrottleState& state) {
  return detail::run(db_, sql::kPutThrottle, [&](auto& s) {
    s.bind(1, key).bind(2, static_cast<std::int64_t>(state.failures));
    s.bind(3, state.window_start).bind(4, state.locked_until);
  });
}

template <typename Connection>
Status SqlTx<Connection>::delete_throttle(const std::string& key) {
  return detail::run(db_, sql::kDeleteThrottle, [&](auto& s) { s.bind(1, key); });
}

template <typename Connection>
Status SqlTx<Connection>::insert_audit(const AuditEvent& e) {
  std::string prev_hash;
  std::string hash;
  if (audit_sealer_ != nullptr) {
    KW_TRY(head, e.team_id ? detail::query_one<std::string>(
                                 db_, sql::kAuditHead, [&](auto& s) { s.bind(1, *e.team_id); },
                                 [](auto& s) { return s.column_blob(0); })
                           : detail::query_one<std::string>(
                                 db_, sql::kAuditHeadNoTeam, [](auto&) {},
                                 [](auto& s) { return s.column_blob(0); }));
    prev_hash = head.value_or("");
    hash = (*audit_sealer_)(prev_hash, e);
  }
  return detail::run(db_, sql::kInsertAudit, [&](auto& s) {
    s.bind(1, e.id);
    detail::bind_optional(s, 2, e.team_id);
    s.bind(3, e.at).bind(4, e.actor_type);
    detail::bind_optional(s, 5, e.actor_id);
    s.bind(6, e.action);
    detail::bind_optional(s, 7, e.target_id);
    s.bind(8, e.ip).bind(9, e.user_agent).bind(10, e.details);
    if (prev_hash.empty()) {
      s.bind_null(11);
    } else {
      s.bind_blob(11, prev_hash);
    }
    if (hash.empty()) {
      s.bind_null(12);
    } else {
      s.bind_blob(12, hash);
    }
  });
}

namespace detail {

inline constexpr auto read_api_key = [](auto& s) -> ApiKey {
  ApiKey key;
  key.id = s.column_text(0);
  key.team_id = s.column_text(1);
  key.type = s.column_text(2);
  key.description = s.column_text(3);
  key.ciphertext = s.column_blob(4);
  key.nonce = s.column_blob(5);
  key.key_hint = s.column_text(6);
  key.fingerprint = s.column_blob(7);
  key.version = s.column_int64(8);
  key.is_default = s.column_int64(9) != 0;
  key.created_at = s.column_int64(10);
  key.created_by = s.column_text(11);
  key.updated_at = s.column_int64(12);
  key.updated_by = s.column_text(13);
  if (!s.column_is_null(14)) key.last_used_at = s.column_int64(14);
  if (!s.column_is_null(15)) key.verify_status = s.column_text(15);
  if (!s.column_is_null(16)) key.verified_at = s.column_int64(16);
  return key;
};

inline constexpr auto read_team_key = [](auto& s) -> TeamKeyRow {
  return TeamKeyRow{s.column_text(0), s.column_text(1), s.column_blob(2), s.column_blob(3)};
};

inline constexpr auto read_server_key = [](auto& s) -> ServerKeyRow {
  return ServerKeyRow{s.column_text(0), s.column_text(1), s.column_blob(2), s.column_blob(3)};
};

inline constexpr auto optional_text = [](auto& s, int index) -> std::optional<std::string> {
  if (s.column_is_null(index)) return std::nullopt;
  return s.column_text(index);
};

// The single integer a COUNT (or similar) returns; 0 when there is no row.
template <typename Db, typename Bind>
Result<std::int64_t> count(Db& db, const char* sql, Bind bind) {
  auto total =
      detail::query_one<std::int64_t>(db, sql, bind, [](auto& s) { return s.column_int64(0); });
  if (!total) return std::move(total).error();
  return total->value_or(0);
}

}  // namespace detail

template <typename Connection>
Result<Page<AuditEvent>> SqlTx<Connection>::list_audit(const std::string& team_id, int page,
                                                       int page_size) {
  Page<AuditEvent> out;
  KW_TRY(total, detail::count(db_, sql::kCountAudit, [&](auto& s) { s.bind(1, team_id); }));
  out.total = total;
  KW_TRY(items, detail::query_all<AuditEvent>(
                    db_, sql::kListAudit,
                    [&](auto& s) {
                      s.bind(1, team_id).bind(2, static_cast<std::int64_t>(page_size));
                      s.bind(3, static_cast<std::int64_t>(page - 1) * page_size);
                    },
                    [](auto& s) {
                      AuditEvent e;
                      e.id = s.column_text(0);
                      e.team_id = detail::optional_text(s, 1);
                      e.at = s.column_int64(2);
                      e.actor_type = s.column_text(3);
                      e.actor_id = detail::optional_text(s, 4);
                      e.action = s.column_text(5);
                      e.target_id = detail::optional_text(s, 6);
                      e.ip = s.column_text(7);
                      e.user_agent = s.column_text(8);
                      e.details = s.column_text(9);
                      return e;
                    }));
  out.items = std::move(items);
  return out;
}

template <typename Connection>
Result<std::optional<TeamKeyRow>> SqlTx<Connection>::find_team_key(const std::string& team_id) {
  return detail::query_one<TeamKeyRow>(
      db_, sql::kFindTeamKey, [&](auto& s) { s.bind(1, team_id); }, detail::read_team_key);
}

template <typename Connection>
Status SqlTx<Connection>::insert_team_key(const TeamKeyRow& row, std::int64_t at) {
  return detail::run(db_, sql::kInsertTeamKey, [&](auto& s) {
    s.bind(1, row.team_id).bind(2, row.master_key_id).bind_blob(3, row.wrapped_key);
    s.bind_blob(4, row.nonce).bind(5, at);
  });
}

template <typename Connection>
Result<std::vector<TeamKeyRow>> SqlTx<Connection>::all_team_keys() {
  auto no_parameters = [](auto&) {};
  return detail::query_all<TeamKeyRow>(db_, sql::kAllTeamKeys, no_parameters,
                                       detail::read_team_key);
}

template <typename Connection>
Status SqlTx<Connection>::update_team_key(const TeamKeyRow& row, std::int64_t at) {
  return detail::run(db_, sql::kUpdateTeamKey, [&](auto& s) {
    s.bind(1, row.team_id).bind(2, row.master_key_id).bind_blob(3, row.wrapped_key);
    s.bind_blob(4, row.nonce).bind(5, at);
  });
}

template <typename Connection>
Result<std::optional<ServerKeyRow>> SqlTx<Connection>::find_server_key(const std::string& name) {
  return detail::query_one<ServerKeyRow>(
      db_, sql::kFindServerKey, [&](auto& s) { s.bind(1, name); }, detail::read_server_key);
}

template <typename Connection>
Result<bool> SqlTx<Connection>::insert_server_key(const ServerKeyRow& row, std::int64_t at) {
  KW_TRY_STATUS(detail::run(db_, sql::kInsertServerKey, [&](auto& s) {
    s.bind(1, row.name).bind(2, row.master_key_id).bind_blob(3, row.wrapped_key);
    s.bind_blob(4, row.nonce).bind(5, at);
  }));
  return db_.changes() == 1;
}

template <typename Connection>
Result<std::vector<ServerKeyRow>> SqlTx<Connection>::all_server_keys() {
  return detail::query_all<ServerKeyRow>(
      db_, sql::kAllServerKeys, [](auto&) {}, detail::read_server_key);
}

template <typename Connection>
Status SqlTx<Connection>::update_server_key(const ServerKeyRow& row, std::int64_t at) {
  return detail::run(db_, sql::kUpdateServerKey, [&](auto& s) {
    s.bind(1, row.name).bind(2, row.master_key_id).bind_blob(3, row.wrapped_key);
    s.bind_blob(4, row.nonce).bind(5, at);
  });
}

template <typename Connection>
Status SqlTx<Connection>::insert_api_key(const ApiKey& k) {
  return detail::run(db_, sql::kInsertApiKey, [&](auto& s) {
    s.bind(1, k.id).bind(2, k.team_id).bind(3, k.type).bind(4, k.description);
    s.bind_blob(5, k.ciphertext).bind_blob(6, k.nonce).bind(7, k.key_hint);
    s.bind_blob(8, k.fingerprint).bind(9, k.version).bind(10, std::int64_t{k.is_default ? 1 : 0});
    s.bind(11, k.created_at).bind(12, k.created_by).bind(13, k.updated_at).bind(14, k.updated_by);
  });
}

template <typename Connection>
Result<std::optional<ApiKey>> SqlTx<Connection>::find_api_key(const std::string& team_id,
                                                              const std::string& id) {
  return detail::query_one<ApiKey>(
      db_, sql::kFindApiKey, [&](auto& s) { s.bind(1, team_id).bind(2, id); },
      detail::read_api_key);
}

template <typename Connection>
Result<std::optional<ApiKey>> SqlTx<Connection>::find_api_key_by_fingerprint(
    const std::string& team_id, const std::string& fingerprint) {
  return detail::query_one<ApiKey>(
      db_, sql::kFindApiKeyByFingerprint,
      [&](auto& s) { s.bind(1, team_id).bind_blob(2, fingerprint); }, detail::read_api_key);
}

template <typename Connection>
Result<bool> SqlTx<Connection>::update_api_key(const ApiKey& k, std::int64_t expected_version) {
  KW_TRY_STATUS(detail::run(db_, sql::kUpdateApiKey, [&](auto& s) {
    s.bind(1, k.team_id).bind(2, k.id).bind(3, k.type).bind(4, k.description);
    s.bind_blob(5, k.ciphertext).bind_blob(6, k.nonce).bind(7, k.key_hint);
    s.bind_blob(8, k.fingerprint).bind(9, k.version).bind(10, std::int64_t{k.is_default ? 1 : 0});
    s.bind(11, k.updated_at).bind(12, k.updated_by);
    detail::bind_optional(s, 13, k.verify_status);
    if (k.verified_at) {
      s.bind(14, *k.verified_at);
    } else {
      s.bind_null(14);
    }
    s.bind(15, expected_version);
  }));
  return db_.changes() == 1;
}

template <typename Connection>
Result<bool> SqlTx<Connection>::delete_api_key(const std::string& team_id, const std::string& id) {
  auto done =
      detail::run(db_, sql::kDeleteApiKey, [&](auto& s) { s.bind(1, team_id).bind(2, id); });
  if (!done) return std::move(done).error();
  return db_.changes() == 1;
}

template <typename Connection>
Result<int> SqlTx<Connection>::clear_default(const std::string& team_id, const std::string& type) {
  auto done =
      detail::run(db_, sql::kClearDefault, [&](auto& s) { s.bind(1, team_id).bind(2, type); });
  if (!done) return std::move(done).error();
  return db_.changes();
}

namespace detail {

inline std::string types_json(const std::vector<std::string>& types) {
  std::string out = "[";
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (i > 0) out += ",";
    out += "\"" + types[i] + "\"";  // catalogue ids: [a-z_] only, checked before storing
  }
  return out + "]";
}

inline std::vector<std::string> parse_types(const std::string& json) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while ((at = json.find('"', at)) != std::string::npos) {
    std::size_t end = json.find('"', at + 1);
    if (end == std::string::npos) break;
    out.push_back(json.substr(at + 1, end - at - 1));
    at = end + 1;
  }
  return out;
}

inline constexpr auto read_service_token = [](auto& s) -> ServiceToken {
  ServiceToken t;
  t.id = s.column_text(0);
  t.team_id = s.column_text(1);
  t.name = s.column_text(2);
  t.token_hash = s.column_blob(3);
  t.types = detail::parse_types(s.column_text(4));
  t.created_at = s.column_int64(5);
  t.created_by = s.column_text(6);
  if (!s.column_is_null(7)) t.expires_at = s.column_int64(7);
  if (!s.column_is_null(8)) t.last_used_at = s.column_int64(8);
  if (!s.column_is_null(9)) t.revoked_at = s.column_int64(9);
  return t;
};

}  // namespace detail

template <typename Connection>
Status SqlTx<Connection>::insert_service_token(const ServiceToken& t) {
  return detail::run(db_, sql::kInsertServiceToken, [&](auto& s) {
    s.bind(1, t.id).bind(2, t.team_id).bind(3, t.name).bind_blob(4, t.token_hash);
    s.bind(5, detail::types_json(t.types)).bind(6, t.created_at).bind(7, t.created_by);
    if (t.expires_at) {
      s.bind(8, *t.expires_at);
    } else {
      s.bind_null(8);
    }
  });
}

template <typename Connection>
Result<std::vector<ServiceToken>> SqlTx<Connection>::service_tokens(const std::string& team_id) {
  return detail::query_all<ServiceToken>(
      db_, sql::kServiceTokens, [&](auto& s) { s.bind(1, team_id); }, detail::read_service_token);
}

template <typename Connection>
Result<std::optional<ServiceToken>> SqlTx<Connection>::find_service_token(
    const std::string& token_hash) {
  return detail::query_one<ServiceToken>(
      db_, sql::kFindServiceToken, [&](auto& s) { s.bind_blob(1, token_hash); },
      detail::read_service_token);
}

template <typename Connection>
Result<bool> SqlTx<Connection>::revoke_service_token(const std::string& team_id,
                                                     const std::string& id, std::int64_t at) {
  KW_TRY_STATUS(detail::run(db_, sql::kRevokeServiceToken,
                            [&](auto& s) { s.bind(1, team_id).bind(2, id).bind(3, at); }));
  return db_.changes() == 1;
}

template <typename Connection>
Result<std::optional<ApiKey>> SqlTx<Connection>::resolve_api_key(const std::string& team_id,
                                                                 const std::string& type) {
  auto bind = [&](auto& s) { s.bind(1, team_id).bind(2, type); };
  auto chosen = detail::query_one<ApiKey>(db_, sql::kResolveDefault, bind, detail::read_api_key);
  if (!chosen || *chosen) return chosen;
  return detail::query_one<ApiKey>(db_, sql::kResolveNewest, bind, detail::read_api_key);
}

template <typename Connection>
Status SqlTx<Connection>::mark_api_key_used(const std::string& id, std::int64_t at) {
  return detail::run(db_, sql::kMarkApiKeyUsed, [&](auto& s) { s.bind(1, id).bind(2, at); });
}

template <typename Connection>
Status SqlTx<Connection>::mark_service_token_used(const std::string& id, std::int64_t at) {
  return detail::run(db_, sql::kMarkServiceTokenUsed, [&](auto& s) { s.bind(1, id).bind(2, at); });
}

template <typename Connection>
Result<bool> SqlTx<Connection>::set_verify_result(const std::string& team_id, const std::string& id,
                                                  const std::string& type,
                                                  const std::string& fingerprint,
                                                  const std::string& status, std::int64_t at) {
  KW_TRY_STATUS(detail::run(db_, sql::kSetVerifyResult, [&](auto& s) {
    s.bind(1, team_id)
        .bind(2, id)
        .bind(3, status)
        .bind(4, at)
        .bind(5, type)
        .bind_blob(6, fingerprint);
  }));
  return db_.changes() == 1;
}

template <typename Connection>
Status SqlTx<Connection>::scan_table(const TableSpec& table,
                                     const std::function<Status(const Row&)>& each) {
  KW_TRY(stmt, db_.prepare(table.select_sql.c_str()));
  Row row(table.columns.size());
  while (true) {
    KW_TRY(more, stmt.step());
    if (!more) return ok_status();
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      int column = static_cast<int>(i);
      Value& value = row[i];
      value.null = stmt.column_is_null(column);
      value.integer = 0;
      value.bytes.clear();
      if (value.null) continue;
      switch (table.columns[i].kind) {
        case ColumnKind::kInteger:
          value.integer = stmt.column_int64(column);
          break;
        case ColumnKind::kText:
          value.bytes = stmt.column_text(column);
          break;
        case ColumnKind::kBlob:
          value.bytes = stmt.column_blob(column);
          break;
      }
    }
    if (auto done = each(row); !done) return done;
  }
}

template <typename Connection>
Status SqlTx<Connection>::insert_row(const TableSpec& table, const Row& row) {
  return detail::run(db_, table.insert_sql.c_str(), [&](auto& s) {
    for (std::size_t i = 0; i < table.columns.size() && i < row.size(); ++i) {
      int index = static_cast<int>(i) + 1;
      const Value& value = row[i];
      if (value.null) {
        s.bind_null(index);
      } else if (table.columns[i].kind == ColumnKind::kInteger) {
        s.bind(index, value.integer);
      } else if (table.columns[i].kind == ColumnKind::kBlob) {
        s.bind_blob(index, value.bytes);
      } else {
        s.bind(index, std::string_view(value.bytes));
      }
    }
  });
}

template <typename Connection>
Result<std::int64_t> SqlTx<Connection>::count_rows(const TableSpec& table) {
  return detail::count(db_, table.count_sql.c_str(), [](auto&) {});
}

namespace detail {

// One page of API keys: `total` already counted (in the same snapshot), then the rows of
// `list_sql`, whose filter takes parameters 1..`filter_parameters` (bound by `bind_filter`) and
// LIMIT and OFFSET the next two. `reverse_sql` is the same query in the opposite order: a page
// nearer the end than the start is read from the end, so OFFSET never skips more than half the
// rows, and the last page costs what the first does.
template <typename Db, typename Bind>
Result<Page<ApiKey>> list_page(Db& db, Result<std::int64_t> total, const char* list_sql,
                               const char* reverse_sql, Bind bind_filter, int filter_parameters,
                               const ListQuery& query) {
  if (!total) return std::move(total).error();
  Page<ApiKey> out;
  out.total = *total;
  const std::int64_t start = query.offset();
  if (start >= *total) return out;  // past the last page: nothing to read
  const std::int64_t end = std::min(start + query.page_size, *total);
  const bool from_end = *total - end < start;
  KW_TRY(items, query_all<ApiKey>(
                    db, from_end ? reverse_sql : list_sql,
                    [&](auto& s) {
                      bind_filter(s);
                      s.bind(filter_parameters + 1, end - start);
                      s.bind(filter_parameters + 2, from_end ? *total - end : start);
                    },
                    read_api_key));
  out.items = std::move(items);
  if (from_end) std::reverse(out.items.begin(), out.items.end());
  return out;
}

}  // namespace detail

}  // namespace keyward::storage
