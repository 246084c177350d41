#pragma once

#include <memory>
#include <string>
#include <vector>

#include "domain/result.h"

namespace keyward::storage {

// What a migration run did.
struct MigrationReport {
  std::vector<int> applied;  // versions applied by this run, in order
  int current_version = 0;   // the schema version afterwards
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
};

struct StoreOptions {
  int pool_size = 4;  // connections kept open; one per concurrently running query
};

// Opens the store named by a database URL: "sqlite:PATH" (the directory is created with mode 0700)
// or, in a later release, "postgresql://…". Does not migrate.
Result<std::unique_ptr<Store>> open_store(const std::string& database_url,
                                          const StoreOptions& options = {});

}  // namespace keyward::storage
