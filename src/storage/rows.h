#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace keyward::storage {

// Whole rows of the data model's tables, engine-neutral: what backup, restore and the move from
// SQLite to PostgreSQL copy. Column values keep their kind; blobs stay the sealed bytes they are.
enum class ColumnKind : std::uint8_t { kText, kInteger, kBlob };

// One column's value: `null`, else `integer` or `bytes` as its column's kind says.
struct Value {
  bool null = true;
  std::int64_t integer = 0;
  std::string bytes;  // text or blob
};
// The values of one row, in the order of its table's columns.
using Row = std::vector<Value>;

// A column as backup copies it; `name` is a string literal that outlives the spec. A column
// added after export format 3 names the format that added it, and the value an export made
// before it gets (exports of format 3 are still read): `earlier_value` for an integer,
// `earlier_text` (a string literal) for a text column, or NULL when `earlier_null`.
struct Column {
  const char* name;
  ColumnKind kind;
  int added_in_format = 0;
  std::int64_t earlier_value = 0;
  const char* earlier_text = "";
  bool earlier_null = false;
};

// One table as backup sees it. The SQL is built once; its address keys the statement caches.
struct TableSpec {
  std::string name;
  std::vector<Column> columns;
  std::string select_sql;  // every row, in a stable order (the audit trail in insertion order)
  std::string insert_sql;  // one row, $1…$n
  std::string count_sql;
};

// Every table that holds data, parents before children. Not copied: schema_migrations (each
// database migrates itself) and derived data (teams.api_key_count, kept by triggers as keys are
// inserted; search indexes).
const std::vector<TableSpec>& data_tables();

}  // namespace keyward::storage
