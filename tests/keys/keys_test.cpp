// The API key services called directly on a real store (the run's engine), without HTTP.
#include "keys/keys.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "support/result_matchers.h"
#include "support/service_store.h"

namespace keyward::keys {
namespace {

using keyward::testing::ServiceStore;
using ::testing::HasSubstr;

constexpr std::int64_t kNow = 1'790'000'000'000;
constexpr char kSecret[] = "sk-proj-service-test-0001";

UpdateKey edit_of(const std::string& id) {
  UpdateKey command;
  command.id = id;
  return command;
}

ResolveKey of_type(std::string type) {
  ResolveKey command;
  command.type = std::move(type);
  return command;
}

ResolveKey with_id(std::string id, std::optional<std::string> type = std::nullopt) {
  ResolveKey command;
  command.id = std::move(id);
  command.type = std::move(type);
  return command;
}

class ApiKeysService : public ::testing::Test {
 protected:
  void SetUp() override {
    db.make_team("t1");
    db.make_team("t2");
  }

  Result<ApiKey> create(const Actor& actor, const std::string& description,
                        const std::string& secret = kSecret, std::string_view type = "openai") {
    CreateKey command{find_key_type(type), description, crypto::SecretString(secret), {}};
    return storage::write<ApiKey>(db.store(), [&](storage::WriteTx& tx) {
      return create_key(tx, actor, db.team_keys(), command, kNow);
    });
  }

  Result<ApiKey> update(const Actor& actor, UpdateKey& command) {
    return storage::write<ApiKey>(db.store(), [&](storage::WriteTx& tx) {
      return update_key(tx, actor, db.team_keys(), command, kNow + 1000);
    });
  }

  Result<ApiKey> get(const Actor& actor, const std::string& id) {
    return storage::read<ApiKey>(db.store(),
                                 [&](storage::ReadTx& tx) { return get_key(tx, actor, id); });
  }

  Result<crypto::SecretString> reveal(const Actor& actor, const std::string& id) {
    return storage::write<crypto::SecretString>(db.store(), [&](storage::WriteTx& tx) {
      return reveal_key(tx, actor, db.team_keys(), id, kNow);
    });
  }

  ServiceStore db;
  Actor owner = Actor::member("u-owner", "t1", Role::kOwner, {"203.0.113.7", "test-agent"});
  Actor developer = Actor::member("u-dev", "t1", Role::kDeveloper);
  Actor viewer = Actor::member("u-viewer", "t1", Role::kViewer);
};

TEST_F(ApiKeysService, ACreatedKeyIsSealedAuditedAndAnnounced) {
  auto key = create(developer, "Production");
  ASSERT_THAT(key, IsOk());
  EXPECT_EQ(key->team_id, "t1");
  EXPECT_EQ(key->created_by, "u-dev");
  EXPECT_EQ(key->version, 1);
  EXPECT_EQ(key->ciphertext.find(kSecret), std::string::npos);
  auto stored = get(developer, key->id);
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->key_hint, key->key_hint);
  auto plaintext = reveal(developer, key->id);
  ASSERT_THAT(plaintext, IsOk());
  EXPECT_EQ(plaintext->view(), kSecret);

  auto audit = db.audit("t1");
  ASSERT_EQ(audit.size(), 2u);  // created, then revealed
  EXPECT_EQ(audit[1].action, "api_key.created");
  EXPECT_EQ(audit[1].actor_type, "user");
  EXPECT_EQ(audit[1].actor_id, "u-dev");
  EXPECT_EQ(audit[1].target_id, key->id);
  EXPECT_EQ(audit[1].details, R"({"type":"openai","description":"Production"})");
  EXPECT_EQ(audit[0].action, "api_key.revealed");
  // Named by its description, so the audit log can say which key was revealed.
  EXPECT_EQ(audit[0].details, R"({"description":"Production"})");
  // This key's notices (tests in other schemas run at the same time with teams named "t1" too).
  std::vector<std::string> notices;
  for (int waited = 0; notices.empty() && waited < 200; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    for (const auto& notice : db.notices()) {
      if (notice.find(key->id) != std::string::npos) notices.push_back(notice);
    }
  }
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_THAT(notices[0], HasSubstr("\"api_key.created\""));
}

TEST_F(ApiKeysService, AViewerCannotCreateAKey) {
  EXPECT_THAT(create(viewer, "Production"), IsError(ErrorCode::kForbidden));
  auto listed = storage::read<KeyList>(
      db.store(), [&](storage::ReadTx& tx) { return list_keys(tx, owner, ListQuery{}); });
  ASSERT_THAT(listed, IsOk());
  EXPECT_EQ(listed->page.total, 0);
  EXPECT_TRUE(db.audit("t1").empty());
}

TEST_F(ApiKeysService, ADeveloperCanNeitherDeleteNorAServiceTokenReveal) {
  auto key = create(owner, "Production");
  ASSERT_THAT(key, IsOk());
  auto deleted = db.store().write(
      [&](storage::WriteTx& tx) { return delete_key(tx, developer, key->id, kNow); });
  EXPECT_THAT(deleted, IsError(ErrorCode::kForbidden));
  Actor token = Actor::service_token("st1", "t1", {"openai"});
  EXPECT_THAT(reveal(token, key->id), IsError(ErrorCode::kForbidden));
  EXPECT_THAT(get(token, key->id), IsError(ErrorCode::kForbidden));
  EXPECT_THAT(get(Actor::system(), key->id), IsError(ErrorCode::kForbidden));
}

TEST_F(ApiKeysService, AKeyOfAnotherTeamIsNotFound) {
  auto key = create(owner, "Production");
  ASSERT_THAT(key, IsOk());
  Actor stranger = Actor::member("u-other", "t2", Role::kOwner);
  EXPECT_THAT(get(stranger, key->id), IsError(ErrorCode::kNotFound));
  EXPECT_THAT(reveal(stranger, key->id), IsError(ErrorCode::kNotFound));
  UpdateKey rename = edit_of(key->id);
  rename.description = "Mine now";
  EXPECT_THAT(update(stranger, rename), IsError(ErrorCode::kNotFound));
  EXPECT_TRUE(db.audit("t2").empty());
}

TEST_F(ApiKeysService, TheSameSecretTwiceInATeamIsAConflict) {
  ASSERT_THAT(create(owner, "First"), IsOk());
  auto again = create(owner, "Second");
  ASSERT_THAT(again, IsError(ErrorCode::kConflict));
  EXPECT_THAT(again.error().detail, HasSubstr("\"First\""));
  EXPECT_THAT(create(Actor::member("u2", "t2", Role::kOwner), "Elsewhere"), IsOk());
}

TEST_F(ApiKeysService, AnUpdateThatChangesNothingWritesNoAuditEvent) {
  auto key = create(owner, "Production");
  ASSERT_THAT(key, IsOk());
  std::size_t audited = db.audit("t1").size();
  ASSERT_FALSE(db.wait_for_notices(1).empty());  // the create's own notice has arrived
  UpdateKey same = edit_of(key->id);
  same.expected_version = key->version;
  same.type = find_key_type("openai");
  same.description = "Production";
  same.key = crypto::SecretString(kSecret);
  same.is_default = false;
  auto updated = update(developer, same);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->version, key->version);
  EXPECT_EQ(updated->updated_at, key->updated_at);
  EXPECT_EQ(db.audit("t1").size(), audited);
  // Long enough for PostgreSQL to deliver a notice had one been sent. Counted by this key's id:
  // tests in other schemas run at the same time and their teams are named "t1" too.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  int updates_of_this_key = 0;
  for (const auto& notice : db.notices()) {
    if (notice.find("api_key.updated") != std::string::npos &&
        notice.find(key->id) != std::string::npos) {
      ++updates_of_this_key;
    }
  }
  EXPECT_EQ(updates_of_this_key, 0);
}

TEST_F(ApiKeysService, AnUpdateRecordsItsFieldsAndMovesTheVersion) {
  auto key = create(owner, "Production");
  ASSERT_THAT(key, IsOk());
  UpdateKey edit = edit_of(key->id);
  edit.expected_version = 1;
  edit.description = "Staging";
  edit.key = crypto::SecretString("sk-proj-service-test-0002");
  auto updated = update(developer, edit);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->updated_by, "u-dev");
  EXPECT_EQ(updated->description, "Staging");
  EXPECT_NE(updated->ciphertext, key->ciphertext);
  auto plaintext = reveal(owner, key->id);
  ASSERT_THAT(plaintext, IsOk());
  EXPECT_EQ(plaintext->view(), "sk-proj-service-test-0002");
  auto audit = db.audit("t1");
  ASSERT_GE(audit.size(), 2u);
  EXPECT_EQ(audit[1].action, "api_key.updated");
  EXPECT_EQ(audit[1].details, R"({"fields":["description","key"],"description":"Staging"})");

  UpdateKey stale = edit_of(key->id);
  stale.expected_version = 1;
  stale.description = "Older";
  EXPECT_THAT(update(developer, stale), IsError(ErrorCode::kPreconditionFailed));
  UpdateKey retype = edit_of(key->id);
  retype.type = find_key_type("anthropic");
  EXPECT_THAT(update(developer, retype), IsError(ErrorCode::kValidation));
  UpdateKey by_viewer = edit_of(key->id);
  by_viewer.description = "Viewer's";
  EXPECT_THAT(update(viewer, by_viewer), IsError(ErrorCode::kForbidden));
}

TEST_F(ApiKeysService, MakingAKeyTheDefaultClearsTheOtherDefaultOfItsType) {
  auto first = create(owner, "First", "sk-proj-service-test-0001");
  auto second = create(owner, "Second", "sk-proj-service-test-0002");
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(second, IsOk());
  UpdateKey make_first = edit_of(first->id);
  make_first.is_default = true;
  ASSERT_THAT(update(owner, make_first), IsOk());
  UpdateKey make_second = edit_of(second->id);
  make_second.is_default = true;
  ASSERT_THAT(update(owner, make_second), IsOk());
  auto first_now = get(owner, first->id);
  auto second_now = get(owner, second->id);
  ASSERT_THAT(first_now, IsOk());
  ASSERT_THAT(second_now, IsOk());
  EXPECT_FALSE(first_now->is_default);
  EXPECT_TRUE(second_now->is_default);
}

TEST_F(ApiKeysService, ADeleteIsAuditedAndASecondDeleteFindsNothing) {
  auto key = create(owner, "Production");
  ASSERT_THAT(key, IsOk());
  auto remove = [&] {
    return db.store().write(
        [&](storage::WriteTx& tx) { return delete_key(tx, owner, key->id, kNow); });
  };
  ASSERT_THAT(remove(), IsOk());
  EXPECT_THAT(remove(), IsError(ErrorCode::kNotFound));
  auto audit = db.audit("t1");
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "api_key.deleted");
  EXPECT_EQ(audit[0].ip, "203.0.113.7");
  EXPECT_EQ(audit[0].user_agent, "test-agent");
}

TEST_F(ApiKeysService, AVerificationKeepsTheVersionAndMissesAChangedSecret) {
  auto key = create(owner, "Production");
  ASSERT_THAT(key, IsOk());
  auto opened = storage::read<OpenedKey>(db.store(), [&](storage::ReadTx& tx) {
    return open_for_verification(tx, developer, db.team_keys(), key->id);
  });
  ASSERT_THAT(opened, IsOk());
  EXPECT_EQ(opened->plaintext.view(), kSecret);
  Verification verdict{key->id, opened->key.type, opened->key.fingerprint, "valid"};
  auto record = [&](const Actor& actor) {
    return db.store().write(
        [&](storage::WriteTx& tx) { return record_verification(tx, actor, verdict, kNow + 5); });
  };
  EXPECT_THAT(record(viewer), IsError(ErrorCode::kForbidden));
  ASSERT_THAT(record(developer), IsOk());
  auto checked = get(owner, key->id);
  ASSERT_THAT(checked, IsOk());
  EXPECT_EQ(checked->verify_status, "valid");
  EXPECT_EQ(checked->version, 1);
  EXPECT_EQ(db.audit("t1")[0].details, R"({"status":"valid","description":"Production"})");

  UpdateKey new_secret = edit_of(key->id);
  new_secret.key = crypto::SecretString("sk-proj-service-test-0003");
  ASSERT_THAT(update(owner, new_secret), IsOk());
  EXPECT_THAT(record(developer), IsError(ErrorCode::kConflict));
}

class ResolveService : public ApiKeysService {
 protected:
  Result<OpenedKey> resolve(const Actor& actor, const ResolveKey& command) {
    return storage::read<OpenedKey>(db.store(), [&](storage::ReadTx& tx) {
      return resolve_key(tx, actor, db.team_keys(), command, kNow);
    });
  }
};

TEST_F(ResolveService, AServiceTokenCannotResolveATypeOutsideItsScope) {
  auto exa = create(owner, "Search", "exa-service-test-0001", "exa");
  ASSERT_THAT(exa, IsOk());
  Actor token = Actor::service_token("st1", "t1", {"openai"});
  EXPECT_THAT(resolve(token, of_type("exa")), IsError(ErrorCode::kForbidden));
  EXPECT_THAT(resolve(token, with_id(exa->id)), IsError(ErrorCode::kForbidden));
  EXPECT_THAT(resolve(token, of_type("anthropic")), IsError(ErrorCode::kForbidden));
  EXPECT_THAT(resolve(token, of_type("openai")), IsError(ErrorCode::kNotFound));
}

TEST_F(ResolveService, AServiceTokenResolvesItsTeamsKeyOfItsType) {
  auto key = create(owner, "Production");
  ASSERT_THAT(key, IsOk());
  Actor token = Actor::service_token("st1", "t1", {"openai", "exa"});
  auto by_type = resolve(token, of_type("openai"));
  ASSERT_THAT(by_type, IsOk());
  EXPECT_EQ(by_type->key.id, key->id);
  EXPECT_EQ(by_type->plaintext.view(), kSecret);
  EXPECT_THAT(resolve(token, with_id(key->id)), IsOk());
  EXPECT_THAT(resolve(token, with_id(key->id, "exa")), IsError(ErrorCode::kNotFound));
  Actor other_team = Actor::service_token("st2", "t2", {"openai"});
  EXPECT_THAT(resolve(other_team, with_id(key->id)), IsError(ErrorCode::kNotFound));
  EXPECT_THAT(resolve(owner, of_type("openai")), IsError(ErrorCode::kForbidden));
}

TEST_F(ResolveService, AKeyTheGatewayDisabledIsPassedOverUntilReEnabled) {
  ASSERT_THAT(create(owner, "Backup", "sk-proj-service-test-0007"), IsOk());
  ASSERT_THAT(create(owner, "Production"), IsOk());
  Actor token = Actor::service_token("st1", "t1", {"openai"});
  // The key resolve chooses (the newest; both were made at the same time) is disabled.
  auto chosen = resolve(token, of_type("openai"));
  ASSERT_THAT(chosen, IsOk());
  const ApiKey served = chosen->key;
  Actor server = Actor::system();
  server.team_id = "t1";
  auto disable = [&](const std::string& fingerprint) {
    return db.store().write([&](storage::WriteTx& tx) {
      return disable_key(tx, server, served.id, fingerprint, 3, 401, kNow + 10);
    });
  };
  // Judged on another secret (the key changed meanwhile): nothing happens.
  ASSERT_THAT(disable("another fingerprint"), IsOk());
  EXPECT_FALSE(get(owner, served.id)->disabled_at.has_value());

  ASSERT_THAT(disable(served.fingerprint), IsOk());
  auto disabled = get(owner, served.id);
  ASSERT_THAT(disabled, IsOk());
  EXPECT_EQ(disabled->disabled_at, kNow + 10);
  EXPECT_EQ(disabled->disabled_reason,
            "The provider rejected the key 3 times in a row (HTTP 401).");
  EXPECT_EQ(disabled->version, served.version + 1);
  auto events = db.audit("t1");
  EXPECT_EQ(events[0].action, "api_key.disabled");
  EXPECT_THAT(events[0].details, HasSubstr("3 times in a row"));
  ASSERT_THAT(disable(served.fingerprint), IsOk());  // already disabled: no second event
  EXPECT_EQ(db.audit("t1").size(), events.size());

  auto by_type = resolve(token, of_type("openai"));
  ASSERT_THAT(by_type, IsOk());
  EXPECT_NE(by_type->key.id, served.id);
  EXPECT_THAT(resolve(token, with_id(served.id)), IsError(ErrorCode::kConflict));

  auto enable = [&](const Actor& actor) {
    return storage::write<ApiKey>(db.store(), [&](storage::WriteTx& tx) {
      return enable_key(tx, actor, served.id, kNow + 20);
    });
  };
  EXPECT_THAT(enable(viewer), IsError(ErrorCode::kForbidden));
  auto enabled = enable(developer);
  ASSERT_THAT(enabled, IsOk());
  EXPECT_FALSE(enabled->disabled_at.has_value());
  EXPECT_EQ(db.audit("t1")[0].action, "api_key.enabled");
  EXPECT_EQ(resolve(token, of_type("openai"))->key.id, served.id);
}

}  // namespace
}  // namespace keyward::keys
