#include "storage/postgres/connection.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <utility>

namespace keyward::storage::postgres {
namespace {

// Type oids of the columns keyward reads as integers (pg_type.h is a server header).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;

// Session settings of every connection: UTC, and no statement or lock wait hangs a request.
constexpr const char* kSessionSettings =
    "SET TIME ZONE 'UTC';"
    "SET statement_timeout = '30s';"
    "SET lock_timeout = '10s';"
    "SET idle_in_transaction_session_timeout = '60s'";

std::int64_t big_endian(const char* bytes, int length) {
  std::int64_t value = 0;
  for (int i = 0; i < length; ++i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  }
  // Sign-extend the narrower integers.
  if (length < 8 && length > 0 && (static_cast<unsigned char>(bytes[0]) & 0x80) != 0) {
    value -= std::int64_t{1} << (8 * length);
  }
  return value;
}

Error unavailable(std::string internal) {
  return Error::make(ErrorCode::kUnavailable, "The database is unavailable; try again.",
                     std::move(internal));
}

// libpq prints server notices (an extension that already exists…) to stderr; keyward's log is
// the only output.
void ignore_notice(void*, const char*) {}

}  // namespace

Error Connection::error_from(const pg_result* result, std::string_view what) {
  // The primary message and the constraint's name only: PostgreSQL's DETAIL can quote a whole
  // row ("Failing row contains …"), and no row value belongs in a log line.
  const char* primary =
      result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const char* constraint =
      result != nullptr ? PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME) : nullptr;
  std::string message = primary != nullptr ? primary : PQerrorMessage(conn_);
  if (constraint != nullptr) {
    message += " [";
    message += constraint;
    message += "]";
  }
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  std::string internal = std::string(what) + ": " + message;
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string sqlstate = state != nullptr ? state : "";
  if (!sqlstate.empty()) {
    internal += " (SQLSTATE ";
    internal += sqlstate;
    internal += ")";
  }
  if (broken() || sqlstate.rfind("08", 0) == 0 || sqlstate == "57P01") {
    failure_ = Failure::kLost;
    return unavailable(internal);
  }
  if (sqlstate == "40001" || sqlstate == "40P01") {
    failure_ = Failure::kRetry;
    return Error::make(ErrorCode::kUnavailable, "The database is busy; try again.", internal);
  }
  if (sqlstate == "55P03" || sqlstate == "57014") {  // lock or statement timeout
    return Error::make(ErrorCode::kUnavailable, "The database is busy; try again.", internal);
  }
  if (sqlstate.rfind("23", 0) == 0) {
    return Error::make(ErrorCode::kConflict, "The change conflicts with existing data.", internal);
  }
  return Error::make(ErrorCode::kInternal, "", internal);
}

namespace {

pg_conn* connect(const std::string& url) {
  // Defaults the URL may override (it is expanded after them): a server that does not answer
  // fails the attempt in 5 s instead of holding a worker thread for the TCP timeout.
  const char* const keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* const values[] = {"5", "keyward", url.c_str(), nullptr};
  return PQconnectdbParams(keywords, values, 1);
}

}  // namespace

std::unique_ptr<Connection> Connection::unopened(const std::string& url) {
  return std::unique_ptr<Connection>(new Connection(nullptr, url));
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& url) {
  pg_conn* conn = connect(url);
  if (conn == nullptr) return unavailable("cannot allocate a PostgreSQL connection");
  std::unique_ptr<Connection> connection(new Connection(conn, url));
  if (PQstatus(conn) != CONNECTION_OK) {
    // libpq's message names the host and the reason, never the password.
    std::string message = PQerrorMessage(conn);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    message.insert(0, "cannot connect to PostgreSQL: ");
    return unavailable(message);
  }
  PQsetNoticeProcessor(conn, ignore_notice, nullptr);
  KW_TRY_STATUS(connection->exec(kSessionSettings));
  return connection;
}

Connection::~Connection() { PQfinish(conn_); }

bool Connection::broken() const { return PQstatus(conn_) != CONNECTION_OK; }

Status Connection::reconnect() {
  prepared_.clear();
  if (conn_ == nullptr) {
    conn_ = connect(url_);
    if (conn_ == nullptr) return unavailable("cannot allocate a PostgreSQL connection");
  } else {
    PQreset(conn_);
  }
  if (broken())
    return unavailable("cannot reconnect to PostgreSQL: " + std::string(PQerrorMessage(conn_)));
  PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
  return exec(kSessionSettings);
}

Status Connection::exec(std::string_view sql) {
  std::string text(sql);
  PGresult* result = PQexec(conn_, text.c_str());
  ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    Error error = error_from(result, "exec");
    PQclear(result);
    return error;
  }
  PQclear(result);
  return ok_status();
}

Result<std::int64_t> Connection::query_int(std::string_view sql) {
  std::string text(sql);
  PGresult* result = PQexec(conn_, text.c_str());
  if (result == nullptr || PQresultStatus(result) != PGRES_TUPLES_OK) {
    Error error = error_from(result, "query");
    PQclear(result);
    return error;
  }
  std::int64_t value = 0;
  if (PQntuples(result) > 0 && PQgetisnull(result, 0, 0) == 0) {
    value = std::strtoll(PQgetvalue(result, 0, 0), nullptr, 10);
  }
  PQclear(result);
  return value;
}

Result<Statement> Connection::prepare(const char* sql) {
  auto found = prepared_.find(sql);
  if (found == prepared_.end()) {
    std::string name(1, 'k');
    name += std::to_string(prepared_.size() + 1);
    PGresult* result = PQprepare(conn_, name.c_str(), sql, 0, nullptr);
    if (result == nullptr || PQresultStatus(result) != PGRES_COMMAND_OK) {
      Error error = error_from(result, "prepare");
      PQclear(result);
      return error;
    }
    PQclear(result);
    PGresult* description = PQdescribePrepared(conn_, name.c_str());
    if (description == nullptr || PQresultStatus(description) != PGRES_COMMAND_OK) {
      Error error = error_from(description, "describe");
      PQclear(description);
      return error;
    }
    int parameters = PQnparams(description);
    PQclear(description);
    found = prepared_.emplace(sql, std::make_pair(std::move(name), parameters)).first;
  }
  return Statement(*this, found->second.first, found->second.second);
}

Statement::Statement(Connection& connection, const std::string& name, int parameters)
    : connection_(&connection),
      name_(&name),
      values_(static_cast<std::size_t>(parameters)),
      formats_(static_cast<std::size_t>(parameters), 0),
      nulls_(static_cast<std::size_t>(parameters), true) {}

Statement::Statement(Statement&& other) noexcept
    : connection_(other.connection_),
      name_(other.name_),
      values_(std::move(other.values_)),
      formats_(std::move(other.formats_)),
      nulls_(std::move(other.nulls_)),
      result_(std::exchange(other.result_, nullptr)),
      row_(other.row_),
      rows_(other.rows_) {}

Statement::~Statement() {
  if (result_ != nullptr) PQclear(result_);
}

Statement& Statement::bind(int index, std::int64_t value) {
  return bind(index, std::string_view(std::to_string(value)));
}

Statement& Statement::bind(int index, std::string_view text) {
  auto at = static_cast<std::size_t>(index - 1);
  if (at >= values_.size()) return *this;
  values_[at].assign(text);
  formats_[at] = 0;
  nulls_[at] = false;
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  bind(index, bytes);
  auto at = static_cast<std::size_t>(index - 1);
  if (at < formats_.size()) formats_[at] = 1;
  return *this;
}

Statement& Statement::bind_null(int index) {
  auto at = static_cast<std::size_t>(index - 1);
  if (at < nulls_.size()) nulls_[at] = true;
  return *this;
}

Status Statement::execute() {
  std::vector<const char*> values(values_.size());
  std::vector<int> lengths(values_.size());
  for (std::size_t i = 0; i < values_.size(); ++i) {
    values[i] = nulls_[i] ? nullptr : values_[i].data();
    lengths[i] = static_cast<int>(values_[i].size());
  }
  result_ = PQexecPrepared(connection_->conn_, name_->c_str(), static_cast<int>(values_.size()),
                           values.data(), lengths.data(), formats_.data(), 1);
  ExecStatusType status = result_ != nullptr ? PQresultStatus(result_) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return connection_->error_from(result_, "execute");
  }
  rows_ = PQntuples(result_);
  const char* changed = PQcmdTuples(result_);
  connection_->changes_ = changed != nullptr && changed[0] != '\0' ? std::atoi(changed) : 0;
  return ok_status();
}

Result<bool> Statement::step() {
  if (row_ < 0) {
    KW_TRY_STATUS(execute());
  }
  ++row_;
  return row_ < rows_;
}

Status Statement::run() { return result_ != nullptr ? ok_status() : execute(); }

std::int64_t Statement::column_int64(int index) const {
  if (PQgetisnull(result_, row_, index) != 0) return 0;
  const char* bytes = PQgetvalue(result_, row_, index);
  int length = PQgetlength(result_, row_, index);
  switch (PQftype(result_, index)) {
    case kBoolOid:
      return length > 0 && bytes[0] != 0 ? 1 : 0;
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
      return big_endian(bytes, length);
    default:
      return 0;
  }
}

std::string Statement::column_text(int index) const {
  if (PQgetisnull(result_, row_, index) != 0) return {};
  return std::string(PQgetvalue(result_, row_, index),
                     static_cast<std::size_t>(PQgetlength(result_, row_, index)));
}

std::string Statement::column_blob(int index) const { return column_text(index); }

bool Statement::column_is_null(int index) const { return PQgetisnull(result_, row_, index) != 0; }

}  // namespace keyward::storage::postgres
