#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/commands.h"
#include "app/console.h"
#include "crypto/random.h"
#include "storage/backup.h"
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
  auto store = storage::open_store(url, {.pool_size = 1});
  if (!store) return std::move(store).error();
  auto migrated = (*store)->migrate();
  if (!migrated) return std::move(migrated).error();
  return std::move(store).value();
}

}  // namespace

int backup(const std::string& database_url, const std::string& out_path,
           const std::string& format) {
  bool sqlite = database_url.rfind(kSqlitePrefix, 0) == 0;
  std::string chosen = format.empty() ? (sqlite ? "sqlite" : "export") : format;
  if (chosen == "sqlite") {
    if (!sqlite) return fail("--format sqlite backs up a SQLite database; use --format export");
    auto done = storage::sqlite_online_backup(database_url.substr(kSqlitePrefix.size()), out_path);
    if (!done) return fail(done.error().internal);
    std::cout << "backed up the SQLite database to " << out_path << " (online backup)\n";
    return 0;
  }
  if (chosen != "export") return fail("--format must be sqlite or export");
  auto store = open_migrated(database_url);
  if (!store) return fail(store.error().internal);
  // Private from the first byte, and never over an existing file.
  int fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return fail("cannot create " + out_path + " (backup never overwrites a file)");
  ::close(fd);
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  auto rows = storage::write_export(**store, out);
  out.close();
  if (!rows || !out) {
    std::filesystem::remove(out_path);
    return fail(rows ? "cannot write " + out_path : rows.error().internal);
  }
  std::cout << "exported " << *rows << " rows to " << out_path
            << " (still sealed: restoring needs the same master key to read the keys)\n";
  return 0;
}

int restore(const std::string& database_url, const std::string& in_path) {
  if (!std::filesystem::exists(in_path)) return fail("no such file: " + in_path);
  auto target = open_migrated(database_url);
  if (!target) return fail(target.error().internal);
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
    {
      auto source = open_migrated("sqlite:" + copy.string());
      rows = source ? storage::copy_rows(**source, **target) : std::move(source).error();
    }
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(copy.string() + suffix, ec);
    }
  } else {
    std::ifstream in(in_path, std::ios::binary);
    rows = storage::read_export(in, **target);
  }
  if (!rows) return fail(rows.error().internal);
  std::cout << "restored " << *rows << " rows into the " << (*target)->engine() << " database\n";
  return 0;
}

}  // namespace keyward::app
