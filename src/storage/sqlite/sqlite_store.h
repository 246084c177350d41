#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "storage/sqlite/connection.h"
#include "storage/store.h"

namespace keyward::storage::sqlite {

// The embedded engine: one database file in WAL mode, a small pool of connections, writes
// serialised by SQLite's single writer lock (BEGIN IMMEDIATE).
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

 private:
  void deliver(const std::string& payload);

  SqliteStore(std::unique_ptr<Pool> pool, StoreOptions options)
      : pool_(std::move(pool)), options_(options) {}
  std::unique_ptr<Pool> pool_;
  StoreOptions options_;
  std::mutex handler_mutex_;
  std::function<void(const std::string&)> on_change_;
};

}  // namespace keyward::storage::sqlite
