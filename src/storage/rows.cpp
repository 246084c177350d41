#include "storage/rows.h"

namespace keyward::storage {
namespace {

constexpr ColumnKind T = ColumnKind::kText;
constexpr ColumnKind I = ColumnKind::kInteger;
constexpr ColumnKind B = ColumnKind::kBlob;

TableSpec table(std::string name, std::vector<Column> columns, const std::string& order_by) {
  TableSpec spec{std::move(name), std::move(columns), {}, {}, {}};
  std::string list;
  std::string params;
  for (std::size_t i = 0; i < spec.columns.size(); ++i) {
    if (i > 0) {
      list += ", ";
      params += ", ";
    }
    list += spec.columns[i].name;
    params += '$';
    params += std::to_string(i + 1);
  }
  spec.select_sql = "SELECT " + list + " FROM " + spec.name + " ORDER BY " + order_by;
  spec.insert_sql = "INSERT INTO " + spec.name + " (" + list + ") VALUES (" + params + ")";
  spec.count_sql = "SELECT COUNT(*) FROM " + spec.name;
  return spec;
}

}  // namespace

const std::vector<TableSpec>& data_tables() {
  static const std::vector<TableSpec> kTables = {
      // Format 4 added secret versions: the teams' setting, each key's secret version (an
      // older export's keys are unversioned, 0, and re-sealed as version 1 by the next start)
      // and api_key_versions. Format 5 added labels: the keys' and the service tokens' (an
      // older export's have none, '[]'; api_key_labels is rebuilt by triggers as keys go in).
      // Format 6 added expiry and rotation: the teams' settings, the keys' dates and marks (an
      // older export's keys have none, so no marks) and the scheduler's api_key_notices.
      // Format 10 added the service tokens' gateway limits (an older export's have none).
      // Format 8 added the gateway's disabling of keys; format 9 its usage (gateway_usage: an
      // older export has none), the teams' rejection streak (3 before) and keys' base URLs.
      table("teams",
            {{"id", T},
             {"name", T},
             {"created_at", I},
             {"secret_versions_kept", I, 4, 10},
             {"rotate_every_days", I, 6, 0, "", true},
             {"expiry_warning_days", I, 6, 14},
             {"expired_key_policy", T, 6, 0, "warn"},
             {"reverify_every_days", I, 6, 0, "", true},
             {"gateway_disable_after", I, 9, 3}},
            "id"),
      table("users",
            {{"id", T},
             {"email", T},
             {"name", T},
             {"password_hash", T},
             {"created_at", I},
             {"updated_at", I}},
            "id"),
      table("memberships", {{"team_id", T}, {"user_id", T}, {"role", T}, {"created_at", I}},
            "team_id, user_id"),
      table("team_keys",
            {{"team_id", T},
             {"master_key_id", T},
             {"wrapped_key", B},
             {"nonce", B},
             {"created_at", I},
             {"rotated_at", I}},
            "team_id"),
      table("api_keys",
            {{"id", T},
             {"team_id", T},
             {"type", T},
             {"description", T},
             {"ciphertext", B},
             {"nonce", B},
             {"key_hint", T},
             {"fingerprint", B},
             {"version", I},
             {"is_default", I},
             {"created_at", I},
             {"created_by", T},
             {"updated_at", I},
             {"updated_by", T},
             {"last_used_at", I},
             {"verify_status", T},
             {"verified_at", I},
             {"secret_version", I, 4, 0},
             {"labels", T, 5, 0, "[]"},
             {"expires_at", I, 6, 0, "", true},
             {"rotate_every_days", I, 6, 0, "", true},
             {"expiry_warn_at", I, 6, 0, "", true},
             {"rotation_due_at", I, 6, 0, "", true},
             {"disabled_at", I, 8, 0, "", true},
             {"disabled_reason", T, 8, 0, "", true},
             {"base_url", T, 9, 0, "", true}},
            "created_at, id"),
      table("api_key_versions",
            {{"api_key_id", T},
             {"version", I},
             {"team_id", T},
             {"ciphertext", B},
             {"nonce", B},
             {"key_hint", T},
             {"fingerprint", B},
             {"created_at", I},
             {"created_by", T},
             {"change", T},
             {"restored_from", I}},
            "api_key_id, version"),
      table("gateway_usage",
            {{"api_key_id", T},
             {"token_id", T},
             {"hour", I},
             {"team_id", T},
             {"requests", I},
             {"status_2xx", I},
             {"status_3xx", I},
             {"status_4xx", I},
             {"status_5xx", I},
             {"failed", I},
             {"bytes_in", I},
             {"bytes_out", I},
             {"latency_us", I},
             {"input_tokens", I},
             {"output_tokens", I}},
            "api_key_id, token_id, hour"),
      table("api_key_notices",
            {{"api_key_id", T}, {"kind", T}, {"due_at", I}, {"team_id", T}, {"created_at", I}},
            "api_key_id, kind, due_at"),
      table("audit_events",
            {{"id", T},
             {"team_id", T},
             {"at", I},
             {"actor_type", T},
             {"actor_id", T},
             {"action", T},
             {"target_id", T},
             {"ip", T},
             {"user_agent", T},
             {"details", T},
             {"prev_hash", B},
             {"hash", B}},
            "seq"),
      table("sessions",
            {{"token_hash", B},
             {"id", T},
             {"user_id", T},
             {"created_at", I},
             {"last_seen_at", I},
             {"expires_at", I},
             {"ip", T},
             {"user_agent", T}},
            "id"),
      table("service_tokens",
            {{"id", T},
             {"team_id", T},
             {"name", T},
             {"token_hash", B},
             {"types", T},
             {"created_at", I},
             {"created_by", T},
             {"expires_at", I},
             {"last_used_at", I},
             {"revoked_at", I},
             {"labels", T, 5, 0, "[]"},
             {"requests_per_minute", I, 10, 0, "", true},
             {"requests_per_month", I, 10, 0, "", true}},
            "id"),
      // Format 11 added personal access tokens (an older export has none).
      table("personal_tokens",
            {{"id", T},
             {"user_id", T},
             {"name", T},
             {"token_hash", B},
             {"grants", T},
             {"created_at", I},
             {"expires_at", I},
             {"last_used_at", I},
             {"revoked_at", I}},
            "id"),
      table("invitations",
            {{"id", T},
             {"team_id", T},
             {"email", T},
             {"role", T},
             {"token_hash", B},
             {"created_at", I},
             {"created_by", T},
             {"expires_at", I},
             {"accepted_at", I}},
            "id"),
      table("settings", {{"key", T}, {"value", B}}, "key"),
      table("login_throttle",
            {{"key", T}, {"failures", I}, {"window_start", I}, {"locked_until", I}}, "key"),
      table("server_keys",
            {{"name", T},
             {"master_key_id", T},
             {"wrapped_key", B},
             {"nonce", B},
             {"created_at", I},
             {"rotated_at", I}},
            "name"),
      // Format 7 added webhooks; an earlier export has none. The outbox order (seq) is not
      // copied: rows go in in that order and get new numbers in the same order.
      table("webhook_endpoints",
            {{"id", T},
             {"team_id", T},
             {"url", T},
             {"description", T},
             {"event_types", T},
             {"secret_ciphertext", B},
             {"secret_nonce", B},
             {"enabled", I},
             {"disabled_reason", T},
             {"failing_since", I},
             {"created_at", I},
             {"created_by", T},
             {"updated_at", I}},
            "created_at, id"),
      table("webhook_events",
            {{"id", T}, {"team_id", T}, {"type", T}, {"payload", T}, {"created_at", I}}, "seq"),
      table("webhook_deliveries",
            {{"id", T},
             {"endpoint_id", T},
             {"event_id", T},
             {"status", T},
             {"attempts", I},
             {"next_attempt_at", I},
             {"locked_until", I},
             {"first_attempt_at", I},
             {"last_status", I},
             {"last_duration_ms", I},
             {"last_error", T},
             {"created_at", I},
             {"finished_at", I}},
            "seq"),
  };
  return kTables;
}

}  // namespace keyward::storage
