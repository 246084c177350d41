#include "support/test_database.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "crypto/random.h"

namespace keyward::testing {
namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

using PgConnection = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using PgResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

PgConnection pg_connect(const std::string& url) {
  PgConnection conn(PQconnectdb(url.c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    throw std::runtime_error(std::string("cannot connect to the test PostgreSQL: ") +
                             PQerrorMessage(conn.get()));
  }
  auto ignore_notice = [](void*, const char*) {};
  PQsetNoticeProcessor(conn.get(), ignore_notice, nullptr);
  return conn;
}

std::vector<std::string> pg_query(const std::string& url, const std::string& sql) {
  PgConnection conn = pg_connect(url);
  PgResult result(PQexec(conn.get(), sql.c_str()), &PQclear);
  ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    throw std::runtime_error("test query failed: " + std::string(PQerrorMessage(conn.get())));
  }
  std::vector<std::string> rows;
  if (status == PGRES_TUPLES_OK) {
    for (int i = 0; i < PQntuples(result.get()); ++i)
      rows.emplace_back(PQgetvalue(result.get(), i, 0));
  }
  return rows;
}

}  // namespace

bool TestDatabase::postgres() { return env("KEYWARD_TEST_ENGINE") == "postgresql"; }

TestDatabase::TestDatabase() {
  if (!postgres()) {
    url_ = "sqlite:" + (dir_.path() / "keyward.db").string();
    return;
  }
  std::string base = env("KEYWARD_TEST_POSTGRES_URL");
  if (base.empty()) {
    throw std::runtime_error(
        "KEYWARD_TEST_ENGINE=postgresql needs KEYWARD_TEST_POSTGRES_URL: run the tests through "
        "scripts/with-postgres (make test does)");
  }
  schema_ = "kw_" + crypto::random_hex(8);
  pg_query(base, "CREATE SCHEMA " + schema_);
  // The schema first, public second: the test server's pg_trgm and btree_gin live in public.
  url_ = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
         schema_ + "%2Cpublic&application_name=" + schema_;
}

TestDatabase::~TestDatabase() {
  if (schema_.empty()) return;
  try {
    pg_query(env("KEYWARD_TEST_POSTGRES_URL"), "DROP SCHEMA " + schema_ + " CASCADE");
  } catch (const std::exception&) {
    // The server may already be gone at the end of a run; the cluster is thrown away anyway.
  }
}

std::vector<std::string> TestDatabase::query(const std::string& sql) const {
  if (postgres()) return pg_query(url_, sql);
  sqlite3* db = nullptr;
  sqlite3_open((dir_.path() / "keyward.db").c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  std::vector<std::string> rows;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    std::string message = sqlite3_errmsg(db);
    sqlite3_close(db);
    throw std::runtime_error("test query failed: " + message);
  }
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    const auto* text = sqlite3_column_text(stmt, 0);
    rows.emplace_back(text != nullptr ? reinterpret_cast<const char*>(text) : "");
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return rows;
}

void TestDatabase::exec(const std::string& sql) const {
  if (postgres()) {
    pg_query(url_, sql);
    return;
  }
  sqlite3* db = nullptr;
  sqlite3_open((dir_.path() / "keyward.db").c_str(), &db);
  char* message = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  std::string error = message != nullptr ? message : "";
  sqlite3_free(message);
  sqlite3_close(db);
  if (rc != SQLITE_OK) throw std::runtime_error("test statement failed: " + error);
}

std::string TestDatabase::contents() const {
  if (!postgres()) {
    std::string path = (dir_.path() / "keyward.db").string();
    return read_file(path) + read_file(path + "-wal") + read_file(path + "-shm");
  }
  std::string all;
  for (const auto& table : query("SELECT tablename FROM pg_tables WHERE schemaname = '" + schema_ +
                                 "' ORDER BY tablename")) {
    // Every row as text; bytea columns come out as hex, so compare secrets as text and hex.
    for (const auto& row : query("SELECT t::text FROM " + schema_ + "." + table + " t")) {
      all += row;
      all += '\n';
    }
  }
  return all;
}

}  // namespace keyward::testing
