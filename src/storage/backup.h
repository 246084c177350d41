#pragma once

#include <iosfwd>
#include <string>

#include "storage/store.h"

namespace keyward::storage {

// The portable export: JSON lines, engine-neutral, still sealed. A header line
// {"format":"keyward-export","format_version":2,…}, then one {"table":…,"row":[…]} per row in
// the order of data_tables() (blobs in base64: ciphertexts, wrapped team keys, token hashes
// exactly as stored), then {"end":true,"rows":N} so a cut-off file is refused. Nothing in it
// is a plaintext: it is as safe as the database, and as useless without the master key.
// Version 2: audit events carry their chain (prev_hash, hash).
inline constexpr int kExportFormatVersion = 2;

// Writes every row of `source` from one consistent read snapshot. Returns the number of rows.
Result<std::int64_t> write_export(Store& source, std::ostream& out);

// Reads an export into `target`, in one transaction: all of it or nothing. REQUIRES: `target`
// is migrated; it must hold no rows (restore never merges into a live deployment).
Result<std::int64_t> read_export(std::istream& in, Store& target);

// Copies every row of `source` into `target` in one transaction (same rules as read_export):
// moves a deployment between engines, e.g. from a SQLite backup file to PostgreSQL.
Result<std::int64_t> copy_rows(Store& source, Store& target);

// SQLite's online backup: a consistent copy of the live database file at `out_path` (created
// with mode 0600; an existing file is refused), taken while servers keep reading and writing.
Status sqlite_online_backup(const std::string& database_path, const std::string& out_path);

}  // namespace keyward::storage
