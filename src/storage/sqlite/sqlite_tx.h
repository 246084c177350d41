#pragma once

#include "storage/sql_tx.h"
#include "storage/sqlite/connection.h"

namespace keyward::storage::sqlite {

// Tx on one leased SQLite connection with a transaction already open: the shared statements,
// plus listing and searching through the FTS5 trigram index.
class SqliteTx final : public SqlTx<Connection> {
 public:
  // `rare_match_limit`: see StoreOptions.
  SqliteTx(Connection& connection, std::int64_t rare_match_limit)
      : SqlTx(connection), rare_match_limit_(rare_match_limit) {}

  Result<Page<ApiKey>> list_api_keys(const std::string& team_id, const ListQuery& query) override;

 private:
  std::int64_t rare_match_limit_;
};

}  // namespace keyward::storage::sqlite
