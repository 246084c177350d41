#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/result.h"
#include "storage/pool.h"

struct pg_conn;
struct pg_result;

namespace keyward::storage::postgres {

class Connection;

// One execution of a prepared statement. Parameters are bound by number ($1 is 1): integers and
// text are sent as text (the server parses them into the column's type), blobs as binary bytea.
// Results come back in binary, read by column type. Executed on the first step() or run().
class Statement {
 public:
  // A statement prepared on `connection` under `name` with `parameters` parameters; the
  // moved-from one is left empty. REQUIRES: `connection` outlives it.
  Statement(Connection& connection, const std::string& name, int parameters);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Bind $`index` (from 1); chain. REQUIRES: 1 <= index <= the statement's parameters.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind_null(int index);

  // Advances one row: true when a row is ready, false when done.
  Result<bool> step();
  // Executes a statement that returns no rows.
  Status run();

  // Read column `index` (from 0) of the current row. REQUIRES: step() returned true.
  std::int64_t column_int64(int index) const;
  std::string column_text(int index) const;
  std::string column_blob(int index) const;
  bool column_is_null(int index) const;

 private:
  Status execute();

  Connection* connection_;
  const std::string* name_;
  std::vector<std::string> values_;
  std::vector<int> formats_;
  std::vector<bool> nulls_;
  pg_result* result_ = nullptr;
  int row_ = -1;
  int rows_ = 0;
};

// What a failed statement means for the transaction around it.
enum class Failure : std::uint8_t {
  kNone,
  kRetry,  // serialization failure or deadlock: nothing was kept; the whole transaction may rerun
  kLost,   // the connection broke: the outcome of an unfinished commit is unknown
};

// One libpq connection with its prepared statements. Not thread-safe: used by one thread at a
// time, through the Pool. The connection string is never logged or echoed: it may hold a
// password.
class Connection {
 public:
  // The placeholder of the SQL written for this engine alone ('$1'), which also tells the shared
  // SQL builders (storage/sql_list_page.h) which dialect to write.
  static constexpr char kParameterMark = '$';

  // Connects (synchronously) with keyward's session settings.
  static Result<std::unique_ptr<Connection>> open(const std::string& url);
  // Not connected yet: broken() until reconnect() connects it, on its first use. A pool of
  // fifty connections opened one by one took most of a second to start.
  static std::unique_ptr<Connection> unopened(const std::string& url);

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs one or more statements that return no rows (migrations, BEGIN, COMMIT).
  Status exec(std::string_view sql);
  // Runs a query that returns one integer (advisory lock results, versions); 0 without a row.
  Result<std::int64_t> query_int(std::string_view sql);

  // Prepares `sql` once per connection. REQUIRES: `sql` is a string constant (cached by address).
  Result<Statement> prepare(const char* sql);

  // Rows changed by the last statement run.
  int changes() const { return changes_; }

  // Whether the socket is still usable; a broken connection is reopened before its next use.
  bool broken() const;
  // Reconnects after a failure, dropping prepared statements (a new session has none).
  Status reconnect();

  // The failure class of the last error, cleared by taking it.
  Failure take_failure() {
    Failure f = failure_;
    failure_ = Failure::kNone;
    return f;
  }

  // The libpq handle, owned by this connection (LISTEN and notice polling use it directly).
  pg_conn* handle() { return conn_; }

  // Turns a failed result (or a null one: the connection is gone) into an Error, remembering
  // whether the transaction may be retried. Clears nothing: the caller owns `result`.
  Error error_from(const pg_result* result, std::string_view what);

 private:
  Connection(pg_conn* conn, std::string url) : conn_(conn), url_(std::move(url)) {}
  friend class Statement;

  pg_conn* conn_;
  std::string url_;
  std::unordered_map<const char*, std::pair<std::string, int>> prepared_;  // name, parameters
  int changes_ = 0;
  Failure failure_ = Failure::kNone;
};

// The engine's connection pool: connections are not thread-safe, leases hand them out one at a
// time.
using Pool = storage::Pool<Connection>;

}  // namespace keyward::storage::postgres
