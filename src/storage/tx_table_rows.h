#pragma once

#include <cstdint>
#include <functional>

#include "domain/result.h"
#include "storage/rows.h"

namespace keyward::storage {

// Whole rows of the data tables (tx.table_rows()), for backup and restore (storage/rows.h).
class TableRowsReader {
 public:
  virtual ~TableRowsReader() = default;

  // Calls `each` with every row of `table` in its stable order; stops at the first error `each`
  // returns and returns it.
  virtual Status scan(const TableSpec& table, const std::function<Status(const Row&)>& each) = 0;
  // The number of rows in `table`.
  virtual Result<std::int64_t> count(const TableSpec& table) = 0;
};

// The rows of the data tables with their write operations, inside a WriteTx (restore).
class TableRowsWriter : public TableRowsReader {
 public:
  // Inserts `row` as it is. kConflict when its key is taken.
  virtual Status insert(const TableSpec& table, const Row& row) = 0;
};

}  // namespace keyward::storage
