// A master key rotation while servers run: fingerprints do not depend on which master key a
// server holds, so the same credential is recognised by a server still running on the old key
// and by one started on the new key (issue 14, A12).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <boost/json.hpp>

#include <chrono>
#include <fstream>
#include <regex>

#include "crypto/sealing.h"
#include "storage/server_keys.h"
#include "support/api_harness.h"
#include "support/process.h"
#include "support/result_matchers.h"

namespace keyward {
namespace {

using keyward::testing::ApiHarness;
using keyward::testing::Process;
using keyward::testing::run_command;
using keyward::testing::TestDatabase;
using std::chrono::seconds;

constexpr const char* kNextKey = "ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICA=";

crypto::MasterKey master(const char* base64) {
  return crypto::MasterKey::from_base64(base64, "test").value();
}

std::unique_ptr<storage::Store> open_migrated(const TestDatabase& db) {
  auto store = storage::open_store(db.url(), {.pool_size = 2});
  if (!store) throw std::runtime_error(store.error().internal);
  if (auto migrated = (*store)->migrate(); !migrated) {
    throw std::runtime_error(migrated.error().internal);
  }
  return std::move(store).value();
}

Result<crypto::FingerprintKey> load(storage::Store& store, const crypto::MasterKey& key) {
  return storage::write<crypto::FingerprintKey>(
      store, [&](storage::WriteTx& tx) { return storage::load_fingerprint_key(tx, key, 1); });
}

// The first start after the upgrade stores the key fingerprints used to be derived with, so the
// fingerprints already stored keep matching.
TEST(FingerprintKeyStore, TheFirstLoadStoresTheKeyTheFingerprintsWereDerivedWith) {
  TestDatabase db;
  auto store = open_migrated(db);
  crypto::MasterKey current = master(ApiHarness::kMasterKeyBase64);
  auto loaded = load(*store, current);
  ASSERT_THAT(loaded, IsOk());
  EXPECT_EQ(crypto::fingerprint(*loaded, "team-1", "sk-a"),
            crypto::fingerprint(crypto::FingerprintKey::derived_from(current), "team-1", "sk-a"));
  auto row = storage::read<std::optional<storage::ServerKeyRow>>(*store, [](storage::ReadTx& tx) {
    return tx.wrapped_keys().find_server_key(storage::kFingerprintKeyName);
  });
  ASSERT_THAT(row, IsOk());
  ASSERT_TRUE(row->has_value());
  EXPECT_EQ((*row)->master_key_id, current.id());
  // Wrapped, not stored in the clear.
  EXPECT_EQ((*row)->wrapped_key.find(std::string(
                reinterpret_cast<const char*>(loaded->key().bytes()), crypto::DataKey::kSize)),
            std::string::npos);
  auto again = load(*store, current);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(crypto::fingerprint(*again, "team-1", "sk-a"),
            crypto::fingerprint(*loaded, "team-1", "sk-a"));
}

// A rotation re-wraps the stored key and leaves it as it was; the old master key no longer
// opens it. Also when no server stored it yet (rotate right after the upgrade).
TEST(FingerprintKeyStore, ARotationReWrapsTheKeyWithoutChangingIt) {
  crypto::MasterKey current = master(ApiHarness::kMasterKeyBase64);
  crypto::MasterKey next = master(kNextKey);
  std::string before =
      crypto::fingerprint(crypto::FingerprintKey::derived_from(current), "team-1", "sk-a");
  for (bool stored_first : {true, false}) {
    SCOPED_TRACE(stored_first ? "stored before the rotation" : "never stored before");
    TestDatabase db;
    auto store = open_migrated(db);
    if (stored_first) {
      ASSERT_THAT(load(*store, current), IsOk());
    }
    auto rewrapped = storage::write<int>(*store, [&](storage::WriteTx& tx) {
      return storage::rewrap_server_keys(tx, current, next, 2);
    });
    ASSERT_THAT(rewrapped, IsOk());
    EXPECT_EQ(*rewrapped, 1);
    auto after = load(*store, next);
    ASSERT_THAT(after, IsOk());
    EXPECT_EQ(crypto::fingerprint(*after, "team-1", "sk-a"), before);
    auto old = load(*store, current);
    ASSERT_THAT(old, ::testing::Not(IsOk()));
    EXPECT_NE(old.error().internal.find("wrapped by master key " + next.id()), std::string::npos)
        << old.error().internal;
  }
}

void write_key(const std::filesystem::path& path, const char* base64) {
  std::ofstream(path) << base64 << "\n";
  ::chmod(path.c_str(), 0600);
}

// The issue's scenario on the real commands: a key stored, `keyward rotate-master-key` run
// against the database while the server serves, the same key stored again on that server; then
// the server restarted on the new key, and both keys stored again.
TEST(MasterKeyRotation, TheSameKeyIsRecognisedWhileServingThroughARotationAndAfterARestart) {
  ApiHarness h;  // the server that keeps running on the current key
  auto owner = h.make_user("owner@example.com");
  std::string team = h.make_team("Acme", owner.user.id);
  std::string keys = "/api/v1/teams/" + team + "/api-keys";
  const std::string before = "sk-rotation-before-0123456789";
  const std::string during = "sk-rotation-during-0123456789";
  ASSERT_EQ(
      h.request("POST", keys, owner.credentials, testing::key_body("openai", "Before", before))
          .status,
      201);

  auto next_file = h.dir() / "next.key";
  write_key(next_file, kNextKey);
  auto [code, output] = run_command(
      {KEYWARD_BINARY, "rotate-master-key", "--new-key-file", next_file.string()}, h.dir().string(),
      {{"KEYWARD_DATABASE_URL", h.database().url()},
       {"KEYWARD_MASTER_KEY", ApiHarness::kMasterKeyBase64}});
  ASSERT_EQ(code, 0) << output;

  // The running server still holds the old master key.
  auto again =
      h.request("POST", keys, owner.credentials, testing::key_body("openai", "Again", before));
  EXPECT_EQ(again.status, 409) << again.body;
  ASSERT_EQ(
      h.request("POST", keys, owner.credentials, testing::key_body("openai", "During", during))
          .status,
      201);

  // Restarted on the new key (a second server on the same database, as a rolling restart).
  Process server({KEYWARD_BINARY, "serve", "--listen", "127.0.0.1:0"}, h.dir().string(),
                 {{"KEYWARD_DATABASE_URL", h.database().url()},
                  {"KEYWARD_MASTER_KEY", kNextKey},
                  {"KEYWARD_WEB_DIR", (h.dir() / "no-ui").string()}});
  auto listening = server.wait_for_line("listening", seconds(30));
  ASSERT_TRUE(listening) << server.output();
  std::smatch match;
  ASSERT_TRUE(std::regex_search(*listening, match, std::regex(R"(127\.0\.0\.1:(\d+))")));
  auto port = static_cast<std::uint16_t>(std::stoi(match[1]));
  auto signed_in = testing::http_request(
      port, "POST", "/api/v1/session",
      boost::json::serialize(boost::json::object{{"email", "owner@example.com"},
                                                 {"password", ApiHarness::kTestPassword}}),
      {{"Content-Type", "application/json"}});
  ASSERT_TRUE(signed_in && signed_in->status == 201) << (signed_in ? signed_in->body : "");
  std::string cookie = signed_in->header("set-cookie").value_or("");
  cookie = cookie.substr(0, cookie.find(';'));
  std::string csrf(testing::json(*signed_in).at("csrf_token").as_string());
  for (const auto& key : {before, during}) {
    auto stored = testing::http_request(
        port, "POST", keys, testing::key_body("openai", "After restart", key),
        {{"Cookie", cookie}, {"X-CSRF-Token", csrf}, {"Content-Type", "application/json"}});
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->status, 409) << key << ": " << stored->body;
  }
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(seconds(15)), 0) << server.output();

  auto count = h.database().query("SELECT COUNT(*) FROM api_keys WHERE team_id = '" + team + "'");
  ASSERT_EQ(count.size(), 1u);
  EXPECT_EQ(count[0], "2") << "a credential is stored twice in the team";
}

}  // namespace
}  // namespace keyward
