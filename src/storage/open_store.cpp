#include <cstdlib>
#include <string_view>

#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/store.h"

namespace keyward::storage {
namespace {

// The URL itself is never echoed: a PostgreSQL URL may carry a password.
Error url_error(const std::string& message) {
  return Error::make(ErrorCode::kInternal, message, message);
}

}  // namespace

Result<std::unique_ptr<Store>> open_store(const std::string& database_url,
                                          const StoreOptions& given) {
  StoreOptions options = given;
  // The rehearsal test mode (see StoreOptions::rehearse), for the API and binary test suites.
  // Stores open at start-up, before the server's threads exist.
  // NOLINTNEXTLINE(concurrency-mt-unsafe): read once at start-up, before any thread
  if (const char* rehearse = std::getenv("KEYWARD_TEST_REHEARSE_TRANSACTIONS");
      rehearse != nullptr && std::string_view(rehearse) == "1") {
    options.rehearse = true;
  }
  constexpr std::string_view kSqlitePrefix = "sqlite:";
  if (database_url.rfind(kSqlitePrefix, 0) == 0) {
    std::string path = database_url.substr(kSqlitePrefix.size());
    if (path.empty()) {
      return url_error("database URL sqlite: needs a file path, e.g. sqlite:var/keyward.db");
    }
    KW_TRY(store, sqlite::SqliteStore::open(path, options));
    return std::unique_ptr<Store>(std::move(store));
  }
  if (database_url.rfind("postgresql://", 0) == 0 || database_url.rfind("postgres://", 0) == 0) {
    KW_TRY(store, postgres::PostgresStore::open(database_url, options));
    return std::unique_ptr<Store>(std::move(store));
  }
  return url_error(
      "database URL must start with sqlite: (e.g. sqlite:var/keyward.db) or postgresql://");
}

}  // namespace keyward::storage
