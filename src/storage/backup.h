#pragma once

#include <functional>
#include <iosfwd>
#include <string>

#include "crypto/master_key.h"
#include "storage/store.h"

namespace keyward::storage {

// The portable export: JSON lines, engine-neutral, still sealed, signed. A header line
// {"format":"keyward-export","format_version":3,"master_key_id":…,…}, then one
// {"table":…,"row":[…]} per row in the order of data_tables() (blobs in base64: ciphertexts,
// wrapped keys, token hashes exactly as stored), then {"end":true,"rows":N} so a cut-off file is
// refused, then {"mac":"<hex>"}: keyed BLAKE2b over every byte before it (crypto::ExportMac),
// under a key derived from the master key the export was made with, whose id the header names.
// Nothing in it is a plaintext: it is as safe as the database, and as useless without the master
// key. Version 2: audit events carry their chain (prev_hash, hash). Version 3: signed, and
// server_keys. Version 4: secret versions (teams.secret_versions_kept, api_keys.secret_version,
// api_key_versions); a version 3 export is still read, its keys re-sealed as version 1 by the
// next start. Version 5: labels (api_keys.labels, service_tokens.labels); an earlier export's
// keys and tokens have none.
inline constexpr int kExportFormatVersion = 11;
// The oldest format read_export accepts.
inline constexpr int kOldestExportFormat = 3;

// Work run in the same transaction as a backup's or a restore's rows: on a backup, in its read
// snapshot before anything is written; on a restore, after every row is in and before the
// commit. A failure stops it, and a restore then restores nothing.
using RowsCheck = std::function<Status(ReadTx&)>;

// Writes every row of `source` from one consistent read snapshot, signed under `master`.
// Returns the number of rows.
Result<std::int64_t> write_export(Store& source, std::ostream& out, const crypto::MasterKey& master,
                                  const RowsCheck& check = {});

// Checks an export's header and signature under `master` without writing anything: a file made
// under another master key, unsigned (an earlier format), cut off or changed in any byte (an
// edited, added, removed or reordered line) is refused with a message saying which.
Status verify_export(std::istream& in, const crypto::MasterKey& master);

// Reads an export into `target`, in one transaction: all of it or nothing. verify_export first,
// and the signature again as the rows go in. REQUIRES: `target` is migrated; it must hold no
// rows (restore never merges into a live deployment).
Result<std::int64_t> read_export(std::istream& in, Store& target, const crypto::MasterKey& master,
                                 const RowsCheck& check = {});

// Copies every row of `source` into `target` in one transaction (same rules as read_export):
// moves a deployment between engines, e.g. from a SQLite backup file to PostgreSQL.
Result<std::int64_t> copy_rows(Store& source, Store& target, const RowsCheck& check = {});

// SQLite's online backup: a consistent copy of the live database file at `out_path` (created
// with mode 0600; an existing file is refused), taken while servers keep reading and writing.
Status sqlite_online_backup(const std::string& database_path, const std::string& out_path);

}  // namespace keyward::storage
