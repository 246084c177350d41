#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/sql.h"
#include "storage/sql_query.h"
#include "storage/sql_rows.h"
#include "storage/tx_wrapped_keys.h"

namespace keyward::storage {

// tx.wrapped_keys() on an SQL engine's connection.
template <typename Connection>
class SqlWrappedKeys final : public WrappedKeysWriter {
 public:
  // Reads and writes through `db`, which must outlive this and carry the open transaction.
  explicit SqlWrappedKeys(Connection& db) : db_(db) {}

  // Nullopt when the team has no data key yet.
  Result<std::optional<TeamKeyRow>> find_team_key(const std::string& team_id) override {
    return sql::query_one<TeamKeyRow>(
        db_, sql::kFindTeamKey, [&](auto& s) { s.bind(1, team_id); },
        [](auto& s) { return sql::TeamKeyRowColumns::read(s); });
  }
  // Every team's key, for rewrapping under a new master key.
  Result<std::vector<TeamKeyRow>> all_team_keys() override {
    return sql::query_all<TeamKeyRow>(db_, sql::kAllTeamKeys, sql::no_parameters,
                                      [](auto& s) { return sql::TeamKeyRowColumns::read(s); });
  }
  // Nullopt when no server key has `name`.
  Result<std::optional<ServerKeyRow>> find_server_key(const std::string& name) override {
    return sql::query_one<ServerKeyRow>(
        db_, sql::kFindServerKey, [&](auto& s) { s.bind(1, name); },
        [](auto& s) { return sql::ServerKeyRowColumns::read(s); });
  }
  // Every server key, for rewrapping under a new master key.
  Result<std::vector<ServerKeyRow>> all_server_keys() override {
    return sql::query_all<ServerKeyRow>(db_, sql::kAllServerKeys, sql::no_parameters,
                                        [](auto& s) { return sql::ServerKeyRowColumns::read(s); });
  }

  // kConflict when the team has a data key already.
  Status insert_team_key(const TeamKeyRow& row, std::int64_t at) override {
    return sql::run(db_, sql::kInsertTeamKey,
                    [&](auto& s) { sql::TeamKeyRowColumns::bind(s, row, at); });
  }
  // Replaces the wrapping; a team without a key is left as it is.
  Status update_team_key(const TeamKeyRow& row, std::int64_t at) override {
    return sql::run(db_, sql::kUpdateTeamKey,
                    [&](auto& s) { sql::TeamKeyRowColumns::bind(s, row, at); });
  }
  // False when `name` exists; the stored key stays (first writer wins across servers).
  Result<bool> insert_server_key(const ServerKeyRow& row, std::int64_t at) override {
    return sql::run_changing_one(db_, sql::kInsertServerKey,
                                 [&](auto& s) { sql::ServerKeyRowColumns::bind(s, row, at); });
  }
  // Replaces the wrapping of an existing key; an unknown name is no error.
  Status update_server_key(const ServerKeyRow& row, std::int64_t at) override {
    return sql::run(db_, sql::kUpdateServerKey,
                    [&](auto& s) { sql::ServerKeyRowColumns::bind(s, row, at); });
  }

 private:
  Connection& db_;
};

}  // namespace keyward::storage
