#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/result.h"
#include "storage/pool.h"

struct sqlite3;
struct sqlite3_stmt;

namespace keyward::storage::sqlite {

// A prepared statement borrowed from a Connection's cache. Binding is by parameter number:
// `bind(2, …)` sets ?2 or $2 wherever it appears. Reset and unbound when it goes out of scope,
// ready for the next use.
class Statement {
 public:
  // `slots[n]`: SQLite's own index of parameter n ($n is a named parameter to SQLite).
  Statement(sqlite3* db, sqlite3_stmt* stmt, const std::vector<int>* slots)
      : db_(db), stmt_(stmt), slots_(slots) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  // The moved-from statement is left empty and releases nothing.
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  // Bind $`index` (from 1); chain. REQUIRES: the SQL names $`index`.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind_null(int index);

  // Advances one row: true when a row is ready, false when done.
  Result<bool> step();
  // Steps until done, for statements that return no rows.
  Status run();

  // Read column `index` (from 0) of the current row. REQUIRES: step() returned true.
  std::int64_t column_int64(int index) const;
  std::string column_text(int index) const;
  std::string column_blob(int index) const;
  bool column_is_null(int index) const;

 private:
  int slot(int number) const;

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  const std::vector<int>* slots_;
};

// One open database connection with a cache of prepared statements. Not thread-safe: a
// connection is used by one thread at a time, through the Pool.
class Connection {
 public:
  // The placeholder of the SQL written for this engine alone ('?1'), which also tells the shared
  // SQL builders (storage/sql_list_page.h) which dialect to write.
  static constexpr char kParameterMark = '?';

  // Opens (creating if needed) the database file and applies keyward's per-connection settings:
  // WAL, synchronous=FULL, foreign keys, busy timeout, secure delete.
  static Result<std::unique_ptr<Connection>> open(const std::string& path);

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs one or more statements that return no rows (migrations, pragmas).
  Status exec(std::string_view sql);
  // Runs one statement that returns no rows, prepared once (BEGIN, COMMIT…): the hot path does
  // not parse SQL. REQUIRES: `sql` is a string constant, as for prepare().
  Status run(const char* sql);

  // Prepares `sql` once per connection. REQUIRES: `sql` is a string constant: the cache is keyed
  // by its address, which is why keyward keeps SQL as named constants.
  Result<Statement> prepare(const char* sql);

  // Rows changed by the last INSERT, UPDATE or DELETE.
  int changes();

  // The sqlite3 handle, owned by this connection; valid while it lives.
  sqlite3* handle() { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  struct Prepared {
    sqlite3_stmt* stmt;
    std::vector<int> slots;
  };
  std::unordered_map<const char*, Prepared> statements_;
};

// Maps a SQLite result code to an Error: busy and locked are 503, constraint violations 409.
Error sqlite_error(sqlite3* db, int rc, std::string_view what);

// The engine's connection pool: connections are not thread-safe, leases hand them out one at a
// time.
using Pool = storage::Pool<Connection>;

// BEGIN IMMEDIATE on construction (take the write lock up front, so two writers never deadlock
// upgrading a read), ROLLBACK on destruction unless commit() succeeded.
class Transaction {
 public:
  // kUnavailable when the write lock stays busy. REQUIRES: no transaction open on `connection`.
  static Result<Transaction> begin(Connection& connection);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();

  // Once it succeeds the destructor no longer rolls back; on failure it still does.
  Status commit();

 private:
  explicit Transaction(Connection* connection) : connection_(connection) {}
  Connection* connection_;
};

}  // namespace keyward::storage::sqlite
