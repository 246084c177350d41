#pragma once

#include <string>

#include "crypto/master_key.h"
#include "domain/result.h"

namespace keyward::storage::sqlite {

// A SQLite backup file is signed as an export is: a keyed BLAKE2b (crypto::ExportMac, under a
// key derived from the master key) over what the file holds as SQLite reads it (its schema and
// every row of every table, in a fixed order), kept inside the file in the table
// keyward_backup_signature, which the signature leaves out. Signing what SQLite reads, not the
// file's bytes, lets the file stay a normal SQLite database.

// Signs the backup file at `path` under `master`. Refuses a file whose rows are wrapped by
// another master key, or that is signed already. REQUIRES: nothing else has the file open.
Status sign_backup_file(const std::string& path, const crypto::MasterKey& master);

// Checks the signature of the backup file at `path` under `master`, changing nothing: a file
// without one (an earlier release's backup, or any SQLite file), one made under another master
// key, or one changed in any row or in its schema is refused, with a message saying which and
// that nothing was restored.
Status verify_backup_file(const std::string& path, const crypto::MasterKey& master);

}  // namespace keyward::storage::sqlite
