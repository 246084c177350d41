#include "storage/sqlite/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <future>
#include <set>
#include <stdexcept>
#include <thread>

#include "storage/migration.h"
#include "storage/sqlite/description_index.h"
#include "support/result_matchers.h"
#include "support/test_server.h"

namespace keyward::storage::sqlite {
namespace {

using keyward::testing::TempDir;

std::unique_ptr<SqliteStore> open_or_die(const std::string& path) {
  auto store = SqliteStore::open(path, {});
  EXPECT_THAT(store, IsOk()) << (store.ok() ? "" : store.error().internal);
  return std::move(store).value();
}

// Reads one value with a separate plain connection, as an operator's sqlite3 shell would.
std::string query_one(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    const auto* text = sqlite3_column_text(stmt, 0);
    if (text != nullptr) out = reinterpret_cast<const char*>(text);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

TEST(SqliteStore, AppliesEveryMigrationOnAnEmptyDatabase) {
  TempDir dir;
  auto store = open_or_die((dir.path() / "k.db").string());
  auto report = store->migrate();
  ASSERT_THAT(report, IsOk());
  ASSERT_FALSE(sqlite_migrations().empty());
  EXPECT_EQ(report->applied.size(), sqlite_migrations().size());
  EXPECT_EQ(report->current_version, sqlite_migrations().back().version);
}

TEST(SqliteStore, TwoProcessesMigratingAtOnceApplyEachMigrationOnce) {
  TempDir dir;
  std::string path = (dir.path() / "k.db").string();
  auto a = open_or_die(path);
  auto b = open_or_die(path);
  auto first = std::async(std::launch::async, [&] { return a->migrate(); });
  auto second = std::async(std::launch::async, [&] { return b->migrate(); });
  auto ra = first.get();
  auto rb = second.get();
  ASSERT_THAT(ra, IsOk());
  ASSERT_THAT(rb, IsOk());
  EXPECT_EQ(ra->applied.size() + rb->applied.size(), sqlite_migrations().size());
}

TEST(SqliteStore, CreatesTheWholeSchemaOfTheDataModel) {
  TempDir dir;
  std::string path = (dir.path() / "k.db").string();
  ASSERT_THAT(open_or_die(path)->migrate(), IsOk());
  for (const char* table :
       {"teams", "users", "memberships", "team_keys", "api_keys", "audit_events", "sessions",
        "service_tokens", "invitations", "api_keys_search"}) {
    EXPECT_EQ(
        query_one(path, std::string("SELECT name FROM sqlite_master WHERE name = '") + table + "'"),
        table);
  }
  // No column anywhere may hold a plaintext key.
  EXPECT_EQ(query_one(path,
                      "SELECT COUNT(*) FROM pragma_table_info('api_keys') "
                      "WHERE name IN ('key', 'plaintext', 'secret')"),
            "0");
}

TEST(SqliteStore, UsesWalWithFullSyncAndForeignKeys) {
  TempDir dir;
  std::string path = (dir.path() / "k.db").string();
  auto store = open_or_die(path);
  EXPECT_EQ(query_one(path, "PRAGMA journal_mode"), "wal");
  // Per-connection settings, read back through a connection opened the way the store opens them.
  auto connection = Connection::open(path);
  ASSERT_THAT(connection, IsOk());
  static constexpr const char kSync[] = "PRAGMA synchronous";
  static constexpr const char kForeignKeys[] = "PRAGMA foreign_keys";
  static constexpr const char kBusy[] = "PRAGMA busy_timeout";
  auto read_int = [&](const char* sql) {
    auto stmt = (*connection)->prepare(sql);
    EXPECT_THAT(stmt, IsOk());
    EXPECT_TRUE(stmt->step().value());
    return stmt->column_int64(0);
  };
  EXPECT_EQ(read_int(kSync), 2);  // FULL
  EXPECT_EQ(read_int(kForeignKeys), 1);
  EXPECT_GE(read_int(kBusy), 1000);
}

TEST(SqliteStore, KeepsTheDatabaseFilePrivate) {
  TempDir dir;
  std::string path = (dir.path() / "sub" / "k.db").string();
  ASSERT_THAT(open_or_die(path)->migrate(), IsOk());
  struct stat st = {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 077, 0u) << std::oct << st.st_mode;
  ASSERT_EQ(::stat((dir.path() / "sub").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 077, 0u);
}

TEST(SqliteStore, SearchIndexFindsSubstringsCaseInsensitively) {
  TempDir dir;
  std::string path = (dir.path() / "k.db").string();
  ASSERT_THAT(open_or_die(path)->migrate(), IsOk());
  auto connection = Connection::open(path);
  ASSERT_THAT(connection, IsOk());
  ASSERT_THAT((*connection)
                  ->exec("INSERT INTO teams (id, name, created_at) VALUES ('t1', 'Team', 0);"
                         "INSERT INTO api_keys (id, team_id, type, description, ciphertext, nonce,"
                         " key_hint, fingerprint, created_at, updated_at) VALUES"
                         " ('k1', 't1', 'openai', 'Production OpenAI key', x'00', x'00', 'sk-…1',"
                         " x'01', 1, 1);"
                         "UPDATE api_keys SET description = 'Staging OpenAI key' WHERE id = 'k1';"),
              IsOk());
  EXPECT_EQ(query_one(path,
                      "SELECT COUNT(*) FROM api_keys_search WHERE api_keys_search MATCH "
                      "'\"staging\"'"),
            "1");
  EXPECT_EQ(query_one(path,
                      "SELECT COUNT(*) FROM api_keys_search WHERE api_keys_search MATCH "
                      "'\"production\"'"),
            "0");
}

// Every search answered from memory and by SQL, compared: the same total and the same page.
TEST(SqliteStore, SearchInMemoryAnswersExactlyAsSql) {
  TempDir dir;
  std::string path = (dir.path() / "k.db").string();
  auto by_sql = SqliteStore::open(path, {.memory_search_min_keys = 1'000'000});
  auto in_memory = SqliteStore::open(path, {.memory_search_min_keys = 0});
  ASSERT_THAT(by_sql, IsOk());
  ASSERT_THAT(in_memory, IsOk());
  ASSERT_THAT((*by_sql)->migrate(), IsOk());
  const std::vector<std::string> words = {"Production", "staging", "ÜBER Prod", "100%_off",
                                          "prod-eu",    "PROD",    "über prod", "a_b"};
  ASSERT_THAT((*by_sql)->write([&](WriteTx& tx) -> Status {
    if (auto s = tx.identity().insert_team(Team{"t1", "Team", 0}); !s) return s;
    if (auto s = tx.identity().insert_team(Team{"t2", "Other", 0}); !s) return s;
    for (int i = 0; i < 60; ++i) {
      ApiKey key;
      key.id = "k" + std::to_string(100 + (i * 37) % 60);  // ids out of order
      key.team_id = i % 10 == 9 ? "t2" : "t1";
      key.type = i % 3 == 0 ? "openai" : (i % 3 == 1 ? "anthropic" : "exa");
      key.description = words[static_cast<std::size_t>(i) % words.size()];
      key.description += " ";
      key.description += std::to_string(i % 7);
      key.ciphertext = "c";
      key.nonce = std::string(24, 'n');
      key.key_hint = "h";
      key.fingerprint = key.id;
      key.created_at = key.updated_at = 1000 + i / 3;  // ties
      key.created_by = key.updated_by = "u";
      if (auto s = tx.keys().insert(key); !s) return s;
    }
    return ok_status();
  }),
              IsOk());
  auto list = [](Store& store, const ListQuery& query) {
    return read<Page<ApiKey>>(store, [&](ReadTx& tx) { return tx.keys().list("t1", query); })
        .value();
  };
  for (std::string term : {"prod", "PROD", "über", "ÜBER", "%_", "_", "a_b", "1", "off 3", "zzz"}) {
    for (SortField sort : {SortField::kCreatedAt, SortField::kDescription, SortField::kType}) {
      for (bool descending : {false, true}) {
        for (int page = 1; page <= 4; ++page) {
          ListQuery query;
          query.search = term;
          query.sort = sort;
          query.descending = descending;
          query.page = page;
          query.page_size = 7;
          Page<ApiKey> expected = list(**by_sql, query);
          Page<ApiKey> got = list(**in_memory, query);
          std::vector<std::string> expected_ids, got_ids;
          for (const auto& key : expected.items) expected_ids.push_back(key.id);
          for (const auto& key : got.items) got_ids.push_back(key.id);
          EXPECT_EQ(got.total, expected.total) << term;
          EXPECT_EQ(got_ids, expected_ids)
              << "term '" << term << "' sort " << static_cast<int>(sort) << " desc " << descending
              << " page " << page;
        }
      }
    }
  }
}

TEST(DescriptionIndex, NeverAnswersForAnotherVersionAndKeepsToItsBudget) {
  auto copy = [](int keys) {
    TeamDescriptions::Builder builder;
    for (int i = 0; i < keys; ++i) builder.add(i, std::to_string(i), "openai", i, "key");
    return std::move(builder).finish();
  };
  auto one = copy(100);
  DescriptionIndex index(one->bytes() * 2 + one->bytes() / 2);  // room for two copies
  index.put("a", 1, one);
  EXPECT_EQ(index.find("a", 1), one);
  EXPECT_EQ(index.find("a", 2), nullptr) << "a newer version of the team's keys";
  index.put("a", 0, copy(100));
  EXPECT_EQ(index.find("a", 1), one) << "a slower build of an older version is dropped";
  index.put("b", 1, copy(100));
  EXPECT_NE(index.find("a", 1), nullptr);  // a is now the most recently used
  index.put("c", 1, copy(100));
  EXPECT_EQ(index.find("b", 1), nullptr) << "the least recently used copy goes first";
  EXPECT_NE(index.find("a", 1), nullptr);
  EXPECT_NE(index.find("c", 1), nullptr);
  EXPECT_TRUE(index.should_build("d"));
  EXPECT_FALSE(index.should_build("d")) << "one builder at a time";
}

TEST(OpenStore, ExplainsUnsupportedDatabaseUrls) {
  auto none = open_store("mysql://x");
  ASSERT_THAT(none, ::testing::Not(IsOk()));
  EXPECT_NE(none.error().internal.find("sqlite:"), std::string::npos);
  auto empty = open_store("sqlite:");
  EXPECT_THAT(empty, ::testing::Not(IsOk()));
}

}  // namespace
}  // namespace keyward::storage::sqlite
