#include "storage/sqlite/sqlite_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <system_error>

#include "storage/apply_migrations.h"
#include "storage/sqlite/sql.h"
#include "storage/sqlite/sqlite_tx.h"

namespace keyward::storage::sqlite {
namespace {

Error open_error(const std::string& message) {
  return Error::make(ErrorCode::kInternal, message, message);
}

// The file holds wrapped keys and token hashes: only the server's user may read it. SQLite gives
// its -wal and -shm files the same mode as the database file.
Status create_private_file(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty() && !std::filesystem::exists(parent, ec)) {
    std::filesystem::create_directories(parent, ec);
    if (ec) return open_error("cannot create directory " + parent.string() + ": " + ec.message());
    ::chmod(parent.c_str(), 0700);
  }
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    const int err = errno;
    return open_error("cannot open database file " + path + ": " +
                      std::generic_category().message(err));
  }
  ::close(fd);
  return ok_status();
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path,
                                                       const StoreOptions& options) {
  KW_TRY_STATUS(create_private_file(path));
  std::vector<std::unique_ptr<Connection>> connections;
  for (int i = 0; i < std::max(1, options.pool_size); ++i) {
    KW_TRY(connection, Connection::open(path));
    connections.push_back(std::move(connection));
  }
  return std::unique_ptr<SqliteStore>(
      new SqliteStore(std::make_unique<Pool>(std::move(connections)), options));
}

Status SqliteStore::ping() {
  KW_TRY(lease, pool_->acquire());
  KW_TRY(stmt, lease->prepare(sql::kPing));
  KW_TRY_STATUS(stmt.step());
  return ok_status();
}

Result<MigrationReport> SqliteStore::migrate() {
  KW_TRY(lease, pool_->acquire());
  KW_TRY_STATUS(lease->exec(sql::kCreateMigrationsTable));
  // IMMEDIATE: a second process starting at the same time waits for each migration's
  // transaction, then sees it applied.
  return apply_migrations(*lease, sqlite_migrations(), "BEGIN IMMEDIATE", now_ms());
}

Result<int> SqliteStore::schema_version() {
  KW_TRY(lease, pool_->acquire());
  KW_TRY_STATUS(lease->exec(sql::kCreateMigrationsTable));
  return read_schema_version(*lease);
}

Status SqliteStore::write(const std::function<Status(WriteTx&)>& work) {
  if (options_.rehearse) {
    return groups_.submit(rehearsed_write(work),
                          [this](const auto& group) { commit_group(group); });
  }
  return groups_.submit(work, [this](const auto& group) { commit_group(group); });
}

void SqliteStore::commit_group(const std::vector<WriteGroups::Write*>& group) {
  auto fail_all = [&](const Error& error) {
    for (auto* write : group) write->fail(error);
  };
  auto lease = pool_->acquire();
  if (!lease) return fail_all(lease.error());
  Connection& connection = **lease;
  auto tx = Transaction::begin(connection);
  if (!tx) return fail_all(tx.error());
  // A lone write needs no savepoint: if it fails, the whole transaction rolls back.
  const bool savepoints = group.size() > 1;
  bool any_ok = false;
  for (WriteGroups::Write* write : group) {
    if (savepoints) {
      if (auto s = connection.run("SAVEPOINT grouped_write"); !s) return fail_all(s.error());
    }
    auto data = std::make_unique<SqliteTx>(
        connection, options_, nullptr, [this](const std::string& payload) { deliver(payload); });
    data->use_audit_sealer(audit_sealer());
    write->run(std::move(data));
    if (write->result) {
      any_ok = true;
      if (savepoints) {
        if (auto s = connection.run("RELEASE grouped_write"); !s) return fail_all(s.error());
      }
      continue;
    }
    write->tx.reset();
    if (!savepoints) return;  // the Transaction rolls back as it goes out of scope
    // Some failures (a full disk, I/O errors) end the whole transaction, taking the writes
    // before this one with it: they must not be reported as stored.
    if (sqlite3_get_autocommit(connection.handle()) != 0) {
      Error lost = Error::make(ErrorCode::kUnavailable, "The database is busy; try again.",
                               "a grouped write's failure rolled back its transaction");
      for (auto* other : group) {
        if (other != write) other->fail(lost);
      }
      return;  // (the Transaction's ROLLBACK finds nothing left to undo)
    }
    if (auto s = connection.run("ROLLBACK TO grouped_write"); !s) return fail_all(s.error());
    if (auto s = connection.run("RELEASE grouped_write"); !s) return fail_all(s.error());
  }
  if (!any_ok) return;  // nothing to keep: roll back rather than commit an empty transaction
  if (auto committed = tx->commit(); !committed) {
    for (auto* write : group) {
      if (write->result) write->fail(committed.error());
    }
    return;
  }
  groups_.count_commit();
}

Status SqliteStore::read(const std::function<Status(ReadTx&)>& work) {
  KW_TRY(lease, pool_->acquire());
  // A deferred transaction: the snapshot is taken at the first read and held to the end.
  auto begun = lease->run("BEGIN");
  if (!begun) return begun;
  SqliteTx data(*lease, options_, &descriptions_, [](const std::string&) {});
  auto done = options_.rehearse ? rehearsed_read(work)(data) : work(data);
  (void)lease->run(done ? "COMMIT" : "ROLLBACK");
  return done;
}

Status SqliteStore::listen(ChangeHandler handler) {
  std::lock_guard lock(handler_mutex_);
  on_change_ = std::move(handler.on_change);
  return ok_status();
}

void SqliteStore::stop_listening() {
  std::lock_guard lock(handler_mutex_);
  on_change_ = nullptr;
}

void SqliteStore::deliver(const std::string& payload) {
  std::function<void(const std::string&)> on_change;
  {
    std::lock_guard lock(handler_mutex_);
    on_change = on_change_;
  }
  if (on_change) on_change(payload);
}

}  // namespace keyward::storage::sqlite
