#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "storage/postgres/connection.h"
#include "storage/store.h"
#include "storage/write_groups.h"

namespace keyward::storage::postgres {

// The engine for several servers on one database: a pool of libpq connections with prepared
// statements; writes run SERIALIZABLE and are retried on a serialization failure, so concurrent
// writers on any server behave as if serialised, as on SQLite (and, as there, the writes of one
// server are group-committed: concurrent writes to one team would otherwise mostly fail their
// serialization and retry); reads see one REPEATABLE READ
// snapshot. Change notices travel by LISTEN/NOTIFY.
class PostgresStore final : public Store {
 public:
  // Opens `options.pool_size` connections to `url` (postgresql://…).
  static Result<std::unique_ptr<PostgresStore>> open(const std::string& url,
                                                     const StoreOptions& options);
  ~PostgresStore() override;

  // The Store contract (storage/store.h), on PostgreSQL: a lost connection is kUnavailable; a
  // serialization failure is retried and never reaches the caller.
  Status ping() override;
  Result<MigrationReport> migrate() override;
  Result<int> schema_version() override;
  std::string engine() const override { return "postgresql"; }
  Status write(const std::function<Status(WriteTx&)>& work) override;
  const WriteGroups& write_groups() const override { return groups_; }
  Status read(const std::function<Status(ReadTx&)>& work) override;
  Status listen(ChangeHandler handler) override;
  void stop_listening() override;

 private:
  PostgresStore(std::string url, std::string channel, std::unique_ptr<Pool> pool)
      : url_(std::move(url)), channel_(std::move(channel)), pool_(std::move(pool)) {}
  // A lease on a working connection: a broken one is reconnected first.
  Result<Pool::Lease> acquire();
  // Runs a group of writes (storage/write_groups.h) in one SERIALIZABLE transaction, each in its
  // own savepoint; the whole group runs again after a serialization failure.
  void transact_group(const std::vector<WriteGroups::Write*>& group);
  void listen_loop(ChangeHandler handler, std::unique_ptr<Connection> connection);

  std::string url_;
  std::string channel_;  // of change notices: the schema's (kChangeChannelOfSchema)
  std::unique_ptr<Pool> pool_;
  WriteGroups groups_;
  bool rehearse_ = false;  // StoreOptions::rehearse
  std::atomic<bool> stopping_{false};
  std::thread listener_;
};

}  // namespace keyward::storage::postgres
