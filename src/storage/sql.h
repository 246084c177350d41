#pragma once

// The SQL both engines run, with PostgreSQL's $N placeholders (SQLite reads $N as a named
// parameter; its Statement binds by the number). Named constants: each engine's statement cache
// is keyed by the constant's address. Engine-specific SQL (migrations, list and search) lives in
// the engine's folder.
#include <string>

#include "storage/sql_rows.h"

namespace keyward::storage::sql {

// The term as a LIKE/ILIKE pattern matching it anywhere, with % _ and \ escaped (ESCAPE '\').
inline std::string like_pattern(const std::string& term) {
  std::string pattern = "%";
  for (char c : term) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  return pattern;
}

// A team's number of keys, kept by triggers: an unfiltered page's total without counting rows.
inline constexpr const char kTeamKeyCount[] = "SELECT api_key_count FROM teams WHERE id = $1";

inline constexpr const char kGetSetting[] = "SELECT value FROM settings WHERE key = $1";
inline constexpr const char kPutSetting[] =
    "INSERT INTO settings (key, value) VALUES ($1, $2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
inline constexpr const char kDeleteSetting[] = "DELETE FROM settings WHERE key = $1";

inline constexpr const char kAnyUser[] = "SELECT EXISTS (SELECT 1 FROM users)";
inline constexpr const char kInsertUser[] =
    "INSERT INTO users (" KEYWARD_USER_COLUMNS ", updated_at) VALUES ($1, $2, $3, $4, $5, $5)";
inline constexpr const char kFindUserByEmail[] =
    "SELECT " KEYWARD_USER_COLUMNS " FROM users WHERE email = $1";
inline constexpr const char kFindUser[] =
    "SELECT " KEYWARD_USER_COLUMNS " FROM users WHERE id = $1";
inline constexpr const char kUpdatePassword[] = "UPDATE users SET password_hash = $2 WHERE id = $1";

inline constexpr const char kInsertTeam[] =
    "INSERT INTO teams (" KEYWARD_TEAM_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
inline constexpr const char kUpdateTeamSettings[] =
    "UPDATE teams SET secret_versions_kept = $2, rotate_every_days = $3, expiry_warning_days = $4, "
    "expired_key_policy = $5, reverify_every_days = $6, gateway_disable_after = $7 WHERE id = $1";
inline constexpr const char kFindTeam[] =
    "SELECT " KEYWARD_TEAM_COLUMNS " FROM teams WHERE id = $1";
inline constexpr const char kTeamsOfUser[] =
    "SELECT " KEYWARD_TEAM_WITH_ROLE_COLUMNS
    " FROM memberships m "
    "JOIN teams t ON t.id = m.team_id WHERE m.user_id = $1 ORDER BY lower(t.name), t.id";

inline constexpr const char kInsertMembership[] =
    "INSERT INTO memberships (team_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)";
inline constexpr const char kFindRole[] =
    "SELECT role FROM memberships WHERE team_id = $1 AND user_id = $2";
inline constexpr const char kMembers[] =
    "SELECT " KEYWARD_MEMBER_COLUMNS
    " FROM memberships m "
    "JOIN users u ON u.id = m.user_id WHERE m.team_id = $1 ORDER BY lower(u.name), u.id";
inline constexpr const char kUpdateRole[] =
    "UPDATE memberships SET role = $3 WHERE team_id = $1 AND user_id = $2";
inline constexpr const char kDeleteMembership[] =
    "DELETE FROM memberships WHERE team_id = $1 AND user_id = $2";
inline constexpr const char kCountOwners[] =
    "SELECT COUNT(*) FROM memberships WHERE team_id = $1 AND role = 'owner'";

inline constexpr const char kInsertSession[] =
    "INSERT INTO sessions (token_hash, id, user_id, created_at, last_seen_at, expires_at, ip, "
    "user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
inline constexpr const char kFindSession[] =
    "SELECT " KEYWARD_SESSION_COLUMNS " FROM sessions WHERE token_hash = $1";
inline constexpr const char kTouchSession[] =
    "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1";
inline constexpr const char kDeleteSession[] = "DELETE FROM sessions WHERE token_hash = $1";
inline constexpr const char kDeleteSessionsOfUser[] = "DELETE FROM sessions WHERE user_id = $1";
inline constexpr const char kDeleteExpiredSessions[] =
    "DELETE FROM sessions WHERE last_seen_at < $1 OR expires_at <= $2";

inline constexpr const char kInsertInvitation[] =
    "INSERT INTO invitations (id, team_id, email, role, token_hash, created_at, created_by, "
    "expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
inline constexpr const char kFindInvitation[] =
    "SELECT " KEYWARD_INVITATION_COLUMNS " FROM invitations WHERE token_hash = $1";
inline constexpr const char kPendingInvitations[] =
    "SELECT " KEYWARD_INVITATION_COLUMNS
    " FROM invitations "
    "WHERE team_id = $1 AND accepted_at IS NULL AND expires_at > $2 ORDER BY created_at, id";
inline constexpr const char kDeleteInvitation[] =
    "DELETE FROM invitations WHERE team_id = $1 AND id = $2 AND accepted_at IS NULL";
inline constexpr const char kDeletePendingInvitationsFor[] =
    "DELETE FROM invitations WHERE team_id = $1 AND email = $2 AND accepted_at IS NULL";
inline constexpr const char kAcceptInvitation[] =
    "UPDATE invitations SET accepted_at = $2 WHERE id = $1 AND accepted_at IS NULL";

inline constexpr const char kGetThrottle[] =
    "SELECT " KEYWARD_THROTTLE_COLUMNS " FROM login_throttle WHERE key = $1";
inline constexpr const char kPutThrottle[] =
    "INSERT INTO login_throttle (key, failures, window_start, locked_until) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, "
    "window_start = excluded.window_start, locked_until = excluded.locked_until";
inline constexpr const char kDeleteThrottle[] = "DELETE FROM login_throttle WHERE key = $1";

inline constexpr const char kInsertAudit[] =
    "INSERT INTO audit_events (id, team_id, at, actor_type, actor_id, action, target_id, ip, "
    "user_agent, details, prev_hash, hash) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
// The hash of the newest event of a team's chain (and of the chain of events outside a team).
inline constexpr const char kAuditHead[] =
    "SELECT hash FROM audit_events WHERE team_id = $1 ORDER BY seq DESC LIMIT 1";
inline constexpr const char kAuditHeadNoTeam[] =
    "SELECT hash FROM audit_events WHERE team_id IS NULL ORDER BY seq DESC LIMIT 1";

// A team's events ($1) with the action $2 and the actor id $3 when those are not NULL. One
// catch-all statement: the (team_id, seq) index drives every filter alike, the others are checked
// on its rows. (The casts give PostgreSQL the parameters' type before it reads the comparisons.)
#define KEYWARD_AUDIT_FILTER                                   \
  "team_id = $1 AND (CAST($2 AS TEXT) IS NULL OR action = $2)" \
  " AND (CAST($3 AS TEXT) IS NULL OR actor_id = $3)"
// A page of them, newest first, with each actor's name and email (ListedAuditEventRow). The
// page is cut first, so looking up the names costs only its rows.
inline constexpr const char kListAudit[] =
    "SELECT " KEYWARD_LISTED_AUDIT_COLUMNS
    " FROM (SELECT seq, id, team_id, at, actor_type, actor_id, action, target_id, ip, user_agent,"
    " details FROM audit_events WHERE " KEYWARD_AUDIT_FILTER
    " ORDER BY seq DESC LIMIT $4 OFFSET $5) AS listed ORDER BY seq DESC";
inline constexpr const char kCountAudit[] =
    "SELECT COUNT(*) FROM audit_events WHERE " KEYWARD_AUDIT_FILTER;

inline constexpr const char kFindTeamKey[] =
    "SELECT " KEYWARD_TEAM_KEY_COLUMNS " FROM team_keys WHERE team_id = $1";
inline constexpr const char kInsertTeamKey[] =
    "INSERT INTO team_keys (team_id, master_key_id, wrapped_key, nonce, created_at) "
    "VALUES ($1, $2, $3, $4, $5)";
inline constexpr const char kAllTeamKeys[] =
    "SELECT " KEYWARD_TEAM_KEY_COLUMNS " FROM team_keys ORDER BY team_id";
inline constexpr const char kUpdateTeamKey[] =
    "UPDATE team_keys SET master_key_id = $2, wrapped_key = $3, nonce = $4, rotated_at = $5 "
    "WHERE team_id = $1";

inline constexpr const char kFindServerKey[] =
    "SELECT " KEYWARD_SERVER_KEY_COLUMNS " FROM server_keys WHERE name = $1";
inline constexpr const char kInsertServerKey[] =
    "INSERT INTO server_keys (name, master_key_id, wrapped_key, nonce, created_at) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING";
inline constexpr const char kAllServerKeys[] =
    "SELECT " KEYWARD_SERVER_KEY_COLUMNS " FROM server_keys ORDER BY name";
inline constexpr const char kUpdateServerKey[] =
    "UPDATE server_keys SET master_key_id = $2, wrapped_key = $3, nonce = $4, rotated_at = $5 "
    "WHERE name = $1";

inline constexpr const char kInsertApiKey[] =
    "INSERT INTO api_keys (id, team_id, type, description, ciphertext, nonce, key_hint, "
    "fingerprint, version, is_default, created_at, created_by, updated_at, updated_by, "
    "secret_version, labels, expires_at, rotate_every_days, expiry_warn_at, rotation_due_at, "
    "base_url) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, "
    "$20, $21)";
inline constexpr const char kFindApiKey[] =
    "SELECT " KEYWARD_API_KEY_COLUMNS " FROM api_keys WHERE team_id = $1 AND id = $2";
inline constexpr const char kFindApiKeyByFingerprint[] =
    "SELECT " KEYWARD_API_KEY_COLUMNS " FROM api_keys WHERE team_id = $1 AND fingerprint = $2";
inline constexpr const char kUpdateApiKey[] =
    "UPDATE api_keys SET type = $3, description = $4, ciphertext = $5, nonce = $6, key_hint = $7, "
    "fingerprint = $8, version = $9, is_default = $10, updated_at = $11, updated_by = $12, "
    "verify_status = $13, verified_at = $14, secret_version = $16, labels = $17, expires_at = $18, "
    "rotate_every_days = $19, expiry_warn_at = $20, rotation_due_at = $21, base_url = $22 "
    "WHERE team_id = $1 AND id = $2 AND version = $15";
// Lifecycle marks placed again for a team: $1 team, $2 the warning window in ms, $3 the team's
// rotation period in days (NULL: none). The rotation clock starts when the current secret version
// was made (a key not yet re-sealed as a version: its last edit). Mirrors mark_lifecycle.
inline constexpr const char kRemarkTeamKeys[] =
    "UPDATE api_keys SET expiry_warn_at = CASE WHEN expires_at IS NULL THEN NULL "
    "ELSE expires_at - $2 END, "
    "rotation_due_at = CASE WHEN COALESCE(rotate_every_days, $3) IS NULL THEN NULL ELSE "
    "COALESCE((SELECT v.created_at FROM api_key_versions v WHERE v.api_key_id = api_keys.id AND "
    "v.version = api_keys.secret_version), api_keys.updated_at) + "
    "COALESCE(rotate_every_days, $3) * CAST(86400000 AS BIGINT) END "
    "WHERE team_id = $1";
// Keys whose expiry warning has begun, plus those only due for rotation: the two marks' ranges
// counted apart (each an index range), which together are "expiry_warn_at <= now OR
// rotation_due_at <= now" without reading the team's other rows.
inline constexpr const char kCountNeedingAttention[] =
    "SELECT (SELECT COUNT(*) FROM api_keys WHERE team_id = $1 AND expiry_warn_at <= $2) + "
    "(SELECT COUNT(*) FROM api_keys WHERE team_id = $1 AND rotation_due_at <= $2 AND "
    "(expiry_warn_at IS NULL OR expiry_warn_at > $2))";
// Keys due a notice ($1 now, $2 limit), one statement per kind.
inline constexpr const char kDueExpiringNotice[] =
    "SELECT " KEYWARD_API_KEY_COLUMNS
    " FROM api_keys k WHERE expiry_warn_at <= $1 AND "
    "expires_at > $1 AND NOT EXISTS (SELECT 1 FROM api_key_notices n WHERE n.api_key_id = k.id "
    "AND n.kind = 'expiring' AND n.due_at = k.expires_at) ORDER BY expiry_warn_at, id LIMIT $2";
inline constexpr const char kDueExpiredNotice[] =
    "SELECT " KEYWARD_API_KEY_COLUMNS
    " FROM api_keys k WHERE expiry_warn_at <= $1 AND "
    "expires_at <= $1 AND NOT EXISTS (SELECT 1 FROM api_key_notices n WHERE n.api_key_id = k.id "
    "AND n.kind = 'expired' AND n.due_at = k.expires_at) ORDER BY expiry_warn_at, id LIMIT $2";
inline constexpr const char kDueRotationNotice[] =
    "SELECT " KEYWARD_API_KEY_COLUMNS
    " FROM api_keys k WHERE rotation_due_at <= $1 AND "
    "NOT EXISTS (SELECT 1 FROM api_key_notices n WHERE n.api_key_id = k.id AND "
    "n.kind = 'rotation_due' AND n.due_at = k.rotation_due_at) ORDER BY rotation_due_at, id "
    "LIMIT $2";
inline constexpr const char kDueForReverify[] =
    "SELECT " KEYWARD_API_KEY_COLUMNS
    " FROM api_keys WHERE team_id IN (SELECT id FROM teams "
    "WHERE reverify_every_days IS NOT NULL) AND (verified_at IS NULL OR verified_at <= $1 - "
    "(SELECT t.reverify_every_days FROM teams t WHERE t.id = api_keys.team_id) * "
    "CAST(86400000 AS BIGINT)) ORDER BY COALESCE(verified_at, 0), id LIMIT $2";
inline constexpr const char kRecordNotice[] =
    "INSERT INTO api_key_notices (api_key_id, kind, due_at, team_id, created_at) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING";
inline constexpr const char kTakeLease[] =
    "INSERT INTO job_leases (name, holder, expires_at) VALUES ($1, $2, $4) "
    "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at "
    "WHERE job_leases.holder = excluded.holder OR job_leases.expires_at <= $3";
inline constexpr const char kReleaseLeases[] = "DELETE FROM job_leases WHERE holder = $1";
inline constexpr const char kDeleteApiKey[] = "DELETE FROM api_keys WHERE team_id = $1 AND id = $2";
inline constexpr const char kClearDefault[] =
    "UPDATE api_keys SET is_default = 0, version = version + 1 "
    "WHERE team_id = $1 AND type = $2 AND is_default = 1";

inline constexpr const char kInsertSecretVersion[] =
    "INSERT INTO api_key_versions (api_key_id, version, team_id, ciphertext, nonce, key_hint, "
    "fingerprint, created_at, created_by, change, restored_from) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
inline constexpr const char kSecretVersions[] =
    "SELECT " KEYWARD_SECRET_VERSION_COLUMNS
    " FROM api_key_versions WHERE team_id = $1 AND api_key_id = $2 ORDER BY version DESC";
inline constexpr const char kFindSecretVersion[] =
    "SELECT " KEYWARD_SECRET_VERSION_COLUMNS
    " FROM api_key_versions WHERE team_id = $1 AND api_key_id = $2 AND version = $3";
// Retention: deletes the ciphertexts of the key's versions up to $3 (its newest version less the
// number kept); their metadata stays.
inline constexpr const char kPruneSecretVersions[] =
    "UPDATE api_key_versions SET ciphertext = NULL, nonce = NULL "
    "WHERE team_id = $1 AND api_key_id = $2 AND version <= $3 AND ciphertext IS NOT NULL";
// The same for every key of the team at once, keeping $2 versions of each (a lowered setting).
inline constexpr const char kPruneTeamSecretVersions[] =
    "UPDATE api_key_versions SET ciphertext = NULL, nonce = NULL "
    "WHERE team_id = $1 AND ciphertext IS NOT NULL AND version <= "
    "(SELECT k.secret_version FROM api_keys k WHERE k.id = api_key_versions.api_key_id) - $2";
// Keys still sealed without a version (stored before versions existed), every team's.
inline constexpr const char kUnversionedApiKeys[] =
    "SELECT " KEYWARD_API_KEY_COLUMNS
    " FROM api_keys WHERE secret_version = 0 ORDER BY team_id, id";
// Replaces such a key's ciphertext with its re-sealed version 1, once: no row when another
// server did it first.
inline constexpr const char kResealUnversioned[] =
    "UPDATE api_keys SET ciphertext = $3, nonce = $4, secret_version = 1 "
    "WHERE team_id = $1 AND id = $2 AND secret_version = 0";

inline constexpr const char kInsertServiceToken[] =
    "INSERT INTO service_tokens (id, team_id, name, token_hash, types, created_at, created_by, "
    "expires_at, labels, requests_per_minute, requests_per_month) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
inline constexpr const char kServiceTokens[] =
    "SELECT " KEYWARD_SERVICE_TOKEN_COLUMNS
    " FROM service_tokens WHERE team_id = $1 ORDER BY created_at DESC, id";
inline constexpr const char kFindServiceToken[] =
    "SELECT " KEYWARD_SERVICE_TOKEN_COLUMNS " FROM service_tokens WHERE token_hash = $1";
inline constexpr const char kRevokeServiceToken[] =
    "UPDATE service_tokens SET revoked_at = $3 WHERE team_id = $1 AND id = $2 AND revoked_at IS "
    "NULL";
inline constexpr const char kInsertPersonalToken[] =
    "INSERT INTO personal_tokens (id, user_id, name, token_hash, grants, created_at, expires_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)";
inline constexpr const char kPersonalTokens[] =
    "SELECT " KEYWARD_PERSONAL_TOKEN_COLUMNS
    " FROM personal_tokens WHERE user_id = $1 ORDER BY created_at DESC, id";
inline constexpr const char kFindPersonalToken[] =
    "SELECT " KEYWARD_PERSONAL_TOKEN_COLUMNS " FROM personal_tokens WHERE token_hash = $1";
inline constexpr const char kRevokePersonalToken[] =
    "UPDATE personal_tokens SET revoked_at = $3 WHERE user_id = $1 AND id = $2 AND revoked_at IS "
    "NULL";
inline constexpr const char kMarkPersonalTokenUsed[] =
    "UPDATE personal_tokens SET last_used_at = $2 "
    "WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2)";
// Resolve: the default (one row of a partial unique index), else the newest of the type (the
// first row of the (team_id, type, created_at, id) index walked backwards).
inline constexpr const char kResolveDefault[] =
    "SELECT " KEYWARD_API_KEY_COLUMNS
    " FROM api_keys WHERE team_id = $1 AND type = $2 AND is_default = 1 AND disabled_at IS NULL";
inline constexpr const char kResolveNewest[] =
    "SELECT " KEYWARD_API_KEY_COLUMNS
    " FROM api_keys WHERE team_id = $1 AND type = $2 AND disabled_at IS NULL "
    "ORDER BY created_at DESC, id DESC LIMIT 1";
// Disables ($3 the time, $4 why) or re-enables (both null) the key, only while it holds the
// secret $5 that was judged; the edit version moves (the UI's copy is stale).
inline constexpr const char kSetApiKeyDisabled[] =
    "UPDATE api_keys SET disabled_at = $3, disabled_reason = $4, version = version + 1 "
    "WHERE team_id = $1 AND id = $2 AND fingerprint = $5";
inline constexpr const char kMarkApiKeyUsed[] =
    "UPDATE api_keys SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at "
    "< $2)";
// Adds an hour's gateway counts ($1 key, $2 token, $3 hour, $4 team, $5… the counts) to the
// row, only while the key exists.
#define KEYWARD_GATEWAY_COUNTS                                                              \
  "requests, status_2xx, status_3xx, status_4xx, status_5xx, failed, bytes_in, bytes_out, " \
  "latency_us, input_tokens, output_tokens"
inline constexpr const char kAddGatewayUsage[] =
    "INSERT INTO gateway_usage (api_key_id, token_id, hour, team_id, " KEYWARD_GATEWAY_COUNTS
    ") SELECT $1, $2, CAST($3 AS BIGINT), $4, "
    "CAST($5 AS BIGINT), CAST($6 AS BIGINT), CAST($7 AS BIGINT), CAST($8 AS BIGINT), "
    "CAST($9 AS BIGINT), CAST($10 AS BIGINT), CAST($11 AS BIGINT), CAST($12 AS BIGINT), "
    "CAST($13 AS BIGINT), CAST($14 AS BIGINT), CAST($15 AS BIGINT) "
    "WHERE EXISTS (SELECT 1 FROM api_keys WHERE id = $1) "
    "ON CONFLICT (api_key_id, token_id, hour) DO UPDATE SET "
    "requests = gateway_usage.requests + excluded.requests, "
    "status_2xx = gateway_usage.status_2xx + excluded.status_2xx, "
    "status_3xx = gateway_usage.status_3xx + excluded.status_3xx, "
    "status_4xx = gateway_usage.status_4xx + excluded.status_4xx, "
    "status_5xx = gateway_usage.status_5xx + excluded.status_5xx, "
    "failed = gateway_usage.failed + excluded.failed, "
    "bytes_in = gateway_usage.bytes_in + excluded.bytes_in, "
    "bytes_out = gateway_usage.bytes_out + excluded.bytes_out, "
    "latency_us = gateway_usage.latency_us + excluded.latency_us, "
    "input_tokens = gateway_usage.input_tokens + excluded.input_tokens, "
    "output_tokens = gateway_usage.output_tokens + excluded.output_tokens";
#define KEYWARD_GATEWAY_SUMS                                             \
  "CAST(SUM(requests) AS BIGINT), CAST(SUM(status_2xx) AS BIGINT), "     \
  "CAST(SUM(status_3xx) AS BIGINT), CAST(SUM(status_4xx) AS BIGINT), "   \
  "CAST(SUM(status_5xx) AS BIGINT), CAST(SUM(failed) AS BIGINT), "       \
  "CAST(SUM(bytes_in) AS BIGINT), CAST(SUM(bytes_out) AS BIGINT), "      \
  "CAST(SUM(latency_us) AS BIGINT), CAST(SUM(input_tokens) AS BIGINT), " \
  "CAST(SUM(output_tokens) AS BIGINT)"
// The key's hours in [$3, $4) summed by day and token.
inline constexpr const char kGatewayUsageByDay[] =
    "SELECT api_key_id, token_id, team_id, hour / 86400000 * 86400000 AS day, " KEYWARD_GATEWAY_SUMS
    " FROM gateway_usage WHERE team_id = $1 AND api_key_id = $2 AND hour >= $3 AND hour < $4 "
    "GROUP BY api_key_id, token_id, team_id, day ORDER BY day, token_id";
// The token $1's requests since $2 (gateway_usage_token_hour).
inline constexpr const char kTokenGatewayRequests[] =
    "SELECT CAST(COALESCE(SUM(requests), 0) AS BIGINT) FROM gateway_usage "
    "WHERE token_id = $1 AND hour >= $2";
// Each of the team's keys' hours since $2, summed (PostgreSQL's SUM of bigint is numeric: cast).
inline constexpr const char kTeamGatewayUsage[] =
    "SELECT api_key_id, '', team_id, MIN(hour), " KEYWARD_GATEWAY_SUMS
    " FROM gateway_usage WHERE team_id = $1 AND hour >= $2 GROUP BY api_key_id, team_id "
    "ORDER BY api_key_id";
inline constexpr const char kMarkServiceTokenUsed[] =
    "UPDATE service_tokens SET last_used_at = $2 "
    "WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2)";

inline constexpr const char kSetVerifyResult[] =
    "UPDATE api_keys SET verify_status = $3, verified_at = $4 "
    "WHERE team_id = $1 AND id = $2 AND type = $5 AND fingerprint = $6";

}  // namespace keyward::storage::sql
