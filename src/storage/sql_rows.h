#pragma once

// Each row type the shared SQL reads or writes: its column list and its reader side by side, and
// for the rows written whole, the binder of the INSERT or UPDATE beside its column order. The
// lists are macros because the SQL constants (storage/sql.h, the engines' list and search SQL)
// are string literals joined at compile time. tests/storage/sql_rows_test.cpp checks every
// reader reads as many columns as its list names, and every binder binds as many parameters as
// its statement has.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/api_key.h"
#include "domain/gateway_usage.h"
#include "domain/identity.h"
#include "storage/sql_query.h"
#include "storage/string_list.h"
#include "storage/token_grants.h"
#include "storage/tx_audit.h"
#include "storage/tx_wrapped_keys.h"

namespace keyward::storage::sql {

// A role as stored; an unknown name reads as the least privileged role.
inline Role role_or_viewer(const std::string& text) {
  return parse_role(text).value_or(Role::kViewer);
}

#define KEYWARD_USER_COLUMNS "id, email, name, password_hash, created_at"
// A row of users: kColumns for its SELECTs, and the mapping to the domain type.
struct UserRow {
  static constexpr const char* kColumns = KEYWARD_USER_COLUMNS;
  // REQUIRES: the statement is on a row selected with kColumns, in that order.
  template <typename Statement>
  static User read(const Statement& s) {
    ColumnReader r(s);
    return User{r.text(), r.text(), r.text(), r.text(), r.int64()};
  }
  // kInsertUser: $1…$5 in the order of kColumns.
  template <typename Statement>
  static void bind(Statement& s, const User& u) {
    ParameterBinder(s)
        .text(u.id)
        .text(u.email)
        .text(u.name)
        .text(u.password_hash)
        .int64(u.created_at);
  }
};

#define KEYWARD_TEAM_COLUMNS                                                             \
  "id, name, created_at, secret_versions_kept, rotate_every_days, expiry_warning_days, " \
  "expired_key_policy, reverify_every_days, gateway_disable_after"
// The columns of a team from its id on, in KEYWARD_TEAM_COLUMNS' order.
template <typename Reader>
Team read_team_columns(Reader& r) {
  Team team{r.text(), r.text(), r.int64(), static_cast<int>(r.int64())};
  if (auto every = r.optional_int64()) team.rotate_every_days = static_cast<int>(*every);
  team.expiry_warning_days = static_cast<int>(r.int64());
  team.expired_key_policy = parse_expired_key_policy(r.text()).value_or(ExpiredKeyPolicy::kWarn);
  if (auto every = r.optional_int64()) team.reverify_every_days = static_cast<int>(*every);
  team.gateway_disable_after = static_cast<int>(r.int64());
  return team;
}
// A row of teams: kColumns for its SELECTs, and the mapping to the domain type.
struct TeamRow {
  static constexpr const char* kColumns = KEYWARD_TEAM_COLUMNS;
  // REQUIRES: the statement is on a row selected with kColumns, in that order.
  template <typename Statement>
  static Team read(const Statement& s) {
    ColumnReader r(s);
    return read_team_columns(r);
  }
  // kInsertTeam: $1…$9 in the order of kColumns.
  template <typename Statement>
  static void bind(Statement& s, const Team& t) {
    ParameterBinder b(s);
    b.text(t.id).text(t.name).int64(t.created_at);
    bind_settings_from(b, t);
  }
  // kUpdateTeamSettings: $1 id, $2…$7 the settings.
  template <typename Statement>
  static void bind_settings(Statement& s, const Team& t) {
    ParameterBinder b(s);
    b.text(t.id);
    bind_settings_from(b, t);
  }

 private:
  template <typename Statement>
  static void bind_settings_from(ParameterBinder<Statement>& b, const Team& t) {
    std::optional<std::int64_t> every;
    if (t.rotate_every_days) every = *t.rotate_every_days;
    std::optional<std::int64_t> reverify;
    if (t.reverify_every_days) reverify = *t.reverify_every_days;
    b.int64(t.secret_versions_kept)
        .optional_int64(every)
        .int64(t.expiry_warning_days)
        .text(std::string(expired_key_policy_name(t.expired_key_policy)))
        .optional_int64(reverify)
        .int64(t.gateway_disable_after);
  }
};

#define KEYWARD_TEAM_WITH_ROLE_COLUMNS                                        \
  "t.id, t.name, t.created_at, t.secret_versions_kept, t.rotate_every_days, " \
  "t.expiry_warning_days, "                                                   \
  "t.expired_key_policy, t.reverify_every_days, t.gateway_disable_after, m.role"
// A row of a team joined with the user's role: kColumns for its SELECTs, and the mapping to the
// domain type.
struct TeamWithRoleRow {
  static constexpr const char* kColumns = KEYWARD_TEAM_WITH_ROLE_COLUMNS;
  // REQUIRES: the statement is on a row selected with kColumns, in that order.
  template <typename Statement>
  static TeamWithRole read(const Statement& s) {
    ColumnReader r(s);
    Team team = read_team_columns(r);
    return TeamWithRole{std::move(team), role_or_viewer(r.text())};
  }
};

#define KEYWARD_MEMBER_COLUMNS "u.id, u.email, u.name, m.role, m.created_at"
// A row of a membership joined with its user: kColumns for its SELECTs, and the mapping to the
// domain type.
struct MemberRow {
  static constexpr const char* kColumns = KEYWARD_MEMBER_COLUMNS;
  // REQUIRES: the statement is on a row selected with kColumns, in that order.
  template <typename Statement>
  static Member read(const Statement& s) {
    ColumnReader r(s);
    Member m;
    m.user_id = r.text();
    m.email = r.text();
    m.name = r.text();
    m.role = role_or_viewer(r.text());
    m.joined_at = r.int64();
    return m;
  }
};

#define KEYWARD_SESSION_COLUMNS                                     \
  "token_hash, id, user_id, created_at, last_seen_at, expires_at, " \
  "COALESCE(ip, ''), COALESCE(user_agent, '')"
// A row of sessions: kColumns for its SELECTs, and the mapping to the domain type.
struct SessionRow {
  static constexpr const char* kColumns = KEYWARD_SESSION_COLUMNS;
  // REQUIRES: the statement is on a row selected with kColumns, in that order.
  template <typename Statement>
  static Session read(const Statement& s) {
    ColumnReader r(s);
    Session session;
    session.token_hash = r.blob();
    session.id = r.text();
    session.user_id = r.text();
    session.created_at = r.int64();
    session.last_seen_at = r.int64();
    session.expires_at = r.int64();
    session.ip = r.text();
    session.user_agent = r.text();
    return session;
  }
  // kInsertSession: $1…$8 in the order of kColumns.
  template <typename Statement>
  static void bind(Statement& s, const Session& session) {
    ParameterBinder(s)
        .blob(session.token_hash)
        .text(session.id)
        .text(session.user_id)
        .int64(session.created_at)
        .int64(session.last_seen_at)
        .int64(session.expires_at)
        .text(session.ip)
        .text(session.user_agent);
  }
};

#define KEYWARD_INVITATION_COLUMNS                                               \
  "id, team_id, email, role, token_hash, created_at, COALESCE(created_by, ''), " \
  "expires_at, accepted_at"
// A row of invitations: kColumns for its SELECTs, and the mapping to the domain type.
struct InvitationRow {
  static constexpr const char* kColumns = KEYWARD_INVITATION_COLUMNS;
  // REQUIRES: the statement is on a row selected with kColumns, in that order.
  template <typename Statement>
  static Invitation read(const Statement& s) {
    ColumnReader r(s);
    Invitation inv;
    inv.id = r.text();
    inv.team_id = r.text();
    inv.email = r.text();
    inv.role = role_or_viewer(r.text());
    inv.token_hash = r.blob();
    inv.created_at = r.int64();
    inv.created_by = r.text();
    inv.expires_at = r.int64();
    inv.accepted_at = r.optional_int64();
    return inv;
  }
  // kInsertInvitation: $1…$8, the columns of kColumns up to expires_at.
  template <typename Statement>
  static void bind(Statement& s, const Invitation& inv) {
    ParameterBinder(s)
        .text(inv.id)
        .text(inv.team_id)
        .text(inv.email)
        .text(role_name(inv.role))
        .blob(inv.token_hash)
        .int64(inv.created_at)
        .text(inv.created_by)
        .int64(inv.expires_at);
  }
};

#define KEYWARD_THROTTLE_COLUMNS "failures, window_start, locked_until"
// A row of sign-in throttles: kColumns for its SELECTs, and the mapping to the domain type.
struct ThrottleRow {
  static constexpr const char* kColumns = KEYWARD_THROTTLE_COLUMNS;
  // REQUIRES: the statement is on a row selected with kColumns, in that order.
  template <typename Statement>
  static ThrottleState read(const Statement& s) {
    ColumnReader r(s);
    ThrottleState state;
    state.failures = static_cast<int>(r.int64());
    state.window_start = r.int64();
    state.locked_until = r.int64();
    return state;
  }
  // kPutThrottle: $1 is the key, then $2…$4 in the order of kColumns.
  template <typename Statement>
  static void bind(Statement& s, const std::string& key, const ThrottleState& state) {
    ParameterBinder(s)
        .text(key)
        .int64(state.failures)
        .int64(state.window_start)
        .int64(state.locked_until);
  }
};

#define KEYWARD_AUDIT_COLUMNS                                                    \
  "id, team_id, at, actor_type, actor_id, action, target_id, COALESCE(ip, ''), " \
  "COALESCE(user_agent, ''), details"
// A row of audit_events: kColumns for its SELECTs, and the mapping to the domain type.
struct AuditEventRow {
  static constexpr const char* kColumns = KEYWARD_AUDIT_COLUMNS;
  // REQUIRES: the statement is on a row selected with kColumns, in that order.
  template <typename Statement>
  static AuditEvent read(const Statement& s) {
    ColumnReader r(s);
    return read_from(r);
  }
  // Reads kColumns from where `r` stands, for rows that select more after them.
  template <typename Statement>
  static AuditEvent read_from(ColumnReader<Statement>& r) {
    AuditEvent e;
    e.id = r.text();
    e.team_id = r.optional_text();
    e.at = r.int64();
    e.actor_type = r.text();
    e.actor_id = r.optional_text();
    e.action = r.text();
    e.target_id = r.optional_text();
    e.ip = r.text();
    e.user_agent = r.text();
    e.details = r.text();
    return e;
  }
  // kInsertAudit: $1…$10 in the order of kColumns, then the chain's prev_hash and hash (an empty
  // hash is NULL: an unchained event).
  template <typename Statement>
  static void bind(Statement& s, const AuditEvent& e, const std::string& prev_hash,
                   const std::string& hash) {
    ParameterBinder(s)
        .text(e.id)
        .optional_text(e.team_id)
        .int64(e.at)
        .text(e.actor_type)
        .optional_text(e.actor_id)
        .text(e.action)
        .optional_text(e.target_id)
        .text(e.ip)
        .text(e.user_agent)
        .text(e.details)
        .blob_or_null(prev_hash)
        .blob_or_null(hash);
  }
};

// An event of the audit list (kListAudit, which names the page of events `listed`): its columns,
// then its actor's name (a user's or a service token's of the event's team) and email (a
// user's); NULL when the actor names nothing.
#define KEYWARD_LISTED_AUDIT_COLUMNS                                            \
  KEYWARD_AUDIT_COLUMNS                                                         \
  ", CASE actor_type"                                                           \
  " WHEN 'user' THEN (SELECT u.name FROM users u WHERE u.id = listed.actor_id)" \
  " WHEN 'service_token' THEN (SELECT t.name FROM service_tokens t"             \
  " WHERE t.id = listed.actor_id AND t.team_id = listed.team_id) END"           \
  ", CASE actor_type"                                                           \
  " WHEN 'user' THEN (SELECT u.email FROM users u WHERE u.id = listed.actor_id) END"
struct ListedAuditEventRow {
  static constexpr const char* kColumns = KEYWARD_LISTED_AUDIT_COLUMNS;
  // REQUIRES: the statement is on a row selected with kColumns, in that order.
  template <typename Statement>
  static ListedAuditEvent read(const Statement& s) {
    ColumnReader r(s);
    ListedAuditEvent listed;
    listed.event = AuditEventRow::read_from(r);
    listed.actor_name = r.optional_text();
    listed.actor_email = r.optional_text();
    return listed;
  }
};

#define KEYWARD_API_KEY_COLUMNS                                                              \
  "id, team_id, type, description, ciphertext, nonce, key_hint, fingerprint, version, "      \
  "is_default, created_at, COALESCE(created_by, ''), updated_at, COALESCE(updated_by, ''), " \
  "last_used_at, verify_status, verified_at, secret_version, labels, expires_at, "           \
  "rotate_every_days, expiry_warn_at, rotation_due_at, disabled_at, disabled_reason, base_url"
// A row of api_keys: kColumns for its SELECTs, and the mapping to the domain type.
struct ApiKeyRow {
  static constexpr const char* kColumns = KEYWARD_API_KEY_COLUMNS;
  // REQUIRES: the statement is on a row selected with kColumns, in that order.
  template <typename Statement>
  static ApiKey read(const Statement& s) {
    ColumnReader r(s);
    ApiKey key;
    key.id = r.text();
    key.team_id = r.text();
    key.type = r.text();
    key.description = r.text();
    key.ciphertext = r.blob();
    key.nonce = r.blob();
    key.key_hint = r.text();
    key.fingerprint = r.blob();
    key.version = r.int64();
    key.is_default = r.flag();
    key.created_at = r.int64();
    key.created_by = r.text();
    key.updated_at = r.int64();
    key.updated_by = r.text();
    key.last_used_at = r.optional_int64();
    key.verify_status = r.optional_text();
    key.verified_at = r.optional_int64();
    key.secret_version = r.int64();
    key.labels = parse_string_list(r.text());
    key.expires_at = r.optional_int64();
    if (auto every = r.optional_int64()) key.rotate_every_days = static_cast<int>(*every);
    key.expiry_warn_at = r.optional_int64();
    key.rotation_due_at = r.optional_int64();
    key.disabled_at = r.optional_int64();
    key.disabled_reason = r.optional_text();
    key.base_url = r.optional_text();
    return key;
  }
  // The columns both an INSERT and an UPDATE write, from type to is_default, in their order.
  template <typename Statement>
  static ParameterBinder<Statement>& bind_contents(ParameterBinder<Statement>& b, const ApiKey& k) {
    return b.text(k.type)
        .text(k.description)
        .blob(k.ciphertext)
        .blob(k.nonce)
        .text(k.key_hint)
        .blob(k.fingerprint)
        .int64(k.version)
        .flag(k.is_default);
  }
  // The lifecycle columns, from expires_at to rotation_due_at.
  template <typename Statement>
  static ParameterBinder<Statement>& bind_lifecycle(ParameterBinder<Statement>& b,
                                                    const ApiKey& k) {
    std::optional<std::int64_t> every;
    if (k.rotate_every_days) every = *k.rotate_every_days;
    return b.optional_int64(k.expires_at)
        .optional_int64(every)
        .optional_int64(k.expiry_warn_at)
        .optional_int64(k.rotation_due_at);
  }
  // kInsertApiKey: $1 id, $2 team_id, $3…$10 the contents, $11…$14 created and updated, $15
  // the secret version, $16 the labels, $17…$20 the lifecycle, $21 the base URL.
  template <typename Statement>
  static void bind_insert(Statement& s, const ApiKey& k) {
    ParameterBinder b(s);
    b.text(k.id).text(k.team_id);
    bind_contents(b, k)
        .int64(k.created_at)
        .text(k.created_by)
        .int64(k.updated_at)
        .text(k.updated_by)
        .int64(k.secret_version)
        .text(string_list_json(k.labels));
    bind_lifecycle(b, k).optional_text(k.base_url);
  }
  // kUpdateApiKey: $1 team_id, $2 id, $3…$10 the contents, $11…$14 updated and verified, $15
  // the expected version, $16 the secret version, $17 the labels, $18…$21 the lifecycle, $22 the
  // base URL.
  template <typename Statement>
  static void bind_update(Statement& s, const ApiKey& k, std::int64_t expected_version) {
    ParameterBinder b(s);
    b.text(k.team_id).text(k.id);
    bind_contents(b, k)
        .int64(k.updated_at)
        .text(k.updated_by)
        .optional_text(k.verify_status)
        .optional_int64(k.verified_at)
        .int64(expected_version)
        .int64(k.secret_version)
        .text(string_list_json(k.labels));
    bind_lifecycle(b, k).optional_text(k.base_url);
  }
};

#define KEYWARD_SECRET_VERSION_COLUMNS                                                   \
  "api_key_id, version, team_id, ciphertext, nonce, key_hint, fingerprint, created_at, " \
  "COALESCE(created_by, ''), change, restored_from"
// A row of api_key_versions: kColumns for its SELECTs, and the mapping to the domain type. A
// ciphertext deleted by retention (NULL) reads as empty.
struct SecretVersionRow {
  static constexpr const char* kColumns = KEYWARD_SECRET_VERSION_COLUMNS;
  // REQUIRES: the statement is on a row selected with kColumns, in that order.
  template <typename Statement>
  static SecretVersion read(const Statement& s) {
    ColumnReader r(s);
    SecretVersion v;
    v.api_key_id = r.text();
    v.version = r.int64();
    v.team_id = r.text();
    v.ciphertext = r.blob();
    v.nonce = r.blob();
    v.key_hint = r.text();
    v.fingerprint = r.blob();
    v.created_at = r.int64();
    v.created_by = r.text();
    v.change = parse_secret_change(r.text());
    v.restored_from = r.optional_int64();
    return v;
  }
  // kInsertSecretVersion: $1…$11 in the order of kColumns (an empty ciphertext is NULL).
  template <typename Statement>
  static void bind(Statement& s, const SecretVersion& v) {
    ParameterBinder(s)
        .text(v.api_key_id)
        .int64(v.version)
        .text(v.team_id)
        .blob_or_null(v.ciphertext)
        .blob_or_null(v.nonce)
        .text(v.key_hint)
        .blob(v.fingerprint)
        .int64(v.created_at)
        .text(v.created_by)
        .text(secret_change_name(v.change))
        .optional_int64(v.restored_from);
  }
};

#define KEYWARD_SERVICE_TOKEN_COLUMNS                                                        \
  "id, team_id, name, token_hash, types, created_at, COALESCE(created_by, ''), expires_at, " \
  "last_used_at, revoked_at, labels, requests_per_minute, requests_per_month"
// A row of service_tokens: kColumns for its SELECTs, and the mapping to the domain type.
struct ServiceTokenRow {
  static constexpr const char* kColumns = KEYWARD_SERVICE_TOKEN_COLUMNS;
  // REQUIRES: the statement is on a row selected with kColumns, in that order.
  template <typename Statement>
  static ServiceToken read(const Statement& s) {
    ColumnReader r(s);
    ServiceToken t;
    t.id = r.text();
    t.team_id = r.text();
    t.name = r.text();
    t.token_hash = r.blob();
    t.types = parse_string_list(r.text());
    t.created_at = r.int64();
    t.created_by = r.text();
    t.expires_at = r.optional_int64();
    t.last_used_at = r.optional_int64();
    t.revoked_at = r.optional_int64();
    t.labels = parse_string_list(r.text());
    t.requests_per_minute = r.optional_int64();
    t.requests_per_month = r.optional_int64();
    return t;
  }
  // kInsertServiceToken: $1…$8, the columns of kColumns up to expires_at, then $9 the labels,
  // $10 and $11 the limits.
  template <typename Statement>
  static void bind(Statement& s, const ServiceToken& t) {
    ParameterBinder(s)
        .text(t.id)
        .text(t.team_id)
        .text(t.name)
        .blob(t.token_hash)
        .text(string_list_json(t.types))
        .int64(t.created_at)
        .text(t.created_by)
        .optional_int64(t.expires_at)
        .text(string_list_json(t.labels))
        .optional_int64(t.requests_per_minute)
        .optional_int64(t.requests_per_month);
  }
};

#define KEYWARD_PERSONAL_TOKEN_COLUMNS \
  "id, user_id, name, token_hash, grants, created_at, expires_at, last_used_at, revoked_at"
// A row of personal_tokens: kColumns for its SELECTs, and the mapping to the domain type.
struct PersonalTokenRow {
  static constexpr const char* kColumns = KEYWARD_PERSONAL_TOKEN_COLUMNS;
  // REQUIRES: the statement is on a row selected with kColumns, in that order.
  template <typename Statement>
  static PersonalToken read(const Statement& s) {
    ColumnReader r(s);
    PersonalToken t;
    t.id = r.text();
    t.user_id = r.text();
    t.name = r.text();
    t.token_hash = r.blob();
    t.grants = parse_token_grants(r.text());
    t.created_at = r.int64();
    t.expires_at = r.int64();
    t.last_used_at = r.optional_int64();
    t.revoked_at = r.optional_int64();
    return t;
  }
  // kInsertPersonalToken: $1…$7, the columns of kColumns up to expires_at.
  template <typename Statement>
  static void bind(Statement& s, const PersonalToken& t) {
    ParameterBinder(s)
        .text(t.id)
        .text(t.user_id)
        .text(t.name)
        .blob(t.token_hash)
        .text(token_grants_json(t.grants))
        .int64(t.created_at)
        .int64(t.expires_at);
  }
};

// team_keys and server_keys share their shape: a name (the team id, or the server key's name),
// the master key id, the wrapped key and its nonce.
#define KEYWARD_TEAM_KEY_COLUMNS "team_id, master_key_id, wrapped_key, nonce"
#define KEYWARD_SERVER_KEY_COLUMNS "name, master_key_id, wrapped_key, nonce"
// A team_keys or server_keys row: how it is read and bound (same shape for both).
template <typename Wrapped>
struct WrappedKeyRow {
  // REQUIRES: the statement is on a row selected with kColumns, in that order.
  template <typename Statement>
  static Wrapped read(const Statement& s) {
    ColumnReader r(s);
    return Wrapped{r.text(), r.text(), r.blob(), r.blob()};
  }
  // kInsertTeamKey, kUpdateTeamKey, kInsertServerKey, kUpdateServerKey: $1…$4 in the order of
  // kColumns, then $5 the time.
  template <typename Statement>
  static void bind(Statement& s, const Wrapped& row, std::int64_t at) {
    const auto& [name, master_key_id, wrapped_key, nonce] = row;
    ParameterBinder(s).text(name).text(master_key_id).blob(wrapped_key).blob(nonce).int64(at);
  }
};
// The column lists of the two tables; the order matches WrappedKeyRow::read.
struct TeamKeyRowColumns : WrappedKeyRow<TeamKeyRow> {
  static constexpr const char* kColumns = KEYWARD_TEAM_KEY_COLUMNS;
};
// The same for server_keys.
struct ServerKeyRowColumns : WrappedKeyRow<ServerKeyRow> {
  static constexpr const char* kColumns = KEYWARD_SERVER_KEY_COLUMNS;
};

// A summed row of gateway_usage: key, token, team, the period's start, then the counts in the
// order of KEYWARD_GATEWAY_COUNTS (storage/sql.h).
struct GatewayUsageRow {
  template <typename Statement>
  static GatewayUsage read(const Statement& s) {
    ColumnReader r(s);
    GatewayUsage u;
    u.api_key_id = r.text();
    u.token_id = r.text();
    u.team_id = r.text();
    u.period_start = r.int64();
    for (std::int64_t* count :
         {&u.requests, &u.status_2xx, &u.status_3xx, &u.status_4xx, &u.status_5xx, &u.failed,
          &u.bytes_in, &u.bytes_out, &u.latency_us, &u.input_tokens, &u.output_tokens}) {
      *count = r.int64();
    }
    return u;
  }
  // kAddGatewayUsage: $1…$15.
  template <typename Statement>
  static void bind(Statement& s, const GatewayUsage& u) {
    ParameterBinder b(s);
    b.text(u.api_key_id).text(u.token_id).int64(u.period_start).text(u.team_id);
    for (std::int64_t count :
         {u.requests, u.status_2xx, u.status_3xx, u.status_4xx, u.status_5xx, u.failed, u.bytes_in,
          u.bytes_out, u.latency_us, u.input_tokens, u.output_tokens}) {
      b.int64(count);
    }
  }
};

}  // namespace keyward::storage::sql
