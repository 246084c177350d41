#pragma once

#include "storage/postgres/connection.h"
#include "storage/sql_keys.h"
#include "storage/sql_tx.h"

namespace keyward::storage::postgres {

static_assert(SqlStatement<Statement>);
static_assert(SqlConnection<Connection>);

// The NOTIFY channel of change notices.
inline constexpr const char kChangeChannel[] = "keyward_changes";

// tx.keys() on PostgreSQL: the shared statements, plus listing and searching through the pg_trgm
// GIN index.
class PostgresKeys final : public SqlKeys<Connection> {
 public:
  // REQUIRES: `connection` outlives this and has the transaction open.
  explicit PostgresKeys(Connection& connection) : SqlKeys(connection) {}

  // Filters and searches in SQL, ranked and paged as the query asks; an unknown team is an empty
  // page.
  Result<Page<ApiKey>> list(const std::string& team_id, const ListQuery& query) override;
};

// A transaction on one leased PostgreSQL connection with a transaction already open.
class PostgresTx final : public SqlTx<Connection> {
 public:
  // REQUIRES: `connection` outlives this and has the transaction open.
  explicit PostgresTx(Connection& connection) : SqlTx(connection), keys_(connection) {}

  // Keys with PostgreSQL's listing and search; valid until the transaction ends.
  KeysWriter& keys() override { return keys_; }
  // pg_notify in the transaction: PostgreSQL delivers it to every listener at commit.
  Status notify(const std::string& payload) override;

 private:
  PostgresKeys keys_;
};

}  // namespace keyward::storage::postgres
