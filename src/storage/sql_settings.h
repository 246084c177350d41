#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/sql.h"
#include "storage/sql_query.h"
#include "storage/tx_settings.h"

namespace keyward::storage {

// tx.settings() on an SQL engine's connection.
template <typename Connection>
class SqlSettings final : public SettingsWriter {
 public:
  // Reads and writes through `db`, which must outlive this and carry the open transaction.
  explicit SqlSettings(Connection& db) : db_(db) {}

  // Nullopt when nothing is stored under `key`.
  Result<std::optional<std::string>> get(const std::string& key) override {
    return sql::query_one<std::string>(
        db_, sql::kGetSetting, [&](auto& s) { s.bind(1, key); },
        [](auto& s) { return s.column_blob(0); });
  }
  // An upsert: replaces any value under `key`.
  Status put(const std::string& key, const std::string& value) override {
    return sql::run(db_, sql::kPutSetting, [&](auto& s) { s.bind(1, key).bind_blob(2, value); });
  }
  // Removing a missing key is no error.
  Status remove(const std::string& key) override {
    return sql::run(db_, sql::kDeleteSetting, [&](auto& s) { s.bind(1, key); });
  }
  // One upsert that changes the row only for its holder or after its lease ended.
  Result<bool> take_lease(const std::string& name, const std::string& holder, std::int64_t now,
                          std::int64_t until) override {
    return sql::run_changing_one(db_, sql::kTakeLease, [&](auto& s) {
      s.bind(1, name).bind(2, holder).bind(3, now).bind(4, until);
    });
  }
  Status release_leases(const std::string& holder) override {
    return sql::run(db_, sql::kReleaseLeases, [&](auto& s) { s.bind(1, holder); });
  }

 private:
  Connection& db_;
};

}  // namespace keyward::storage
