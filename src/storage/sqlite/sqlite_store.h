#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/sqlite/connection.h"
#include "storage/sqlite/description_index.h"
#include "storage/store.h"

namespace keyward::storage::sqlite {

// The embedded engine: one database file in WAL mode, a small pool of connections, writes
// serialised by SQLite's single writer lock (BEGIN IMMEDIATE).
//
// Group commit: SQLite has one writer and every COMMIT waits for an fsync, so writes arriving
// while one commits queue up, and the next of them to run takes the whole queue into one
// transaction: each write inside its own SAVEPOINT (a failing write rolls back alone), one
// COMMIT and one fsync for all. Each caller still gets its own result, and its after-commit
// actions run in its own thread once the group is durable.
class SqliteStore final : public Store {
 public:
  // Creates the file (mode 0600, its directory 0700) if needed and opens the pool.
  static Result<std::unique_ptr<SqliteStore>> open(const std::string& path,
                                                   const StoreOptions& options);

  Status ping() override;
  Result<MigrationReport> migrate() override;
  Result<int> schema_version() override;
  std::string engine() const override { return "sqlite"; }
  Status write(const std::function<Status(Tx&)>& work) override;
  Status read(const std::function<Status(Tx&)>& work) override;
  Status listen(ChangeHandler handler) override;
  void stop_listening() override;

  // For tests of grouping: transactions committed so far, whether a group is running, and the
  // writes waiting for the next one.
  std::int64_t commits() const;
  bool group_running() const;
  std::size_t queued_writes() const;

 private:
  struct PendingWrite;
  // The most writes one transaction carries: bounds a group's latency and its rollback.
  static constexpr std::size_t kMaxGroup = 128;

  void deliver(const std::string& payload);
  // Runs `group` in one transaction on one connection and sets every write's result.
  void commit_group(const std::vector<PendingWrite*>& group);

  SqliteStore(std::unique_ptr<Pool> pool, StoreOptions options)
      : pool_(std::move(pool)), options_(options), descriptions_(options.memory_search_bytes) {}
  std::unique_ptr<Pool> pool_;
  StoreOptions options_;
  // Read transactions only: a copy built inside a write could hold changes that roll back.
  DescriptionIndex descriptions_;
  mutable std::mutex group_mutex_;
  std::condition_variable group_changed_;
  std::deque<PendingWrite*> queue_;  // writes waiting for a transaction, oldest first
  bool committing_ = false;          // a caller is running a group
  std::int64_t commits_ = 0;
  std::mutex handler_mutex_;
  std::function<void(const std::string&)> on_change_;
};

}  // namespace keyward::storage::sqlite
