#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/result.h"
#include "storage/tx.h"

namespace keyward::storage {

class WriteGroups;

// What a migration run did.
struct MigrationReport {
  std::vector<int> applied;  // versions applied by this run, in order
  int current_version = 0;   // the schema version afterwards
};

// Receives the change notices of WriteTx::notify from every server on the database, in commit order
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
  virtual Status write(const std::function<Status(WriteTx&)>& work) = 0;
  // The group commit's counters, for tests.
  virtual const WriteGroups& write_groups() const = 0;

  // Runs `work` on one consistent read snapshot. A ReadTx has no write operation: a write inside
  // `work` does not compile. Like a write, `work` MAY RUN MORE THAN ONCE (PostgreSQL retries; the
  // rehearsal test mode).
  virtual Status read(const std::function<Status(ReadTx&)>& work) = 0;

  // The sealer every later audit().append uses. Call before serving: not synchronised with
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
Result<T> write(Store& store, const std::function<Result<T>(WriteTx&)>& work) {
  std::optional<Result<T>> out;
  Status status = store.write([&](WriteTx& tx) -> Status {
    out.emplace(work(tx));
    if (!out->ok()) return out->error();
    return ok_status();
  });
  if (!status.ok()) return std::move(status).error();
  return std::move(*out);
}

// Runs `work` on a read snapshot and returns its value.
template <typename T>
Result<T> read(Store& store, const std::function<Result<T>(ReadTx&)>& work) {
  std::optional<Result<T>> out;
  Status status = store.read([&](ReadTx& tx) -> Status {
    out.emplace(work(tx));
    if (!out->ok()) return out->error();
    return ok_status();
  });
  if (!status.ok()) return std::move(status).error();
  return std::move(*out);
}

// Tuning of an opened store. The defaults suit production; tests change them to force a path.
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
inline std::function<Status(WriteTx&)> rehearsed_write(
    const std::function<Status(WriteTx&)>& work) {
  return [&work](WriteTx& tx) -> Status {
    if (auto s = tx.rehearse(work); !s) return s;
    return work(tx);
  };
}
// Runs `work` twice on the same read transaction; the second run's result counts.
inline std::function<Status(ReadTx&)> rehearsed_read(const std::function<Status(ReadTx&)>& work) {
  return [&work](ReadTx& tx) -> Status {
    (void)work(tx);
    return work(tx);
  };
}

// Opens the store named by a database URL: "sqlite:PATH" (the directory is created with mode 0700)
// or "postgresql://…" / "postgres://…" (a libpq connection URI). Does not migrate.
Result<std::unique_ptr<Store>> open_store(const std::string& database_url,
                                          const StoreOptions& options = {});

}  // namespace keyward::storage
