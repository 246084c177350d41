#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/api_key.h"
#include "domain/identity.h"
#include "domain/result.h"
#include "storage/rows.h"

namespace keyward::storage {

class WriteGroups;

// What a migration run did.
struct MigrationReport {
  std::vector<int> applied;  // versions applied by this run, in order
  int current_version = 0;   // the schema version afterwards
};

// A team's data key as stored: wrapped by the master key named by `master_key_id`.
struct TeamKeyRow {
  std::string team_id;
  std::string master_key_id;
  std::string wrapped_key;
  std::string nonce;
};

// A server-wide key (server_keys: "fingerprint"), wrapped by the master key `master_key_id`.
struct ServerKeyRow {
  std::string name;
  std::string master_key_id;
  std::string wrapped_key;
  std::string nonce;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;
};

// Computes an audit event's chain hash from the previous event's hash (empty for a chain's first
// event) and the event's fields. Set on the Store by the API layer, which holds the key.
using AuditSealer =
    std::function<std::string(const std::string& prev_hash, const AuditEvent& event)>;

// The data operations, all inside one transaction opened by Store::read or Store::write. A
// missing row is an empty optional, not an error; errors are database failures or conflicts
// (kConflict for a unique violation). Not thread-safe: a Tx belongs to the call that opened it.
class Tx {
 public:
  virtual ~Tx() = default;

  // Runs `action` once the transaction has committed, and never if it rolls back: for effects
  // outside the database (caches, notifications) that must match what was stored.
  void after_commit(std::function<void()> action) { after_commit_.push_back(std::move(action)); }
  // Set by the engine when it opens the transaction.
  void use_audit_sealer(const AuditSealer* sealer) { audit_sealer_ = sealer; }

  // Test mode (StoreOptions::rehearse): runs `work` in a savepoint that is then rolled back, and
  // forgets the after-commit actions it queued, so the real run that follows starts from the
  // state the rehearsal saw. Its result is ignored: only what the real run does counts.
  Status rehearse(const std::function<Status(Tx&)>& work) {
    const std::size_t kept = after_commit_.size();
    if (auto s = control("SAVEPOINT rehearsal"); !s) return s;
    (void)work(*this);
    after_commit_.resize(kept);
    if (auto s = control("ROLLBACK TO SAVEPOINT rehearsal"); !s) return s;
    return control("RELEASE SAVEPOINT rehearsal");
  }

  // A named point in this transaction (SAVEPOINT) that rewind_to() undoes the writes back to:
  // for work nested in a write that may itself run again (a read inside a write). REQUIRES:
  // `name` is a plain SQL identifier.
  Status mark(const std::string& name) { return control(("SAVEPOINT " + name).c_str()); }
  Status rewind_to(const std::string& name) {
    return control(("ROLLBACK TO SAVEPOINT " + name).c_str());
  }

  // Called by the engine after a successful commit.
  void run_after_commit() {
    for (auto& action : after_commit_) action();
    after_commit_.clear();
  }

  // A change notice (a short JSON text, never a secret) for every server on this database,
  // delivered to their ChangeHandlers once the transaction commits, never if it rolls back.
  virtual Status notify(const std::string& payload) = 0;

  // Settings: small values keyed by name (the setup token hash, for one).
  virtual Result<std::optional<std::string>> get_setting(const std::string& key) = 0;
  virtual Status put_setting(const std::string& key, const std::string& value) = 0;
  virtual Status delete_setting(const std::string& key) = 0;

  virtual Result<bool> any_user() = 0;
  virtual Status insert_user(const User& user) = 0;
  virtual Result<std::optional<User>> find_user_by_email(const std::string& email) = 0;
  virtual Result<std::optional<User>> find_user(const std::string& id) = 0;
  virtual Status update_password(const std::string& user_id, const std::string& hash) = 0;

  virtual Status insert_team(const Team& team) = 0;
  virtual Result<std::optional<Team>> find_team(const std::string& id) = 0;
  virtual Result<std::vector<TeamWithRole>> teams_of_user(const std::string& user_id) = 0;

  virtual Status insert_membership(const std::string& team_id, const std::string& user_id,
                                   Role role, std::int64_t at) = 0;
  virtual Result<std::optional<Role>> find_role(const std::string& team_id,
                                                const std::string& user_id) = 0;
  virtual Result<std::vector<Member>> members(const std::string& team_id) = 0;
  virtual Status update_role(const std::string& team_id, const std::string& user_id, Role role) = 0;
  virtual Status delete_membership(const std::string& team_id, const std::string& user_id) = 0;
  virtual Result<int> count_owners(const std::string& team_id) = 0;

  virtual Status insert_session(const Session& session) = 0;
  virtual Result<std::optional<Session>> find_session(const std::string& token_hash) = 0;
  virtual Status touch_session(const std::string& token_hash, std::int64_t at) = 0;
  virtual Status delete_session(const std::string& token_hash) = 0;
  virtual Status delete_sessions_of_user(const std::string& user_id) = 0;
  virtual Status delete_expired_sessions(std::int64_t idle_before, std::int64_t now) = 0;

  virtual Status insert_invitation(const Invitation& invitation) = 0;
  virtual Result<std::optional<Invitation>> find_invitation(const std::string& token_hash) = 0;
  virtual Status mark_invitation_accepted(const std::string& id, std::int64_t at) = 0;
  // The team's invitations neither accepted nor expired at `now`, oldest first.
  virtual Result<std::vector<Invitation>> pending_invitations(const std::string& team_id,
                                                              std::int64_t now) = 0;
  // Deletes a pending invitation of the team; false when none has that id.
  virtual Result<bool> delete_invitation(const std::string& team_id, const std::string& id) = 0;
  // Deletes the team's pending invitations of `email` (a new one replaces them).
  virtual Status delete_pending_invitations_for(const std::string& team_id,
                                                const std::string& email) = 0;

  virtual Result<std::optional<ThrottleState>> get_throttle(const std::string& key) = 0;
  virtual Status put_throttle(const std::string& key, const ThrottleState& state) = 0;
  virtual Status delete_throttle(const std::string& key) = 0;

  // Appends to the event's team chain: reads the chain's head, seals the event with the store's
  // AuditSealer (none set: the event is stored unchained) and inserts it.
  virtual Status insert_audit(const AuditEvent& event) = 0;
  // The team's audit trail, newest first.
  virtual Result<Page<AuditEvent>> list_audit(const std::string& team_id, int page,
                                              int page_size) = 0;

  virtual Result<std::optional<TeamKeyRow>> find_team_key(const std::string& team_id) = 0;
  virtual Status insert_team_key(const TeamKeyRow& row, std::int64_t at) = 0;
  virtual Result<std::vector<TeamKeyRow>> all_team_keys() = 0;
  virtual Status update_team_key(const TeamKeyRow& row, std::int64_t at) = 0;

  virtual Result<std::optional<ServerKeyRow>> find_server_key(const std::string& name) = 0;
  // Stores the key unless one of that name exists (then false, and the stored one stays).
  virtual Result<bool> insert_server_key(const ServerKeyRow& row, std::int64_t at) = 0;
  virtual Result<std::vector<ServerKeyRow>> all_server_keys() = 0;
  virtual Status update_server_key(const ServerKeyRow& row, std::int64_t at) = 0;

  virtual Status insert_api_key(const ApiKey& key) = 0;
  virtual Result<std::optional<ApiKey>> find_api_key(const std::string& team_id,
                                                     const std::string& id) = 0;
  virtual Result<std::optional<ApiKey>> find_api_key_by_fingerprint(
      const std::string& team_id, const std::string& fingerprint) = 0;
  // Writes every mutable column of `key` where the stored version is `expected_version`; false
  // when no row matched (deleted, or changed meanwhile).
  virtual Result<bool> update_api_key(const ApiKey& key, std::int64_t expected_version) = 0;
  virtual Result<bool> delete_api_key(const std::string& team_id, const std::string& id) = 0;
  // Clears is_default on the team's keys of `type`; returns how many changed.
  virtual Result<int> clear_default(const std::string& team_id, const std::string& type) = 0;
  virtual Result<Page<ApiKey>> list_api_keys(const std::string& team_id,
                                             const ListQuery& query) = 0;

  virtual Status insert_service_token(const ServiceToken& token) = 0;
  virtual Result<std::vector<ServiceToken>> service_tokens(const std::string& team_id) = 0;
  virtual Result<std::optional<ServiceToken>> find_service_token(const std::string& token_hash) = 0;
  // Sets revoked_at where it is not set yet; false when no live token of the team has that id.
  virtual Result<bool> revoke_service_token(const std::string& team_id, const std::string& id,
                                            std::int64_t at) = 0;
  // The team's default key of `type`, else its newest key of that type.
  virtual Result<std::optional<ApiKey>> resolve_api_key(const std::string& team_id,
                                                        const std::string& type) = 0;
  // Batched usage: last_used_at moves forward only.
  virtual Status mark_api_key_used(const std::string& id, std::int64_t at) = 0;
  virtual Status mark_service_token_used(const std::string& id, std::int64_t at) = 0;
  // Records a verification result (not an edit: the version stays), only while the key still
  // has the `type` and `fingerprint` that were checked; false when it is gone or was changed
  // meanwhile (a result must never land on another secret or provider).
  virtual Result<bool> set_verify_result(const std::string& team_id, const std::string& id,
                                         const std::string& type, const std::string& fingerprint,
                                         const std::string& status, std::int64_t at) = 0;

  // Whole rows, for backup and restore (see storage/rows.h).
  virtual Status scan_table(const TableSpec& table,
                            const std::function<Status(const Row&)>& each) = 0;
  virtual Status insert_row(const TableSpec& table, const Row& row) = 0;
  virtual Result<std::int64_t> count_rows(const TableSpec& table) = 0;

 protected:
  // Runs a transaction-control statement (SAVEPOINT, ROLLBACK TO, RELEASE) on the connection.
  virtual Status control(const char* sql) = 0;

  const AuditSealer* audit_sealer_ = nullptr;

 private:
  std::vector<std::function<void()>> after_commit_;
};

// Receives the change notices of Tx::notify from every server on the database, in commit order
// per server. `on_gap` runs when notices may have been lost (the listening connection dropped
// and came back): caches must then forget everything.
struct ChangeHandler {
  std::function<void(const std::string& payload)> on_change;
  std::function<void()> on_gap;
};

// The one storage interface the API layer talks to; one engine per database kind. Every method is
// thread-safe: engines keep a pool of connections and each call borrows one.
class Store {
 public:
  virtual ~Store() = default;

  // Checks that the database answers a trivial query (used by /readyz).
  virtual Status ping() = 0;

  // Applies the migrations not yet recorded, each in its own transaction. Idempotent: a second
  // run applies nothing. Safe when several processes start at once.
  virtual Result<MigrationReport> migrate() = 0;

  // The highest migration version recorded, 0 for an empty database.
  virtual Result<int> schema_version() = 0;

  // A short name for logs: "sqlite" or "postgresql".
  virtual std::string engine() const = 0;

  // Runs `work` in one write transaction: committed when it returns ok, rolled back otherwise.
  // Writers are serialised; the whole of `work` sees one consistent state. Concurrent writes may
  // share a transaction (group commit, storage/write_groups.h), each in its own savepoint: one
  // that fails is rolled back alone, and each returns when its group is durable.
  // `work` MAY RUN MORE THAN ONCE (PostgreSQL reruns a group after a serialization failure; the
  // rehearsal test mode always runs it twice): keep every piece of state it builds inside it,
  // and assign (never append to) anything it hands out through a capture.
  virtual Status write(const std::function<Status(Tx&)>& work) = 0;
  // The group commit's counters, for tests.
  virtual const WriteGroups& write_groups() const = 0;

  // Runs `work` on one consistent read snapshot. Writes inside it are a programmer error. Like a
  // write, `work` MAY RUN MORE THAN ONCE (PostgreSQL retries; the rehearsal test mode).
  virtual Status read(const std::function<Status(Tx&)>& work) = 0;

  // The sealer every later insert_audit uses. Call before serving: not synchronised with
  // running transactions.
  void set_audit_sealer(AuditSealer sealer) { audit_sealer_ = std::move(sealer); }
  const AuditSealer* audit_sealer() const { return audit_sealer_ ? &audit_sealer_ : nullptr; }

  // Delivers change notices to `handler`: on the committing thread for SQLite (one process), on
  // a listener thread for PostgreSQL (every server). One handler per store.
  virtual Status listen(ChangeHandler handler) = 0;
  // Stops delivering; called before the handler's targets go away.
  virtual void stop_listening() = 0;

 private:
  AuditSealer audit_sealer_;
};

// Runs `work` in a write transaction and returns its value.
template <typename T>
Result<T> write(Store& store, const std::function<Result<T>(Tx&)>& work) {
  std::optional<Result<T>> out;
  Status status = store.write([&](Tx& tx) -> Status {
    out.emplace(work(tx));
    if (!out->ok()) return out->error();
    return ok_status();
  });
  if (!status.ok()) return std::move(status).error();
  return std::move(*out);
}

// Runs `work` on a read snapshot and returns its value.
template <typename T>
Result<T> read(Store& store, const std::function<Result<T>(Tx&)>& work) {
  std::optional<Result<T>> out;
  Status status = store.read([&](Tx& tx) -> Status {
    out.emplace(work(tx));
    if (!out->ok()) return out->error();
    return ok_status();
  });
  if (!status.ok()) return std::move(status).error();
  return std::move(*out);
}

struct StoreOptions {
  int pool_size = 4;  // connections kept open; one per concurrently running query
  // SQLite search plans (see storage/sqlite/list_query.h). A team of at most scan_team_limit
  // keys is searched by scanning its description index (no probe of the shared index can be
  // cheaper). In a larger team, a term matching at most rare_match_limit rows in all teams looks
  // each match up by id; more, and it scans too. Tests set them to force either plan.
  std::int64_t scan_team_limit = 2000;
  std::int64_t rare_match_limit = 2000;
  // SQLite: a team of at least this many keys is searched in a copy of its descriptions held in
  // memory (storage/sqlite/description_index.h), within this many bytes for all teams.
  std::int64_t memory_search_min_keys = 2001;
  std::size_t memory_search_bytes = std::size_t{32} << 20;
  // Test mode: every write's work runs once in a savepoint that is rolled back, then for real,
  // and every read's work runs twice, so a lambda that keeps state between runs shows up in the
  // tests. open_store() turns it on when KEYWARD_TEST_REHEARSE_TRANSACTIONS=1.
  bool rehearse = false;
};

// The work a store runs for `work` when rehearsing (see StoreOptions::rehearse).
inline std::function<Status(Tx&)> rehearsed_write(const std::function<Status(Tx&)>& work) {
  return [&work](Tx& tx) -> Status {
    if (auto s = tx.rehearse(work); !s) return s;
    return work(tx);
  };
}
inline std::function<Status(Tx&)> rehearsed_read(const std::function<Status(Tx&)>& work) {
  return [&work](Tx& tx) -> Status {
    (void)work(tx);
    return work(tx);
  };
}

// Opens the store named by a database URL: "sqlite:PATH" (the directory is created with mode 0700)
// or "postgresql://…" / "postgres://…" (a libpq connection URI). Does not migrate.
Result<std::unique_ptr<Store>> open_store(const std::string& database_url,
                                          const StoreOptions& options = {});

}  // namespace keyward::storage
