#include "storage/sqlite/backup_signature.h"

#include <sqlite3.h>

#include <memory>
#include <optional>
#include <vector>

#include "crypto/password.h"
#include "crypto/sealing.h"

namespace keyward::storage::sqlite {
namespace {

constexpr char kSignatureTable[] = "keyward_backup_signature";
// Domain separation: an export's MAC and a backup file's are never the same bytes.
constexpr char kSignedPrefix[] = "keyward-sqlite-backup 1\n";

Error signature_error(const std::string& message) {
  return Error::make(ErrorCode::kInternal, message, message);
}

struct CloseDatabase {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct FinalizeStatement {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using Database = std::unique_ptr<sqlite3, CloseDatabase>;
using Statement = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

Result<Database> open_file(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Database db(raw);
  if (rc != SQLITE_OK) {
    return signature_error("cannot open " + path + ": " +
                           (raw ? sqlite3_errmsg(raw) : "no memory"));
  }
  return db;
}

Result<Statement> prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    return signature_error(std::string("backup file: ") + sqlite3_errmsg(db));
  }
  return Statement(raw);
}

// Feeds one value as tag, length and bytes, so that no two sequences of values feed the same
// bytes.
void feed(crypto::ExportMac& mac, char tag, std::string_view bytes) {
  mac.update(std::string_view(&tag, 1));
  mac.update(std::to_string(bytes.size()));
  mac.update(":");
  mac.update(bytes);
}

void feed_column(crypto::ExportMac& mac, sqlite3_stmt* stmt, int column) {
  switch (sqlite3_column_type(stmt, column)) {
    case SQLITE_NULL:
      feed(mac, 'N', {});
      break;
    case SQLITE_INTEGER:
      feed(mac, 'I', std::to_string(sqlite3_column_int64(stmt, column)));
      break;
    case SQLITE_FLOAT: {
      double value = sqlite3_column_double(stmt, column);
      feed(mac, 'F', std::string_view(reinterpret_cast<const char*>(&value), sizeof value));
      break;
    }
    default: {  // text and blobs, byte for byte
      const void* bytes = sqlite3_column_blob(stmt, column);
      int size = sqlite3_column_bytes(stmt, column);
      feed(mac, sqlite3_column_type(stmt, column) == SQLITE_TEXT ? 'T' : 'B',
           std::string_view(static_cast<const char*>(bytes), static_cast<std::size_t>(size)));
    }
  }
}

// Feeds every row `sql` returns, all its columns.
Status feed_rows(crypto::ExportMac& mac, sqlite3* db, const std::string& sql) {
  KW_TRY(stmt, prepare(db, sql));
  int rc;
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    feed(mac, 'R', {});
    for (int i = 0; i < sqlite3_column_count(stmt.get()); ++i) feed_column(mac, stmt.get(), i);
  }
  if (rc != SQLITE_DONE) return signature_error(std::string("backup file: ") + sqlite3_errmsg(db));
  return ok_status();
}

std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

// The MAC of what `db` holds, leaving out the signature table: the schema, then every table's
// rows ordered by all their columns (so a WITHOUT ROWID table and a reordered file sign alike).
// Virtual tables are left out: their content lives in their shadow tables, which are signed.
Result<std::string> content_mac(sqlite3* db, const crypto::MasterKey& master) {
  crypto::ExportMac mac(master);
  mac.update(kSignedPrefix);
  const std::string others = std::string("name <> '") + kSignatureTable + "'";
  KW_TRY_STATUS(feed_rows(mac, db,
                          "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE " + others +
                              " ORDER BY type, name"));
  std::vector<std::string> tables;
  {
    KW_TRY(list, prepare(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND " + others +
                                 " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"));
    while (sqlite3_step(list.get()) == SQLITE_ROW) {
      tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(list.get(), 0)));
    }
  }
  for (const auto& table : tables) {
    KW_TRY(columns, prepare(db, "SELECT * FROM " + quoted(table)));
    std::string order;
    for (int i = 1; i <= sqlite3_column_count(columns.get()); ++i) {
      order += (i == 1 ? " ORDER BY " : ", ") + std::to_string(i);
    }
    feed(mac, 'S', table);
    KW_TRY_STATUS(feed_rows(mac, db, "SELECT * FROM " + quoted(table) + order));
  }
  return mac.hex();
}

// The text of the first column of the first row `sql` returns; nullopt when none.
Result<std::optional<std::string>> text_of(sqlite3* db, const std::string& sql) {
  KW_TRY(stmt, prepare(db, sql));
  int rc = sqlite3_step(stmt.get());
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  if (rc != SQLITE_ROW) return signature_error(std::string("backup file: ") + sqlite3_errmsg(db));
  const void* bytes = sqlite3_column_blob(stmt.get(), 0);
  return std::optional<std::string>(
      std::string(static_cast<const char*>(bytes),
                  static_cast<std::size_t>(sqlite3_column_bytes(stmt.get(), 0))));
}

Result<bool> has_signature_table(sqlite3* db) {
  KW_TRY(found, text_of(db, std::string("SELECT name FROM sqlite_schema WHERE name = '") +
                                kSignatureTable + "'"));
  return found.has_value();
}

}  // namespace

Status sign_backup_file(const std::string& path, const crypto::MasterKey& master) {
  KW_TRY(db, open_file(path, SQLITE_OPEN_READWRITE));
  KW_TRY(signed_already, has_signature_table(db.get()));
  if (signed_already) return signature_error("backup: " + path + " is signed already");
  KW_TRY(recorded, text_of(db.get(), "SELECT value FROM settings WHERE key = 'master_key_id'"));
  if (recorded && *recorded != master.id()) {
    return signature_error("the database uses master key " + *recorded +
                           ", not the configured master key " + master.id());
  }
  KW_TRY(mac, content_mac(db.get(), master));
  KW_TRY(create, prepare(db.get(), std::string("CREATE TABLE ") + kSignatureTable +
                                       " (master_key_id TEXT NOT NULL, mac TEXT NOT NULL)"));
  if (sqlite3_step(create.get()) != SQLITE_DONE) {
    return signature_error(std::string("backup: ") + sqlite3_errmsg(db.get()));
  }
  KW_TRY(insert,
         prepare(db.get(), std::string("INSERT INTO ") + kSignatureTable + " VALUES (?1, ?2)"));
  const std::string& id = master.id();
  sqlite3_bind_text(insert.get(), 1, id.data(), static_cast<int>(id.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(insert.get(), 2, mac.data(), static_cast<int>(mac.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(insert.get()) != SQLITE_DONE) {
    return signature_error(std::string("backup: ") + sqlite3_errmsg(db.get()));
  }
  return ok_status();
}

Status verify_backup_file(const std::string& path, const crypto::MasterKey& master) {
  KW_TRY(db, open_file(path, SQLITE_OPEN_READONLY));
  KW_TRY(is_signed, has_signature_table(db.get()));
  std::optional<std::string> key_id;
  std::optional<std::string> expected;
  if (is_signed) {
    KW_TRY(id, text_of(db.get(), std::string("SELECT master_key_id FROM ") + kSignatureTable));
    KW_TRY(mac, text_of(db.get(), std::string("SELECT mac FROM ") + kSignatureTable));
    key_id = std::move(id);
    expected = std::move(mac);
  }
  if (!key_id || !expected) {
    return signature_error(
        "this SQLite file carries no keyward signature (a backup of an earlier keyward, or not a "
        "keyward backup), so an edited copy could not be told from the original; nothing was "
        "restored. Take a new backup of the database it came from with this release");
  }
  if (*key_id != master.id()) {
    return signature_error("this backup was made under master key " + *key_id +
                           " and is signed with it; the configured master key is " + master.id() +
                           ". Restore it with the key it was made under (then move to the new "
                           "key with keyward rotate-master-key); nothing was restored");
  }
  KW_TRY(mac, content_mac(db.get(), master));
  if (!crypto::constant_time_equal(mac, *expected)) {
    return signature_error(
        "the backup's signature does not match its contents: it was changed after it was made (a "
        "row or the schema edited, added or removed); nothing was restored");
  }
  return ok_status();
}

}  // namespace keyward::storage::sqlite
