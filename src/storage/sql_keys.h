#pragma once

#include <optional>
#include <string>

#include "storage/sql.h"
#include "storage/sql_query.h"
#include "storage/sql_rows.h"
#include "storage/tx_keys.h"

namespace keyward::storage {

// tx.keys() on an SQL engine's connection: the statements both engines share. Each engine
// derives from it and adds list(), which searches through the engine's own text index.
template <typename Connection>
class SqlKeys : public KeysWriter {
 public:
  explicit SqlKeys(Connection& db) : db_(db) {}

  Result<std::optional<ApiKey>> find(const std::string& team_id, const std::string& id) override {
    return sql::query_one<ApiKey>(
        db_, sql::kFindApiKey, [&](auto& s) { s.bind(1, team_id).bind(2, id); }, read_);
  }
  Result<std::optional<ApiKey>> find_by_fingerprint(const std::string& team_id,
                                                    const std::string& fingerprint) override {
    return sql::query_one<ApiKey>(
        db_, sql::kFindApiKeyByFingerprint,
        [&](auto& s) { s.bind(1, team_id).bind_blob(2, fingerprint); }, read_);
  }
  Result<std::optional<ApiKey>> resolve(const std::string& team_id,
                                        const std::string& type) override {
    auto bind = [&](auto& s) { s.bind(1, team_id).bind(2, type); };
    auto chosen = sql::query_one<ApiKey>(db_, sql::kResolveDefault, bind, read_);
    if (!chosen || *chosen) return chosen;
    return sql::query_one<ApiKey>(db_, sql::kResolveNewest, bind, read_);
  }

  Status insert(const ApiKey& key) override {
    return sql::run(db_, sql::kInsertApiKey, [&](auto& s) { sql::ApiKeyRow::bind_insert(s, key); });
  }
  Result<bool> update(const ApiKey& key, std::int64_t expected_version) override {
    return sql::run_changing_one(db_, sql::kUpdateApiKey, [&](auto& s) {
      sql::ApiKeyRow::bind_update(s, key, expected_version);
    });
  }
  Result<bool> remove(const std::string& team_id, const std::string& id) override {
    return sql::run_changing_one(db_, sql::kDeleteApiKey,
                                 [&](auto& s) { s.bind(1, team_id).bind(2, id); });
  }
  Result<int> clear_default(const std::string& team_id, const std::string& type) override {
    KW_TRY_STATUS(
        sql::run(db_, sql::kClearDefault, [&](auto& s) { s.bind(1, team_id).bind(2, type); }));
    return db_.changes();
  }
  Result<bool> set_verify_result(const std::string& team_id, const std::string& id,
                                 const std::string& type, const std::string& fingerprint,
                                 const std::string& status, std::int64_t at) override {
    return sql::run_changing_one(db_, sql::kSetVerifyResult, [&](auto& s) {
      s.bind(1, team_id).bind(2, id).bind(3, status).bind(4, at).bind(5, type);
      s.bind_blob(6, fingerprint);
    });
  }
  Status mark_used(const std::string& id, std::int64_t at) override {
    return sql::run(db_, sql::kMarkApiKeyUsed, [&](auto& s) { s.bind(1, id).bind(2, at); });
  }

 protected:
  static constexpr auto read_ = [](auto& s) { return sql::ApiKeyRow::read(s); };

  Connection& db_;
};

}  // namespace keyward::storage
