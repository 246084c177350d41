#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <vector>

#include "app/commands.h"
#include "app/console.h"
#include "audit/audit_chain.h"
#include "crypto/random.h"
#include "keys/team_keys.h"
#include "storage/backup.h"
#include "storage/sqlite/backup_signature.h"
#include "storage/store.h"

namespace keyward::app {
namespace {

constexpr std::string_view kSqlitePrefix = "sqlite:";
constexpr char kSqliteMagic[] = "SQLite format 3";

bool is_sqlite_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[sizeof(kSqliteMagic)] = {};
  in.read(head, sizeof(head));
  return in.gcount() == sizeof(head) && std::string_view(head, sizeof(head) - 1) == kSqliteMagic;
}

// Opens `url` and applies its migrations: backup and restore always see the current schema.
Result<std::unique_ptr<storage::Store>> open_migrated(const std::string& url) {
  KW_TRY(store, storage::open_store(url, {.pool_size = 1}));
  KW_TRY_STATUS(store->migrate());
  return store;
}

// Fails when the rows in `tx` are wrapped by another master key than `master`.
Status require_master_key(storage::ReadTx& tx, const crypto::MasterKey& master, const char* what) {
  KW_TRY(recorded, tx.settings().get(keys::kMasterKeyIdSetting));
  if (recorded && *recorded != master.id()) {
    std::string message = std::string(what) + " master key " + *recorded +
                          ", not the configured master key " + master.id();
    return Error::make(ErrorCode::kInternal, message, message);
  }
  return ok_status();
}

// What a restore checks in its transaction before committing: the rows belong to this master
// key, and every audit chain verifies (or the operator accepted broken ones: then `broken` lists
// them, for the output).
storage::RowsCheck restore_checks(const crypto::MasterKey& master, bool accept_broken_audit,
                                  std::vector<std::string>& broken) {
  return [&master, accept_broken_audit, &broken](storage::ReadTx& tx) -> Status {
    broken.clear();  // a write may run more than once
    if (auto key = require_master_key(tx, master, "this backup's keys are wrapped by"); !key) {
      return key;
    }
    KW_TRY(chain, audit::AuditChain::load_for_verify(tx, master));
    KW_TRY(reports, audit::verify_audit_chains(tx, chain));
    std::vector<std::string> found;
    for (const auto& report : reports) {
      if (report.problem.empty()) continue;
      found.push_back((report.team.empty() ? "(no team)" : "team " + report.team) +
                      ": broken at event " + report.event_id + ": " + report.problem);
    }
    if (!found.empty() && !accept_broken_audit) {
      std::string message =
          "the audit trail in this backup is broken, so it was changed outside "
          "keyward; nothing was restored:";
      for (const auto& line : found) message += "\n  " + line;
      message +=
          "\nto restore it anyway (the broken chains stay broken, and keyward audit verify "
          "goes on reporting them), add --accept-broken-audit";
      return Error::make(ErrorCode::kInternal, message, message);
    }
    broken = std::move(found);
    return ok_status();
  };
}

}  // namespace

int backup(const std::string& database_url, const std::string& out_path, const std::string& format,
           const std::string& master_key_file) {
  bool sqlite = database_url.rfind(kSqlitePrefix, 0) == 0;
  std::string chosen = format.empty() ? (sqlite ? "sqlite" : "export") : format;
  if (chosen != "sqlite" && chosen != "export") return fail("--format must be sqlite or export");
  if (chosen == "sqlite" && !sqlite) {
    return fail("--format sqlite backs up a SQLite database; use --format export");
  }
  // Either is signed under the master key its rows are wrapped by (checked in what it copies).
  auto master = load_existing_master_key(master_key_file);
  if (!master) return fail(master.error().internal);
  if (chosen == "sqlite") {
    auto done = storage::sqlite_online_backup(database_url.substr(kSqlitePrefix.size()), out_path);
    if (!done) return fail(done.error().internal);
    if (auto signed_file = storage::sqlite::sign_backup_file(out_path, master->key); !signed_file) {
      std::filesystem::remove(out_path);
      return fail(signed_file.error().internal);
    }
    std::cout << "backed up the SQLite database to " << out_path << " (online backup, signed "
              << "under master key " << master->key.id() << ": restoring needs that master key)\n";
    return 0;
  }
  auto store = open_migrated(database_url);
  if (!store) return fail(store.error().internal);
  // Private from the first byte, and never over an existing file.
  int fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return fail("cannot create " + out_path + " (backup never overwrites a file)");
  ::close(fd);
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  auto rows = storage::write_export(**store, out, master->key, [&](storage::ReadTx& tx) {
    return require_master_key(tx, master->key, "the database uses");
  });
  out.close();
  if (!rows || !out) {
    std::filesystem::remove(out_path);
    return fail(rows ? "cannot write " + out_path : rows.error().internal);
  }
  std::cout << "exported " << *rows << " rows to " << out_path << " (still sealed, and signed "
            << "under master key " << master->key.id() << ": restoring needs that master key)\n";
  return 0;
}

int restore(const std::string& database_url, const std::string& in_path,
            const std::string& master_key_file, bool accept_broken_audit) {
  if (!std::filesystem::exists(in_path)) return fail("no such file: " + in_path);
  auto master = load_existing_master_key(master_key_file);
  if (!master) return fail(master.error().internal);
  auto target = open_migrated(database_url);
  if (!target) return fail(target.error().internal);
  std::vector<std::string> broken;
  storage::RowsCheck check = restore_checks(master->key, accept_broken_audit, broken);
  Result<std::int64_t> rows = std::int64_t{0};
  if (is_sqlite_file(in_path)) {
    // Read from a private copy, migrated to this release's schema: the backup file itself is
    // never changed.
    std::filesystem::path copy = std::filesystem::temp_directory_path() /
                                 ("keyward-restore-" + crypto::random_hex(8) + ".db");
    std::error_code ec;
    std::filesystem::copy_file(in_path, copy, ec);
    if (ec) return fail("cannot copy " + in_path + ": " + ec.message());
    std::filesystem::permissions(
        copy, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
    // The copy's signature is checked, then the copy is read: the file may change meanwhile.
    if (auto verified = storage::sqlite::verify_backup_file(copy.string(), master->key);
        !verified) {
      rows = std::move(verified).error();
    } else {
      auto source = open_migrated("sqlite:" + copy.string());
      rows = source ? storage::copy_rows(**source, **target, check) : std::move(source).error();
    }
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(copy.string() + suffix, ec);
    }
  } else {
    std::ifstream in(in_path, std::ios::binary);
    rows = storage::read_export(in, **target, master->key, check);
  }
  if (!rows) return fail(rows.error().internal);
  for (const auto& line : broken) {
    std::cout << "warning: restored a broken audit chain (--accept-broken-audit): " << line << "\n";
  }
  std::cout << "restored " << *rows << " rows into the " << (*target)->engine() << " database\n";
  return 0;
}

}  // namespace keyward::app
