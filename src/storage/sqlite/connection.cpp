#include "storage/sqlite/connection.h"

#include <sqlite3.h>

#include <cstdlib>
#include <mutex>
#include <utility>

namespace keyward::storage::sqlite {
namespace {

// How long a connection waits for another writer's lock before answering 503.
constexpr int kBusyTimeoutMs = 5000;

constexpr const char* kConnectionSettings =
    "PRAGMA foreign_keys = ON;"
    "PRAGMA synchronous = FULL;"  // an acknowledged write survives power loss
    "PRAGMA secure_delete = ON;"  // deleted rows are overwritten, not left in free pages
    "PRAGMA cache_size = -1024;";
// trusted_schema stays ON: the FTS5 search index is written from triggers, which needs it.

}  // namespace

Error sqlite_error(sqlite3* db, int rc, std::string_view what) {
  std::string internal = std::string(what) + ": " + sqlite3_errstr(rc);
  if (db != nullptr) internal += std::string(" (") + sqlite3_errmsg(db) + ")";
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error::make(ErrorCode::kUnavailable, "The database is busy; try again.", internal);
    case SQLITE_CONSTRAINT:
      return Error::make(ErrorCode::kConflict, "The change conflicts with existing data.",
                         internal);
    default:
      return Error::make(ErrorCode::kInternal, "", internal);
  }
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), slots_(other.slots_) {}

int Statement::slot(int number) const {
  auto at = static_cast<std::size_t>(number);
  return at < slots_->size() && (*slots_)[at] != 0 ? (*slots_)[at] : number;
}

Statement::~Statement() {
  if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, slot(index), value);
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, slot(index), text.data(), static_cast<int>(text.size()),
                    SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  sqlite3_bind_blob(stmt_, slot(index), bytes.data(), static_cast<int>(bytes.size()),
                    SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, slot(index));
  return *this;
}

Result<bool> Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return sqlite_error(db_, rc, "step");
}

Status Statement::run() {
  while (true) {
    KW_TRY(row, step());
    if (!row) return ok_status();
  }
}

std::int64_t Statement::column_int64(int index) const { return sqlite3_column_int64(stmt_, index); }

std::string Statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(stmt_, index);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)));
}

std::string Statement::column_blob(int index) const {
  const void* blob = sqlite3_column_blob(stmt_, index);
  if (blob == nullptr) return {};
  return std::string(static_cast<const char*>(blob),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)));
}

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path) {
  // SQLite's memory statistics take a process-wide mutex on every allocation, which serialises
  // all connections; keyward never reads them. Must precede SQLite's initialisation (it fails
  // harmlessly if something initialised SQLite already).
  static std::once_flag configured;
  std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error error = sqlite_error(db, rc, "open " + path);
    error.detail = "Cannot open the database file.";
    sqlite3_close(db);
    return error;
  }
  std::unique_ptr<Connection> connection(new Connection(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);

  // WAL lets readers go on while one writer commits. The setting is stored in the file, but ask
  // every time: it fails on file systems without shared memory, and we want to know.
  sqlite3_stmt* stmt = nullptr;
  rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &stmt, nullptr);
  std::string mode;
  if (rc == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    mode = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  if (mode != "wal") {
    return Error::make(ErrorCode::kInternal, "Cannot switch the database to WAL mode.",
                       "journal_mode is '" + mode + "' for " + path);
  }
  KW_TRY_STATUS(connection->exec(kConnectionSettings));
  return connection;
}

Connection::~Connection() {
  for (auto& [sql, prepared] : statements_) sqlite3_finalize(prepared.stmt);
  sqlite3_close_v2(db_);
}

Status Connection::exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);
  if (rc != SQLITE_OK) return sqlite_error(db_, rc, "exec");
  return ok_status();
}

int Connection::changes() { return sqlite3_changes(db_); }

Status Connection::run(const char* sql) {
  KW_TRY(stmt, prepare(sql));
  return stmt.run();
}

Result<Statement> Connection::prepare(const char* sql) {
  auto found = statements_.find(sql);
  if (found == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(db_, rc, "prepare");
    // Map each parameter's number ("?3" or "$3") to SQLite's index, which follows first use.
    Prepared prepared{stmt, {}};
    int count = sqlite3_bind_parameter_count(stmt);
    for (int i = 1; i <= count; ++i) {
      const char* name = sqlite3_bind_parameter_name(stmt, i);
      if (name == nullptr || name[0] == '\0') continue;
      int number = std::atoi(name + 1);
      if (number <= 0) continue;
      if (prepared.slots.size() <= static_cast<std::size_t>(number)) {
        prepared.slots.resize(static_cast<std::size_t>(number) + 1, 0);
      }
      prepared.slots[static_cast<std::size_t>(number)] = i;
    }
    found = statements_.emplace(sql, std::move(prepared)).first;
  }
  return Statement(db_, found->second.stmt, &found->second.slots);
}

Result<Transaction> Transaction::begin(Connection& connection) {
  KW_TRY_STATUS(connection.run("BEGIN IMMEDIATE"));
  return Transaction(&connection);
}

Transaction::Transaction(Transaction&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)) {}

Transaction::~Transaction() {
  if (connection_ != nullptr) (void)connection_->run("ROLLBACK");
}

Status Transaction::commit() {
  auto committed = connection_->run("COMMIT");
  if (committed) connection_ = nullptr;
  return committed;
}

}  // namespace keyward::storage::sqlite
