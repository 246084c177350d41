// Expiry and rotation through the key services on a real store (the run's engine): each key's
// marks follow its dates and its team's settings, the list filters, counts and sorts by the
// derived status, a new secret restarts the rotation clock, and resolve applies the team's policy
// to an expired key.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "domain/lifecycle.h"
#include "identity/teams.h"
#include "keys/keys.h"
#include "support/result_matchers.h"
#include "support/service_store.h"

namespace keyward::keys {
namespace {

using keyward::testing::ServiceStore;

constexpr std::int64_t kNow = 1'790'000'000'000;
constexpr std::int64_t kDay = kDayMs;

class KeyLifecycle : public ::testing::Test {
 protected:
  void SetUp() override { db.make_team("t1"); }

  ApiKey create(const std::string& description, std::optional<std::int64_t> expires_at,
                std::optional<int> rotate_every_days = std::nullopt, std::int64_t at = kNow) {
    CreateKey command{find_key_type("openai"),
                      description,
                      crypto::SecretString("sk-proj-lifecycle-" + description),
                      {},
                      expires_at,
                      rotate_every_days};
    auto key = storage::write<ApiKey>(db.store(), [&](storage::WriteTx& tx) {
      return create_key(tx, owner, db.team_keys(), command, at);
    });
    EXPECT_THAT(key, IsOk());
    return *key;
  }

  Result<ApiKey> update(const UpdateKey& command, std::int64_t at) {
    return storage::write<ApiKey>(db.store(), [&](storage::WriteTx& tx) {
      return update_key(tx, owner, db.team_keys(), command, at);
    });
  }

  Result<Team> set_team(identity::UpdateTeam command, std::int64_t at = kNow) {
    return storage::write<Team>(db.store(), [&](storage::WriteTx& tx) {
      return identity::update_team(tx, owner, command, at);
    });
  }

  KeyList list(LifecycleFilter filter, std::int64_t now, SortField sort = SortField::kCreatedAt,
               bool descending = false) {
    ListQuery query;
    query.lifecycle = filter;
    query.now = now;
    query.sort = sort;
    query.descending = descending;
    auto listed = storage::read<KeyList>(
        db.store(), [&](storage::ReadTx& tx) { return list_keys(tx, owner, query); });
    EXPECT_THAT(listed, IsOk());
    return *listed;
  }

  std::vector<std::string> descriptions(LifecycleFilter filter, std::int64_t now,
                                        SortField sort = SortField::kCreatedAt,
                                        bool descending = false) {
    std::vector<std::string> out;
    for (const auto& key : list(filter, now, sort, descending).page.items) {
      out.push_back(key.description);
    }
    return out;
  }

  Result<OpenedKey> resolve(const std::string& id, std::int64_t now) {
    ResolveKey command;
    command.id = id;
    return storage::read<OpenedKey>(db.store(), [&](storage::ReadTx& tx) {
      return resolve_key(tx, token, db.team_keys(), command, now);
    });
  }

  ServiceStore db;
  Actor owner = Actor::member("u-owner", "t1", Role::kOwner);
  Actor token = Actor::service_token("st1", "t1", {"openai"});
};

TEST_F(KeyLifecycle, AKeyWithoutDatesIsAlwaysOk) {
  ApiKey key = create("plain", std::nullopt);
  EXPECT_FALSE(key.expiry_warn_at);
  EXPECT_FALSE(key.rotation_due_at);
  EXPECT_EQ(lifecycle_of(key, kNow + 10'000 * kDay), Lifecycle::kOk);
}

TEST_F(KeyLifecycle, StatusMovesFromOkToExpiringToExpired) {
  ApiKey key = create("dated", kNow + 30 * kDay);
  EXPECT_EQ(key.expiry_warn_at, kNow + 16 * kDay);  // the default window: 14 days
  EXPECT_EQ(lifecycle_of(key, kNow), Lifecycle::kOk);
  EXPECT_EQ(lifecycle_of(key, kNow + 16 * kDay), Lifecycle::kExpiring);
  EXPECT_EQ(lifecycle_of(key, kNow + 30 * kDay), Lifecycle::kExpired);
}

TEST_F(KeyLifecycle, ListFiltersAndCountsByStatusAtTheMomentAsked) {
  create("ok", std::nullopt);
  create("expiring", kNow + 5 * kDay);
  create("expired", kNow - kDay);
  create("rotation", std::nullopt, 30, kNow - 31 * kDay);
  EXPECT_EQ(descriptions(LifecycleFilter::kOk, kNow), std::vector<std::string>{"ok"});
  EXPECT_EQ(descriptions(LifecycleFilter::kExpiring, kNow), std::vector<std::string>{"expiring"});
  EXPECT_EQ(descriptions(LifecycleFilter::kExpired, kNow), std::vector<std::string>{"expired"});
  EXPECT_EQ(descriptions(LifecycleFilter::kRotationDue, kNow),
            std::vector<std::string>{"rotation"});
  auto attention = descriptions(LifecycleFilter::kNeedsAttention, kNow);
  std::sort(attention.begin(), attention.end());
  EXPECT_EQ(attention, (std::vector<std::string>{"expired", "expiring", "rotation"}));
  KeyList all = list(LifecycleFilter::kAny, kNow);
  EXPECT_EQ(all.page.total, 4);
  EXPECT_EQ(all.needs_attention, 3);
  // A month earlier no window had begun and no rotation was due.
  EXPECT_EQ(list(LifecycleFilter::kAny, kNow - 30 * kDay).needs_attention, 0);
}

TEST_F(KeyLifecycle, SortsByWhenAKeyNeedsAttentionKeysWithoutDatesLast) {
  create("none", std::nullopt);
  create("later", kNow + 100 * kDay);
  create("expired", kNow - kDay);
  create("rotation", std::nullopt, 10, kNow - 5 * kDay);  // due in 5 days
  EXPECT_EQ(descriptions(LifecycleFilter::kAny, kNow, SortField::kLifecycle),
            (std::vector<std::string>{"expired", "rotation", "later", "none"}));
  EXPECT_EQ(descriptions(LifecycleFilter::kAny, kNow, SortField::kLifecycle, true),
            (std::vector<std::string>{"none", "later", "rotation", "expired"}));
}

TEST_F(KeyLifecycle, ANewSecretRestartsTheRotationClockOtherEditsDoNot) {
  ApiKey key = create("rotating", std::nullopt, 30);
  EXPECT_EQ(key.rotation_due_at, kNow + 30 * kDay);
  UpdateKey rename;
  rename.id = key.id;
  rename.description = "renamed";
  auto renamed = update(rename, kNow + 10 * kDay);
  ASSERT_THAT(renamed, IsOk());
  EXPECT_EQ(renamed->rotation_due_at, kNow + 30 * kDay);
  UpdateKey rotate;
  rotate.id = key.id;
  rotate.key = crypto::SecretString("sk-proj-lifecycle-rotated");
  auto rotated = update(rotate, kNow + 40 * kDay);
  ASSERT_THAT(rotated, IsOk());
  EXPECT_EQ(rotated->rotation_due_at, kNow + 70 * kDay);
  EXPECT_EQ(lifecycle_of(*rotated, kNow + 40 * kDay), Lifecycle::kOk);
}

TEST_F(KeyLifecycle, SettingAndClearingDatesMovesTheMarks) {
  ApiKey key = create("editable", std::nullopt);
  UpdateKey dated;
  dated.id = key.id;
  dated.expires_at = std::optional<std::int64_t>(kNow + 20 * kDay);
  dated.rotate_every_days = std::optional<int>(7);
  auto changed = update(dated, kNow + kDay);
  ASSERT_THAT(changed, IsOk());
  EXPECT_EQ(changed->expiry_warn_at, kNow + 6 * kDay);
  EXPECT_EQ(changed->rotation_due_at, kNow + 7 * kDay) << "the clock started at creation";
  UpdateKey cleared;
  cleared.id = key.id;
  cleared.expires_at = std::optional<std::int64_t>();
  cleared.rotate_every_days = std::optional<int>();
  auto undated = update(cleared, kNow + 2 * kDay);
  ASSERT_THAT(undated, IsOk());
  EXPECT_FALSE(undated->expires_at);
  EXPECT_FALSE(undated->expiry_warn_at);
  EXPECT_FALSE(undated->rotation_due_at);
}

TEST_F(KeyLifecycle, TheTeamsSettingsPlaceEveryKeysMarksAgain) {
  ApiKey own = create("own period", std::nullopt, 5);
  ApiKey dated = create("dated", kNow + 60 * kDay);
  ApiKey plain = create("plain", std::nullopt);
  identity::UpdateTeam settings;
  settings.rotate_every_days = std::optional<int>(90);
  settings.expiry_warning_days = 30;
  auto team = set_team(settings);
  ASSERT_THAT(team, IsOk());
  EXPECT_EQ(team->rotate_every_days, 90);
  EXPECT_EQ(team->expiry_warning_days, 30);
  auto find = [&](const std::string& id) {
    auto key = storage::read<ApiKey>(db.store(),
                                     [&](storage::ReadTx& tx) { return get_key(tx, owner, id); });
    EXPECT_THAT(key, IsOk());
    return *key;
  };
  EXPECT_EQ(find(own.id).rotation_due_at, kNow + 5 * kDay) << "its own period wins";
  EXPECT_EQ(find(plain.id).rotation_due_at, kNow + 90 * kDay);
  EXPECT_EQ(find(dated.id).expiry_warn_at, kNow + 30 * kDay);
  // A key made afterwards gets the team's period as well.
  EXPECT_EQ(create("new", std::nullopt).rotation_due_at, kNow + 90 * kDay);
  // The change is audited, with the fields and their new values.
  auto events = db.audit("t1");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events[1].action, "team.updated");
  EXPECT_THAT(events[1].details, ::testing::HasSubstr("\"expiry_warning_days\":30"));
}

TEST_F(KeyLifecycle, ResolveServesAnExpiredKeyWithAWarningUnlessTheTeamRefusesIt) {
  ApiKey key = create("short-lived", kNow + kDay);
  auto before = resolve(key.id, kNow);
  ASSERT_THAT(before, IsOk());
  EXPECT_FALSE(before->expired);
  auto warned = resolve(key.id, kNow + 2 * kDay);
  ASSERT_THAT(warned, IsOk());
  EXPECT_TRUE(warned->expired);
  identity::UpdateTeam refuse;
  refuse.expired_key_policy = ExpiredKeyPolicy::kRefuse;
  ASSERT_THAT(set_team(refuse), IsOk());
  auto refused = resolve(key.id, kNow + 2 * kDay);
  ASSERT_THAT(refused, IsError(ErrorCode::kGone));
  EXPECT_THAT(refused.error().detail, ::testing::HasSubstr(key.id));
  EXPECT_THAT(refused.error().detail, ::testing::HasSubstr("short-lived"));
  EXPECT_THAT(resolve(key.id, kNow), IsOk()) << "not expired yet: served";
}

}  // namespace
}  // namespace keyward::keys
