#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/sql.h"
#include "storage/sql_query.h"
#include "storage/sql_rows.h"
#include "storage/tx_tokens.h"

namespace keyward::storage {

// tx.tokens() on an SQL engine's connection.
template <typename Connection>
class SqlTokens final : public TokensWriter {
 public:
  explicit SqlTokens(Connection& db) : db_(db) {}

  Result<std::vector<ServiceToken>> list(const std::string& team_id) override {
    return sql::query_all<ServiceToken>(
        db_, sql::kServiceTokens, [&](auto& s) { s.bind(1, team_id); },
        [](auto& s) { return sql::ServiceTokenRow::read(s); });
  }
  Result<std::optional<ServiceToken>> find_by_hash(const std::string& token_hash) override {
    return sql::query_one<ServiceToken>(
        db_, sql::kFindServiceToken, [&](auto& s) { s.bind_blob(1, token_hash); },
        [](auto& s) { return sql::ServiceTokenRow::read(s); });
  }

  Status insert(const ServiceToken& token) override {
    return sql::run(db_, sql::kInsertServiceToken,
                    [&](auto& s) { sql::ServiceTokenRow::bind(s, token); });
  }
  Result<bool> revoke(const std::string& team_id, const std::string& id, std::int64_t at) override {
    return sql::run_changing_one(db_, sql::kRevokeServiceToken,
                                 [&](auto& s) { s.bind(1, team_id).bind(2, id).bind(3, at); });
  }
  Status mark_used(const std::string& id, std::int64_t at) override {
    return sql::run(db_, sql::kMarkServiceTokenUsed, [&](auto& s) { s.bind(1, id).bind(2, at); });
  }

 private:
  Connection& db_;
};

}  // namespace keyward::storage
