#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/sqlite/connection.h"
#include "storage/sqlite/description_index.h"
#include "storage/store.h"
#include "storage/write_groups.h"

namespace keyward::storage::sqlite {

// The embedded engine: one database file in WAL mode, a small pool of connections, writes
// serialised by SQLite's single writer lock (BEGIN IMMEDIATE).
//
// Group commit (storage/write_groups.h): SQLite has one writer and every COMMIT waits for an
// fsync, so writes arriving while one commits share the next transaction and its fsync.
class SqliteStore final : public Store {
 public:
  // Creates the file (mode 0600, its directory 0700) if needed and opens the pool.
  static Result<std::unique_ptr<SqliteStore>> open(const std::string& path,
                                                   const StoreOptions& options);

  // The Store contract (storage/store.h), on SQLite: a busy database is kUnavailable.
  Status ping() override;
  Result<MigrationReport> migrate() override;
  Result<int> schema_version() override;
  std::string engine() const override { return "sqlite"; }
  Status write(const std::function<Status(WriteTx&)>& work) override;
  const WriteGroups& write_groups() const override { return groups_; }
  Status read(const std::function<Status(ReadTx&)>& work) override;
  Status listen(ChangeHandler handler) override;
  void stop_listening() override;

 private:
  void deliver(const std::string& payload);
  // Runs `group` in one transaction on one connection and sets every write's result.
  void commit_group(const std::vector<WriteGroups::Write*>& group);

  SqliteStore(std::unique_ptr<Pool> pool, StoreOptions options)
      : pool_(std::move(pool)), options_(options), descriptions_(options.memory_search_bytes) {}
  std::unique_ptr<Pool> pool_;
  StoreOptions options_;
  // Read transactions only: a copy built inside a write could hold changes that roll back.
  DescriptionIndex descriptions_;
  WriteGroups groups_;
  std::mutex handler_mutex_;
  std::function<void(const std::string&)> on_change_;
};

}  // namespace keyward::storage::sqlite
