#pragma once

// The few ways the shared SQL code runs a statement, and the cursors that read a row's columns
// and bind a statement's parameters in order, so no column or parameter number is written by
// hand. Templates over the engine's connection and statement (storage/sql_concepts.h).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

namespace keyward::storage::sql {

// Reads the current row's columns left to right.
template <typename Statement>
class ColumnReader {
 public:
  // REQUIRES: `statement` is on a row and outlives this reader.
  explicit ColumnReader(const Statement& statement) : s_(statement) {}

  // Each reads the next column as its kind; the optional_ forms give nullopt for NULL.
  std::string text() { return s_.column_text(next_++); }
  std::string blob() { return s_.column_blob(next_++); }
  std::int64_t int64() { return s_.column_int64(next_++); }
  bool flag() { return int64() != 0; }
  std::optional<std::string> optional_text() {
    const int index = next_++;
    if (s_.column_is_null(index)) return std::nullopt;
    return s_.column_text(index);
  }
  // Nullopt for a NULL column.
  std::optional<std::int64_t> optional_int64() {
    const int index = next_++;
    if (s_.column_is_null(index)) return std::nullopt;
    return s_.column_int64(index);
  }
  // How many columns were read: the row's column list must have as many (tests check it).
  int read() const { return next_; }

 private:
  const Statement& s_;
  int next_ = 0;
};

// Binds a statement's parameters left to right, from $`first`.
template <typename Statement>
class ParameterBinder {
 public:
  // REQUIRES: `statement` outlives this binder and has a parameter for every value bound.
  explicit ParameterBinder(Statement& statement, int first = 1) : s_(statement), next_(first) {}

  // Binds the next parameter; chains.
  ParameterBinder& text(std::string_view value) {
    s_.bind(next_++, value);
    return *this;
  }
  // Bytes, bound as a blob (hashes, ciphertext, nonces).
  ParameterBinder& blob(std::string_view value) {
    s_.bind_blob(next_++, value);
    return *this;
  }
  // Binds the next parameter; chains.
  ParameterBinder& int64(std::int64_t value) {
    s_.bind(next_++, value);
    return *this;
  }
  // Booleans are stored as 0/1; a missing optional is bound as NULL.
  ParameterBinder& flag(bool value) { return int64(value ? 1 : 0); }
  ParameterBinder& optional_text(const std::optional<std::string>& value) {
    if (value) return text(*value);
    return null();
  }
  // A missing optional is bound as NULL.
  ParameterBinder& optional_int64(const std::optional<std::int64_t>& value) {
    if (value) return int64(*value);
    return null();
  }
  // An empty value is stored as NULL.
  ParameterBinder& blob_or_null(const std::string& value) {
    if (value.empty()) return null();
    return blob(value);
  }
  // Binds NULL to the next parameter.
  ParameterBinder& null() {
    s_.bind_null(next_++);
    return *this;
  }
  // The number of the next parameter.
  int next() const { return next_; }

 private:
  Statement& s_;
  int next_;
};

// Runs a statement that returns no rows.
template <typename Db, typename Bind>
Status run(Db& db, const char* sql, Bind bind) {
  KW_TRY(stmt, db.prepare(sql));
  bind(stmt);
  return stmt.run();
}

// Runs a statement that returns no rows; true when it changed exactly one row.
template <typename Db, typename Bind>
Result<bool> run_changing_one(Db& db, const char* sql, Bind bind) {
  KW_TRY_STATUS(run(db, sql, bind));
  return db.changes() == 1;
}

// Reads at most one row.
template <typename T, typename Db, typename Bind, typename Read>
Result<std::optional<T>> query_one(Db& db, const char* sql, Bind bind, Read read) {
  KW_TRY(stmt, db.prepare(sql));
  bind(stmt);
  KW_TRY(row, stmt.step());
  if (!row) return std::optional<T>();
  return std::optional<T>(read(stmt));
}

// Reads every row.
template <typename T, typename Db, typename Bind, typename Read>
Result<std::vector<T>> query_all(Db& db, const char* sql, Bind bind, Read read) {
  KW_TRY(stmt, db.prepare(sql));
  bind(stmt);
  std::vector<T> out;
  while (true) {
    KW_TRY(row, stmt.step());
    if (!row) return out;
    out.push_back(read(stmt));
  }
}

// The single integer a COUNT (or similar) returns; 0 when there is no row.
template <typename Db, typename Bind>
Result<std::int64_t> count(Db& db, const char* sql, Bind bind) {
  KW_TRY(total, query_one<std::int64_t>(db, sql, bind, [](auto& s) { return s.column_int64(0); }));
  return total.value_or(0);
}

inline constexpr auto no_parameters = [](auto&) {};

}  // namespace keyward::storage::sql
