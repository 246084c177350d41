#pragma once

#include "storage/postgres/connection.h"
#include "storage/sql_tx.h"

namespace keyward::storage::postgres {

// The NOTIFY channel of change notices.
inline constexpr const char kChangeChannel[] = "keyward_changes";

// Tx on one leased PostgreSQL connection with a transaction already open: the shared
// statements, plus listing and searching through the pg_trgm GIN index.
class PostgresTx final : public SqlTx<Connection> {
 public:
  explicit PostgresTx(Connection& connection) : SqlTx(connection) {}

  Result<Page<ApiKey>> list_api_keys(const std::string& team_id, const ListQuery& query) override;
  // pg_notify in the transaction: PostgreSQL delivers it to every listener at commit.
  Status notify(const std::string& payload) override;
};

}  // namespace keyward::storage::postgres
