// `keyward backup` and `keyward restore` as an operator runs them: every key comes back, sealed
// as it was and readable with the same master key, on the same engine and across engines.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/json.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "crypto/encoding.h"
#include "crypto/sealing.h"
#include "keys/team_keys.h"
#include "keys/versions.h"
#include "storage/backup.h"
#include "support/api_harness.h"
#include "support/process.h"
#include "support/result_matchers.h"

namespace keyward {
namespace {

using keyward::testing::ApiHarness;
using keyward::testing::run_command;
using keyward::testing::TempDir;
using keyward::testing::TestDatabase;

// Every row of every table, in the export's form without its header (which names the engine
// and the time) and its signature (over the header): two databases holding the same data give
// the same lines.
std::string rows_of(storage::Store& store, const crypto::MasterKey& master) {
  std::ostringstream out;
  auto rows = storage::write_export(store, out, master);
  EXPECT_THAT(rows, IsOk());
  std::string text = out.str();
  text.pop_back();  // the signature line's newline
  text.erase(text.rfind('\n') + 1);
  return text.substr(text.find('\n') + 1);
}

// The lines of a text file, without their newlines.
std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

void write_lines(const std::string& path, const std::vector<std::string>& lines) {
  std::ofstream out(path);
  for (const auto& line : lines) out << line << '\n';
}

// Runs `sql` on the SQLite file at `path`, as an attacker holding the file would.
void edit_sqlite_file(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* message = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  std::string error = message != nullptr ? message : "";
  sqlite3_free(message);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << error;
}

std::unique_ptr<storage::Store> open(const std::string& url) {
  auto store = storage::open_store(url, {.pool_size = 1});
  if (!store) throw std::runtime_error(store.error().internal);
  return std::move(store).value();
}

// The plaintext of every key in `store`, by id, opened with the test master key.
std::map<std::string, std::string> plaintexts(storage::Store& store,
                                              const crypto::MasterKey& master) {
  keys::TeamKeys team_keys(master);
  EXPECT_THAT(team_keys.preload(store), IsOk());
  std::map<std::string, std::string> out;
  auto done = store.read([&](storage::ReadTx& tx) -> Status {
    return tx.table_rows().scan(storage::data_tables().at(4),
                                [&](const storage::Row& row) -> Status {
                                  const std::string& id = row[0].bytes;
                                  const std::string& team = row[1].bytes;
                                  KW_TRY(key, team_keys.stored_for_team(tx, team));
                                  KW_TRY(value, crypto::open_api_key(key, team, id, row[17].integer,
                                                                     {row[4].bytes, row[5].bytes}));
                                  out[id] = std::string(value.view());
                                  return ok_status();
                                });
  });
  EXPECT_THAT(done, IsOk());
  return out;
}

class BackupRestore : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(storage::data_tables().at(4).name, "api_keys");
    owner = h.make_user("owner@example.com");
    team = h.make_team("Acme", owner.user.id);
    viewer = h.make_user("viewer@example.com");
    h.add_member(team, viewer.user.id, Role::kViewer);
    for (int i = 0; i < 40; ++i) {
      std::string key = "sk-backup-" + std::to_string(i) + "-0123456789abcdef";
      auto created = h.request("POST", "/api/v1/teams/" + team + "/api-keys", owner.credentials,
                               testing::key_body(i % 2 == 0 ? "openai" : "anthropic",
                                                 "Key " + std::to_string(i) + " — ключ", key));
      ASSERT_EQ(created.status, 201) << created.body;
      sent[std::string(testing::json(created).at("id").as_string())] = key;
    }
    auto token = h.request("POST", "/api/v1/teams/" + team + "/service-tokens", owner.credentials,
                           R"({"name":"App","types":["openai"]})");
    ASSERT_EQ(token.status, 201);
  }

  // Runs the binary's backup or restore against `url` with the harness's master key; returns
  // its exit code and output.
  std::pair<int, std::string> run(const std::vector<std::string>& args, const std::string& url,
                                  const char* master_key = ApiHarness::kMasterKeyBase64) {
    std::vector<std::string> argv{KEYWARD_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv, dir.path().string(),
                       {{"KEYWARD_DATABASE_URL", url}, {"KEYWARD_MASTER_KEY", master_key}});
  }

  // The same, failing on error; returns the output.
  std::string keyward(const std::vector<std::string>& args, const std::string& url) {
    auto [code, output] = run(args, url);
    EXPECT_EQ(code, 0) << output;
    return output;
  }

  // The harness's data as an export, made by the binary; returns its path.
  std::string export_file(const std::string& name = "keyward.export") {
    std::string file = (dir.path() / name).string();
    keyward({"backup", file, "--format", "export"}, h.database().url());
    return file;
  }

  // Restoring `file` into a fresh database is refused with `reason`, and restores nothing.
  void expect_refused(const std::string& file, const std::string& reason,
                      const char* master_key = ApiHarness::kMasterKeyBase64) {
    TestDatabase target;
    auto [code, output] = run({"restore", file}, target.url(), master_key);
    EXPECT_NE(code, 0) << output;
    EXPECT_NE(output.find(reason), std::string::npos) << output;
    EXPECT_NE(output.find("nothing was restored"), std::string::npos) << output;
    auto restored = open(target.url());
    for (const auto& table : storage::data_tables()) {
      auto count = read<std::int64_t>(
          *restored, [&](storage::ReadTx& tx) { return tx.table_rows().count(table); });
      EXPECT_EQ(count.value(), 0) << table.name << " has rows after a refused restore";
    }
  }

  // What an attacker with write access to the database does first: switch off the triggers that
  // keep the audit trail append-only.
  void disable_append_only() {
    if (TestDatabase::postgres()) {
      h.database().exec("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only");
    } else {
      h.database().exec("DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete");
    }
  }

  void expect_same_data(const std::string& restored_url) {
    auto restored = open(restored_url);
    EXPECT_EQ(rows_of(*restored, h.master_key()), rows_of(h.store(), h.master_key()))
        << "a row differs after restore";
    EXPECT_EQ(plaintexts(*restored, h.master_key()), sent);
  }

  ApiHarness h;
  TempDir dir;
  testing::TestUser owner;
  testing::TestUser viewer;
  std::string team;
  std::map<std::string, std::string> sent;  // key id -> plaintext
};

TEST_F(BackupRestore, AnExportRestoresEveryKeyIntoAnEmptyDatabase) {
  // The gateway's usage goes with the keys.
  GatewayUsage use;
  use.api_key_id = sent.begin()->first;
  use.token_id = "token-1";
  use.team_id = team;
  use.requests = 3;
  use.status_2xx = 3;
  use.input_tokens = 12;
  h.usage().record_gateway(use, "127.0.0.1", false);
  ASSERT_THAT(h.usage().flush(), IsOk());
  std::string file = (dir.path() / "keyward.export").string();
  keyward({"backup", file, "--format", "export"}, h.database().url());
  EXPECT_EQ(std::filesystem::status(file).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::ifstream in(file);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const auto& [id, key] : sent) {
    EXPECT_EQ(all.find(key), std::string::npos) << "a plaintext key in the export";
  }
  EXPECT_NE(all.find(R"("table":"gateway_usage")"), std::string::npos);

  TestDatabase target;
  keyward({"restore", file}, target.url());
  expect_same_data(target.url());

  // Restore never merges into a database that holds data, and leaves it as it was.
  auto again = run({"restore", file}, target.url());
  EXPECT_NE(again.first, 0);
  EXPECT_NE(again.second.find("not empty"), std::string::npos) << again.second;
  expect_same_data(target.url());
}

TEST_F(BackupRestore, ACutOffExportRestoresNothing) {
  std::string file = (dir.path() / "keyward.export").string();
  keyward({"backup", file, "--format", "export"}, h.database().url());
  std::string text;
  {
    std::ifstream in(file);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::string cut = (dir.path() / "cut.export").string();
  std::ofstream(cut) << text.substr(0, text.size() / 2);
  TestDatabase target;
  auto result = run({"restore", cut}, target.url());
  EXPECT_NE(result.first, 0) << result.second;
  auto restored = open(target.url());
  auto users = read<std::int64_t>(*restored, [](storage::ReadTx& tx) {
    return tx.table_rows().count(storage::data_tables().at(1));
  });
  EXPECT_EQ(users.value(), 0) << "half an export was applied";
}

TEST_F(BackupRestore, BackupNeverOverwritesAFile) {
  std::string file = (dir.path() / "exists").string();
  std::ofstream(file) << "precious";
  auto result = run({"backup", file, "--format", "export"}, h.database().url());
  EXPECT_NE(result.first, 0);
  std::ifstream in(file);
  std::string kept((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(kept, "precious");
}

// SQLite's online backup file restores into a fresh database of the engine under test: with
// KEYWARD_TEST_ENGINE=postgresql, this is the move of a deployment from SQLite to PostgreSQL.
TEST_F(BackupRestore, ASqliteOnlineBackupMovesToEitherEngine) {
  std::string source_url = h.database().url();
  std::unique_ptr<TestDatabase> sqlite_copy;
  if (TestDatabase::postgres()) {
    // Build the SQLite deployment to move: this harness's data, exported into SQLite.
    std::string file = (dir.path() / "to-sqlite.export").string();
    keyward({"backup", file}, source_url);
    source_url = "sqlite:" + (dir.path() / "old-deployment.db").string();
    keyward({"restore", file}, source_url);
  }
  std::string backup = (dir.path() / "keyward-backup.db").string();
  std::string output = keyward({"backup", backup}, source_url);
  EXPECT_NE(output.find("online backup"), std::string::npos) << output;

  TestDatabase target;
  keyward({"restore", backup}, target.url());
  expect_same_data(target.url());
}

// An export is signed under the master key: a membership raised from viewer to owner in the file
// (what an attacker with the backup but without the key would do) is refused, and nothing of
// the file is restored.
TEST_F(BackupRestore, AnExportWithAMembershipRaisedToOwnerIsRefused) {
  std::string file = export_file();
  auto lines = lines_of(file);
  int edited = 0;
  for (auto& line : lines) {
    if (line.find(R"("table":"memberships")") == std::string::npos ||
        line.find(viewer.user.id) == std::string::npos) {
      continue;
    }
    auto at = line.find(R"("viewer")");
    ASSERT_NE(at, std::string::npos) << line;
    line.replace(at, 8, R"("owner")");
    ++edited;
  }
  ASSERT_EQ(edited, 1);
  std::string forged = (dir.path() / "forged.export").string();
  write_lines(forged, lines);
  expect_refused(forged, "signature does not match");
}

// A SQLite backup file is signed too: the same forged membership, written into the file with
// SQLite, is refused, as is a file whose schema was changed (a trigger dropped) or whose signature
// was removed; the file as it was restores.
TEST_F(BackupRestore, ASqliteBackupChangedInARowOrItsSchemaIsRefused) {
  if (TestDatabase::postgres()) GTEST_SKIP() << "a SQLite backup is made of a SQLite database";
  auto backup_of = [&](const std::string& name) {
    std::string file = (dir.path() / name).string();
    keyward({"backup", file}, h.database().url());
    return file;
  };
  std::string raised = backup_of("raised.db");
  edit_sqlite_file(
      raised, "UPDATE memberships SET role = 'owner' WHERE user_id = '" + viewer.user.id + "'");
  expect_refused(raised, "signature does not match");

  std::string trigger = backup_of("trigger.db");
  edit_sqlite_file(trigger, "DROP TRIGGER audit_events_no_update");
  expect_refused(trigger, "signature does not match");

  std::string unsigned_file = backup_of("unsigned.db");
  edit_sqlite_file(unsigned_file, "DROP TABLE keyward_backup_signature");
  expect_refused(unsigned_file, "carries no keyward signature");

  std::string file = backup_of("kept.db");
  TestDatabase target;
  keyward({"restore", file}, target.url());
  expect_same_data(target.url());
}

TEST_F(BackupRestore, ASqliteBackupIsRestoredOnlyWithTheMasterKeyItWasMadeUnder) {
  if (TestDatabase::postgres()) GTEST_SKIP() << "a SQLite backup is made of a SQLite database";
  std::string file = (dir.path() / "keyward-backup.db").string();
  keyward({"backup", file}, h.database().url());
  const char* other = "ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICA=";
  expect_refused(file, "this backup was made under master key " + h.master_key().id(), other);
}

TEST_F(BackupRestore, AnExportWithALineRemovedOrMovedIsRefused) {
  std::string file = export_file();
  const auto lines = lines_of(file);
  ASSERT_GT(lines.size(), 10u);
  std::size_t first_key = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find(R"("table":"api_keys")") != std::string::npos) {
      first_key = i;
      break;
    }
  }
  ASSERT_GT(first_key, 0u);

  // A key removed, with the end line's count made to match.
  auto removed = lines;
  removed.erase(removed.begin() + static_cast<std::ptrdiff_t>(first_key));
  std::string& end = removed[removed.size() - 2];
  auto parsed = boost::json::parse(end).as_object();
  parsed["rows"] = parsed["rows"].as_int64() - 1;
  end = boost::json::serialize(parsed);
  std::string removed_file = (dir.path() / "removed.export").string();
  write_lines(removed_file, removed);
  expect_refused(removed_file, "signature does not match");

  // Two keys swapped.
  auto moved = lines;
  std::swap(moved[first_key], moved[first_key + 1]);
  std::string moved_file = (dir.path() / "moved.export").string();
  write_lines(moved_file, moved);
  expect_refused(moved_file, "signature does not match");

  // The signature line removed.
  auto unsigned_lines = lines;
  unsigned_lines.pop_back();
  std::string unsigned_file = (dir.path() / "unsigned.export").string();
  write_lines(unsigned_file, unsigned_lines);
  expect_refused(unsigned_file, "without its signature");

  // The file as it was still restores.
  TestDatabase target;
  keyward({"restore", file}, target.url());
  expect_same_data(target.url());
}

// Labels travel with their keys and tokens (export format 5), and the restored database filters
// by them at once: api_key_labels is rebuilt by the triggers as the keys go in.
TEST_F(BackupRestore, LabelsAreRestoredAndFilterableAtOnce) {
  auto listed = testing::json(
      h.request("GET", "/api/v1/teams/" + team + "/api-keys?page_size=3", owner.credentials));
  std::vector<std::string> labelled;
  for (const auto& item : listed.at("items").as_array()) {
    labelled.emplace_back(item.at("id").as_string());
    auto patched = h.request("PATCH", "/api/v1/teams/" + team + "/api-keys/" + labelled.back(),
                             owner.credentials, R"({"labels":["env:prod","team:search"]})");
    ASSERT_EQ(patched.status, 200) << patched.body;
  }
  auto token = h.request("POST", "/api/v1/teams/" + team + "/service-tokens", owner.credentials,
                         R"({"name":"Prod","types":["openai"],"labels":["env:prod"]})");
  ASSERT_EQ(token.status, 201);
  std::string file = export_file();
  TestDatabase target;
  keyward({"restore", file}, target.url());
  expect_same_data(target.url());
  auto restored = open(target.url());
  ListQuery query;
  query.labels = {"env:prod", "team:search"};
  auto page = read<storage::Page<ApiKey>>(
      *restored, [&](storage::ReadTx& tx) { return tx.keys().list(team, query); });
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->total, 3);
  auto tokens = read<std::vector<ServiceToken>>(
      *restored, [&](storage::ReadTx& tx) { return tx.tokens().list(team); });
  ASSERT_THAT(tokens, IsOk());
  bool restricted = false;
  for (const auto& t : *tokens) restricted |= t.labels == std::vector<std::string>{"env:prod"};
  EXPECT_TRUE(restricted);
}

// Webhook endpoints (with their sealed secrets), the outbox and the delivery log move with an
// export, and a restored endpoint's secret still opens for it: deliveries resume after a restore.
TEST_F(BackupRestore, WebhooksAreRestoredWithSecretsThatStillOpen) {
  auto made =
      h.request("POST", "/api/v1/teams/" + team + "/webhooks", owner.credentials,
                R"({"url":"https://hooks.example.com/in","event_types":["api_key.created"]})");
  ASSERT_EQ(made.status, 201) << made.body;
  std::string endpoint(testing::json(made).at("id").as_string());
  std::string secret(testing::json(made).at("secret").as_string());
  auto created = h.request("POST", "/api/v1/teams/" + team + "/api-keys", owner.credentials,
                           testing::key_body("openai", "After the hook", "sk-hooked-0000000001"));
  ASSERT_EQ(created.status, 201);
  std::string file = export_file();
  std::ifstream in(file);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(all.find(secret.substr(6)), std::string::npos) << "a webhook secret in the export";
  EXPECT_NE(all.find(R"("table":"webhook_deliveries")"), std::string::npos);

  TestDatabase target;
  keyward({"restore", file}, target.url());
  auto restored = open(target.url());
  EXPECT_EQ(rows_of(*restored, h.master_key()), rows_of(h.store(), h.master_key()));
  keys::TeamKeys team_keys(h.master_key());
  ASSERT_THAT(team_keys.preload(*restored), IsOk());
  auto opened = read<std::string>(*restored, [&](storage::ReadTx& tx) -> Result<std::string> {
    KW_TRY(found, tx.webhooks().find_endpoint(team, endpoint));
    if (!found) return Error::make(ErrorCode::kNotFound, "no endpoint");
    KW_TRY(key, team_keys.stored_for_team(tx, team));
    KW_TRY(value, crypto::open_webhook_secret(key, team, endpoint,
                                              {found->secret_ciphertext, found->secret_nonce}));
    KW_TRY(log, tx.webhooks().list_deliveries(endpoint, 1, 10));
    if (log.total != 1)
      return Error::make(ErrorCode::kInternal, "the delivery log is not restored");
    return std::string(value.view());
  });
  ASSERT_THAT(opened, IsOk());
  EXPECT_EQ(*opened, secret);
}

// An export made before secret versions (format 3: no api_key_versions, no secret_version or
// secret_versions_kept, keys sealed without a version) restores, and the next start re-seals its
// keys as version 1.
TEST_F(BackupRestore, AnExportMadeBeforeSecretVersionsRestoresAndIsResealedAtStart) {
  keys::TeamKeys team_keys(h.master_key());
  ASSERT_THAT(team_keys.preload(h.store()), IsOk());
  auto data_key = read<crypto::DataKey>(
      h.store(), [&](storage::ReadTx& tx) { return team_keys.stored_for_team(tx, team); });
  ASSERT_THAT(data_key, IsOk());
  std::vector<std::string> old_lines;
  std::int64_t rows = 0;
  for (const auto& line : lines_of(export_file())) {
    auto parsed = boost::json::parse(line).as_object();
    if (parsed.contains("format")) {
      parsed["format_version"] = 3;
    } else if (parsed.contains("mac")) {
      continue;
    } else if (parsed.contains("end")) {
      parsed["rows"] = rows;
    } else {
      const std::string table(parsed.at("table").as_string());
      auto& row = parsed.at("row").as_array();
      if (table == "api_key_versions" || table == "api_key_notices" || table == "gateway_usage") {
        continue;
      }
      if (table == "teams") {
        row.pop_back();                              // gateway_disable_after (format 9)
        for (int i = 0; i < 4; ++i) row.pop_back();  // the lifecycle settings (format 6)
        row.pop_back();                              // secret_versions_kept (format 4)
      }
      if (table == "service_tokens") {
        row.pop_back();  // requests_per_month (format 10)
        row.pop_back();  // requests_per_minute (format 10)
        row.pop_back();  // labels (format 5)
      }
      if (table == "api_keys") {
        row.pop_back();                              // base_url (format 9)
        row.pop_back();                              // disabled_reason (format 8)
        row.pop_back();                              // disabled_at (format 8)
        for (int i = 0; i < 4; ++i) row.pop_back();  // expiry and rotation (format 6)
        row.pop_back();                              // labels (format 5)
        row.pop_back();                              // secret_version (format 4)
        const std::string id(row[0].as_string());
        crypto::Sealed sealed = crypto::seal_unversioned_api_key(*data_key, team, id, sent.at(id));
        row[4] = crypto::to_base64(sealed.ciphertext);
        row[5] = crypto::to_base64(sealed.nonce);
      }
      ++rows;
    }
    old_lines.push_back(boost::json::serialize(parsed));
  }
  crypto::ExportMac mac(h.master_key());
  for (const auto& line : old_lines) mac.update(line + "\n");
  old_lines.push_back(boost::json::serialize(boost::json::object{{"mac", mac.hex()}}));
  std::string file = (dir.path() / "format3.export").string();
  write_lines(file, old_lines);

  TestDatabase target;
  keyward({"restore", file}, target.url());
  auto restored = open(target.url());
  auto unversioned = read<std::vector<ApiKey>>(
      *restored, [](storage::ReadTx& tx) { return tx.keys().unversioned(); });
  ASSERT_THAT(unversioned, IsOk());
  EXPECT_EQ(unversioned->size(), sent.size());
  keys::TeamKeys target_keys(h.master_key());
  ASSERT_THAT(target_keys.preload(*restored), IsOk());
  auto resealed = keys::reseal_unversioned_keys(*restored, target_keys);
  ASSERT_THAT(resealed, IsOk());
  EXPECT_EQ(*resealed, static_cast<int>(sent.size()));
  EXPECT_EQ(plaintexts(*restored, h.master_key()), sent);
}

// The export names the master key it is signed under; restoring with another key says so
// (rather than that the file was changed), and restores nothing.
TEST_F(BackupRestore, AnExportIsRestoredOnlyWithTheMasterKeyItWasMadeUnder) {
  std::string file = export_file();
  const char* other = "ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICA=";
  expect_refused(file, "this export was made under master key " + h.master_key().id(), other);
}

// An attacker with write access to the database changes an audit event, then a backup is taken:
// the export's signature is valid (it signs what the database held), but the trail is not.
TEST_F(BackupRestore, ABrokenAuditChainIsRefusedUnlessAccepted) {
  auto events =
      h.database().query("SELECT id FROM audit_events WHERE team_id = '" + team + "' ORDER BY seq");
  ASSERT_GE(events.size(), 3u);
  disable_append_only();
  h.database().exec("UPDATE audit_events SET details = '{}' WHERE id = '" + events[1] + "'");
  std::string file = export_file();
  expect_refused(file, "team " + team + ": broken at event " + events[1]);

  TestDatabase target;
  auto [code, output] = run({"restore", file, "--accept-broken-audit"}, target.url());
  ASSERT_EQ(code, 0) << output;
  EXPECT_NE(output.find("warning: restored a broken audit chain"), std::string::npos) << output;
  expect_same_data(target.url());

  // The SQLite backup file is checked the same way.
  if (!TestDatabase::postgres()) {
    std::string backup = (dir.path() / "broken.db").string();
    keyward({"backup", backup}, h.database().url());
    expect_refused(backup, "team " + team + ": broken at event " + events[1]);
  }
}

}  // namespace
}  // namespace keyward
