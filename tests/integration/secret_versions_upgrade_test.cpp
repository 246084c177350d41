// The upgrade to secret versions as a deployment meets it: keys stored by a release before them
// (sealed without a version) are re-sealed as version 1 by the binary's first start, before it
// serves, and read as before afterwards.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>

#include <chrono>

#include "crypto/sealing.h"
#include "keys/team_keys.h"
#include "support/api_harness.h"
#include "support/process.h"
#include "support/result_matchers.h"

namespace keyward {
namespace {

using keyward::testing::ApiHarness;
using keyward::testing::Process;
using std::chrono::seconds;

TEST(SecretVersionsUpgrade, TheFirstStartReSealsKeysStoredBeforeVersions) {
  ApiHarness h;
  auto owner = h.make_user("owner@example.com");
  std::string team = h.make_team("Acme", owner.user.id);
  std::string keys_path = "/api/v1/teams/" + team + "/api-keys";
  const std::string secret = "sk-upgrade-0123456789abcdef";
  auto created = h.request("POST", keys_path, owner.credentials,
                           testing::key_body("openai", "Before versions", secret));
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id(testing::json(created).at("id").as_string());

  // The row as the release before versions left it.
  keys::TeamKeys team_keys(h.master_key());
  ASSERT_THAT(team_keys.preload(h.store()), IsOk());
  auto made_old = h.store().write([&](storage::WriteTx& tx) -> Status {
    KW_TRY(data_key, team_keys.stored_for_team(tx, team));
    KW_TRY(key, tx.keys().find(team, id));
    if (!key) return Error::make(ErrorCode::kInternal, "", "no key");
    crypto::Sealed sealed = crypto::seal_unversioned_api_key(data_key, team, id, secret);
    key->ciphertext = sealed.ciphertext;
    key->nonce = sealed.nonce;
    key->secret_version = 0;
    KW_TRY(updated, tx.keys().update(*key, key->version));
    if (!updated) return Error::make(ErrorCode::kInternal, "", "not updated");
    return ok_status();
  });
  ASSERT_THAT(made_old, IsOk());
  h.database().exec("DELETE FROM api_key_versions WHERE api_key_id = '" + id + "'");
  EXPECT_EQ(h.request("POST", keys_path + "/" + id + "/reveal", owner.credentials).status, 500)
      << "not opened under the old associated data";

  Process server({KEYWARD_BINARY, "serve", "--listen", "127.0.0.1:0"}, h.dir().string(),
                 {{"KEYWARD_DATABASE_URL", h.database().url()},
                  {"KEYWARD_MASTER_KEY", ApiHarness::kMasterKeyBase64},
                  {"KEYWARD_WEB_DIR", (h.dir() / "no-ui").string()}});
  ASSERT_TRUE(server.wait_for_line("listening", seconds(30))) << server.output();
  EXPECT_NE(server.output().find("api_keys_resealed"), std::string::npos) << server.output();
  EXPECT_EQ(server.output().find(secret), std::string::npos) << "a secret in the log";
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(seconds(15)), 0) << server.output();

  auto versions = h.database().query("SELECT secret_version FROM api_keys WHERE id = '" + id + "'");
  ASSERT_EQ(versions.size(), 1u);
  EXPECT_EQ(versions[0], "1");
  auto revealed = h.request("POST", keys_path + "/" + id + "/reveal", owner.credentials);
  ASSERT_EQ(revealed.status, 200) << revealed.body;
  EXPECT_EQ(testing::json(revealed).at("key").as_string(), secret);
  auto listed = h.request("GET", keys_path + "/" + id + "/versions", owner.credentials);
  ASSERT_EQ(listed.status, 200) << listed.body;
  auto body = testing::json(listed);
  const auto& items = body.at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("version"), 1);
  EXPECT_EQ(items[0].at("change"), "created");
  EXPECT_EQ(items[0].at("current"), true);
}

}  // namespace
}  // namespace keyward
