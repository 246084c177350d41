// What every engine behind storage::Store promises, run on SQLite and on PostgreSQL (the
// "postgresql." tests, through scripts/with-postgres).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "crypto/random.h"
#include "storage/migration.h"
#include "storage/store.h"
#include "storage/write_groups.h"
#include "support/result_matchers.h"
#include "support/test_database.h"

namespace keyward::storage {
namespace {

using keyward::testing::TestDatabase;

std::unique_ptr<Store> open_migrated(const TestDatabase& db, int pool_size = 4) {
  auto store = open_store(db.url(), {.pool_size = pool_size});
  if (!store) throw std::runtime_error(store.error().internal);
  auto migrated = (*store)->migrate();
  if (!migrated) throw std::runtime_error(migrated.error().internal);
  return std::move(store).value();
}

int newest_migration() {
  return TestDatabase::postgres() ? postgres_migrations().back().version
                                  : sqlite_migrations().back().version;
}

// How many migrations the binary knows (versions may leave a number free for another branch).
std::size_t migration_count() {
  return TestDatabase::postgres() ? postgres_migrations().size() : sqlite_migrations().size();
}

ApiKey key_row(const std::string& team, const std::string& id, const std::string& description,
               const std::string& fingerprint) {
  ApiKey key;
  key.id = id;
  key.team_id = team;
  key.type = "openai";
  key.description = description;
  key.ciphertext = std::string("\x00\x01sealed", 8);
  key.nonce = std::string(24, '\x02');
  key.key_hint = "sk-…1234";
  key.fingerprint = fingerprint;
  key.created_at = key.updated_at = 1;
  key.created_by = key.updated_by = "u1";
  return key;
}

Status make_team(Store& store, const std::string& id) {
  const Team team{id, "Team " + id, 1};
  return store.write([&](WriteTx& tx) { return tx.identity().insert_team(team); });
}

// server_keys: one row per name; a second insert of a name keeps the first (two servers starting
// at once both try to store the fingerprint key), an update replaces the wrapping.
TEST(StoreContract, ServerKeysKeepTheFirstInsertOfANameAndUpdateItsWrapping) {
  TestDatabase db;
  auto store = open_migrated(db);
  ServerKeyRow first{"fingerprint", "key-a", std::string("\x00wrapped-a", 10),
                     std::string(24, '\x01')};
  ServerKeyRow second{"fingerprint", "key-b", "wrapped-b", std::string(24, '\x02')};
  auto inserted = write<bool>(
      *store, [&](WriteTx& tx) { return tx.wrapped_keys().insert_server_key(first, 5); });
  ASSERT_THAT(inserted, IsOk());
  EXPECT_TRUE(*inserted);
  auto again = write<bool>(
      *store, [&](WriteTx& tx) { return tx.wrapped_keys().insert_server_key(second, 6); });
  ASSERT_THAT(again, IsOk());
  EXPECT_FALSE(*again);
  auto found = read<std::optional<ServerKeyRow>>(
      *store, [](ReadTx& tx) { return tx.wrapped_keys().find_server_key("fingerprint"); });
  ASSERT_THAT(found, IsOk());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->master_key_id, "key-a");
  EXPECT_EQ((*found)->wrapped_key, first.wrapped_key);
  EXPECT_EQ((*found)->nonce, first.nonce);
  EXPECT_FALSE(read<std::optional<ServerKeyRow>>(*store, [](ReadTx& tx) {
                 return tx.wrapped_keys().find_server_key("other");
               }).value());

  ASSERT_THAT(
      store->write([&](WriteTx& tx) { return tx.wrapped_keys().update_server_key(second, 7); }),
      IsOk());
  auto all = read<std::vector<ServerKeyRow>>(
      *store, [](ReadTx& tx) { return tx.wrapped_keys().all_server_keys(); });
  ASSERT_THAT(all, IsOk());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->at(0).master_key_id, "key-b");
  EXPECT_EQ(all->at(0).wrapped_key, "wrapped-b");
  EXPECT_EQ(all->at(0).nonce, second.nonce);
}

TEST(StoreContract, MigratingTwiceAppliesNothingTheSecondTime) {
  TestDatabase db;
  auto store = open_store(db.url()).value();
  auto first = store->migrate();
  ASSERT_THAT(first, IsOk());
  EXPECT_FALSE(first->applied.empty());
  EXPECT_EQ(first->current_version, newest_migration());
  auto second = store->migrate();
  ASSERT_THAT(second, IsOk());
  EXPECT_TRUE(second->applied.empty());
  EXPECT_EQ(store->schema_version().value(), newest_migration());
  EXPECT_EQ(store->engine(), db.engine());
  EXPECT_THAT(store->ping(), IsOk());
}

TEST(StoreContract, TwoServersMigratingAtOnceApplyEachMigrationOnce) {
  TestDatabase db;
  auto a = open_store(db.url()).value();
  auto b = open_store(db.url()).value();
  Result<MigrationReport> ra = MigrationReport{}, rb = MigrationReport{};
  std::thread ta([&] { ra = a->migrate(); });
  std::thread tb([&] { rb = b->migrate(); });
  ta.join();
  tb.join();
  ASSERT_THAT(ra, IsOk());
  ASSERT_THAT(rb, IsOk());
  EXPECT_EQ(ra->applied.size() + rb->applied.size(), migration_count());
  EXPECT_EQ(db.query("SELECT COUNT(*) FROM schema_migrations").at(0),
            std::to_string(migration_count()));
}

TEST(StoreContract, RefusesADatabaseMigratedByANewerRelease) {
  TestDatabase db;
  open_migrated(db);
  db.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 1)");
  auto again = open_store(db.url()).value()->migrate();
  ASSERT_THAT(again, ::testing::Not(IsOk()));
  EXPECT_NE(again.error().internal.find("newer"), std::string::npos);
}

TEST(StoreContract, KeepsTheAuditTrailAppendOnly) {
  TestDatabase db;
  open_migrated(db);
  db.exec(
      "INSERT INTO audit_events (id, at, actor_type, action) VALUES ('e1', 1, 'system', 'x.y')");
  EXPECT_THROW(db.exec("UPDATE audit_events SET action = 'edited'"), std::runtime_error);
  EXPECT_THROW(db.exec("DELETE FROM audit_events"), std::runtime_error);
  EXPECT_EQ(db.query("SELECT action FROM audit_events").at(0), "x.y");
}

// The audit list's filters and its actors' names: a user's name and email, a service token's
// name, and nothing for an actor that is not of the team (a crafted event naming another team's
// token) or names nobody.
TEST(StoreContract, AuditListFiltersByActionAndActorAndNamesActorsWithinTheTeam) {
  TestDatabase db;
  auto store = open_migrated(db);
  ASSERT_THAT(make_team(*store, "t1"), IsOk());
  ASSERT_THAT(make_team(*store, "t2"), IsOk());
  ASSERT_THAT(store->write([&](WriteTx& tx) -> Status {
    for (const User& user : {User{"u1", "ada@example.com", "Ada", "hash", 1},
                             User{"u2", "bo@example.com", "Bo", "hash", 1}}) {
      if (auto s = tx.identity().insert_user(user); !s) return s;
    }
    ServiceToken deploy{"s1", "t1", "Deploy", "hash-1", {"openai"}, 1, "u1", {}, {}, {}, {}};
    ServiceToken others{"s2", "t2", "Other's", "hash-2", {"openai"}, 1, "u1", {}, {}, {}, {}};
    if (auto s = tx.tokens().insert(deploy); !s) return s;
    if (auto s = tx.tokens().insert(others); !s) return s;
    struct Row {
      const char* id;
      const char* team;
      const char* actor_type;
      std::optional<std::string> actor_id;
      const char* action;
    };
    for (const Row& row : {Row{"e1", "t1", "user", "u1", "api_key.created"},
                           Row{"e2", "t1", "service_token", "s1", "api_key.resolved"},
                           Row{"e3", "t1", "user", "u2", "api_key.created"},
                           Row{"e4", "t1", "anonymous", std::nullopt, "session.created"},
                           Row{"e5", "t1", "service_token", "s2", "api_key.resolved"},
                           Row{"e6", "t1", "user", "ghost", "api_key.created"},
                           Row{"e7", "t2", "user", "u1", "api_key.created"}}) {
      AuditEvent event;
      event.id = row.id;
      event.team_id = row.team;
      event.at = 1;
      event.actor_type = row.actor_type;
      event.actor_id = row.actor_id;
      event.action = row.action;
      if (auto s = tx.audit().append(event); !s) return s;
    }
    return ok_status();
  }),
              IsOk());
  // "id|name|email" per event, then the total.
  auto list = [&](AuditFilter filter, int page = 1, int page_size = 100) {
    auto found = read<Page<ListedAuditEvent>>(
        *store, [&](ReadTx& tx) { return tx.audit().list("t1", filter, page, page_size); });
    EXPECT_THAT(found, IsOk());
    std::vector<std::string> out;
    for (const auto& listed : found->items) {
      std::string line = listed.event.id;
      line.append("|").append(listed.actor_name.value_or("-"));
      line.append("|").append(listed.actor_email.value_or("-"));
      out.push_back(line);
    }
    out.push_back(std::string("total ").append(std::to_string(found->total)));
    return out;
  };
  using Lines = std::vector<std::string>;
  EXPECT_EQ(list({}), (Lines{"e6|-|-", "e5|-|-", "e4|-|-", "e3|Bo|bo@example.com", "e2|Deploy|-",
                             "e1|Ada|ada@example.com", "total 6"}));
  EXPECT_EQ(list({.action = "api_key.created", .actor_id = ""}),
            (Lines{"e6|-|-", "e3|Bo|bo@example.com", "e1|Ada|ada@example.com", "total 3"}));
  EXPECT_EQ(list({.action = "", .actor_id = "u1"}), (Lines{"e1|Ada|ada@example.com", "total 1"}))
      << "t2's event by the same user stays out";
  EXPECT_EQ(list({.action = "api_key.resolved", .actor_id = "s1"}),
            (Lines{"e2|Deploy|-", "total 1"}));
  EXPECT_EQ(list({.action = "api_key.resolved", .actor_id = "u1"}), (Lines{"total 0"}));
  EXPECT_EQ(list({.action = "api_key.created", .actor_id = ""}, 2, 2),
            (Lines{"e1|Ada|ada@example.com", "total 3"}));
  EXPECT_EQ(list({.action = "api_key.created", .actor_id = ""}, 3, 2), (Lines{"total 3"}));
}

TEST(StoreContract, SearchFindsSubstringsCaseInsensitivelyWithinOneTeam) {
  TestDatabase db;
  auto store = open_migrated(db);
  ASSERT_THAT(make_team(*store, "t1"), IsOk());
  ASSERT_THAT(make_team(*store, "t2"), IsOk());
  ASSERT_THAT(store->write([&](WriteTx& tx) -> Status {
    if (auto s = tx.keys().insert(key_row("t1", "k1", "Production OpenAI", "f1")); !s) {
      return s;
    }
    if (auto s = tx.keys().insert(key_row("t1", "k2", "Staging 100%_off", "f2")); !s) {
      return s;
    }
    return tx.keys().insert(key_row("t2", "k3", "Production elsewhere", "f3"));
  }),
              IsOk());
  auto search = [&](const std::string& term) {
    ListQuery query;
    query.search = term;
    return read<Page<ApiKey>>(*store, [&](ReadTx& tx) { return tx.keys().list("t1", query); })
        .value();
  };
  auto found = search("DUCTION");
  ASSERT_EQ(found.total, 1);
  EXPECT_EQ(found.items.at(0).id, "k1");
  EXPECT_EQ(search("0%_").total, 1) << "% and _ are matched literally";
  EXPECT_EQ(search("%").total, 1);
  EXPECT_EQ(search("pr").total, 1) << "terms shorter than a trigram";
  EXPECT_EQ(search("elsewhere").total, 0) << "another team's key";
  EXPECT_EQ(search("").total, 2);
}

TEST(StoreContract, ListFiltersByTypeAndStatusAndCountsTheFilteredSet) {
  TestDatabase db;
  auto store = open_migrated(db);
  ASSERT_THAT(make_team(*store, "t1"), IsOk());
  ASSERT_THAT(make_team(*store, "t2"), IsOk());
  // k1..k9 in t1: types cycle openai, anthropic, exa; statuses cycle valid, null, invalid.
  ASSERT_THAT(store->write([&](WriteTx& tx) -> Status {
    const std::array<const char*, 3> types = {"openai", "anthropic", "exa"};
    for (int i = 1; i <= 9; ++i) {
      std::string id = "k";
      id += std::to_string(i);
      ApiKey key = key_row("t1", id, std::string("Key ").append(id), id);
      key.type = types[static_cast<std::size_t>(i % 3)];
      key.created_at = key.updated_at = i;
      if (auto s = tx.keys().insert(key); !s) return s;
      if (i % 3 == 2) continue;  // never checked
      KW_TRY(set, tx.keys().set_verify_result("t1", id, key.type, key.fingerprint,
                                              i % 3 == 1 ? "valid" : "invalid", 10));
      if (!set) return Error::make(ErrorCode::kInternal, "verify result not kept");
    }
    ApiKey other = key_row("t2", "x1", "Key x1", "x1");
    other.type = "anthropic";
    if (auto s = tx.keys().insert(other); !s) return s;
    KW_TRY(set, tx.keys().set_verify_result("t2", "x1", "anthropic", "x1", "valid", 10));
    if (!set) return Error::make(ErrorCode::kInternal, "verify result not kept");
    return ok_status();
  }),
              IsOk());
  auto ids = [&](ListQuery query) {
    auto page = read<Page<ApiKey>>(*store, [&](ReadTx& tx) { return tx.keys().list("t1", query); });
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> out;
    for (const auto& key : page->items) out.push_back(key.id);
    out.push_back(std::string("total ").append(std::to_string(page->total)));
    return out;
  };
  auto query = [](std::string type, StatusFilter status, std::string value = "") {
    ListQuery q;
    q.type = std::move(type);
    q.status = status;
    q.verify_status = std::move(value);
    q.descending = false;
    return q;
  };
  using Ids = std::vector<std::string>;
  // i % 3 == 1: anthropic and valid; 2: exa, never checked; 0: openai and invalid.
  EXPECT_EQ(ids(query("anthropic", StatusFilter::kAny)), (Ids{"k1", "k4", "k7", "total 3"}));
  EXPECT_EQ(ids(query("", StatusFilter::kEquals, "valid")), (Ids{"k1", "k4", "k7", "total 3"}))
      << "t2's valid key stays out";
  EXPECT_EQ(ids(query("", StatusFilter::kUnchecked)), (Ids{"k2", "k5", "k8", "total 3"}));
  EXPECT_EQ(ids(query("openai", StatusFilter::kEquals, "invalid")),
            (Ids{"k3", "k6", "k9", "total 3"}));
  EXPECT_EQ(ids(query("openai", StatusFilter::kUnchecked)), (Ids{"total 0"}));
  EXPECT_EQ(ids(query("google", StatusFilter::kAny)), (Ids{"total 0"}));
  EXPECT_EQ(ids(query("", StatusFilter::kEquals, "limited")), (Ids{"total 0"}));
  // With a search (trigram and short-term plans) and pages, read from either end.
  ListQuery searched = query("exa", StatusFilter::kUnchecked);
  searched.search = "key k";
  EXPECT_EQ(ids(searched), (Ids{"k2", "k5", "k8", "total 3"}));
  searched.search = "8";
  EXPECT_EQ(ids(searched), (Ids{"k8", "total 1"}));
  ListQuery paged = query("", StatusFilter::kEquals, "valid");
  paged.page_size = 1;
  paged.descending = true;
  for (int page = 1; page <= 3; ++page) {
    paged.page = page;
    EXPECT_EQ(ids(paged), (Ids{std::string("k").append(std::to_string(10 - 3 * page)), "total 3"}))
        << page;
  }
  paged.page = 4;
  EXPECT_EQ(ids(paged), (Ids{"total 3"}));
}

// Labels: stored with the key, indexed for the filter and resolve (api_key_labels, kept by
// triggers), the index following an edit and a delete, and never reaching into another team.
TEST(StoreContract, LabelsFilterTheListAndResolveAndFollowEditsAndDeletes) {
  TestDatabase db;
  auto store = open_migrated(db);
  ASSERT_THAT(make_team(*store, "t1"), IsOk());
  ASSERT_THAT(make_team(*store, "t2"), IsOk());
  // k1 [env:prod], k2 [env:prod team:search] default, k3 [team:search], k4 none; x1 in t2.
  ASSERT_THAT(store->write([&](WriteTx& tx) -> Status {
    const std::array<std::vector<std::string>, 4> labels = {
        std::vector<std::string>{"env:prod"}, std::vector<std::string>{"env:prod", "team:search"},
        std::vector<std::string>{"team:search"}, std::vector<std::string>{}};
    for (int i = 1; i <= 4; ++i) {
      std::string id = "k";
      id += std::to_string(i);
      ApiKey key = key_row("t1", id, std::string("Key ").append(id), id);
      key.created_at = key.updated_at = i;
      key.labels = labels[static_cast<std::size_t>(i - 1)];
      key.is_default = i == 2;
      if (auto s = tx.keys().insert(key); !s) return s;
    }
    ApiKey other = key_row("t2", "x1", "Key x1", "x1");
    other.labels = {"env:prod", "team:search"};
    other.created_at = 99;
    return tx.keys().insert(other);
  }),
              IsOk());
  using Ids = std::vector<std::string>;
  auto ids = [&](std::vector<std::string> labels, std::string search = "") {
    ListQuery query;
    query.labels = std::move(labels);
    query.search = std::move(search);
    query.descending = false;
    auto page = read<Page<ApiKey>>(*store, [&](ReadTx& tx) { return tx.keys().list("t1", query); });
    EXPECT_THAT(page, IsOk());
    Ids out;
    for (const auto& key : page->items) out.push_back(key.id);
    out.push_back(std::string("total ").append(std::to_string(page->total)));
    return out;
  };
  auto resolved = [&](std::vector<std::string> labels) {
    auto key = read<std::optional<ApiKey>>(
        *store, [&](ReadTx& tx) { return tx.keys().resolve("t1", "openai", labels); });
    EXPECT_THAT(key, IsOk());
    return *key ? (*key)->id : std::string("none");
  };
  EXPECT_EQ(ids({"env:prod"}), (Ids{"k1", "k2", "total 2"}));
  EXPECT_EQ(ids({"env:prod", "team:search"}), (Ids{"k2", "total 1"})) << "t2's x1 stays out";
  EXPECT_EQ(ids({"team:search"}, "key"), (Ids{"k2", "k3", "total 2"}));
  EXPECT_EQ(ids({"team:search"}, "k3"), (Ids{"k3", "total 1"}));
  EXPECT_EQ(ids({"env:dev"}), (Ids{"total 0"}));
  auto k2 =
      read<std::optional<ApiKey>>(*store, [&](ReadTx& tx) { return tx.keys().find("t1", "k2"); });
  ASSERT_THAT(k2, IsOk());
  EXPECT_EQ((*k2)->labels, (std::vector<std::string>{"env:prod", "team:search"}));
  // Resolve: the default when it carries the labels, else the newest that does.
  EXPECT_EQ(resolved({}), "k2");
  EXPECT_EQ(resolved({"env:prod"}), "k2");
  EXPECT_EQ(resolved({"team:search"}), "k2");
  EXPECT_EQ(resolved({"env:dev"}), "none");
  // An edit replaces the set (and its index); a delete takes its index rows along.
  ASSERT_THAT(store->write([&](WriteTx& tx) -> Status {
    KW_TRY(found, tx.keys().find("t1", "k2"));
    if (!found) return Error::make(ErrorCode::kInternal, "k2 missing");
    ApiKey next = *found;
    next.labels = {"env:staging"};
    next.version = found->version + 1;
    KW_TRY(updated, tx.keys().update(next, found->version));
    if (!updated) return Error::make(ErrorCode::kInternal, "not updated");
    KW_TRY(removed, tx.keys().remove("t1", "k1"));
    if (!removed) return Error::make(ErrorCode::kInternal, "not removed");
    return ok_status();
  }),
              IsOk());
  EXPECT_EQ(ids({"env:prod"}), (Ids{"total 0"}));
  EXPECT_EQ(ids({"env:staging"}), (Ids{"k2", "total 1"}));
  EXPECT_EQ(resolved({"team:search"}), "k3");
  EXPECT_EQ(resolved({"env:staging"}), "k2");
}

TEST(StoreContract, PagesReadFromTheEndMatchTheOrderReadFromTheStart) {
  TestDatabase db;
  auto store = open_migrated(db);
  ASSERT_THAT(make_team(*store, "t1"), IsOk());
  // 23 keys with repeated creation times, descriptions and types: order ties fall to the id.
  ASSERT_THAT(store->write([&](WriteTx& tx) -> Status {
    for (int i = 0; i < 23; ++i) {
      std::string n = std::to_string(i);
      std::string id = i < 10 ? "k0" : "k";
      id += n;
      std::string description = i % 3 == 0 ? "Alpha " : "beta ";
      description += n;
      ApiKey key = key_row("t1", id, description, id);
      key.created_at = key.updated_at = 1000 + i / 4;
      key.type = i % 2 == 0 ? "openai" : "anthropic";
      if (auto s = tx.keys().insert(key); !s) return s;
    }
    return ok_status();
  }),
              IsOk());
  auto list = [&](ListQuery query) {
    return read<Page<ApiKey>>(*store, [&](ReadTx& tx) { return tx.keys().list("t1", query); })
        .value();
  };
  for (SortField sort : {SortField::kCreatedAt, SortField::kDescription, SortField::kType}) {
    for (bool descending : {false, true}) {
      // Searches and type filters, alone and together.
      for (const auto& [search, type] : std::vector<std::pair<std::string, std::string>>{
               {"", ""}, {"a", ""}, {"", "anthropic"}, {"a", "openai"}}) {
        ListQuery whole;
        whole.sort = sort;
        whole.descending = descending;
        whole.search = search;
        whole.type = type;
        whole.page_size = 100;
        Page<ApiKey> all = list(whole);
        std::vector<std::string> expected;
        for (const auto& key : all.items) expected.push_back(key.id);
        // Pages of 5: the later ones are read backwards from the end.
        std::vector<std::string> paged;
        for (int page = 1; page <= 6; ++page) {
          ListQuery query = whole;
          query.page = page;
          query.page_size = 5;
          Page<ApiKey> got = list(query);
          EXPECT_EQ(got.total, all.total);
          for (const auto& key : got.items) paged.push_back(key.id);
        }
        EXPECT_EQ(paged, expected) << "sort " << static_cast<int>(sort) << " desc " << descending
                                   << " search '" << search << "' type '" << type << "'";
      }
    }
  }
}

// Group commit: the first write holds its group open; the writes sent meanwhile queue, then
// share one transaction, where a failing or throwing write rolls back alone.
TEST(StoreContract, WritesArrivingDuringACommitShareTheNextTransaction) {
  TestDatabase db;
  auto store = open_migrated(db);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> first_running{false};
  std::atomic<int> after_commit{0};
  std::int64_t before = store->write_groups().commits();
  auto first = std::async(std::launch::async, [&] {
    return store->write([&](WriteTx& tx) {
      first_running = true;
      released.wait();
      tx.after_commit([&] { after_commit += 1; });
      return tx.settings().put("grouped.first", "v");
    });
  });
  while (!first_running) std::this_thread::yield();
  std::vector<std::future<Status>> rest;
  for (int i = 0; i < 20; ++i) {
    rest.push_back(std::async(std::launch::async, [&, i] {
      return store->write([&, i](WriteTx& tx) -> Status {
        tx.after_commit([&] { after_commit += 1; });
        std::string key = "grouped." + std::to_string(100 + i);
        if (auto s = tx.settings().put(key, "v"); !s) return s;
        if (i == 7) return Error::make(ErrorCode::kConflict, "write 7 refuses");
        if (i == 8) throw std::runtime_error("write 8 throws");
        return ok_status();
      });
    }));
  }
  while (store->write_groups().queued_writes() < 20) std::this_thread::yield();
  release.set_value();
  EXPECT_THAT(first.get(), IsOk());
  for (int i = 0; i < 20; ++i) {
    if (i == 8) {
      EXPECT_THROW((void)rest[8].get(), std::runtime_error);
      continue;
    }
    Status status = rest[static_cast<std::size_t>(i)].get();
    EXPECT_EQ(status.ok(), i != 7) << i;
    if (i == 7) {
      EXPECT_EQ(status.error().detail, "write 7 refuses");
    }
  }
  // The first alone, then the twenty queued behind it together: 2 commits, not 21.
  EXPECT_EQ(store->write_groups().commits() - before, 2);
  EXPECT_EQ(after_commit.load(), 19);
  auto stored =
      read<std::vector<std::string>>(*store, [](ReadTx& tx) -> Result<std::vector<std::string>> {
        std::vector<std::string> found;
        for (int i = 0; i < 20; ++i) {
          KW_TRY(value, tx.settings().get("grouped." + std::to_string(100 + i)));
          if (value) found.push_back(std::to_string(i));
        }
        return found;
      });
  ASSERT_THAT(stored, IsOk());
  std::vector<std::string> expected;
  for (int i = 0; i < 20; ++i) {
    if (i != 7 && i != 8) expected.push_back(std::to_string(i));
  }
  EXPECT_EQ(*stored, expected);
}

TEST(StoreContract, AWriteInsideAWriteFailsInsteadOfWaitingForever) {
  TestDatabase db;
  auto store = open_migrated(db);
  Status inner = ok_status();
  Status outer = store->write([&](WriteTx& tx) {
    inner = store->write([](WriteTx& nested) { return nested.settings().put("inner", "v"); });
    return tx.settings().put("outer", "v");
  });
  EXPECT_THAT(outer, IsOk());
  ASSERT_THAT(inner, IsError(ErrorCode::kInternal));
  // After commit, the same thread may write again.
  EXPECT_THAT(store->write([](WriteTx& tx) { return tx.settings().put("again", "v"); }), IsOk());
}

TEST(StoreContract, DeliversChangeNoticesOnlyForCommittedWrites) {
  TestDatabase db;
  auto store = open_migrated(db);
  // Only notices carrying this test's marker count.
  std::string marker = crypto::random_hex(8);
  std::mutex mutex;
  std::condition_variable heard;
  std::vector<std::string> notices;
  ASSERT_THAT(store->listen({[&](const std::string& payload) {
                               if (payload.find(marker) == std::string::npos) return;
                               std::lock_guard lock(mutex);
                               notices.push_back(payload);
                               heard.notify_all();
                             },
                             nullptr}),
              IsOk());
  auto rolled_back = store->write([&](WriteTx& tx) -> Status {
    if (auto s = tx.notify("{\"rolled back\":\"" + marker + "\"}"); !s) return s;
    return Error::make(ErrorCode::kConflict, "changed my mind");
  });
  EXPECT_THAT(rolled_back, ::testing::Not(IsOk()));
  std::string committed = "{\"committed\":\"" + marker + "\"}";
  ASSERT_THAT(store->write([&](WriteTx& tx) { return tx.notify(committed); }), IsOk());
  std::unique_lock lock(mutex);
  ASSERT_TRUE(heard.wait_for(lock, std::chrono::seconds(5), [&] { return !notices.empty(); }));
  EXPECT_EQ(notices, std::vector<std::string>{committed});
  lock.unlock();
  store->stop_listening();
}

// Two deployments in one PostgreSQL database, each in its own schema (two files on SQLite): a
// store hears its own notices and never the other's. The other's is committed first, so on a
// shared channel it would arrive before this store's own.
TEST(StoreContract, HearsOnlyTheChangeNoticesOfItsOwnDatabaseSchema) {
  TestDatabase other_db;
  TestDatabase db;
  auto other = open_migrated(other_db);
  auto store = open_migrated(db);
  std::mutex mutex;
  std::condition_variable heard;
  std::vector<std::string> notices;
  ASSERT_THAT(store->listen({[&](const std::string& payload) {
                               std::lock_guard lock(mutex);
                               notices.push_back(payload);
                               heard.notify_all();
                             },
                             nullptr}),
              IsOk());
  ASSERT_THAT(other->write([](WriteTx& tx) { return tx.notify("{\"from\":\"the other\"}"); }),
              IsOk());
  std::string own = "{\"from\":\"this one\"}";
  ASSERT_THAT(store->write([&](WriteTx& tx) { return tx.notify(own); }), IsOk());
  std::unique_lock lock(mutex);
  ASSERT_TRUE(heard.wait_for(lock, std::chrono::seconds(5), [&] {
    return std::find(notices.begin(), notices.end(), own) != notices.end();
  }));
  EXPECT_EQ(notices, std::vector<std::string>{own});
  lock.unlock();
  store->stop_listening();
}

// Eight writers each add one to the same counter fifty times, reading it first: under any
// isolation weaker than serial some increments would be lost.
TEST(StoreContract, ConcurrentReadModifyWritesLoseNoUpdate) {
  TestDatabase db;
  auto store = open_migrated(db, 8);
  constexpr int kWriters = 8;
  constexpr int kEach = 50;
  std::atomic<int> failed{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        auto done = store->write([&](WriteTx& tx) -> Status {
          KW_TRY(state, tx.identity().get_throttle("counter"));
          ThrottleState next = state.value_or(ThrottleState{0, 0, 0});
          next.failures += 1;
          return tx.identity().put_throttle("counter", next);
        });
        if (!done) {
          failed += 1;
          ADD_FAILURE() << done.error().internal;
        }
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(failed.load(), 0);
  auto state = read<std::optional<ThrottleState>>(
      *store, [](ReadTx& tx) { return tx.identity().get_throttle("counter"); });
  ASSERT_THAT(state, IsOk());
  ASSERT_TRUE(state->has_value());
  EXPECT_EQ((*state)->failures, kWriters * kEach);
}

// The same credential stored by racing requests: each checks for the fingerprint first, so only
// the unique index can stop the second; exactly one row may exist afterwards.
TEST(StoreContract, TheSameKeyRacedIntoATeamIsStoredOnce) {
  TestDatabase db;
  auto store = open_migrated(db, 8);
  ASSERT_THAT(make_team(*store, "t1"), IsOk());
  constexpr int kRacers = 8;
  std::atomic<int> stored{0}, conflicts{0}, other{0};
  std::vector<std::thread> racers;
  for (int r = 0; r < kRacers; ++r) {
    racers.emplace_back([&, r] {
      auto done = store->write([&](WriteTx& tx) -> Status {
        KW_TRY(existing, tx.keys().find_by_fingerprint("t1", "same"));
        if (existing) return Error::make(ErrorCode::kConflict, "already stored");
        return tx.keys().insert(key_row("t1", "k" + std::to_string(r), "Racer", "same"));
      });
      if (done) {
        stored += 1;
      } else if (done.error().code == ErrorCode::kConflict) {
        conflicts += 1;
      } else {
        other += 1;
      }
    });
  }
  for (auto& t : racers) t.join();
  EXPECT_EQ(stored.load(), 1);
  EXPECT_EQ(conflicts.load(), kRacers - 1);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(db.query("SELECT COUNT(*) FROM api_keys").at(0), "1");
  EXPECT_EQ(db.query("SELECT api_key_count FROM teams WHERE id = 't1'").at(0), "1");
}

TEST(StoreContract, RunsAfterCommitActionsOnlyWhenTheTransactionCommits) {
  TestDatabase db;
  auto store = open_migrated(db);
  int ran = 0;
  ASSERT_THAT(store->write([&](WriteTx& tx) -> Status {
    tx.after_commit([&] { ++ran; });
    return tx.settings().put("a", "1");
  }),
              IsOk());
  EXPECT_EQ(ran, 1);
  auto rolled_back = store->write([&](WriteTx& tx) -> Status {
    tx.after_commit([&] { ++ran; });
    if (auto s = tx.settings().put("b", "2"); !s) return s;
    return Error::make(ErrorCode::kConflict, "changed my mind");
  });
  EXPECT_THAT(rolled_back, ::testing::Not(IsOk()));
  EXPECT_EQ(ran, 1);
  auto b =
      read<std::optional<std::string>>(*store, [](ReadTx& tx) { return tx.settings().get("b"); });
  ASSERT_THAT(b, IsOk());
  EXPECT_FALSE(b->has_value()) << "the rolled-back write is visible";
}

// The rehearsal test mode runs every write twice, the first time rolled back, and every read
// twice: a lambda that keeps state between runs (appends to a captured list) shows up in tests.
TEST(StoreContract, RehearsalRunsEachWorkTwiceAndKeepsOnlyTheRealRun) {
  TestDatabase db;
  ASSERT_TRUE(open_migrated(db).get() != nullptr);
  StoreOptions options;
  options.rehearse = true;
  auto store = open_store(db.url(), options).value();
  int runs = 0;
  int committed = 0;
  std::vector<std::string> appended;  // the bug the mode exists to catch
  ASSERT_THAT(store->write([&](WriteTx& tx) -> Status {
    ++runs;
    appended.push_back("x");
    tx.after_commit([&] { ++committed; });
    KW_TRY(seen, tx.settings().get("counter"));
    int next = seen ? std::stoi(*seen) + 1 : 1;
    return tx.settings().put("counter", std::to_string(next));
  }),
              IsOk());
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(appended.size(), 2u) << "state kept outside the lambda doubles under rehearsal";
  EXPECT_EQ(committed, 1) << "the rehearsal's after-commit actions must be dropped";
  int reads = 0;
  auto counter = read<std::optional<std::string>>(*store, [&](ReadTx& tx) {
    ++reads;
    return tx.settings().get("counter");
  });
  ASSERT_THAT(counter, IsOk());
  EXPECT_EQ(reads, 2);
  EXPECT_EQ(counter->value_or(""), "1") << "the rehearsal's write was kept";
}

// Database errors reach the log as their internal text: it may name a constraint, never quote a
// row (PostgreSQL's DETAIL would: "Failing row contains (…)").
TEST(StoreContract, ErrorsNeverQuoteTheRowsValues) {
  TestDatabase db;
  auto store = open_migrated(db);
  User user{"u1", "someone@example.com", "Someone", "$argon2id$marker-of-the-hash", 1};
  ASSERT_THAT(store->write([&](WriteTx& tx) { return tx.identity().insert_user(user); }), IsOk());
  auto duplicate = store->write([&](WriteTx& tx) { return tx.identity().insert_user(user); });
  ASSERT_THAT(duplicate, IsError(ErrorCode::kConflict));
  std::string too_long(150, 'n');
  too_long.replace(0, 16, "marker-of-a-name");
  const Team long_named{"t9", too_long, 1};
  auto checked = store->write([&](WriteTx& tx) { return tx.identity().insert_team(long_named); });
  ASSERT_THAT(checked, ::testing::Not(IsOk()));
  for (const Status* failed : {&duplicate, &checked}) {
    const Error& error = failed->error();
    for (const std::string* text : {&error.internal, &error.detail}) {
      EXPECT_EQ(text->find("marker-of"), std::string::npos) << *text;
      EXPECT_EQ(text->find("someone@example.com"), std::string::npos) << *text;
    }
  }
}

// PostgreSQL only: SQLite has no connection to lose. Every connection of the store is cut by
// the server; the next calls answer 503 or succeed, never crash, and the store recovers.
TEST(StoreContract, RecoversWhenTheServerDropsItsConnections) {
  if (!TestDatabase::postgres()) GTEST_SKIP() << "SQLite has no server connection to lose";
  TestDatabase db;
  auto store = open_migrated(db, 2);
  ASSERT_THAT(store->write([](WriteTx& tx) { return tx.settings().put("before", "1"); }), IsOk());
  // Connections open on first use: use both at once, so both are open when the server cuts.
  ASSERT_THAT(
      store->read([&](ReadTx&) { return store->read([](ReadTx&) { return ok_status(); }); }),
      IsOk());
  auto cut = db.query(
      "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE pid <> "
      "pg_backend_pid() AND application_name = '" +
      db.application_name() + "'");
  ASSERT_GE(std::stoi(cut.at(0)), 2);
  for (int i = 0; i < 4; ++i) {
    auto attempt = store->write([](WriteTx& tx) { return tx.settings().put("after", "1"); });
    if (!attempt) {
      EXPECT_EQ(attempt.error().code, ErrorCode::kUnavailable);
    }
  }
  EXPECT_THAT(store->ping(), IsOk());
  auto after = read<std::optional<std::string>>(
      *store, [](ReadTx& tx) { return tx.settings().get("after"); });
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->value_or(""), "1");
}

}  // namespace
}  // namespace keyward::storage
