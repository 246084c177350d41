#include "storage/backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <cerrno>
#include <chrono>
#include <istream>
#include <optional>
#include <ostream>
#include <system_error>

#include "crypto/encoding.h"
#include "crypto/sealing.h"

namespace keyward::storage {
namespace {

Error backup_error(const std::string& message) {
  return Error::make(ErrorCode::kInternal, message, message);
}

boost::json::array row_json(const TableSpec& table, const Row& row) {
  boost::json::array out;
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    const Value& value = row[i];
    if (value.null) {
      out.emplace_back(nullptr);
    } else if (table.columns[i].kind == ColumnKind::kInteger) {
      out.emplace_back(value.integer);
    } else if (table.columns[i].kind == ColumnKind::kBlob) {
      out.emplace_back(crypto::to_base64(value.bytes));
    } else {
      out.emplace_back(value.bytes);
    }
  }
  return out;
}

// A row of `table` from an export of `format` (a column added after it takes its earlier value).
Result<Row> row_from_json(const TableSpec& table, const boost::json::value& json, int format) {
  const auto* values = json.if_array();
  std::size_t expected = 0;
  for (const auto& column : table.columns) expected += column.added_in_format <= format ? 1 : 0;
  if (values == nullptr || values->size() != expected) {
    return backup_error("export: a row of " + table.name + " has the wrong number of columns");
  }
  Row row(table.columns.size());
  std::size_t next = 0;
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    Value& value = row[i];
    if (table.columns[i].added_in_format > format) {
      value.null = table.columns[i].earlier_null;
      value.integer = table.columns[i].earlier_value;
      if (table.columns[i].kind == ColumnKind::kText) value.bytes = table.columns[i].earlier_text;
      continue;
    }
    const auto& cell = (*values)[next++];
    if (cell.is_null()) continue;
    value.null = false;
    if (table.columns[i].kind == ColumnKind::kInteger) {
      if (!cell.is_int64()) return backup_error("export: " + table.name + " expects an integer");
      value.integer = cell.as_int64();
    } else {
      if (!cell.is_string()) return backup_error("export: " + table.name + " expects a string");
      std::string_view text = cell.as_string();
      if (table.columns[i].kind == ColumnKind::kBlob) {
        auto bytes = crypto::from_base64(text);
        if (!bytes) return backup_error("export: a binary value of " + table.name + " is corrupt");
        value.bytes = std::move(*bytes);
      } else {
        value.bytes = std::string(text);
      }
    }
  }
  return row;
}

const TableSpec* find_table(std::string_view name) {
  for (const auto& table : data_tables()) {
    if (table.name == name) return &table;
  }
  return nullptr;
}

// Restore never merges: a target with any row is refused before anything is written.
Status require_empty(WriteTx& tx) {
  for (const auto& table : data_tables()) {
    KW_TRY(rows, tx.table_rows().count(table));
    if (rows > 0) {
      return backup_error("the target database is not empty (" + table.name + " has " +
                          std::to_string(rows) + " rows); restore into a new, empty database");
    }
  }
  return ok_status();
}

// The header of an export this keyward reads, made under `master`: its format version.
Result<int> check_header(const std::string& line, const crypto::MasterKey& master) {
  boost::system::error_code ec;
  auto header = boost::json::parse(line, ec);
  const auto* fields = header.if_object();
  if (ec || fields == nullptr || !fields->contains("format") ||
      fields->at("format") != "keyward-export") {
    return backup_error("not a keyward export (the first line is not its header)");
  }
  const auto* version = fields->if_contains("format_version");
  if (version != nullptr && version->is_int64() && version->as_int64() < 3) {
    return backup_error(
        "this export was made by an earlier keyward (format version " +
        std::to_string(version->as_int64()) +
        ") and is not signed, so an edited copy could not be told from the original; restore "
        "refuses it. Take a new export of the database it came from with this release");
  }
  if (version == nullptr || !version->is_int64() || version->as_int64() < kOldestExportFormat ||
      version->as_int64() > kExportFormatVersion) {
    return backup_error("this export's format version is not one this keyward reads");
  }
  const auto* key_id = fields->if_contains("master_key_id");
  if (key_id == nullptr || !key_id->is_string()) {
    return backup_error("the export's header names no master key; nothing was restored");
  }
  if (key_id->as_string() != master.id()) {
    return backup_error("this export was made under master key " +
                        std::string(key_id->as_string()) +
                        " and is signed with it; the configured master key is " + master.id() +
                        ". Restore it with the key it was made under (then move to the new key "
                        "with keyward rotate-master-key); nothing was restored");
  }
  return static_cast<int>(version->as_int64());
}

// The hex MAC of a signature line {"mac":"…"}, or nullopt when `line` is not one.
std::optional<std::string> signature_of(const std::string& line) {
  boost::system::error_code ec;
  auto parsed = boost::json::parse(line, ec);
  const auto* fields = parsed.if_object();
  if (ec || fields == nullptr || fields->size() != 1) return std::nullopt;
  const auto* mac = fields->if_contains("mac");
  if (mac == nullptr || !mac->is_string()) return std::nullopt;
  return std::string(mac->as_string());
}

Error signature_mismatch() {
  return backup_error(
      "the export's signature does not match its contents: it was changed after it was made (a "
      "line edited, added, removed or moved); nothing was restored");
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<std::int64_t> write_export(Store& source, std::ostream& out, const crypto::MasterKey& master,
                                  const RowsCheck& check) {
  std::int64_t rows = 0;
  const auto start = out.tellp();
  KW_TRY_STATUS(source.read([&](ReadTx& tx) -> Status {
    // A read may run again (on the same snapshot): start the export over, not after itself.
    rows = 0;
    if (start != std::ostream::pos_type(-1)) out.seekp(start);
    if (check) {
      if (auto checked = check(tx); !checked) return checked;
    }
    crypto::ExportMac mac(master);
    auto emit = [&](const boost::json::object& line) {
      std::string text = boost::json::serialize(line);
      text += '\n';
      mac.update(text);
      out << text;
    };
    emit(boost::json::object{{"format", "keyward-export"},
                             {"format_version", kExportFormatVersion},
                             {"engine", source.engine()},
                             {"created_at", now_ms()},
                             {"master_key_id", master.id()}});
    for (const auto& table : data_tables()) {
      auto scanned = tx.table_rows().scan(table, [&](const Row& row) -> Status {
        emit(boost::json::object{{"table", table.name}, {"row", row_json(table, row)}});
        ++rows;
        if (!out) return backup_error("cannot write the export");
        return ok_status();
      });
      if (!scanned) return scanned;
    }
    emit(boost::json::object{{"end", true}, {"rows", rows}});
    out << boost::json::serialize(boost::json::object{{"mac", mac.hex()}}) << '\n';
    out.flush();
    if (!out) return backup_error("cannot write the export");
    return ok_status();
  }));
  return rows;
}

Status verify_export(std::istream& in, const crypto::MasterKey& master) {
  in.clear();
  in.seekg(0);
  std::string line;
  if (!std::getline(in, line)) return backup_error("the export is empty");
  if (auto header = check_header(line, master); !header) return std::move(header).error();
  // Every line but the last is signed; the last is the signature.
  crypto::ExportMac mac(master);
  std::string last = std::move(line);
  while (std::getline(in, line)) {
    mac.update(last);
    mac.update("\n");
    last = std::move(line);
  }
  auto signature = signature_of(last);
  if (!signature) {
    return backup_error(
        "the export ends without its signature line (cut off?); nothing was restored");
  }
  if (!mac.matches(*signature)) return signature_mismatch();
  return ok_status();
}

Result<std::int64_t> read_export(std::istream& in, Store& target, const crypto::MasterKey& master,
                                 const RowsCheck& check) {
  // The whole file is checked before anything is written, so a changed export is refused with
  // that reason (not with whatever its changed line breaks first).
  if (auto verified = verify_export(in, master); !verified) return std::move(verified).error();
  std::int64_t rows = 0;
  KW_TRY_STATUS(target.write([&](WriteTx& tx) -> Status {
    rows = 0;
    in.clear();
    in.seekg(0);
    std::string line;
    if (!std::getline(in, line)) return backup_error("the export is empty");
    auto header = check_header(line, master);
    if (!header) return std::move(header).error();
    const int format = *header;
    // Signed again as it is read: the file may have changed since verify_export.
    crypto::ExportMac mac(master);
    mac.update(line);
    mac.update("\n");
    if (auto empty = require_empty(tx); !empty) return empty;
    bool ended = false;
    bool signature_matches = false;
    boost::system::error_code ec;
    while (std::getline(in, line)) {
      if (ended) {
        auto signature = signature_of(line);
        signature_matches = signature && mac.matches(*signature);
        if (!signature_matches) return signature_mismatch();
        break;
      }
      mac.update(line);
      mac.update("\n");
      if (line.empty()) continue;
      auto parsed = boost::json::parse(line, ec);
      const auto* entry = parsed.if_object();
      if (ec || entry == nullptr) {
        return backup_error("export line " + std::to_string(rows + 2) + " is not JSON");
      }
      if (entry->contains("end")) {
        const auto* count = entry->if_contains("rows");
        if (count == nullptr || !count->is_int64() || count->as_int64() != rows) {
          return backup_error("the export's row count does not match its rows");
        }
        ended = true;
        continue;
      }
      const auto* name = entry->if_contains("table");
      const auto* values = entry->if_contains("row");
      const TableSpec* table =
          name != nullptr && name->is_string() ? find_table(name->as_string()) : nullptr;
      if (table == nullptr || values == nullptr) {
        return backup_error("export line " + std::to_string(rows + 2) + " names no known table");
      }
      auto row = row_from_json(*table, *values, format);
      if (!row) return std::move(row).error();
      if (auto inserted = tx.table_rows().insert(*table, *row); !inserted) return inserted;
      ++rows;
    }
    if (!ended) return backup_error("the export is cut off (no end line); nothing was restored");
    if (!signature_matches) {
      return backup_error("the export ends without its signature line; nothing was restored");
    }
    if (std::getline(in, line)) {
      return backup_error("the export has text after its signature; nothing was restored");
    }
    if (check) return check(tx);
    return ok_status();
  }));
  return rows;
}

Result<std::int64_t> copy_rows(Store& source, Store& target, const RowsCheck& check) {
  std::int64_t rows = 0;
  KW_TRY_STATUS(target.write([&](WriteTx& into) -> Status {
    if (auto empty = require_empty(into); !empty) return empty;
    if (auto marked = into.mark("copy_rows"); !marked) return marked;
    bool copied_once = false;
    Status read = source.read([&](ReadTx& from) -> Status {
      // The read may run again: undo what an earlier run of it inserted, then copy afresh.
      if (copied_once) {
        if (auto rewound = into.rewind_to("copy_rows"); !rewound) return rewound;
      }
      copied_once = true;
      rows = 0;
      for (const auto& table : data_tables()) {
        auto copied = from.table_rows().scan(table, [&](const Row& row) -> Status {
          ++rows;
          return into.table_rows().insert(table, row);
        });
        if (!copied) return copied;
      }
      return ok_status();
    });
    if (!read) return read;
    if (check) return check(into);
    return ok_status();
  }));
  return rows;
}

Status sqlite_online_backup(const std::string& database_path, const std::string& out_path) {
  int fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    const int err = errno;
    return backup_error("cannot create " + out_path + ": " + std::generic_category().message(err) +
                        (err == EEXIST ? " (backup never overwrites a file)" : ""));
  }
  ::close(fd);
  sqlite3* source = nullptr;
  sqlite3* dest = nullptr;
  auto finish = [&](Status status) {
    sqlite3_close_v2(source);
    sqlite3_close_v2(dest);
    if (!status) ::unlink(out_path.c_str());
    return status;
  };
  if (sqlite3_open_v2(database_path.c_str(), &source, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    return finish(backup_error("cannot open " + database_path + ": " + sqlite3_errmsg(source)));
  }
  if (sqlite3_open_v2(out_path.c_str(), &dest, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    return finish(backup_error("cannot open " + out_path + ": " + sqlite3_errmsg(dest)));
  }
  sqlite3_busy_timeout(source, 5000);
  sqlite3_backup* backup = sqlite3_backup_init(dest, "main", source, "main");
  if (backup == nullptr)
    return finish(backup_error(std::string("backup: ") + sqlite3_errmsg(dest)));
  // All pages in one step: the copy is one consistent snapshot, whatever writers do meanwhile.
  int rc = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return finish(backup_error(std::string("backup: ") + sqlite3_errstr(rc)));
  // A backup file stands alone: no WAL beside it.
  char* message = nullptr;
  rc = sqlite3_exec(dest, "PRAGMA journal_mode = DELETE", nullptr, nullptr, &message);
  sqlite3_free(message);
  if (rc != SQLITE_OK) return finish(backup_error("backup: cannot finish the file"));
  return finish(ok_status());
}

}  // namespace keyward::storage
