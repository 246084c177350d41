#pragma once

#include <string>

#include "app/config.h"

namespace keyward::app {

// `keyward serve`: loads the master key, opens and migrates the store, serves until SIGTERM.
// Returns the process exit code.
int serve(const ServeConfig& config);

// `keyward migrate`: applies pending migrations and prints what it did.
int migrate(const std::string& database_url);

// `keyward reset-password EMAIL`: sets a new password read from the terminal (or one line of
// standard input when it is not a terminal), ends that user's sessions and revokes their personal
// access tokens.
int reset_password(const std::string& database_url, const std::string& email);

// `keyward rotate-master-key --new-key-file F`: re-wraps every team key under the key in F, in
// one transaction, and records F's key as the database's master key.
int rotate_master_key(const std::string& database_url, const std::string& current_key_file,
                      const std::string& new_key_file);

// `keyward backup FILE`: a SQLite online backup (--format sqlite, the default for SQLite) or the
// portable, still-sealed export (--format export, the default for PostgreSQL), signed under the
// master key (from `master_key_file`, or as serve finds it). Never overwrites.
int backup(const std::string& database_url, const std::string& out_path, const std::string& format,
           const std::string& master_key_file);

// `keyward restore FILE`: loads a SQLite backup file or an export into the (empty) database,
// whichever engine it is, in one transaction. An export must carry a valid signature under the
// master key; every audit chain must verify, unless `accept_broken_audit`.
int restore(const std::string& database_url, const std::string& in_path,
            const std::string& master_key_file, bool accept_broken_audit);

// `keyward audit verify`: recomputes every audit chain; exit code 1 when one is broken.
int audit_verify(const std::string& database_url, const std::string& master_key_file);

// Parses the command line and runs the chosen command; returns the exit code.
int run_cli(int argc, char** argv);

}  // namespace keyward::app
