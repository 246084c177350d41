#pragma once

// SQL only the SQLite engine runs (the shared statements are in storage/sql.h).
namespace keyward::storage::sqlite::sql {

inline constexpr const char kPing[] = "SELECT 1";

inline constexpr const char kCreateMigrationsTable[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "  version INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  applied_at INTEGER NOT NULL"
    ") STRICT";

inline constexpr const char kMigrationApplied[] =
    "SELECT 1 FROM schema_migrations WHERE version = ?1";

inline constexpr const char kRecordMigration[] =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)";

inline constexpr const char kSchemaVersion[] =
    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";

}  // namespace keyward::storage::sqlite::sql
