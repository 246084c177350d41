#pragma once

#include <functional>
#include <string>

#include "storage/sql_keys.h"
#include "storage/sql_tx.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/description_index.h"
#include "storage/store.h"

namespace keyward::storage::sqlite {

static_assert(SqlStatement<Statement>);
static_assert(SqlConnection<Connection>);

// tx.keys() on SQLite: the shared statements, plus listing and searching through the FTS5
// trigram index or a team's descriptions held in memory.
class SqliteKeys final : public SqlKeys<Connection> {
 public:
  // `options`: the search plan limits; `descriptions`: the store's in-memory search index of
  // large teams (nullptr: none).
  SqliteKeys(Connection& connection, const StoreOptions& options, DescriptionIndex* descriptions)
      : SqlKeys(connection), options_(options), descriptions_(descriptions) {}

  // Filters and searches by the cheapest plan (see StoreOptions); an unknown team is an empty page.
  Result<Page<ApiKey>> list(const std::string& team_id, const ListQuery& query) override;

 private:
  // A search of a team of `keys` keys answered from its in-memory descriptions, if they are
  // current for `version` or may be built now; nullopt: answer with SQL.
  Result<std::optional<Page<ApiKey>>> search_in_memory(const std::string& team_id,
                                                       const ListQuery& query,
                                                       std::int64_t version);

  const StoreOptions& options_;
  DescriptionIndex* descriptions_;
};

// A transaction on one leased SQLite connection with a transaction already open.
class SqliteTx final : public SqlTx<Connection> {
 public:
  // `deliver` hands a committed change notice to the store's handler (one process: nothing
  // crosses servers).
  SqliteTx(Connection& connection, const StoreOptions& options, DescriptionIndex* descriptions,
           std::function<void(const std::string&)> deliver)
      : SqlTx(connection), keys_(connection, options, descriptions), deliver_(std::move(deliver)) {}

  // Keys with SQLite's listing and search; valid until the transaction ends.
  KeysWriter& keys() override { return keys_; }
  // Queued and handed to `deliver` only after commit; dropped on rollback.
  Status notify(const std::string& payload) override;

 private:
  SqliteKeys keys_;
  std::function<void(const std::string&)> deliver_;
};

}  // namespace keyward::storage::sqlite
