#include "storage/postgres/postgres_store.h"

#include <libpq-fe.h>
#include <poll.h>

#include <chrono>
#include <random>

#include "log/log.h"
#include "storage/apply_migrations.h"
#include "storage/postgres/postgres_tx.h"

namespace keyward::storage::postgres {
namespace {

// One key for every keyward server: migrations run under this session advisory lock, so two
// servers starting at once apply each migration once.
constexpr const char* kMigrationLock = "SELECT pg_advisory_lock(7302021901)";
constexpr const char* kMigrationUnlock = "SELECT pg_advisory_unlock(7302021901)";

constexpr const char* kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "  version integer PRIMARY KEY,"
    "  name text NOT NULL,"
    "  applied_at bigint NOT NULL)";

// How often a transaction that lost a serialization race runs again before answering 503.
constexpr int kWriteAttempts = 25;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A short random pause before a retry, growing with the attempt, so racing writers spread out.
void back_off(int attempt) {
  thread_local std::minstd_rand random(std::random_device{}());
  int ceiling_us = 500 << std::min(attempt, 6);
  std::this_thread::sleep_for(std::chrono::microseconds(random() % ceiling_us));
}

}  // namespace

Result<std::unique_ptr<PostgresStore>> PostgresStore::open(const std::string& url,
                                                           const StoreOptions& options) {
  // One connection now, which proves the URL and the credentials; the rest on first use.
  std::vector<std::unique_ptr<Connection>> connections;
  for (int i = 1; i < std::max(1, options.pool_size); ++i) {
    connections.push_back(Connection::unopened(url));
  }
  KW_TRY(first, Connection::open(url));
  KW_TRY(channel, storage::sql::query_one<std::string>(*first, kChangeChannelOfSchema,
                                                       storage::sql::no_parameters,
                                                       [](auto& s) { return s.column_text(0); }));
  connections.push_back(std::move(first));  // the pool hands out the last one first
  auto store = std::unique_ptr<PostgresStore>(new PostgresStore(
      url, channel.value_or(kChangeChannel), std::make_unique<Pool>(std::move(connections))));
  store->rehearse_ = options.rehearse;
  return store;
}

PostgresStore::~PostgresStore() { stop_listening(); }

Result<Pool::Lease> PostgresStore::acquire() {
  auto lease = pool_->acquire();
  if (!lease) return lease;
  if ((*lease)->broken()) {
    KW_TRY_STATUS((*lease)->reconnect());
  }
  return lease;
}

Status PostgresStore::ping() {
  KW_TRY(lease, acquire());
  KW_TRY_STATUS(lease->query_int("SELECT 1"));
  return ok_status();
}

Result<MigrationReport> PostgresStore::migrate() {
  KW_TRY(lease, acquire());
  Connection& connection = *lease;
  KW_TRY_STATUS(connection.query_int(kMigrationLock));
  auto report = [&]() -> Result<MigrationReport> {
    KW_TRY_STATUS(connection.exec(kCreateMigrationsTable));
    return apply_migrations(connection, postgres_migrations(), "BEGIN", now_ms());
  }();
  (void)connection.query_int(kMigrationUnlock);  // released whatever happened
  return report;
}

Result<int> PostgresStore::schema_version() {
  KW_TRY(lease, acquire());
  KW_TRY(exists,
         lease->query_int("SELECT COUNT(*) FROM pg_tables WHERE tablename = "
                          "'schema_migrations' AND schemaname = ANY (current_schemas(false))"));
  if (exists == 0) return 0;
  return read_schema_version(*lease);
}

Status PostgresStore::write(const std::function<Status(WriteTx&)>& work) {
  if (rehearse_) {
    return groups_.submit(rehearsed_write(work),
                          [this](const auto& group) { transact_group(group); });
  }
  return groups_.submit(work, [this](const auto& group) { transact_group(group); });
}

// The writes of one group in one SERIALIZABLE transaction, each in its own savepoint when there
// are several (a lone write needs none: if it fails, the transaction rolls back). After a
// serialization failure or a deadlock the whole group runs again: its snapshot was stale for
// every write (nothing of it was kept, so rerunning is safe). A connection that broke while idle
// is reopened and the group tried again; a commit whose outcome is unknown is never retried.
void PostgresStore::transact_group(const std::vector<WriteGroups::Write*>& group) {
  auto fail_all = [&](const Error& error) {
    for (auto* write : group) write->fail(error);
  };
  const bool savepoints = group.size() > 1;
  for (int attempt = 1;; ++attempt) {
    auto lease = acquire();
    if (!lease) return fail_all(lease.error());
    Connection& connection = **lease;
    auto begun = connection.exec("BEGIN ISOLATION LEVEL SERIALIZABLE");
    if (!begun) {
      if (connection.take_failure() == Failure::kLost && attempt < 2) continue;
      return fail_all(begun.error());
    }
    // Runs a savepoint statement; false when it failed (`rerun` says whether to run again).
    bool rerun = false;
    auto savepoint = [&](const char* sql) {
      if (!savepoints) return true;
      auto done = connection.exec(sql);
      if (done) return true;
      rerun = connection.take_failure() == Failure::kRetry;
      if (!rerun) fail_all(done.error());
      return false;
    };
    bool any_ok = false;
    bool ended = false;  // a statement failed outside any write: results are set, or a rerun
    for (auto* write : group) {
      write->thrown = nullptr;
      if (!savepoint("SAVEPOINT grouped_write")) {
        ended = true;
        break;
      }
      auto tx = std::make_unique<PostgresTx>(connection, channel_);
      tx->use_audit_sealer(audit_sealer());
      write->run(std::move(tx));
      Failure failure = connection.take_failure();
      if (failure == Failure::kLost) return fail_all(write->result.error());
      if (failure == Failure::kRetry) {
        rerun = ended = true;
        break;
      }
      if (write->result) {
        any_ok = true;
        if (!savepoint("RELEASE SAVEPOINT grouped_write")) {
          ended = true;
          break;
        }
        continue;
      }
      write->tx.reset();
      if (!savepoints) break;  // rolled back below; the write keeps its own error
      if (!savepoint("ROLLBACK TO SAVEPOINT grouped_write") ||
          !savepoint("RELEASE SAVEPOINT grouped_write")) {
        ended = true;
        break;
      }
    }
    if (ended && !rerun) {
      (void)connection.exec("ROLLBACK");
      (void)connection.take_failure();
      return;
    }
    if (!ended) {
      if (!any_ok) {
        (void)connection.exec("ROLLBACK");
        (void)connection.take_failure();
        return;
      }
      auto committed = connection.exec("COMMIT");
      if (committed) {
        (void)connection.take_failure();
        groups_.count_commit();
        return;
      }
      if (connection.take_failure() != Failure::kRetry) {
        // Lost: the outcome is unknown, so nothing is reported stored or tried again.
        for (auto* write : group) {
          if (write->result) write->fail(committed.error());
        }
        return;
      }
    }
    (void)connection.exec("ROLLBACK");
    (void)connection.take_failure();
    if (attempt >= kWriteAttempts) {
      return fail_all(Error::make(
          ErrorCode::kUnavailable, "The database is busy; try again.",
          "writes gave up after " + std::to_string(attempt) + " serialization failures"));
    }
    for (auto* write : group) {
      write->tx.reset();
      write->result = ok_status();
    }
    back_off(attempt);
  }
}

// One read-only snapshot, run again when chosen as a deadlock victim (a read can wait on a lock
// DDL holds; it changed nothing), and once more when the connection turns out broken before
// anything ran.
Status PostgresStore::read(const std::function<Status(ReadTx&)>& work) {
  for (int attempt = 1;; ++attempt) {
    KW_TRY(lease, acquire());
    Connection& connection = *lease;
    auto begun = connection.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    if (!begun) {
      if (connection.take_failure() == Failure::kLost && attempt < 2) continue;
      return begun;
    }
    PostgresTx tx(connection, channel_);
    auto done = rehearse_ ? rehearsed_read(work)(tx) : work(tx);
    Failure failure = done ? Failure::kNone : connection.take_failure();
    // A read has what it read, whatever its COMMIT says.
    if (failure != Failure::kLost) (void)connection.exec(done ? "COMMIT" : "ROLLBACK");
    (void)connection.take_failure();
    if (failure != Failure::kRetry) return done;
    if (attempt >= kWriteAttempts) {
      Error error = std::move(done).error();
      error.internal += " (gave up after " + std::to_string(attempt) + " attempts)";
      return error;
    }
    back_off(attempt);
  }
}

Status PostgresStore::listen(ChangeHandler handler) {
  stop_listening();
  // LISTEN before returning, so no notice committed after this call is missed.
  KW_TRY(connection, Connection::open(url_));
  auto listening = connection->exec("LISTEN " + channel_);
  if (!listening) return listening;
  stopping_ = false;
  listener_ =
      std::thread([this, handler = std::move(handler), first = std::move(connection)]() mutable {
        listen_loop(handler, std::move(first));
      });
  return ok_status();
}

void PostgresStore::stop_listening() {
  stopping_ = true;
  if (listener_.joinable()) listener_.join();
}

// Holds its own connection in LISTEN; wakes every 200 ms to notice stop_listening(). After a
// lost connection it reconnects with a growing pause and reports a gap: notices sent meanwhile
// are gone.
void PostgresStore::listen_loop(ChangeHandler handler, std::unique_ptr<Connection> connection) {
  auto gap = [&] {
    if (handler.on_gap) handler.on_gap();
  };
  int failures = 0;
  while (!stopping_) {
    if (!connection) {
      auto opened = Connection::open(url_);
      if (opened) {
        auto listening = (*opened)->exec("LISTEN " + channel_);
        if (listening) connection = std::move(opened).value();
      }
      if (!connection) {
        ++failures;
        for (int i = 0; i < std::min(failures, 25) && !stopping_; ++i) {
          std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        continue;
      }
      log::info("change_listener_reconnected");
      gap();  // whatever was cached while deaf may be stale
      failures = 0;
    }
    pollfd fd{PQsocket(connection->handle()), POLLIN, 0};
    int ready = ::poll(&fd, 1, 200);
    if (ready < 0) continue;
    if ((ready > 0 && PQconsumeInput(connection->handle()) == 0) || connection->broken()) {
      log::warn("change_listener_lost", {{"note", "reconnecting; caches are cleared"}});
      connection.reset();
      gap();
      continue;
    }
    while (PGnotify* notice = PQnotifies(connection->handle())) {
      std::string payload = notice->extra != nullptr ? notice->extra : "";
      PQfreemem(notice);
      if (handler.on_change) handler.on_change(payload);
    }
  }
}

}  // namespace keyward::storage::postgres
