#pragma once

#include <functional>
#include <string>

#include "storage/sql_tx.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/description_index.h"

namespace keyward::storage::sqlite {

// Tx on one leased SQLite connection with a transaction already open: the shared statements,
// plus listing and searching through the FTS5 trigram index.
class SqliteTx final : public SqlTx<Connection> {
 public:
  // `options`: the search plan limits; `descriptions`: the store's in-memory search index of
  // large teams. `deliver` hands a committed change notice to the store's handler (one process:
  // nothing crosses servers).
  SqliteTx(Connection& connection, const StoreOptions& options, DescriptionIndex* descriptions,
           std::function<void(const std::string&)> deliver)
      : SqlTx(connection),
        options_(options),
        descriptions_(descriptions),
        deliver_(std::move(deliver)) {}

  Result<Page<ApiKey>> list_api_keys(const std::string& team_id, const ListQuery& query) override;
  Status notify(const std::string& payload) override;

 private:
  // A search of a team of `keys` keys answered from its in-memory descriptions, if they are
  // current for `version` or may be built now; nullopt: answer with SQL.
  Result<std::optional<Page<ApiKey>>> search_in_memory(const std::string& team_id,
                                                       const ListQuery& query,
                                                       std::int64_t version);

  const StoreOptions& options_;
  DescriptionIndex* descriptions_;
  std::function<void(const std::string&)> deliver_;
};

}  // namespace keyward::storage::sqlite
