// Secret versions through the key services on a real store (the run's engine): each change of a
// secret is a version sealed for its number, listed without a secret, revealed, restored and
// pruned by the team's retention.
#include "keys/versions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "identity/teams.h"
#include "keys/keys.h"
#include "support/result_matchers.h"
#include "support/service_store.h"

namespace keyward::keys {
namespace {

using keyward::testing::ServiceStore;

constexpr std::int64_t kNow = 1'790'000'000'000;
constexpr char kFirst[] = "sk-proj-versions-first-0001";
constexpr char kSecond[] = "sk-proj-versions-second-0002";
constexpr char kThird[] = "sk-proj-versions-third-0003";
constexpr char kFourth[] = "sk-proj-versions-fourth-0004";

class SecretVersions : public ::testing::Test {
 protected:
  void SetUp() override { db.make_team("t1"); }

  ApiKey create(const std::string& description, const std::string& secret) {
    CreateKey command{find_key_type("openai"), description, crypto::SecretString(secret), {}};
    auto key = storage::write<ApiKey>(db.store(), [&](storage::WriteTx& tx) {
      return create_key(tx, owner, db.team_keys(), command, kNow);
    });
    EXPECT_THAT(key, IsOk());
    return *key;
  }

  Result<ApiKey> change_secret(const std::string& id, const std::string& secret) {
    UpdateKey command;
    command.id = id;
    command.key = crypto::SecretString(secret);
    return storage::write<ApiKey>(db.store(), [&](storage::WriteTx& tx) {
      return update_key(tx, owner, db.team_keys(), command, kNow + 1000);
    });
  }

  Result<KeyVersions> list(const Actor& actor, const std::string& id) {
    return storage::read<KeyVersions>(
        db.store(), [&](storage::ReadTx& tx) { return list_versions(tx, actor, id); });
  }

  std::vector<std::int64_t> numbers(const std::string& id) {
    auto listed = list(owner, id);
    EXPECT_THAT(listed, IsOk());
    std::vector<std::int64_t> out;
    for (const auto& version : listed->versions) out.push_back(version.version);
    return out;
  }

  std::vector<bool> available(const std::string& id) {
    auto listed = list(owner, id);
    EXPECT_THAT(listed, IsOk());
    std::vector<bool> out;
    for (const auto& version : listed->versions) out.push_back(version.available());
    return out;
  }

  Result<crypto::SecretString> reveal(const Actor& actor, const std::string& id,
                                      std::int64_t version) {
    return storage::write<crypto::SecretString>(db.store(), [&](storage::WriteTx& tx) {
      return reveal_version(tx, actor, db.team_keys(), id, version, kNow + 2000);
    });
  }

  Result<crypto::SecretString> reveal_current(const std::string& id) {
    return storage::write<crypto::SecretString>(db.store(), [&](storage::WriteTx& tx) {
      return reveal_key(tx, owner, db.team_keys(), id, kNow + 2000);
    });
  }

  Result<ApiKey> restore(const Actor& actor, const std::string& id, std::int64_t version,
                         std::optional<std::int64_t> expected = std::nullopt) {
    RestoreVersion command{id, version, expected};
    return storage::write<ApiKey>(db.store(), [&](storage::WriteTx& tx) {
      return restore_version(tx, actor, db.team_keys(), command, kNow + 3000);
    });
  }

  Result<Team> keep(const Actor& actor, int kept) {
    identity::UpdateTeam command{kept};
    return storage::write<Team>(db.store(), [&](storage::WriteTx& tx) {
      return identity::update_team(tx, actor, command, kNow);
    });
  }

  ServiceStore db;
  Actor owner = Actor::member("u-owner", "t1", Role::kOwner);
  Actor admin = Actor::member("u-admin", "t1", Role::kAdmin);
  Actor viewer = Actor::member("u-viewer", "t1", Role::kViewer);
};

TEST_F(SecretVersions, ListsVersionsWithoutASecret) {
  ApiKey key = create("Production", kFirst);
  EXPECT_EQ(key.secret_version, 1);
  ASSERT_THAT(change_secret(key.id, kSecond), IsOk());
  ASSERT_THAT(change_secret(key.id, kThird), IsOk());
  auto listed = list(viewer, key.id);  // api_keys:read is enough
  ASSERT_THAT(listed, IsOk());
  EXPECT_EQ(listed->key.secret_version, 3);
  EXPECT_EQ(listed->key.version, 3);
  EXPECT_EQ(listed->secret_versions_kept, 10);
  ASSERT_EQ(listed->versions.size(), 3u);
  EXPECT_EQ(numbers(key.id), (std::vector<std::int64_t>{3, 2, 1}));
  EXPECT_EQ(listed->versions[0].change, SecretChange::kKeyChanged);
  EXPECT_EQ(listed->versions[2].change, SecretChange::kCreated);
  EXPECT_EQ(listed->versions[2].created_by, "u-owner");
  EXPECT_EQ(listed->versions[2].created_at, kNow);
  EXPECT_EQ(listed->versions[0].key_hint, "sk-…0003");
  EXPECT_EQ(listed->versions[2].key_hint, "sk-…0001");
  for (const auto& version : listed->versions) {
    EXPECT_TRUE(version.available());
    EXPECT_EQ(version.ciphertext.find("versions"), std::string::npos) << "sealed, not plain";
  }
  EXPECT_THAT(list(owner, "no-such-key"), IsError(ErrorCode::kNotFound));
}

TEST_F(SecretVersions, AnEditThatKeepsTheSecretMakesNoSecretVersion) {
  ApiKey key = create("Production", kFirst);
  UpdateKey rename;
  rename.id = key.id;
  rename.description = "Renamed";
  auto renamed = storage::write<ApiKey>(db.store(), [&](storage::WriteTx& tx) {
    return update_key(tx, owner, db.team_keys(), rename, kNow + 1000);
  });
  ASSERT_THAT(renamed, IsOk());
  EXPECT_EQ(renamed->version, 2);                      // the ETag moves
  EXPECT_EQ(renamed->secret_version, 1);               // the secret does not
  ASSERT_THAT(change_secret(key.id, kFirst), IsOk());  // the same secret again: no change
  EXPECT_EQ(numbers(key.id), (std::vector<std::int64_t>{1}));
}

TEST_F(SecretVersions, RevealsAPastVersionAndAuditsIt) {
  ApiKey key = create("Production", kFirst);
  ASSERT_THAT(change_secret(key.id, kSecond), IsOk());
  auto first = reveal(owner, key.id, 1);
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->view(), kFirst);
  auto second = reveal(owner, key.id, 2);
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->view(), kSecond);
  auto current = reveal_current(key.id);
  ASSERT_THAT(current, IsOk());
  EXPECT_EQ(current->view(), kSecond);
  auto audit = db.audit("t1");
  ASSERT_GE(audit.size(), 3u);
  EXPECT_EQ(audit[1].action, "api_key.revealed");
  EXPECT_EQ(audit[1].details, R"({"description":"Production","version":2})");
  EXPECT_EQ(audit[2].details, R"({"description":"Production","version":1})");
  for (const auto& event : audit) {
    EXPECT_EQ(event.details.find("versions-"), std::string::npos) << "no secret in the trail";
  }
  EXPECT_THAT(reveal(owner, key.id, 3), IsError(ErrorCode::kNotFound));
  EXPECT_THAT(reveal(viewer, key.id, 1), IsError(ErrorCode::kForbidden));
}

TEST_F(SecretVersions, RejectsACiphertextMovedToAnotherVersion) {
  ApiKey key = create("Production", kFirst);
  ASSERT_THAT(change_secret(key.id, kSecond), IsOk());
  ApiKey other = create("Other", kThird);
  // Version 1's sealed bytes copied over version 2's row, and over the key's current secret.
  const std::string first_of =
      "(SELECT %s FROM api_key_versions WHERE api_key_id = '" + key.id + "' AND version = 1)";
  auto column_of_first = [&](const char* column) {
    std::string sql = first_of;
    sql.replace(sql.find("%s"), 2, column);
    return sql;
  };
  db.database().exec("UPDATE api_key_versions SET ciphertext = " + column_of_first("ciphertext") +
                     ", nonce = " + column_of_first("nonce") + " WHERE api_key_id = '" + key.id +
                     "' AND version = 2");
  db.database().exec("UPDATE api_keys SET ciphertext = " + column_of_first("ciphertext") +
                     ", nonce = " + column_of_first("nonce") + " WHERE id = '" + key.id + "'");
  // And over the other key's version 1: the same number, another key.
  db.database().exec("UPDATE api_key_versions SET ciphertext = " + column_of_first("ciphertext") +
                     ", nonce = " + column_of_first("nonce") + " WHERE api_key_id = '" + other.id +
                     "' AND version = 1");
  EXPECT_THAT(reveal(owner, key.id, 2), IsError(ErrorCode::kInternal));
  EXPECT_THAT(reveal_current(key.id), IsError(ErrorCode::kInternal));
  EXPECT_THAT(reveal(owner, other.id, 1), IsError(ErrorCode::kInternal));
  auto untouched = reveal(owner, key.id, 1);  // where it belongs, it still opens
  ASSERT_THAT(untouched, IsOk());
  EXPECT_EQ(untouched->view(), kFirst);
}

TEST_F(SecretVersions, KeepsOnlyTheNewestNSecretVersions) {
  ASSERT_THAT(keep(owner, 2), IsOk());
  ApiKey key = create("Production", kFirst);
  ASSERT_THAT(change_secret(key.id, kSecond), IsOk());
  EXPECT_EQ(available(key.id), (std::vector<bool>{true, true}));
  ASSERT_THAT(change_secret(key.id, kThird), IsOk());
  ASSERT_THAT(change_secret(key.id, kFourth), IsOk());
  // Every version's details stay; only the two newest keep their secret.
  EXPECT_EQ(numbers(key.id), (std::vector<std::int64_t>{4, 3, 2, 1}));
  EXPECT_EQ(available(key.id), (std::vector<bool>{true, true, false, false}));
  EXPECT_THAT(reveal(owner, key.id, 2), IsError(ErrorCode::kConflict));
  EXPECT_THAT(restore(owner, key.id, 1), IsError(ErrorCode::kConflict));
  auto third = reveal(owner, key.id, 3);
  ASSERT_THAT(third, IsOk());
  EXPECT_EQ(third->view(), kThird);
  auto count = db.database().query(
      "SELECT COUNT(*) FROM api_key_versions WHERE ciphertext IS NOT NULL AND api_key_id = '" +
      key.id + "'");
  ASSERT_EQ(count.size(), 1u);
  EXPECT_EQ(count[0], "2");
}

TEST_F(SecretVersions, LoweringTheSettingDeletesOlderSecretsAtOnce) {
  ApiKey key = create("Production", kFirst);
  ASSERT_THAT(change_secret(key.id, kSecond), IsOk());
  ASSERT_THAT(change_secret(key.id, kThird), IsOk());
  EXPECT_THAT(keep(admin, 1), IsError(ErrorCode::kForbidden));  // team:manage is the owner's
  EXPECT_EQ(available(key.id), (std::vector<bool>{true, true, true}));
  auto team = keep(owner, 1);
  ASSERT_THAT(team, IsOk());
  EXPECT_EQ(team->secret_versions_kept, 1);
  EXPECT_EQ(available(key.id), (std::vector<bool>{true, false, false}));
  auto current = reveal_current(key.id);
  ASSERT_THAT(current, IsOk());
  EXPECT_EQ(current->view(), kThird);
}

TEST_F(SecretVersions, RestoringAnOldVersionMakesANewOne) {
  ApiKey key = create("Production", kFirst);
  auto changed = change_secret(key.id, kSecond);
  ASSERT_THAT(changed, IsOk());
  EXPECT_THAT(restore(viewer, key.id, 1), IsError(ErrorCode::kForbidden));
  EXPECT_THAT(restore(owner, key.id, 9), IsError(ErrorCode::kNotFound));
  EXPECT_THAT(restore(owner, key.id, 1, changed->version - 1),
              IsError(ErrorCode::kPreconditionFailed));
  auto restored = restore(owner, key.id, 1, changed->version);
  ASSERT_THAT(restored, IsOk());
  EXPECT_EQ(restored->secret_version, 3);
  EXPECT_EQ(restored->version, changed->version + 1);
  EXPECT_EQ(restored->key_hint, "sk-…0001");
  EXPECT_EQ(restored->fingerprint, key.fingerprint);
  auto current = reveal_current(key.id);
  ASSERT_THAT(current, IsOk());
  EXPECT_EQ(current->view(), kFirst);
  auto listed = list(owner, key.id);
  ASSERT_THAT(listed, IsOk());
  ASSERT_EQ(listed->versions.size(), 3u);
  EXPECT_EQ(listed->versions[0].change, SecretChange::kRestored);
  EXPECT_EQ(listed->versions[0].restored_from, 1);
  auto audit = db.audit("t1");  // newest first: the reveal above, then the restore
  ASSERT_GE(audit.size(), 2u);
  EXPECT_EQ(audit[1].action, "api_key.updated");
  EXPECT_EQ(audit[1].details, R"({"fields":["key"],"description":"Production","restored_from":1})");
  // Announced as an update of the key's secret, like a PATCH of the key.
  std::vector<std::string> restored_notices;
  for (const auto& notice : db.wait_for_notices(3)) {  // created, changed, restored
    if (notice.find(key.id) != std::string::npos &&
        notice.find("\"api_key.updated\"") != std::string::npos) {
      restored_notices.push_back(notice);
    }
  }
  ASSERT_EQ(restored_notices.size(), 2u);  // the change to kSecond, then the restore
  EXPECT_THAT(restored_notices[1], ::testing::HasSubstr(R"("fields":["key"])"));
  // The value the key holds now: nothing to restore, nothing changes.
  auto again = restore(owner, key.id, 3);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->secret_version, 3);
  EXPECT_EQ(again->version, restored->version);
}

TEST_F(SecretVersions, RestoringAValueAnotherKeyHoldsIsAConflict) {
  ApiKey key = create("Production", kFirst);
  ASSERT_THAT(change_secret(key.id, kSecond), IsOk());
  create("Copy", kFirst);  // the old value is now another key of the team
  EXPECT_THAT(restore(owner, key.id, 1), IsError(ErrorCode::kConflict));
}

TEST_F(SecretVersions, ReSealsKeysStoredBeforeVersionsAsVersionOne) {
  ApiKey key = create("Production", kFirst);
  // The row as a release before versions stored it: sealed without a version, no version row.
  auto made_old = db.store().write([&](storage::WriteTx& tx) -> Status {
    KW_TRY(data_key, db.team_keys().stored_for_team(tx, "t1"));
    crypto::Sealed sealed = crypto::seal_unversioned_api_key(data_key, "t1", key.id, kFirst);
    ApiKey old = key;
    old.ciphertext = sealed.ciphertext;
    old.nonce = sealed.nonce;
    old.secret_version = 0;
    KW_TRY(updated, tx.keys().update(old, key.version));
    if (!updated) return Error::make(ErrorCode::kInternal, "", "not updated");
    return ok_status();
  });
  ASSERT_THAT(made_old, IsOk());
  db.database().exec("DELETE FROM api_key_versions WHERE api_key_id = '" + key.id + "'");
  EXPECT_THAT(reveal_current(key.id), IsError(ErrorCode::kInternal)) << "not yet re-sealed";

  auto resealed = reseal_unversioned_keys(db.store(), db.team_keys());
  ASSERT_THAT(resealed, IsOk());
  EXPECT_EQ(*resealed, 1);
  auto again = reseal_unversioned_keys(db.store(), db.team_keys());
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(*again, 0) << "only once";

  auto current = reveal_current(key.id);
  ASSERT_THAT(current, IsOk());
  EXPECT_EQ(current->view(), kFirst);
  auto first = reveal(owner, key.id, 1);
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->view(), kFirst);
  auto listed = list(owner, key.id);
  ASSERT_THAT(listed, IsOk());
  EXPECT_EQ(listed->key.secret_version, 1);
  ASSERT_EQ(listed->versions.size(), 1u);
  EXPECT_EQ(listed->versions[0].change, SecretChange::kCreated);  // never edited
  EXPECT_EQ(listed->versions[0].created_at, key.created_at);
  // Versions go on from there.
  ASSERT_THAT(change_secret(key.id, kSecond), IsOk());
  EXPECT_EQ(numbers(key.id), (std::vector<std::int64_t>{2, 1}));
}

}  // namespace
}  // namespace keyward::keys
