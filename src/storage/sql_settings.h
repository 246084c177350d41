#pragma once

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
  explicit SqlSettings(Connection& db) : db_(db) {}

  Result<std::optional<std::string>> get(const std::string& key) override {
    return sql::query_one<std::string>(
        db_, sql::kGetSetting, [&](auto& s) { s.bind(1, key); },
        [](auto& s) { return s.column_blob(0); });
  }
  Status put(const std::string& key, const std::string& value) override {
    return sql::run(db_, sql::kPutSetting, [&](auto& s) { s.bind(1, key).bind_blob(2, value); });
  }
  Status remove(const std::string& key) override {
    return sql::run(db_, sql::kDeleteSetting, [&](auto& s) { s.bind(1, key); });
  }

 private:
  Connection& db_;
};

}  // namespace keyward::storage
