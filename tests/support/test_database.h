#pragma once

#include <string>
#include <vector>

#include "support/test_server.h"

namespace keyward::testing {

// A fresh, empty database for one test, on the engine the run was asked for:
// KEYWARD_TEST_ENGINE=postgresql uses a new schema in the server of KEYWARD_TEST_POSTGRES_URL
// (set by scripts/with-postgres, as `make test` does) and drops it afterwards; anything else
// uses a SQLite file in a temp dir.
class TestDatabase {
 public:
  TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  ~TestDatabase();

  // Whether this run tests the PostgreSQL engine.
  static bool postgres();

  // The URL keyward opens: "sqlite:/tmp/…/keyward.db" or "postgresql://…" with the schema.
  const std::string& url() const { return url_; }
  std::string engine() const { return postgres() ? "postgresql" : "sqlite"; }
  const TempDir& dir() const { return dir_; }
  // PostgreSQL: the application_name of the store's connections (tests cut them by it).
  const std::string& application_name() const { return schema_; }

  // Runs `sql` on its own connection and returns the first column of every row as text.
  std::vector<std::string> query(const std::string& sql) const;
  // Runs statements that return nothing; throws on failure.
  void exec(const std::string& sql) const;

  // Everything the database holds, as bytes: the SQLite file with its WAL and shared memory,
  // or every row of every table of the PostgreSQL schema as text.
  std::string contents() const;

 private:
  TempDir dir_;
  std::string schema_;  // PostgreSQL only
  std::string url_;
};

}  // namespace keyward::testing
