#pragma once

#include <string_view>
#include <vector>

namespace keyward::storage {

// One numbered schema change, embedded from migrations/<engine>/NNNN_name.sql at build time.
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// The SQLite migrations in version order (generated from migrations/sqlite/).
const std::vector<Migration>& sqlite_migrations();
// The PostgreSQL migrations in version order (generated from migrations/postgres/).
const std::vector<Migration>& postgres_migrations();

}  // namespace keyward::storage
