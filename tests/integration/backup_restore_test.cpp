// `keyward backup` and `keyward restore` as an operator runs them: every key comes back, sealed
// as it was and readable with the same master key, on the same engine and across engines.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <fstream>
#include <map>
#include <sstream>

#include "api/team_keys.h"
#include "crypto/sealing.h"
#include "storage/backup.h"
#include "support/api_harness.h"
#include "support/process.h"

namespace keyward {
namespace {

using keyward::testing::ApiHarness;
using keyward::testing::run_command;
using keyward::testing::TempDir;
using keyward::testing::TestDatabase;

// Every row of every table, in the export's form without its header (which names the engine
// and the time): two databases holding the same data give the same lines.
std::string rows_of(storage::Store& store) {
  std::ostringstream out;
  auto rows = storage::write_export(store, out);
  EXPECT_TRUE(rows.ok());
  std::string text = out.str();
  return text.substr(text.find('\n') + 1);
}

std::unique_ptr<storage::Store> open(const std::string& url) {
  auto store = storage::open_store(url, {.pool_size = 1});
  if (!store) throw std::runtime_error(store.error().internal);
  return std::move(store).value();
}

// The plaintext of every key in `store`, by id, opened with the test master key.
std::map<std::string, std::string> plaintexts(storage::Store& store,
                                              const crypto::MasterKey& master) {
  api::TeamKeys team_keys(master);
  EXPECT_TRUE(team_keys.preload(store).ok());
  std::map<std::string, std::string> out;
  auto done = store.read([&](storage::Tx& tx) -> Status {
    return tx.scan_table(storage::data_tables().at(4), [&](const storage::Row& row) -> Status {
      const std::string& id = row[0].bytes;
      const std::string& team = row[1].bytes;
      auto key = team_keys.for_team(tx, team, 0);
      if (!key) return std::move(key).error();
      auto value = crypto::open_api_key(*key, team, id, {row[4].bytes, row[5].bytes});
      if (!value) return std::move(value).error();
      out[id] = std::string(value->view());
      return ok_status();
    });
  });
  EXPECT_TRUE(done.ok()) << done.error().internal;
  return out;
}

class BackupRestore : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(storage::data_tables().at(4).name, "api_keys");
    auto owner = h.make_user("owner@example.com");
    std::string team = h.make_team("Acme", owner.user.id);
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

  // Runs the binary's backup or restore against `url`; returns its output, failing on error.
  std::string keyward(const std::vector<std::string>& args, const std::string& url) {
    std::vector<std::string> argv{KEYWARD_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    auto [code, output] = run_command(argv, dir.path().string(), {{"KEYWARD_DATABASE_URL", url}});
    EXPECT_EQ(code, 0) << output;
    return output;
  }

  void expect_same_data(const std::string& restored_url) {
    auto restored = open(restored_url);
    EXPECT_EQ(rows_of(*restored), rows_of(h.store())) << "a row differs after restore";
    EXPECT_EQ(plaintexts(*restored, h.master_key()), sent);
  }

  ApiHarness h;
  TempDir dir;
  std::map<std::string, std::string> sent;  // key id -> plaintext
};

TEST_F(BackupRestore, AnExportRestoresEveryKeyIntoAnEmptyDatabase) {
  std::string file = (dir.path() / "keyward.export").string();
  keyward({"backup", file, "--format", "export"}, h.database().url());
  EXPECT_EQ(std::filesystem::status(file).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::ifstream in(file);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const auto& [id, key] : sent) {
    EXPECT_EQ(all.find(key), std::string::npos) << "a plaintext key in the export";
  }

  TestDatabase target;
  keyward({"restore", file}, target.url());
  expect_same_data(target.url());

  // Restore never merges into a database that holds data, and leaves it as it was.
  auto again = run_command({KEYWARD_BINARY, "restore", file}, dir.path().string(),
                           {{"KEYWARD_DATABASE_URL", target.url()}});
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
  auto result = run_command({KEYWARD_BINARY, "restore", cut}, dir.path().string(),
                            {{"KEYWARD_DATABASE_URL", target.url()}});
  EXPECT_NE(result.first, 0) << result.second;
  auto restored = open(target.url());
  auto users = read<std::int64_t>(
      *restored, [](storage::Tx& tx) { return tx.count_rows(storage::data_tables().at(1)); });
  EXPECT_EQ(users.value(), 0) << "half an export was applied";
}

TEST_F(BackupRestore, BackupNeverOverwritesAFile) {
  std::string file = (dir.path() / "exists").string();
  std::ofstream(file) << "precious";
  auto result = run_command({KEYWARD_BINARY, "backup", file, "--format", "export"},
                            dir.path().string(), {{"KEYWARD_DATABASE_URL", h.database().url()}});
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

}  // namespace
}  // namespace keyward
