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

}  // namespace keyward::storage::sqlite::sql
