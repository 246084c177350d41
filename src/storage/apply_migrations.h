#pragma once

// The migration steps both engines share. Each engine creates schema_migrations in its own
// dialect and keeps a second process from migrating at the same time in its own way (SQLite:
// BEGIN IMMEDIATE; PostgreSQL: an advisory lock around the whole run); the rest is here.

#include <cstdint>
#include <string>
#include <vector>

#include "domain/result.h"
#include "storage/migration.h"
#include "storage/sql_concepts.h"
#include "storage/store.h"

namespace keyward::storage {

namespace migration_sql {
inline constexpr const char kSchemaVersion[] =
    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
inline constexpr const char kApplied[] =
    "SELECT COUNT(*) FROM schema_migrations WHERE version = $1";
inline constexpr const char kRecord[] =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)";
}  // namespace migration_sql

// The newest version recorded in schema_migrations (0 when none). REQUIRES: the table exists.
template <SqlConnection C>
Result<int> read_schema_version(C& connection) {
  KW_TRY(statement, connection.prepare(migration_sql::kSchemaVersion));
  KW_TRY_STATUS(statement.step());
  return static_cast<int>(statement.column_int64(0));
}

// Applies each of `migrations` (in version order) that schema_migrations does not record, each in
// its own transaction opened by `begin` together with its record; whether it is applied is read
// inside that transaction, so a process that waited behind another sees its work. Refuses a
// database that a newer release already migrated. A failed migration is rolled back and named in
// the error; the ones before it stay applied. REQUIRES: schema_migrations exists; no transaction
// is open on `connection`.
template <SqlConnection C>
Result<MigrationReport> apply_migrations(C& connection, const std::vector<Migration>& migrations,
                                         const char* begin, std::int64_t now_ms) {
  const int newest_known = migrations.empty() ? 0 : migrations.back().version;
  KW_TRY(before, read_schema_version(connection));
  if (before > newest_known) {
    const std::string message = "the database has schema version " + std::to_string(before) +
                                ", newer than this binary knows (" + std::to_string(newest_known) +
                                "); run a newer keyward";
    return Error::make(ErrorCode::kInternal, message, message);
  }
  // Inside the open transaction: false when the migration was applied already.
  auto apply = [&](const Migration& migration) -> Result<bool> {
    {
      KW_TRY(applied, connection.prepare(migration_sql::kApplied));
      applied.bind(1, static_cast<std::int64_t>(migration.version));
      KW_TRY_STATUS(applied.step());
      if (applied.column_int64(0) > 0) return false;
    }
    KW_TRY_STATUS(connection.exec(migration.sql));
    KW_TRY(record, connection.prepare(migration_sql::kRecord));
    record.bind(1, static_cast<std::int64_t>(migration.version))
        .bind(2, migration.name)
        .bind(3, now_ms);
    KW_TRY_STATUS(record.run());
    return true;
  };
  MigrationReport report;
  for (const Migration& migration : migrations) {
    KW_TRY_STATUS(connection.exec(begin));
    auto applied = apply(migration);
    if (!applied || !*applied) {
      (void)connection.exec("ROLLBACK");
      if (applied) continue;  // nothing was changed
      Error error = std::move(applied).error();
      error.internal = "migration " + std::string(migration.name) + ": " + error.internal;
      return error;
    }
    auto committed = connection.exec("COMMIT");
    if (!committed) {
      (void)connection.exec("ROLLBACK");  // SQLite keeps the transaction open after a failed COMMIT
      return std::move(committed).error();
    }
    report.applied.push_back(migration.version);
  }
  KW_TRY(version, read_schema_version(connection));
  report.current_version = version;
  return report;
}

}  // namespace keyward::storage
