#pragma once

// The transaction written once for every SQL engine: SqlTx<Connection> composes the aggregates
// of storage/sql_*.h on one connection. Each engine derives its Tx from it and adds what differs:
// listing and searching API keys (its own KeysWriter) and change notices.

#include "storage/sql_audit.h"
#include "storage/sql_concepts.h"
#include "storage/sql_identity.h"
#include "storage/sql_settings.h"
#include "storage/sql_table_rows.h"
#include "storage/sql_tokens.h"
#include "storage/sql_webhooks.h"
#include "storage/sql_wrapped_keys.h"
#include "storage/tx.h"

namespace keyward::storage {

// The aggregates of one transaction on `connection`. Not thread-safe: one transaction, one thread.
template <SqlConnection Connection>
class SqlTx : public WriteTx {
 public:
  // REQUIRES: `connection` outlives this and has the transaction open.
  explicit SqlTx(Connection& connection)
      : db_(connection),
        identity_(connection),
        tokens_(connection),
        personal_tokens_(connection),
        audit_(connection),
        settings_(connection),
        wrapped_keys_(connection),
        table_rows_(connection),
        webhooks_(connection) {}

  // The sealer audit().append uses; set by the engine when it opens the transaction.
  void use_audit_sealer(const AuditSealer* sealer) { audit_.use_sealer(sealer); }

  // The aggregates on this transaction's connection, valid until it ends.
  IdentityWriter& identity() override { return identity_; }
  TokensWriter& tokens() override { return tokens_; }
  PersonalTokensWriter& personal_tokens() override { return personal_tokens_; }
  AuditWriter& audit() override { return audit_; }
  SettingsWriter& settings() override { return settings_; }
  WrappedKeysWriter& wrapped_keys() override { return wrapped_keys_; }
  TableRowsWriter& table_rows() override { return table_rows_; }
  WebhooksWriter& webhooks() override { return webhooks_; }

 protected:
  Status control(const char* sql) override { return db_.exec(sql); }
  // PostgreSQL: several servers claim deliveries at once.
  void claim_with_skip_locked() { webhooks_.use_skip_locked(); }

  Connection& db_;

 private:
  SqlIdentity<Connection> identity_;
  SqlTokens<Connection> tokens_;
  SqlPersonalTokens<Connection> personal_tokens_;
  SqlAudit<Connection> audit_;
  SqlSettings<Connection> settings_;
  SqlWrappedKeys<Connection> wrapped_keys_;
  SqlTableRows<Connection> table_rows_;
  SqlWebhooks<Connection> webhooks_;
};

}  // namespace keyward::storage
