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
  // Reads and writes through `db`, which must outlive this and carry the open transaction.
  explicit SqlTokens(Connection& db) : db_(db) {}

  // Newest first, revoked ones included; empty for an unknown team.
  Result<std::vector<ServiceToken>> list(const std::string& team_id) override {
    return sql::query_all<ServiceToken>(
        db_, sql::kServiceTokens, [&](auto& s) { s.bind(1, team_id); },
        [](auto& s) { return sql::ServiceTokenRow::read(s); });
  }
  // Looked up by the token's hash (bound as bytes); nullopt when none matches.
  Result<std::optional<ServiceToken>> find_by_hash(const std::string& token_hash) override {
    return sql::query_one<ServiceToken>(
        db_, sql::kFindServiceToken, [&](auto& s) { s.bind_blob(1, token_hash); },
        [](auto& s) { return sql::ServiceTokenRow::read(s); });
  }

  // kConflict when its id or hash is taken.
  Status insert(const ServiceToken& token) override {
    return sql::run(db_, sql::kInsertServiceToken,
                    [&](auto& s) { sql::ServiceTokenRow::bind(s, token); });
  }
  // False when the team has no live token `id`; revoking twice keeps the first time.
  Result<bool> revoke(const std::string& team_id, const std::string& id, std::int64_t at) override {
    return sql::run_changing_one(db_, sql::kRevokeServiceToken,
                                 [&](auto& s) { s.bind(1, team_id).bind(2, id).bind(3, at); });
  }
  // Best effort usage stamp at `at`; an unknown id is no error.
  Status mark_used(const std::string& id, std::int64_t at) override {
    return sql::run(db_, sql::kMarkServiceTokenUsed, [&](auto& s) { s.bind(1, id).bind(2, at); });
  }

 private:
  Connection& db_;
};

// tx.personal_tokens() on an SQL engine's connection.
template <typename Connection>
class SqlPersonalTokens final : public PersonalTokensWriter {
 public:
  // Reads and writes through `db`, which must outlive this and carry the open transaction.
  explicit SqlPersonalTokens(Connection& db) : db_(db) {}

  Result<std::vector<PersonalToken>> list(const std::string& user_id) override {
    return sql::query_all<PersonalToken>(
        db_, sql::kPersonalTokens, [&](auto& s) { s.bind(1, user_id); },
        [](auto& s) { return sql::PersonalTokenRow::read(s); });
  }
  Result<std::optional<PersonalToken>> find_by_hash(const std::string& token_hash) override {
    return sql::query_one<PersonalToken>(
        db_, sql::kFindPersonalToken, [&](auto& s) { s.bind_blob(1, token_hash); },
        [](auto& s) { return sql::PersonalTokenRow::read(s); });
  }
  Status insert(const PersonalToken& token) override {
    return sql::run(db_, sql::kInsertPersonalToken,
                    [&](auto& s) { sql::PersonalTokenRow::bind(s, token); });
  }
  Result<bool> revoke(const std::string& user_id, const std::string& id, std::int64_t at) override {
    return sql::run_changing_one(db_, sql::kRevokePersonalToken,
                                 [&](auto& s) { s.bind(1, user_id).bind(2, id).bind(3, at); });
  }
  Status mark_used(const std::string& id, std::int64_t at) override {
    return sql::run(db_, sql::kMarkPersonalTokenUsed, [&](auto& s) { s.bind(1, id).bind(2, at); });
  }

 private:
  Connection& db_;
};

}  // namespace keyward::storage
