#pragma once

#include <functional>
#include <string>

#include "storage/sql_tx.h"
#include "storage/sqlite/connection.h"

namespace keyward::storage::sqlite {

// Tx on one leased SQLite connection with a transaction already open: the shared statements,
// plus listing and searching through the FTS5 trigram index.
class SqliteTx final : public SqlTx<Connection> {
 public:
  // `options`: the search plan limits. `deliver` hands a committed change notice to the
  // store's handler (one process: nothing crosses servers).
  SqliteTx(Connection& connection, const StoreOptions& options,
           std::function<void(const std::string&)> deliver)
      : SqlTx(connection),
        scan_team_limit_(options.scan_team_limit),
        rare_match_limit_(options.rare_match_limit),
        deliver_(std::move(deliver)) {}

  Result<Page<ApiKey>> list_api_keys(const std::string& team_id, const ListQuery& query) override;
  Status notify(const std::string& payload) override;

 private:
  std::int64_t scan_team_limit_;
  std::int64_t rare_match_limit_;
  std::function<void(const std::string&)> deliver_;
};

}  // namespace keyward::storage::sqlite
