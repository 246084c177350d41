// The scheduler on a real store (the run's engine) with a manual clock: each lifecycle notice is
// emitted once per key and threshold, as an audit event and a change notice, and with two servers
// on one database (two stores, each with its own connections and its own scheduler) each notice
// is still emitted once.
#include "scheduler/scheduler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "domain/clock.h"
#include "domain/lifecycle.h"
#include "identity/teams.h"
#include "keys/keys.h"
#include "scheduler/lifecycle_notices.h"
#include "support/result_matchers.h"
#include "support/service_store.h"

namespace keyward::scheduler {
namespace {

using keyward::testing::ServiceStore;

constexpr std::int64_t kStart = 1'790'000'000'000;
constexpr std::int64_t kDay = kDayMs;

// How many notices a round emitted; -1 (and a failure) when it failed.
int count(const Result<int>& emitted) {
  EXPECT_THAT(emitted, IsOk());
  return emitted ? *emitted : -1;
}

class LifecycleNotices : public ::testing::Test {
 protected:
  void SetUp() override { db.make_team("t1"); }

  ApiKey create(const std::string& description, std::optional<std::int64_t> expires_at,
                std::optional<int> rotate_every_days = std::nullopt) {
    keys::CreateKey command{find_key_type("openai"),
                            description,
                            crypto::SecretString("sk-proj-scheduler-" + description),
                            {},
                            expires_at,
                            rotate_every_days};
    auto key = storage::write<ApiKey>(db.store(), [&](storage::WriteTx& tx) {
      return keys::create_key(tx, owner, db.team_keys(), command, clock.now_ms());
    });
    EXPECT_THAT(key, IsOk());
    return *key;
  }

  // The team's audit actions of the scheduler's kinds, oldest first, as "action description".
  std::vector<std::string> notices() {
    std::vector<std::string> out;
    for (const auto& event : db.audit("t1")) {
      if (event.action == "api_key.expiring" || event.action == "api_key.expired" ||
          event.action == "api_key.rotation_due") {
        EXPECT_EQ(event.actor_type, "system");
        out.insert(out.begin(), event.action + " " + event.target_id.value_or(""));
      }
    }
    return out;
  }

  ServiceStore db;
  ManualClock clock{kStart};
  Actor owner = Actor::member("u-owner", "t1", Role::kOwner);
};

TEST_F(LifecycleNotices, EmitsEachNoticeOncePerKeyAndThreshold) {
  ApiKey soon = create("soon", kStart + 20 * kDay);
  ApiKey rotating = create("rotating", std::nullopt, 10);
  create("plain", std::nullopt);
  Scheduler scheduler(db.store(), clock, "server-a");
  EXPECT_EQ(count(scheduler.run_once()), 0);
  clock.advance(std::chrono::days(7));  // inside the 14-day window of "soon"
  EXPECT_EQ(count(scheduler.run_once()), 1);
  EXPECT_EQ(count(scheduler.run_once()), 0) << "once, however often it looks";
  clock.advance(std::chrono::days(4));  // day 11: rotation of "rotating" fell due on day 10
  EXPECT_EQ(count(scheduler.run_once()), 1);
  clock.advance(std::chrono::days(10));  // day 21: "soon" expired on day 20
  EXPECT_EQ(count(scheduler.run_once()), 1);
  EXPECT_EQ(count(scheduler.run_once()), 0);
  EXPECT_EQ(notices(), (std::vector<std::string>{"api_key.expiring " + soon.id,
                                                 "api_key.rotation_due " + rotating.id,
                                                 "api_key.expired " + soon.id}));
  // Each notice also reached the team's live stream.
  auto changes = db.wait_for_notices(3 + 3);
  EXPECT_EQ(std::count_if(changes.begin(), changes.end(),
                          [](const std::string& c) {
                            return c.find("api_key.expiring") != std::string::npos ||
                                   c.find("api_key.expired") != std::string::npos ||
                                   c.find("api_key.rotation_due") != std::string::npos;
                          }),
            3);
}

TEST_F(LifecycleNotices, AKeyExpiredBeforeItsFirstLookIsOnlyToldExpired) {
  ApiKey gone = create("gone", kStart + kDay);
  clock.advance(std::chrono::days(2));
  EXPECT_EQ(count(emit_lifecycle_notices(db.store(), clock.now_ms())), 1);
  EXPECT_EQ(notices(), std::vector<std::string>{"api_key.expired " + gone.id});
}

TEST_F(LifecycleNotices, ANewSecretMakesANewRotationThreshold) {
  ApiKey key = create("rotating", std::nullopt, 10);
  clock.advance(std::chrono::days(11));
  EXPECT_EQ(count(emit_lifecycle_notices(db.store(), clock.now_ms())), 1);
  keys::UpdateKey rotate;
  rotate.id = key.id;
  rotate.key = crypto::SecretString("sk-proj-scheduler-rotated");
  ASSERT_THAT(storage::write<ApiKey>(db.store(),
                                     [&](storage::WriteTx& tx) {
                                       return keys::update_key(tx, owner, db.team_keys(), rotate,
                                                               clock.now_ms());
                                     }),
              IsOk());
  EXPECT_EQ(count(emit_lifecycle_notices(db.store(), clock.now_ms())), 0);
  clock.advance(std::chrono::days(11));
  EXPECT_EQ(count(emit_lifecycle_notices(db.store(), clock.now_ms())), 1);
}

TEST_F(LifecycleNotices, ManyKeysArePassedInBatches) {
  for (int i = 0; i < 7; ++i) create("batch-" + std::to_string(i), kStart + kDay);
  clock.advance(std::chrono::days(2));
  EXPECT_EQ(count(emit_lifecycle_notices(db.store(), clock.now_ms(), 3)), 7);
  EXPECT_EQ(count(emit_lifecycle_notices(db.store(), clock.now_ms(), 3)), 0);
}

TEST_F(LifecycleNotices, OneServerHoldsTheLeaseUntilItEnds) {
  create("soon", kStart + kDay);
  clock.advance(std::chrono::days(2));
  auto second = storage::open_store(db.database().url(), {});
  ASSERT_THAT(second, IsOk());
  const SchedulerOptions options{.interval = std::chrono::minutes(1),
                                 .lease = std::chrono::minutes(3)};
  Scheduler a(db.store(), clock, "server-a", options);
  Scheduler b(**second, clock, "server-b", options);
  EXPECT_EQ(count(a.run_once()), 1);
  create("next", clock.now_ms() - 1);  // already expired
  EXPECT_EQ(count(b.run_once()), 0) << "a's lease has not ended: b does nothing";
  clock.advance(std::chrono::minutes(4));  // a stopped renewing: its lease ended
  EXPECT_EQ(count(b.run_once()), 1) << "b took the job over";
  create("last", clock.now_ms() - 1);
  EXPECT_EQ(count(a.run_once()), 0) << "b holds it now";
  EXPECT_EQ(count(b.run_once()), 1);
}

TEST_F(LifecycleNotices, AServerThatStopsGivesItsLeasesUp) {
  create("soon", kStart + kDay);
  clock.advance(std::chrono::days(2));
  auto second = storage::open_store(db.database().url(), {});
  ASSERT_THAT(second, IsOk());
  {
    Scheduler a(db.store(), clock, "server-a", {.interval = std::chrono::hours(1)});
    a.start();  // its first round runs at once and takes the lease
    for (int i = 0; i < 500 && notices().empty(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_EQ(notices().size(), 1u) << "a's first round told of the expired key";
    a.stop();
  }
  create("next", clock.now_ms() - 1);
  Scheduler b(**second, clock, "server-b");
  EXPECT_EQ(count(b.run_once()), 1) << "a's lease went with it: b runs at once";
}

TEST_F(LifecycleNotices, TwoServersRacingEmitEachNoticeOnce) {
  std::vector<std::string> ids;
  for (int i = 0; i < 40; ++i) {
    ids.push_back(create("race-" + std::to_string(i), kStart + (i % 2 == 0 ? kDay : 20 * kDay),
                         i % 3 == 0 ? std::optional<int>(1) : std::nullopt)
                      .id);
  }
  auto second = storage::open_store(db.database().url(), {});
  ASSERT_THAT(second, IsOk());
  clock.advance(std::chrono::days(10));
  // No lease here: both run the job itself at once, as two servers would if leases overlapped.
  Result<int> first_count = 0;
  Result<int> second_count = 0;
  std::thread a([&] { first_count = emit_lifecycle_notices(db.store(), clock.now_ms(), 5); });
  std::thread b([&] { second_count = emit_lifecycle_notices(**second, clock.now_ms(), 5); });
  a.join();
  b.join();
  ASSERT_THAT(first_count, IsOk());
  ASSERT_THAT(second_count, IsOk());
  // 20 expired (day 1), 20 expiring (day 20, inside 14 days at day 10), 14 rotations due.
  EXPECT_EQ(*first_count + *second_count, 20 + 20 + 14);
  auto emitted = notices();
  EXPECT_EQ(emitted.size(), 54u);
  std::sort(emitted.begin(), emitted.end());
  EXPECT_EQ(std::adjacent_find(emitted.begin(), emitted.end()), emitted.end()) << "no duplicate";
}

// The re-verify job asks the provider (here a stand-in that records what it was given) about the
// keys of teams that set reverify_every_days, once per period, and records the verdict as the
// server's; a team without the setting is never checked.
TEST_F(LifecycleNotices, ReverifiesTheKeysOfTeamsThatAskedOncePerPeriod) {
  ApiKey key = create("checked", std::nullopt);
  db.make_team("t2");
  Actor other = Actor::member("u-other", "t2", Role::kOwner);
  keys::CreateKey unasked{
      find_key_type("openai"), "unasked", crypto::SecretString("sk-proj-scheduler-unasked"), {}};
  ASSERT_THAT(storage::write<ApiKey>(db.store(),
                                     [&](storage::WriteTx& tx) {
                                       return keys::create_key(tx, other, db.team_keys(), unasked,
                                                               clock.now_ms());
                                     }),
              IsOk());
  std::vector<std::string> asked;
  KeyCheck check = [&](const ApiKey& checked, const crypto::SecretString& plaintext) {
    asked.push_back(checked.id + " " + std::string(plaintext.view()));
    return std::string("valid");
  };
  Scheduler scheduler(db.store(), clock, "server-a", {}, &db.team_keys(), check);
  EXPECT_EQ(count(scheduler.reverify_once()), 0) << "no team asked yet";
  identity::UpdateTeam settings;
  settings.reverify_every_days = std::optional<int>(7);
  ASSERT_THAT(storage::write<Team>(db.store(),
                                   [&](storage::WriteTx& tx) {
                                     return identity::update_team(tx, owner, settings,
                                                                  clock.now_ms());
                                   }),
              IsOk());
  EXPECT_EQ(count(scheduler.reverify_once()), 1);
  EXPECT_EQ(asked, std::vector<std::string>{key.id + " sk-proj-scheduler-checked"});
  EXPECT_EQ(count(scheduler.reverify_once()), 0) << "checked: not again within the period";
  clock.advance(std::chrono::days(7));
  EXPECT_EQ(count(scheduler.reverify_once()), 1);
  auto events = db.audit("t1");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events[0].action, "api_key.verified");
  EXPECT_EQ(events[0].actor_type, "system");
  EXPECT_THAT(events[0].details, ::testing::HasSubstr("\"status\":\"valid\""));
  auto stored = storage::read<ApiKey>(
      db.store(), [&](storage::ReadTx& tx) { return keys::get_key(tx, owner, key.id); });
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->verify_status, "valid");
  EXPECT_EQ(stored->verified_at, clock.now_ms());
}

}  // namespace
}  // namespace keyward::scheduler
