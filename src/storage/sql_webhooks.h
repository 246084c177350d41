#pragma once

// tx.webhooks() on an SQL engine's connection, with its SQL and row readers side by side.

#include <optional>
#include <string>
#include <vector>

#include "storage/sql_query.h"
#include "storage/string_list.h"
#include "storage/tx_webhooks.h"

namespace keyward::storage {

namespace sql {

#define KEYWARD_WEBHOOK_ENDPOINT_COLUMNS                                                        \
  "e.id, e.team_id, e.url, e.description, e.event_types, e.secret_ciphertext, e.secret_nonce, " \
  "e.enabled, e.disabled_reason, e.failing_since, e.created_at, COALESCE(e.created_by, ''), "   \
  "e.updated_at"
// A row of webhook_endpoints (as `e`).
struct WebhookEndpointRow {
  static constexpr const char* kColumns = KEYWARD_WEBHOOK_ENDPOINT_COLUMNS;
  // REQUIRES: the statement is on a row selected with kColumns, in that order, from `first`.
  template <typename Statement>
  static WebhookEndpoint read(const Statement& s) {
    ColumnReader r(s);
    WebhookEndpoint e;
    e.id = r.text();
    e.team_id = r.text();
    e.url = r.text();
    e.description = r.text();
    e.event_types = parse_string_list(r.text());
    e.secret_ciphertext = r.blob();
    e.secret_nonce = r.blob();
    e.enabled = r.flag();
    e.disabled_reason = r.optional_text();
    e.failing_since = r.optional_int64();
    e.created_at = r.int64();
    e.created_by = r.text();
    e.updated_at = r.int64();
    return e;
  }
};

#define KEYWARD_WEBHOOK_DELIVERY_COLUMNS                                                  \
  "d.id, d.endpoint_id, d.event_id, v.type, d.status, d.attempts, d.next_attempt_at, "    \
  "d.locked_until, d.first_attempt_at, d.last_status, d.last_duration_ms, d.last_error, " \
  "d.created_at, d.finished_at"
// A row of webhook_deliveries (as `d`) joined with its event (as `v`).
struct WebhookDeliveryRow {
  static constexpr const char* kColumns = KEYWARD_WEBHOOK_DELIVERY_COLUMNS;
  template <typename Statement>
  static WebhookDelivery read(const Statement& s) {
    ColumnReader r(s);
    WebhookDelivery d;
    d.id = r.text();
    d.endpoint_id = r.text();
    d.event_id = r.text();
    d.event_type = r.text();
    d.status = parse_delivery_status(r.text());
    d.attempts = r.int64();
    d.next_attempt_at = r.int64();
    d.locked_until = r.int64();
    d.first_attempt_at = r.optional_int64();
    d.last_status = r.optional_int64();
    d.last_duration_ms = r.optional_int64();
    d.last_error = r.optional_text();
    d.created_at = r.int64();
    d.finished_at = r.optional_int64();
    return d;
  }
};

inline constexpr const char kInsertWebhookEndpoint[] =
    "INSERT INTO webhook_endpoints (id, team_id, url, description, event_types, "
    "secret_ciphertext, secret_nonce, enabled, disabled_reason, failing_since, created_at, "
    "created_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
inline constexpr const char kWebhookEndpoints[] =
    "SELECT " KEYWARD_WEBHOOK_ENDPOINT_COLUMNS
    " FROM webhook_endpoints e WHERE e.team_id = $1 ORDER BY e.created_at, e.id";
inline constexpr const char kEnabledWebhookEndpoints[] =
    "SELECT " KEYWARD_WEBHOOK_ENDPOINT_COLUMNS
    " FROM webhook_endpoints e WHERE e.team_id = $1 AND e.enabled = 1 ORDER BY e.created_at, e.id";
inline constexpr const char kFindWebhookEndpoint[] =
    "SELECT " KEYWARD_WEBHOOK_ENDPOINT_COLUMNS
    " FROM webhook_endpoints e WHERE e.team_id = $1 AND e.id = $2";
inline constexpr const char kUpdateWebhookEndpoint[] =
    "UPDATE webhook_endpoints SET url = $3, description = $4, event_types = $5, enabled = $6, "
    "disabled_reason = $7, failing_since = $8, updated_at = $9 WHERE team_id = $1 AND id = $2";
inline constexpr const char kDeleteWebhookEndpoint[] =
    "DELETE FROM webhook_endpoints WHERE team_id = $1 AND id = $2";
inline constexpr const char kSetWebhookEndpointHealth[] =
    "UPDATE webhook_endpoints SET failing_since = $2, "
    "enabled = CASE WHEN $3 = 1 THEN 0 ELSE enabled END, "
    "disabled_reason = CASE WHEN $3 = 1 THEN $4 ELSE disabled_reason END, "
    "updated_at = CASE WHEN $3 = 1 THEN $5 ELSE updated_at END WHERE id = $1";

inline constexpr const char kInsertWebhookEvent[] =
    "INSERT INTO webhook_events (id, team_id, type, payload, created_at) "
    "VALUES ($1, $2, $3, $4, $5)";
inline constexpr const char kInsertWebhookDelivery[] =
    "INSERT INTO webhook_deliveries (id, endpoint_id, event_id, status, attempts, "
    "next_attempt_at, locked_until, created_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $7)";
inline constexpr const char kWebhookDeliveries[] =
    "SELECT " KEYWARD_WEBHOOK_DELIVERY_COLUMNS
    " FROM webhook_deliveries d JOIN webhook_events v ON v.id = d.event_id "
    "WHERE d.endpoint_id = $1 ORDER BY d.seq DESC LIMIT $2 OFFSET $3";
inline constexpr const char kCountWebhookDeliveries[] =
    "SELECT COUNT(*) FROM webhook_deliveries WHERE endpoint_id = $1";
inline constexpr const char kFindWebhookDelivery[] =
    "SELECT " KEYWARD_WEBHOOK_DELIVERY_COLUMNS
    " FROM webhook_deliveries d JOIN webhook_events v ON v.id = d.event_id "
    "WHERE d.endpoint_id = $1 AND d.id = $2";

// What is due: see WebhooksWriter::claim_due. The PostgreSQL form locks the rows it returns and
// skips rows another server holds.
#define KEYWARD_DUE_WEBHOOK_DELIVERIES                                                      \
  "SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id " \
  "WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND d.locked_until <= $1 "        \
  "AND e.enabled = 1 AND NOT EXISTS (SELECT 1 FROM webhook_deliveries o "                   \
  "WHERE o.endpoint_id = d.endpoint_id AND o.status = 'pending' AND o.seq < d.seq) "        \
  "ORDER BY d.seq LIMIT $2"
inline constexpr const char kDueWebhookDeliveries[] = KEYWARD_DUE_WEBHOOK_DELIVERIES;
inline constexpr const char kDueWebhookDeliveriesSkipLocked[] =
    KEYWARD_DUE_WEBHOOK_DELIVERIES " FOR UPDATE OF d SKIP LOCKED";
inline constexpr const char kLeaseWebhookDelivery[] =
    "UPDATE webhook_deliveries SET locked_until = $2 WHERE id = $1";
inline constexpr const char kClaimedWebhookDelivery[] =
    "SELECT " KEYWARD_WEBHOOK_DELIVERY_COLUMNS ", " KEYWARD_WEBHOOK_ENDPOINT_COLUMNS
    ", v.id, v.team_id, v.type, v.payload, v.created_at "
    "FROM webhook_deliveries d JOIN webhook_events v ON v.id = d.event_id "
    "JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = $1";
inline constexpr const char kRecordWebhookAttempt[] =
    "UPDATE webhook_deliveries SET attempts = attempts + 1, status = $3, next_attempt_at = $4, "
    "locked_until = 0, first_attempt_at = $5, last_status = $6, last_duration_ms = $7, "
    "last_error = $8, finished_at = $9 WHERE id = $1 AND attempts = $2";

}  // namespace sql

// tx.webhooks() on an SQL engine's connection.
template <typename Connection>
class SqlWebhooks final : public WebhooksWriter {
 public:
  // Reads and writes through `db`, which must outlive this and carry the open transaction.
  explicit SqlWebhooks(Connection& db) : db_(db) {}

  // PostgreSQL: claim with FOR UPDATE SKIP LOCKED (several servers share the outbox).
  void use_skip_locked() { skip_locked_ = true; }

  Result<std::vector<WebhookEndpoint>> list_endpoints(const std::string& team_id) override {
    return endpoints(sql::kWebhookEndpoints, team_id);
  }
  Result<std::vector<WebhookEndpoint>> enabled_endpoints(const std::string& team_id) override {
    return endpoints(sql::kEnabledWebhookEndpoints, team_id);
  }
  Result<std::optional<WebhookEndpoint>> find_endpoint(const std::string& team_id,
                                                       const std::string& id) override {
    return sql::query_one<WebhookEndpoint>(
        db_, sql::kFindWebhookEndpoint, [&](auto& s) { s.bind(1, team_id).bind(2, id); },
        [](auto& s) { return sql::WebhookEndpointRow::read(s); });
  }
  Result<Page<WebhookDelivery>> list_deliveries(const std::string& endpoint_id, int page,
                                                int page_size) override {
    Page<WebhookDelivery> out;
    KW_TRY(total,
           sql::count(db_, sql::kCountWebhookDeliveries, [&](auto& s) { s.bind(1, endpoint_id); }));
    out.total = total;
    KW_TRY(items, sql::query_all<WebhookDelivery>(
                      db_, sql::kWebhookDeliveries,
                      [&](auto& s) {
                        s.bind(1, endpoint_id)
                            .bind(2, static_cast<std::int64_t>(page_size))
                            .bind(3, static_cast<std::int64_t>(page - 1) * page_size);
                      },
                      [](auto& s) { return sql::WebhookDeliveryRow::read(s); }));
    out.items = std::move(items);
    return out;
  }
  Result<std::optional<WebhookDelivery>> find_delivery(const std::string& endpoint_id,
                                                       const std::string& id) override {
    return sql::query_one<WebhookDelivery>(
        db_, sql::kFindWebhookDelivery, [&](auto& s) { s.bind(1, endpoint_id).bind(2, id); },
        [](auto& s) { return sql::WebhookDeliveryRow::read(s); });
  }

  Status insert_endpoint(const WebhookEndpoint& e) override {
    return sql::run(db_, sql::kInsertWebhookEndpoint, [&](auto& s) {
      sql::ParameterBinder(s)
          .text(e.id)
          .text(e.team_id)
          .text(e.url)
          .text(e.description)
          .text(string_list_json(e.event_types))
          .blob(e.secret_ciphertext)
          .blob(e.secret_nonce)
          .flag(e.enabled)
          .optional_text(e.disabled_reason)
          .optional_int64(e.failing_since)
          .int64(e.created_at)
          .optional_text(e.created_by.empty() ? std::nullopt
                                              : std::optional<std::string>(e.created_by))
          .int64(e.updated_at);
    });
  }
  Result<bool> update_endpoint(const WebhookEndpoint& e) override {
    return sql::run_changing_one(db_, sql::kUpdateWebhookEndpoint, [&](auto& s) {
      sql::ParameterBinder(s)
          .text(e.team_id)
          .text(e.id)
          .text(e.url)
          .text(e.description)
          .text(string_list_json(e.event_types))
          .flag(e.enabled)
          .optional_text(e.disabled_reason)
          .optional_int64(e.failing_since)
          .int64(e.updated_at);
    });
  }
  Result<bool> delete_endpoint(const std::string& team_id, const std::string& id) override {
    return sql::run_changing_one(db_, sql::kDeleteWebhookEndpoint,
                                 [&](auto& s) { s.bind(1, team_id).bind(2, id); });
  }

  Status insert_event(const WebhookEvent& v) override {
    return sql::run(db_, sql::kInsertWebhookEvent, [&](auto& s) {
      sql::ParameterBinder(s).text(v.id).text(v.team_id).text(v.type).text(v.payload).int64(
          v.created_at);
    });
  }
  Status insert_delivery(const WebhookDelivery& d) override {
    return sql::run(db_, sql::kInsertWebhookDelivery, [&](auto& s) {
      sql::ParameterBinder(s)
          .text(d.id)
          .text(d.endpoint_id)
          .text(d.event_id)
          .text(delivery_status_name(d.status))
          .int64(d.attempts)
          .int64(d.next_attempt_at)
          .int64(d.created_at);
    });
  }

  Result<std::vector<ClaimedDelivery>> claim_due(std::int64_t now, std::int64_t lease_until,
                                                 int limit) override {
    KW_TRY(
        ids,
        sql::query_all<std::string>(
            db_, skip_locked_ ? sql::kDueWebhookDeliveriesSkipLocked : sql::kDueWebhookDeliveries,
            [&](auto& s) { s.bind(1, now).bind(2, static_cast<std::int64_t>(limit)); },
            [](auto& s) { return s.column_text(0); }));
    std::vector<ClaimedDelivery> out;
    for (const auto& id : ids) {
      KW_TRY_STATUS(sql::run(db_, sql::kLeaseWebhookDelivery,
                             [&](auto& s) { s.bind(1, id).bind(2, lease_until); }));
      KW_TRY(claimed, sql::query_one<ClaimedDelivery>(
                          db_, sql::kClaimedWebhookDelivery, [&](auto& s) { s.bind(1, id); },
                          [](auto& s) { return read_claimed(s); }));
      if (claimed) out.push_back(std::move(*claimed));
    }
    return out;
  }
  Result<bool> record_attempt(const WebhookDelivery& d) override {
    return sql::run_changing_one(db_, sql::kRecordWebhookAttempt, [&](auto& s) {
      sql::ParameterBinder(s)
          .text(d.id)
          .int64(d.attempts)
          .text(delivery_status_name(d.status))
          .int64(d.next_attempt_at)
          .optional_int64(d.first_attempt_at)
          .optional_int64(d.last_status)
          .optional_int64(d.last_duration_ms)
          .optional_text(d.last_error)
          .optional_int64(d.finished_at);
    });
  }
  Status set_endpoint_health(const std::string& endpoint_id,
                             std::optional<std::int64_t> failing_since, bool disable,
                             const std::string& reason, std::int64_t now) override {
    return sql::run(db_, sql::kSetWebhookEndpointHealth, [&](auto& s) {
      sql::ParameterBinder(s)
          .text(endpoint_id)
          .optional_int64(failing_since)
          .flag(disable)
          .text(reason)
          .int64(now);
    });
  }

 private:
  Result<std::vector<WebhookEndpoint>> endpoints(const char* sql_text, const std::string& team_id) {
    return sql::query_all<WebhookEndpoint>(
        db_, sql_text, [&](auto& s) { s.bind(1, team_id); },
        [](auto& s) { return sql::WebhookEndpointRow::read(s); });
  }

  // A kClaimedWebhookDelivery row: the delivery's columns, then the endpoint's, then the event's.
  template <typename Statement>
  static ClaimedDelivery read_claimed(const Statement& s) {
    ClaimedDelivery c;
    c.delivery = sql::WebhookDeliveryRow::read(s);
    constexpr int kDeliveryColumns = 14;
    constexpr int kEndpointColumns = 13;
    OffsetStatement<Statement> endpoint{s, kDeliveryColumns};
    c.endpoint = sql::WebhookEndpointRow::read(endpoint);
    OffsetStatement<Statement> event{s, kDeliveryColumns + kEndpointColumns};
    sql::ColumnReader r(event);
    c.event.id = r.text();
    c.event.team_id = r.text();
    c.event.type = r.text();
    c.event.payload = r.text();
    c.event.created_at = r.int64();
    return c;
  }

  // A statement's columns seen from `offset` on, so a row reader can read a joined row's part.
  template <typename Statement>
  struct OffsetStatement {
    const Statement& s;
    int offset;
    std::string column_text(int i) const { return s.column_text(i + offset); }
    std::string column_blob(int i) const { return s.column_blob(i + offset); }
    std::int64_t column_int64(int i) const { return s.column_int64(i + offset); }
    bool column_is_null(int i) const { return s.column_is_null(i + offset); }
  };

  Connection& db_;
  bool skip_locked_ = false;
};

}  // namespace keyward::storage
