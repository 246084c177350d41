#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "domain/result.h"
#include "storage/tx_audit.h"
#include "storage/tx_identity.h"
#include "storage/tx_keys.h"
#include "storage/tx_settings.h"
#include "storage/tx_table_rows.h"
#include "storage/tx_tokens.h"
#include "storage/tx_webhooks.h"
#include "storage/tx_wrapped_keys.h"

namespace keyward::storage {

// A transaction opened by Store::read: one consistent snapshot, reached through one interface
// per aggregate. It has no write method, so a read lambda that tries to write does not compile.
// Not thread-safe: a transaction belongs to the call that opened it.
class ReadTx {
 public:
  virtual ~ReadTx() = default;

  // API keys.
  virtual KeysReader& keys() = 0;
  // Users, teams, memberships, sessions, invitations and sign-in throttles.
  virtual IdentityReader& identity() = 0;
  // Service tokens.
  virtual TokensReader& tokens() = 0;
  // Users' personal access tokens.
  virtual PersonalTokensReader& personal_tokens() = 0;
  // The audit trail.
  virtual AuditReader& audit() = 0;
  // Server-wide settings.
  virtual SettingsReader& settings() = 0;
  // Team data keys and server keys, wrapped by the master key.
  virtual WrappedKeysReader& wrapped_keys() = 0;
  // Whole rows, for backup.
  virtual TableRowsReader& table_rows() = 0;
  // Webhook endpoints, the outbox and deliveries.
  virtual WebhooksReader& webhooks() = 0;
};

// A transaction opened by Store::write: everything a ReadTx reads, the same aggregates with
// their write operations, change notices and after-commit actions. Any constraint violation is
// ErrorCode::kConflict; a failure of the database is kInternal or kUnavailable.
class WriteTx : public ReadTx {
 public:
  // The same aggregates as ReadTx gives, with their write operations; valid until the
  // transaction ends.
  KeysWriter& keys() override = 0;
  IdentityWriter& identity() override = 0;
  TokensWriter& tokens() override = 0;
  PersonalTokensWriter& personal_tokens() override = 0;
  AuditWriter& audit() override = 0;
  SettingsWriter& settings() override = 0;
  WrappedKeysWriter& wrapped_keys() override = 0;
  TableRowsWriter& table_rows() override = 0;
  WebhooksWriter& webhooks() override = 0;

  // A change notice (a short JSON text, never a secret) for every server on this database,
  // delivered to their ChangeHandlers once the transaction commits, never if it rolls back.
  virtual Status notify(const std::string& payload) = 0;

  // Runs `action` once the transaction has committed, and never if it rolls back: for effects
  // outside the database (caches, notifications) that must match what was stored.
  void after_commit(std::function<void()> action) { after_commit_.push_back(std::move(action)); }
  // Called by the engine after a successful commit.
  void run_after_commit() {
    for (auto& action : after_commit_) action();
    after_commit_.clear();
  }

  // Test mode (StoreOptions::rehearse): runs `work` in a savepoint that is then rolled back, and
  // forgets the after-commit actions it queued, so the real run that follows starts from the
  // state the rehearsal saw. Its result is ignored: only what the real run does counts.
  Status rehearse(const std::function<Status(WriteTx&)>& work) {
    const std::size_t kept = after_commit_.size();
    KW_TRY_STATUS(control("SAVEPOINT rehearsal"));
    (void)work(*this);
    after_commit_.resize(kept);
    KW_TRY_STATUS(control("ROLLBACK TO SAVEPOINT rehearsal"));
    return control("RELEASE SAVEPOINT rehearsal");
  }

  // A named point in this transaction (SAVEPOINT) that rewind_to() undoes the writes back to:
  // for work nested in a write that may itself run again (a read inside a write). REQUIRES:
  // `name` is a plain SQL identifier.
  Status mark(const std::string& name) { return control(("SAVEPOINT " + name).c_str()); }
  Status rewind_to(const std::string& name) {
    return control(("ROLLBACK TO SAVEPOINT " + name).c_str());
  }

 protected:
  // Runs a transaction-control statement (SAVEPOINT, ROLLBACK TO, RELEASE) on the connection.
  virtual Status control(const char* sql) = 0;

 private:
  std::vector<std::function<void()>> after_commit_;
};

}  // namespace keyward::storage
