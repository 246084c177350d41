#pragma once

// SQL run by the SQLite engine, as named constants: the statement cache is keyed by address.
namespace keyward::storage::sqlite::sql {

inline constexpr const char kPing[] = "SELECT 1";

inline constexpr const char kCreateMigrationsTable[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "  version INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  applied_at INTEGER NOT NULL"
    ") STRICT";

inline constexpr const char kMigrationApplied[] =
    "SELECT 1 FROM schema_migrations WHERE version = ?1";

inline constexpr const char kRecordMigration[] =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)";

inline constexpr const char kSchemaVersion[] =
    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";

}  // namespace keyward::storage::sqlite::sql

namespace keyward::storage::sqlite::sql {

inline constexpr const char kGetSetting[] = "SELECT value FROM settings WHERE key = ?1";
inline constexpr const char kPutSetting[] =
    "INSERT INTO settings (key, value) VALUES (?1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
inline constexpr const char kDeleteSetting[] = "DELETE FROM settings WHERE key = ?1";

inline constexpr const char kAnyUser[] = "SELECT EXISTS (SELECT 1 FROM users)";
inline constexpr const char kInsertUser[] =
    "INSERT INTO users (id, email, name, password_hash, created_at, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?5)";
inline constexpr const char kFindUserByEmail[] =
    "SELECT id, email, name, password_hash, created_at FROM users WHERE email = ?1";
inline constexpr const char kFindUser[] =
    "SELECT id, email, name, password_hash, created_at FROM users WHERE id = ?1";
inline constexpr const char kUpdatePassword[] = "UPDATE users SET password_hash = ?2 WHERE id = ?1";

inline constexpr const char kInsertTeam[] =
    "INSERT INTO teams (id, name, created_at) VALUES (?1, ?2, ?3)";
inline constexpr const char kFindTeam[] = "SELECT id, name, created_at FROM teams WHERE id = ?1";
inline constexpr const char kTeamsOfUser[] =
    "SELECT t.id, t.name, t.created_at, m.role FROM memberships m "
    "JOIN teams t ON t.id = m.team_id WHERE m.user_id = ?1 ORDER BY t.name COLLATE NOCASE, t.id";

inline constexpr const char kInsertMembership[] =
    "INSERT INTO memberships (team_id, user_id, role, created_at) VALUES (?1, ?2, ?3, ?4)";
inline constexpr const char kFindRole[] =
    "SELECT role FROM memberships WHERE team_id = ?1 AND user_id = ?2";
inline constexpr const char kMembers[] =
    "SELECT u.id, u.email, u.name, m.role, m.created_at FROM memberships m "
    "JOIN users u ON u.id = m.user_id WHERE m.team_id = ?1 ORDER BY u.name COLLATE NOCASE, u.id";
inline constexpr const char kUpdateRole[] =
    "UPDATE memberships SET role = ?3 WHERE team_id = ?1 AND user_id = ?2";
inline constexpr const char kDeleteMembership[] =
    "DELETE FROM memberships WHERE team_id = ?1 AND user_id = ?2";
inline constexpr const char kCountOwners[] =
    "SELECT COUNT(*) FROM memberships WHERE team_id = ?1 AND role = 'owner'";

inline constexpr const char kInsertSession[] =
    "INSERT INTO sessions (token_hash, id, user_id, csrf_token, created_at, last_seen_at, "
    "expires_at, ip, user_agent) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
inline constexpr const char kFindSession[] =
    "SELECT token_hash, id, user_id, csrf_token, created_at, last_seen_at, expires_at, "
    "COALESCE(ip, ''), COALESCE(user_agent, '') FROM sessions WHERE token_hash = ?1";
inline constexpr const char kTouchSession[] =
    "UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1";
inline constexpr const char kDeleteSession[] = "DELETE FROM sessions WHERE token_hash = ?1";
inline constexpr const char kDeleteSessionsOfUser[] = "DELETE FROM sessions WHERE user_id = ?1";
inline constexpr const char kDeleteExpiredSessions[] =
    "DELETE FROM sessions WHERE last_seen_at < ?1 OR expires_at <= ?2";

inline constexpr const char kInsertInvitation[] =
    "INSERT INTO invitations (id, team_id, email, role, token_hash, created_at, created_by, "
    "expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
inline constexpr const char kFindInvitation[] =
    "SELECT id, team_id, email, role, token_hash, created_at, COALESCE(created_by, ''), "
    "expires_at, accepted_at FROM invitations WHERE token_hash = ?1";
inline constexpr const char kAcceptInvitation[] =
    "UPDATE invitations SET accepted_at = ?2 WHERE id = ?1 AND accepted_at IS NULL";

inline constexpr const char kGetThrottle[] =
    "SELECT failures, window_start, locked_until FROM login_throttle WHERE key = ?1";
inline constexpr const char kPutThrottle[] =
    "INSERT INTO login_throttle (key, failures, window_start, locked_until) "
    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, "
    "window_start = excluded.window_start, locked_until = excluded.locked_until";
inline constexpr const char kDeleteThrottle[] = "DELETE FROM login_throttle WHERE key = ?1";

inline constexpr const char kInsertAudit[] =
    "INSERT INTO audit_events (id, team_id, at, actor_type, actor_id, action, target_id, ip, "
    "user_agent, details) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

}  // namespace keyward::storage::sqlite::sql
