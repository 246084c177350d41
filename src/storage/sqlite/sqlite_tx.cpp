#include "storage/sqlite/sqlite_tx.h"

#include <functional>

#include "storage/sqlite/list_query.h"
#include "storage/sqlite/sql.h"

namespace keyward::storage::sqlite {
namespace {

// Runs a statement that returns no rows.
template <typename Bind>
Status run(Connection& db, const char* sql, Bind bind) {
  auto stmt = db.prepare(sql);
  if (!stmt) return std::move(stmt).error();
  bind(*stmt);
  return stmt->run();
}

// Reads at most one row.
template <typename T, typename Bind, typename Read>
Result<std::optional<T>> query_one(Connection& db, const char* sql, Bind bind, Read read) {
  auto stmt = db.prepare(sql);
  if (!stmt) return std::move(stmt).error();
  bind(*stmt);
  auto row = stmt->step();
  if (!row) return std::move(row).error();
  if (!*row) return std::optional<T>();
  return std::optional<T>(read(*stmt));
}

// Reads every row.
template <typename T, typename Bind, typename Read>
Result<std::vector<T>> query_all(Connection& db, const char* sql, Bind bind, Read read) {
  auto stmt = db.prepare(sql);
  if (!stmt) return std::move(stmt).error();
  bind(*stmt);
  std::vector<T> out;
  while (true) {
    auto row = stmt->step();
    if (!row) return std::move(row).error();
    if (!*row) return out;
    out.push_back(read(*stmt));
  }
}

void bind_optional(Statement& stmt, int index, const std::optional<std::string>& value) {
  if (value) {
    stmt.bind(index, *value);
  } else {
    stmt.bind_null(index);
  }
}

Role role_or_viewer(const std::string& text) { return parse_role(text).value_or(Role::kViewer); }

User read_user(Statement& s) {
  return User{s.column_text(0), s.column_text(1), s.column_text(2), s.column_text(3),
              s.column_int64(4)};
}

}  // namespace

Result<std::optional<std::string>> SqliteTx::get_setting(const std::string& key) {
  return query_one<std::string>(
      db_, sql::kGetSetting, [&](Statement& s) { s.bind(1, key); },
      [](Statement& s) { return s.column_blob(0); });
}

Status SqliteTx::put_setting(const std::string& key, const std::string& value) {
  return run(db_, sql::kPutSetting, [&](Statement& s) { s.bind(1, key).bind_blob(2, value); });
}

Status SqliteTx::delete_setting(const std::string& key) {
  return run(db_, sql::kDeleteSetting, [&](Statement& s) { s.bind(1, key); });
}

Result<bool> SqliteTx::any_user() {
  auto found = query_one<bool>(
      db_, sql::kAnyUser, [](Statement&) {}, [](Statement& s) { return s.column_int64(0) != 0; });
  if (!found) return std::move(found).error();
  return found->value_or(false);
}

Status SqliteTx::insert_user(const User& user) {
  return run(db_, sql::kInsertUser, [&](Statement& s) {
    s.bind(1, user.id).bind(2, user.email).bind(3, user.name).bind(4, user.password_hash);
    s.bind(5, user.created_at);
  });
}

Result<std::optional<User>> SqliteTx::find_user_by_email(const std::string& email) {
  return query_one<User>(
      db_, sql::kFindUserByEmail, [&](Statement& s) { s.bind(1, email); }, read_user);
}

Result<std::optional<User>> SqliteTx::find_user(const std::string& id) {
  return query_one<User>(
      db_, sql::kFindUser, [&](Statement& s) { s.bind(1, id); }, read_user);
}

Status SqliteTx::update_password(const std::string& user_id, const std::string& hash) {
  return run(db_, sql::kUpdatePassword, [&](Statement& s) { s.bind(1, user_id).bind(2, hash); });
}

Status SqliteTx::insert_team(const Team& team) {
  return run(db_, sql::kInsertTeam,
             [&](Statement& s) { s.bind(1, team.id).bind(2, team.name).bind(3, team.created_at); });
}

Result<std::optional<Team>> SqliteTx::find_team(const std::string& id) {
  return query_one<Team>(
      db_, sql::kFindTeam, [&](Statement& s) { s.bind(1, id); },
      [](Statement& s) {
        return Team{s.column_text(0), s.column_text(1), s.column_int64(2)};
      });
}

Result<std::vector<TeamWithRole>> SqliteTx::teams_of_user(const std::string& user_id) {
  return query_all<TeamWithRole>(
      db_, sql::kTeamsOfUser, [&](Statement& s) { s.bind(1, user_id); },
      [](Statement& s) {
        return TeamWithRole{Team{s.column_text(0), s.column_text(1), s.column_int64(2)},
                            role_or_viewer(s.column_text(3))};
      });
}

Status SqliteTx::insert_membership(const std::string& team_id, const std::string& user_id,
                                   Role role, std::int64_t at) {
  return run(db_, sql::kInsertMembership, [&](Statement& s) {
    s.bind(1, team_id).bind(2, user_id).bind(3, role_name(role)).bind(4, at);
  });
}

Result<std::optional<Role>> SqliteTx::find_role(const std::string& team_id,
                                                const std::string& user_id) {
  return query_one<Role>(
      db_, sql::kFindRole, [&](Statement& s) { s.bind(1, team_id).bind(2, user_id); },
      [](Statement& s) { return role_or_viewer(s.column_text(0)); });
}

Result<std::vector<Member>> SqliteTx::members(const std::string& team_id) {
  return query_all<Member>(
      db_, sql::kMembers, [&](Statement& s) { s.bind(1, team_id); },
      [](Statement& s) {
        return Member{s.column_text(0), s.column_text(1), s.column_text(2),
                      role_or_viewer(s.column_text(3)), s.column_int64(4)};
      });
}

Status SqliteTx::update_role(const std::string& team_id, const std::string& user_id, Role role) {
  return run(db_, sql::kUpdateRole,
             [&](Statement& s) { s.bind(1, team_id).bind(2, user_id).bind(3, role_name(role)); });
}

Status SqliteTx::delete_membership(const std::string& team_id, const std::string& user_id) {
  return run(db_, sql::kDeleteMembership,
             [&](Statement& s) { s.bind(1, team_id).bind(2, user_id); });
}

Result<int> SqliteTx::count_owners(const std::string& team_id) {
  auto count = query_one<int>(
      db_, sql::kCountOwners, [&](Statement& s) { s.bind(1, team_id); },
      [](Statement& s) { return static_cast<int>(s.column_int64(0)); });
  if (!count) return std::move(count).error();
  return count->value_or(0);
}

Status SqliteTx::insert_session(const Session& session) {
  return run(db_, sql::kInsertSession, [&](Statement& s) {
    s.bind_blob(1, session.token_hash).bind(2, session.id).bind(3, session.user_id);
    s.bind(4, session.created_at).bind(5, session.last_seen_at).bind(6, session.expires_at);
    s.bind(7, session.ip).bind(8, session.user_agent);
  });
}

Result<std::optional<Session>> SqliteTx::find_session(const std::string& token_hash) {
  return query_one<Session>(
      db_, sql::kFindSession, [&](Statement& s) { s.bind_blob(1, token_hash); },
      [](Statement& s) {
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

Status SqliteTx::touch_session(const std::string& token_hash, std::int64_t at) {
  return run(db_, sql::kTouchSession,
             [&](Statement& s) { s.bind_blob(1, token_hash).bind(2, at); });
}

Status SqliteTx::delete_session(const std::string& token_hash) {
  return run(db_, sql::kDeleteSession, [&](Statement& s) { s.bind_blob(1, token_hash); });
}

Status SqliteTx::delete_sessions_of_user(const std::string& user_id) {
  return run(db_, sql::kDeleteSessionsOfUser, [&](Statement& s) { s.bind(1, user_id); });
}

Status SqliteTx::delete_expired_sessions(std::int64_t idle_before, std::int64_t now) {
  return run(db_, sql::kDeleteExpiredSessions,
             [&](Statement& s) { s.bind(1, idle_before).bind(2, now); });
}

Status SqliteTx::insert_invitation(const Invitation& inv) {
  return run(db_, sql::kInsertInvitation, [&](Statement& s) {
    s.bind(1, inv.id).bind(2, inv.team_id).bind(3, inv.email).bind(4, role_name(inv.role));
    s.bind_blob(5, inv.token_hash).bind(6, inv.created_at).bind(7, inv.created_by);
    s.bind(8, inv.expires_at);
  });
}

Result<std::optional<Invitation>> SqliteTx::find_invitation(const std::string& token_hash) {
  return query_one<Invitation>(
      db_, sql::kFindInvitation, [&](Statement& s) { s.bind_blob(1, token_hash); },
      [](Statement& s) {
        Invitation inv{
            s.column_text(0), s.column_text(1),  s.column_text(2), role_or_viewer(s.column_text(3)),
            s.column_blob(4), s.column_int64(5), s.column_text(6), s.column_int64(7),
            std::nullopt};
        if (!s.column_is_null(8)) inv.accepted_at = s.column_int64(8);
        return inv;
      });
}

Status SqliteTx::mark_invitation_accepted(const std::string& id, std::int64_t at) {
  return run(db_, sql::kAcceptInvitation, [&](Statement& s) { s.bind(1, id).bind(2, at); });
}

Result<std::optional<ThrottleState>> SqliteTx::get_throttle(const std::string& key) {
  return query_one<ThrottleState>(
      db_, sql::kGetThrottle, [&](Statement& s) { s.bind(1, key); },
      [](Statement& s) {
        return ThrottleState{static_cast<int>(s.column_int64(0)), s.column_int64(1),
                             s.column_int64(2)};
      });
}

Status SqliteTx::put_throttle(const std::string& key, const ThrottleState& state) {
  return run(db_, sql::kPutThrottle, [&](Statement& s) {
    s.bind(1, key).bind(2, static_cast<std::int64_t>(state.failures));
    s.bind(3, state.window_start).bind(4, state.locked_until);
  });
}

Status SqliteTx::delete_throttle(const std::string& key) {
  return run(db_, sql::kDeleteThrottle, [&](Statement& s) { s.bind(1, key); });
}

Status SqliteTx::insert_audit(const AuditEvent& e) {
  return run(db_, sql::kInsertAudit, [&](Statement& s) {
    s.bind(1, e.id);
    bind_optional(s, 2, e.team_id);
    s.bind(3, e.at).bind(4, e.actor_type);
    bind_optional(s, 5, e.actor_id);
    s.bind(6, e.action);
    bind_optional(s, 7, e.target_id);
    s.bind(8, e.ip).bind(9, e.user_agent).bind(10, e.details);
  });
}

}  // namespace keyward::storage::sqlite

namespace keyward::storage::sqlite {
namespace {

ApiKey read_api_key(Statement& s) {
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
}

TeamKeyRow read_team_key(Statement& s) {
  return TeamKeyRow{s.column_text(0), s.column_text(1), s.column_blob(2), s.column_blob(3)};
}

std::optional<std::string> optional_text(Statement& s, int index) {
  if (s.column_is_null(index)) return std::nullopt;
  return s.column_text(index);
}

Result<std::int64_t> count(Connection& db, const char* sql,
                           const std::function<void(Statement&)>& bind) {
  auto total =
      query_one<std::int64_t>(db, sql, bind, [](Statement& s) { return s.column_int64(0); });
  if (!total) return std::move(total).error();
  return total->value_or(0);
}

}  // namespace

Result<Page<AuditEvent>> SqliteTx::list_audit(const std::string& team_id, int page, int page_size) {
  Page<AuditEvent> out;
  auto total = count(db_, sql::kCountAudit, [&](Statement& s) { s.bind(1, team_id); });
  if (!total) return std::move(total).error();
  out.total = *total;
  auto items = query_all<AuditEvent>(
      db_, sql::kListAudit,
      [&](Statement& s) {
        s.bind(1, team_id).bind(2, static_cast<std::int64_t>(page_size));
        s.bind(3, static_cast<std::int64_t>(page - 1) * page_size);
      },
      [](Statement& s) {
        AuditEvent e;
        e.id = s.column_text(0);
        e.team_id = optional_text(s, 1);
        e.at = s.column_int64(2);
        e.actor_type = s.column_text(3);
        e.actor_id = optional_text(s, 4);
        e.action = s.column_text(5);
        e.target_id = optional_text(s, 6);
        e.ip = s.column_text(7);
        e.user_agent = s.column_text(8);
        e.details = s.column_text(9);
        return e;
      });
  if (!items) return std::move(items).error();
  out.items = std::move(items).value();
  return out;
}

Result<std::optional<TeamKeyRow>> SqliteTx::find_team_key(const std::string& team_id) {
  return query_one<TeamKeyRow>(
      db_, sql::kFindTeamKey, [&](Statement& s) { s.bind(1, team_id); }, read_team_key);
}

Status SqliteTx::insert_team_key(const TeamKeyRow& row, std::int64_t at) {
  return run(db_, sql::kInsertTeamKey, [&](Statement& s) {
    s.bind(1, row.team_id).bind(2, row.master_key_id).bind_blob(3, row.wrapped_key);
    s.bind_blob(4, row.nonce).bind(5, at);
  });
}

Result<std::vector<TeamKeyRow>> SqliteTx::all_team_keys() {
  return query_all<TeamKeyRow>(
      db_, sql::kAllTeamKeys, [](Statement&) {}, read_team_key);
}

Status SqliteTx::update_team_key(const TeamKeyRow& row, std::int64_t at) {
  return run(db_, sql::kUpdateTeamKey, [&](Statement& s) {
    s.bind(1, row.team_id).bind(2, row.master_key_id).bind_blob(3, row.wrapped_key);
    s.bind_blob(4, row.nonce).bind(5, at);
  });
}

Status SqliteTx::insert_api_key(const ApiKey& k) {
  return run(db_, sql::kInsertApiKey, [&](Statement& s) {
    s.bind(1, k.id).bind(2, k.team_id).bind(3, k.type).bind(4, k.description);
    s.bind_blob(5, k.ciphertext).bind_blob(6, k.nonce).bind(7, k.key_hint);
    s.bind_blob(8, k.fingerprint).bind(9, k.version).bind(10, std::int64_t{k.is_default ? 1 : 0});
    s.bind(11, k.created_at).bind(12, k.created_by).bind(13, k.updated_at).bind(14, k.updated_by);
  });
}

Result<std::optional<ApiKey>> SqliteTx::find_api_key(const std::string& team_id,
                                                     const std::string& id) {
  return query_one<ApiKey>(
      db_, sql::kFindApiKey, [&](Statement& s) { s.bind(1, team_id).bind(2, id); }, read_api_key);
}

Result<std::optional<ApiKey>> SqliteTx::find_api_key_by_fingerprint(
    const std::string& team_id, const std::string& fingerprint) {
  return query_one<ApiKey>(
      db_, sql::kFindApiKeyByFingerprint,
      [&](Statement& s) { s.bind(1, team_id).bind_blob(2, fingerprint); }, read_api_key);
}

Result<bool> SqliteTx::update_api_key(const ApiKey& k, std::int64_t expected_version) {
  auto done = run(db_, sql::kUpdateApiKey, [&](Statement& s) {
    s.bind(1, k.team_id).bind(2, k.id).bind(3, k.type).bind(4, k.description);
    s.bind_blob(5, k.ciphertext).bind_blob(6, k.nonce).bind(7, k.key_hint);
    s.bind_blob(8, k.fingerprint).bind(9, k.version).bind(10, std::int64_t{k.is_default ? 1 : 0});
    s.bind(11, k.updated_at).bind(12, k.updated_by);
    bind_optional(s, 13, k.verify_status);
    if (k.verified_at) {
      s.bind(14, *k.verified_at);
    } else {
      s.bind_null(14);
    }
    s.bind(15, expected_version);
  });
  if (!done) return std::move(done).error();
  return db_.changes() == 1;
}

Result<bool> SqliteTx::delete_api_key(const std::string& team_id, const std::string& id) {
  auto done = run(db_, sql::kDeleteApiKey, [&](Statement& s) { s.bind(1, team_id).bind(2, id); });
  if (!done) return std::move(done).error();
  return db_.changes() == 1;
}

Result<int> SqliteTx::clear_default(const std::string& team_id, const std::string& type) {
  auto done = run(db_, sql::kClearDefault, [&](Statement& s) { s.bind(1, team_id).bind(2, type); });
  if (!done) return std::move(done).error();
  return db_.changes();
}

Result<Page<ApiKey>> SqliteTx::list_api_keys(const std::string& team_id, const ListQuery& query) {
  SearchMode mode = search_mode(query.search);
  if (mode == SearchMode::kTrigram) {
    auto matches =
        count(db_, kCountSearchMatches, [&](Statement& s) { s.bind(1, fts_phrase(query.search)); });
    if (!matches) return std::move(matches).error();
    if (*matches > rare_match_limit_) mode = SearchMode::kScan;
  }
  std::string term = mode == SearchMode::kTrigram ? fts_phrase(query.search)
                     : mode == SearchMode::kScan  ? like_pattern(query.search)
                                                  : std::string();
  auto bind_filter = [&](Statement& s) {
    s.bind(1, team_id);
    if (mode != SearchMode::kNone) s.bind(2, term);
  };
  Page<ApiKey> out;
  auto total = mode == SearchMode::kNone
                   ? count(db_, kTeamKeyCount, [&](Statement& s) { s.bind(1, team_id); })
                   : count(db_, count_sql(mode), bind_filter);
  if (!total) return std::move(total).error();
  out.total = *total;
  int limit_index = mode == SearchMode::kNone ? 2 : 3;
  auto items = query_all<ApiKey>(
      db_, list_sql(query.sort, query.descending, mode),
      [&](Statement& s) {
        bind_filter(s);
        s.bind(limit_index, static_cast<std::int64_t>(query.page_size));
        s.bind(limit_index + 1, query.offset());
      },
      read_api_key);
  if (!items) return std::move(items).error();
  out.items = std::move(items).value();
  return out;
}

}  // namespace keyward::storage::sqlite

namespace keyward::storage::sqlite {
namespace {

std::string types_json(const std::vector<std::string>& types) {
  std::string out = "[";
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (i > 0) out += ",";
    out += "\"" + types[i] + "\"";  // catalogue ids: [a-z_] only, checked before storing
  }
  return out + "]";
}

std::vector<std::string> parse_types(const std::string& json) {
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

ServiceToken read_service_token(Statement& s) {
  ServiceToken t;
  t.id = s.column_text(0);
  t.team_id = s.column_text(1);
  t.name = s.column_text(2);
  t.token_hash = s.column_blob(3);
  t.types = parse_types(s.column_text(4));
  t.created_at = s.column_int64(5);
  t.created_by = s.column_text(6);
  if (!s.column_is_null(7)) t.expires_at = s.column_int64(7);
  if (!s.column_is_null(8)) t.last_used_at = s.column_int64(8);
  if (!s.column_is_null(9)) t.revoked_at = s.column_int64(9);
  return t;
}

}  // namespace

Status SqliteTx::insert_service_token(const ServiceToken& t) {
  return run(db_, sql::kInsertServiceToken, [&](Statement& s) {
    s.bind(1, t.id).bind(2, t.team_id).bind(3, t.name).bind_blob(4, t.token_hash);
    s.bind(5, types_json(t.types)).bind(6, t.created_at).bind(7, t.created_by);
    if (t.expires_at) {
      s.bind(8, *t.expires_at);
    } else {
      s.bind_null(8);
    }
  });
}

Result<std::vector<ServiceToken>> SqliteTx::service_tokens(const std::string& team_id) {
  return query_all<ServiceToken>(
      db_, sql::kServiceTokens, [&](Statement& s) { s.bind(1, team_id); }, read_service_token);
}

Result<std::optional<ServiceToken>> SqliteTx::find_service_token(const std::string& token_hash) {
  return query_one<ServiceToken>(
      db_, sql::kFindServiceToken, [&](Statement& s) { s.bind_blob(1, token_hash); },
      read_service_token);
}

Result<bool> SqliteTx::revoke_service_token(const std::string& team_id, const std::string& id,
                                            std::int64_t at) {
  auto done = run(db_, sql::kRevokeServiceToken,
                  [&](Statement& s) { s.bind(1, team_id).bind(2, id).bind(3, at); });
  if (!done) return std::move(done).error();
  return db_.changes() == 1;
}

Result<std::optional<ApiKey>> SqliteTx::resolve_api_key(const std::string& team_id,
                                                        const std::string& type) {
  auto bind = [&](Statement& s) { s.bind(1, team_id).bind(2, type); };
  auto chosen = query_one<ApiKey>(db_, sql::kResolveDefault, bind, read_api_key);
  if (!chosen || *chosen) return chosen;
  return query_one<ApiKey>(db_, sql::kResolveNewest, bind, read_api_key);
}

Status SqliteTx::mark_api_key_used(const std::string& id, std::int64_t at) {
  return run(db_, sql::kMarkApiKeyUsed, [&](Statement& s) { s.bind(1, id).bind(2, at); });
}

Status SqliteTx::mark_service_token_used(const std::string& id, std::int64_t at) {
  return run(db_, sql::kMarkServiceTokenUsed, [&](Statement& s) { s.bind(1, id).bind(2, at); });
}

}  // namespace keyward::storage::sqlite

namespace keyward::storage::sqlite {

Result<bool> SqliteTx::set_verify_result(const std::string& team_id, const std::string& id,
                                         const std::string& status, std::int64_t at) {
  auto done = run(db_, sql::kSetVerifyResult, [&](Statement& s) {
    s.bind(1, team_id).bind(2, id).bind(3, status).bind(4, at);
  });
  if (!done) return std::move(done).error();
  return db_.changes() == 1;
}

}  // namespace keyward::storage::sqlite
