#pragma once

#include "storage/postgres/connection.h"
#include "storage/sql_keys.h"
#include "storage/sql_tx.h"

namespace keyward::storage::postgres {

static_assert(SqlStatement<Statement>);
static_assert(SqlConnection<Connection>);

// The NOTIFY channel of change notices in the public schema (the name every release used).
inline constexpr const char kChangeChannel[] = "keyward_changes";
// The channel of the session's schema: kChangeChannel in public, otherwise kChangeChannel, "_"
// and 32 hex digits of the schema name's SHA-256 (a channel name has at most 63 bytes). So two
// deployments in two schemas of one database do not hear each other's notices.
inline constexpr const char kChangeChannelOfSchema[] =
    "SELECT CASE WHEN COALESCE(current_schema(), 'public') = 'public' THEN 'keyward_changes' "
    "ELSE 'keyward_changes_' || left(encode(sha256(convert_to(current_schema(), 'UTF8')), "
    "'hex'), 32) END";

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
  // REQUIRES: `connection` and `channel` (the store's, kChangeChannelOfSchema) outlive this,
  // and the connection has the transaction open.
  PostgresTx(Connection& connection, const std::string& channel)
      : SqlTx(connection), keys_(connection), channel_(channel) {
    claim_with_skip_locked();
  }

  // Keys with PostgreSQL's listing and search; valid until the transaction ends.
  KeysWriter& keys() override { return keys_; }
  // pg_notify on the store's channel in the transaction: PostgreSQL delivers it to every
  // listener of that channel at commit.
  Status notify(const std::string& payload) override;

 private:
  PostgresKeys keys_;
  const std::string& channel_;
};

}  // namespace keyward::storage::postgres
