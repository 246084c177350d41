#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

#include "storage/sql_query.h"
#include "storage/tx_table_rows.h"

namespace keyward::storage {

// tx.table_rows() on an SQL engine's connection: whole rows, each column read and bound by the
// kind the TableSpec gives it (storage/rows.h), for backup and restore.
template <typename Connection>
class SqlTableRows final : public TableRowsWriter {
 public:
  // Reads and writes through `db`, which must outlive this and carry the open transaction.
  explicit SqlTableRows(Connection& db) : db_(db) {}

  // Rows in the spec's stable order; the first error of `each` stops the scan and is returned.
  Status scan(const TableSpec& table, const std::function<Status(const Row&)>& each) override {
    KW_TRY(stmt, db_.prepare(table.select_sql.c_str()));
    Row row(table.columns.size());
    while (true) {
      KW_TRY(more, stmt.step());
      if (!more) return ok_status();
      for (std::size_t i = 0; i < table.columns.size(); ++i) {
        int column = static_cast<int>(i);
        Value& value = row[i];
        value.null = stmt.column_is_null(column);
        value.integer = 0;
        value.bytes.clear();
        if (value.null) continue;
        switch (table.columns[i].kind) {
          case ColumnKind::kInteger:
            value.integer = stmt.column_int64(column);
            break;
          case ColumnKind::kText:
            value.bytes = stmt.column_text(column);
            break;
          case ColumnKind::kBlob:
            value.bytes = stmt.column_blob(column);
            break;
        }
      }
      KW_TRY_STATUS(each(row));
    }
  }

  // The number of rows now in `table`.
  Result<std::int64_t> count(const TableSpec& table) override {
    return sql::count(db_, table.count_sql.c_str(), sql::no_parameters);
  }

  // REQUIRES: `row` has one value per column of `table`. kConflict on a constraint violation.
  Status insert(const TableSpec& table, const Row& row) override {
    return sql::run(db_, table.insert_sql.c_str(), [&](auto& s) {
      for (std::size_t i = 0; i < table.columns.size() && i < row.size(); ++i) {
        int index = static_cast<int>(i) + 1;
        const Value& value = row[i];
        if (value.null) {
          s.bind_null(index);
        } else if (table.columns[i].kind == ColumnKind::kInteger) {
          s.bind(index, value.integer);
        } else if (table.columns[i].kind == ColumnKind::kBlob) {
          s.bind_blob(index, value.bytes);
        } else {
          s.bind(index, std::string_view(value.bytes));
        }
      }
    });
  }

 private:
  Connection& db_;
};

}  // namespace keyward::storage
