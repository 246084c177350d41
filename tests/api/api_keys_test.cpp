#include "api/api_keys.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <set>
#include <thread>

#include "domain/clock.h"
#include "support/api_harness.h"

namespace keyward::api {
namespace {

using keyward::testing::ApiHarness;
using keyward::testing::Credentials;
using keyward::testing::json;
using keyward::testing::key_body;
using keyward::testing::RawResponse;
using keyward::testing::TestUser;

class ApiKeys : public ::testing::Test {
 protected:
  // Small teams are scanned in production; these tests take the index plan unless they say.
  explicit ApiKeys(storage::StoreOptions options = {.scan_team_limit = 0}) : h(options) {}
  void SetUp() override {
    owner = h.make_user("owner@example.com");
    team = h.make_team("Acme", owner.user.id);
  }
  // Three keys, searched by case, substring and sort: the same answers on every plan.
  void search_three_keys() {
    create_id("openai", "Production GPT", "sk-search-1");
    h.clock().advance(std::chrono::milliseconds(5));
    create_id("anthropic", "staging claude", "sk-ant-search-2");
    h.clock().advance(std::chrono::milliseconds(5));
    create_id("exa", "Prod search", "exa-search-3");
    EXPECT_EQ(descriptions("?search=PROD&sort=description"),
              (std::vector<std::string>{"Prod search", "Production GPT"}));
    EXPECT_EQ(descriptions("?search=prod&sort=created_at&order=asc"),
              (std::vector<std::string>{"Production GPT", "Prod search"}));
    EXPECT_EQ(json(h.request("GET", keys_path("?search=claude"), owner.credentials)).at("total"),
              1);
  }
  // Six keys of three types, checked or not, then every filter with and without search and
  // paging: the same answers on every plan.
  void filter_six_keys() {
    auto create_later = [&](const std::string& type, const std::string& description,
                            const std::string& key) {
      h.clock().advance(std::chrono::milliseconds(5));  // created_at orders them
      return create_id(type, description, key);
    };
    std::string gpt = create_later("openai", "Production GPT", "sk-filter-1");
    create_later("openai", "Staging GPT", "sk-filter-2");
    std::string claude = create_later("anthropic", "Production Claude", "sk-ant-filter-3");
    std::string staging_claude = create_later("anthropic", "Staging Claude", "sk-ant-filter-4");
    create_later("exa", "Prod search", "exa-filter-5");
    std::string old_gpt = create_later("openai", "Old GPT", "sk-filter-6");
    set_verify_status(gpt, "valid");
    set_verify_status(claude, "invalid");
    set_verify_status(staging_claude, "valid");
    set_verify_status(old_gpt, "limited");
    using Names = std::vector<std::string>;
    EXPECT_EQ(descriptions("?type=openai&sort=description"),
              (Names{"Old GPT", "Production GPT", "Staging GPT"}));
    EXPECT_EQ(descriptions("?status=valid&sort=description"),
              (Names{"Production GPT", "Staging Claude"}));
    EXPECT_EQ(descriptions("?status=unchecked&sort=description"),
              (Names{"Prod search", "Staging GPT"}));
    EXPECT_EQ(descriptions("?type=openai&status=valid"), (Names{"Production GPT"}));
    EXPECT_EQ(descriptions("?type=anthropic&status=unchecked"), Names{});
    EXPECT_EQ(descriptions("?status=unreachable"), Names{});
    EXPECT_EQ(descriptions("?type=openai&search=prod"), (Names{"Production GPT"}));
    EXPECT_EQ(descriptions("?type=exa&search=pr"), (Names{"Prod search"}));
    EXPECT_EQ(descriptions("?search=gpt&status=unchecked"), (Names{"Staging GPT"}));
    EXPECT_EQ(descriptions("?search=claude&status=valid&type=anthropic"),
              (Names{"Staging Claude"}));
    EXPECT_EQ(descriptions("?type=&status=&sort=description").size(), 6u) << "empty: no filter";
    // `total` counts the filtered set; pages walk it.
    auto page = json(
        h.request("GET", keys_path("?type=openai&sort=created_at&order=asc&page=2&page_size=2"),
                  owner.credentials));
    EXPECT_EQ(page.at("total"), 3);
    ASSERT_EQ(page.at("items").as_array().size(), 1u);
    EXPECT_EQ(page.at("items").as_array()[0].at("description"), "Old GPT");
    EXPECT_EQ(json(h.request("GET", keys_path("?search=prod&status=valid"), owner.credentials))
                  .at("total"),
              1);
    EXPECT_EQ(json(h.request("GET", keys_path("?status=unchecked"), owner.credentials)).at("total"),
              2);
  }
  // Four keys with labels, listed by every label filter alone and with type, search, status,
  // sort and paging: the same answers on every plan.
  // Four keys at four stages of their life, then every lifecycle filter and the lifecycle sort,
  // with and without search, type and paging: the same answers on every plan.
  void filter_by_lifecycle() {
    const std::int64_t day = 86'400'000;
    auto dated = [&](const std::string& description, const std::string& key,
                     const std::string& extra) {
      h.clock().advance(std::chrono::milliseconds(5));
      RawResponse response = h.request("POST", keys_path(), owner.credentials,
                                       R"({"type":"openai","description":")" + description +
                                           R"(","key":")" + key + "\"" + extra + "}");
      EXPECT_EQ(response.status, 201) << response.body;
      return json(response);
    };
    auto at = [&](std::int64_t offset) {
      std::string quoted(1, '"');  // appended: "\"" + std::string trips GCC 12's -Wrestrict
      quoted.append(format_rfc3339(h.clock().now_ms() + offset)).append(1, '"');
      return quoted;
    };
    dated("Prod fine", "sk-life-1", "");
    dated("Prod soon", "sk-life-2", R"(,"expires_at":)" + at(5 * day));
    auto gone = dated("Prod gone", "sk-life-3", R"(,"expires_at":)" + at(-day));
    auto rotating = dated("Staging rotating", "sk-life-4", R"(,"rotate_every_days":1)");
    EXPECT_EQ(gone.at("lifecycle_status"), "expired");
    EXPECT_EQ(rotating.at("lifecycle_status"), "ok");
    EXPECT_EQ(rotating.at("rotate_every_days"), 1);
    // The rotation falls due a day on, past the session's life: the owner signs in again.
    h.clock().advance(std::chrono::hours(25));
    owner.credentials = h.make_session(owner.user.id);
    using Names = std::vector<std::string>;
    EXPECT_EQ(descriptions("?lifecycle=ok"), (Names{"Prod fine"}));
    EXPECT_EQ(descriptions("?lifecycle=expiring"), (Names{"Prod soon"}));
    EXPECT_EQ(descriptions("?lifecycle=expired"), (Names{"Prod gone"}));
    EXPECT_EQ(descriptions("?lifecycle=rotation_due"), (Names{"Staging rotating"}));
    EXPECT_EQ(descriptions("?lifecycle=needs_attention&sort=description"),
              (Names{"Prod gone", "Prod soon", "Staging rotating"}));
    EXPECT_EQ(descriptions("?lifecycle=needs_attention&search=prod&sort=description"),
              (Names{"Prod gone", "Prod soon"}));
    EXPECT_EQ(descriptions("?lifecycle=needs_attention&search=pr&type=openai&sort=description"),
              (Names{"Prod gone", "Prod soon"}));
    EXPECT_EQ(descriptions("?lifecycle=ok&search=staging"), Names{});
    // By the earlier mark: gone's warning began 15 days ago, soon's 9, rotating's due date was
    // an hour ago; fine has none.
    EXPECT_EQ(descriptions("?sort=lifecycle"),
              (Names{"Prod gone", "Prod soon", "Staging rotating", "Prod fine"}));
    EXPECT_EQ(descriptions("?sort=lifecycle&order=desc"),
              (Names{"Prod fine", "Staging rotating", "Prod soon", "Prod gone"}));
    EXPECT_EQ(descriptions("?sort=lifecycle&search=prod"),
              (Names{"Prod gone", "Prod soon", "Prod fine"}));
    auto page = json(h.request("GET", keys_path("?lifecycle=needs_attention&page=2&page_size=2"),
                               owner.credentials));
    EXPECT_EQ(page.at("total"), 3);
    EXPECT_EQ(page.at("items").as_array().size(), 1u);
    EXPECT_EQ(page.at("needs_attention"), 3) << "the badge counts the team, not the page";
    EXPECT_EQ(
        json(h.request("GET", keys_path("?lifecycle=ok"), owner.credentials)).at("needs_attention"),
        3);
  }

  void filter_by_labels() {
    auto labelled = [&](const std::string& type, const std::string& description,
                        const std::string& key, const std::string& labels) {
      h.clock().advance(std::chrono::milliseconds(5));
      RawResponse response =
          h.request("POST", keys_path(), owner.credentials,
                    R"({"type":")" + type + R"(","description":")" + description + R"(","key":")" +
                        key + R"(","labels":)" + labels + "}");
      EXPECT_EQ(response.status, 201) << response.body;
      return std::string(json(response).at("id").as_string());
    };
    std::string search =
        labelled("openai", "Prod search GPT", "sk-label-1", R"(["team:search","env:prod"])");
    labelled("openai", "Staging search GPT", "sk-label-2", R"(["env:staging","team:search"])");
    labelled("exa", "Prod search Exa", "exa-label-3", R"(["env:prod","team:search"])");
    labelled("anthropic", "Prod billing", "sk-ant-label-4", R"(["env:prod"])");
    labelled("openai", "Unlabelled", "sk-label-5", "[]");
    set_verify_status(search, "valid");
    using Names = std::vector<std::string>;
    EXPECT_EQ(descriptions("?label=env:prod&sort=description"),
              (Names{"Prod billing", "Prod search Exa", "Prod search GPT"}));
    EXPECT_EQ(descriptions("?label=env:prod&label=team:search&sort=description"),
              (Names{"Prod search Exa", "Prod search GPT"}));
    EXPECT_EQ(descriptions("?label=team:search&label=env:prod&label=team:search&sort=description"),
              (Names{"Prod search Exa", "Prod search GPT"}))
        << "order and repeats do not matter";
    EXPECT_EQ(descriptions("?label=env:prod&label=env:staging"), Names{});
    EXPECT_EQ(descriptions("?label=env:PROD"), Names{}) << "labels are case-sensitive";
    EXPECT_EQ(descriptions("?label=env:prod&type=openai"), (Names{"Prod search GPT"}));
    EXPECT_EQ(descriptions("?label=team:search&search=staging"), (Names{"Staging search GPT"}));
    EXPECT_EQ(descriptions("?label=team:search&search=st"), (Names{"Staging search GPT"}));
    EXPECT_EQ(descriptions("?label=env:prod&status=valid"), (Names{"Prod search GPT"}));
    EXPECT_EQ(descriptions("?label=env:prod&status=unchecked&type=exa&search=prod"),
              (Names{"Prod search Exa"}));
    auto page = json(
        h.request("GET", keys_path("?label=env:prod&sort=created_at&order=asc&page=2&page_size=2"),
                  owner.credentials));
    EXPECT_EQ(page.at("total"), 3) << "total counts the filtered set";
    ASSERT_EQ(page.at("items").as_array().size(), 1u);
    EXPECT_EQ(page.at("items").as_array()[0].at("description"), "Prod billing");
    EXPECT_EQ(page.at("items").as_array()[0].at("labels"), boost::json::parse(R"(["env:prod"])"));
  }
  // Records a verification result on the key, as verify does.
  void set_verify_status(const std::string& id, const std::string& status) {
    auto done = h.store().write([&](storage::WriteTx& tx) -> Status {
      KW_TRY(key, tx.keys().find(team, id));
      if (!key) return Error::make(ErrorCode::kNotFound, "no key " + id);
      KW_TRY(set, tx.keys().set_verify_result(team, id, key->type, key->fingerprint, status,
                                              h.clock().now_ms()));
      if (!set) return Error::make(ErrorCode::kConflict, "key changed");
      return ok_status();
    });
    ASSERT_TRUE(done) << done.error().internal;
  }
  std::string keys_path(const std::string& rest = "") {
    return "/api/v1/teams/" + team + "/api-keys" + rest;
  }
  RawResponse create(const std::string& type, const std::string& description,
                     const std::string& key) {
    return h.request("POST", keys_path(), owner.credentials, key_body(type, description, key));
  }
  std::string create_id(const std::string& type, const std::string& description,
                        const std::string& key) {
    RawResponse response = create(type, description, key);
    EXPECT_EQ(response.status, 201) << response.body;
    return std::string(json(response).at("id").as_string());
  }
  std::vector<std::string> descriptions(const std::string& query) {
    RawResponse response = h.request("GET", keys_path(query), owner.credentials);
    EXPECT_EQ(response.status, 200) << response.body;
    std::vector<std::string> out;
    auto body = json(response);
    for (const auto& item : body.at("items").as_array()) {
      out.emplace_back(item.at("description").as_string());
    }
    return out;
  }
  ApiHarness h;
  TestUser owner;
  std::string team;
};

TEST_F(ApiKeys, CatalogueListsCategoriesAndTypesInOrder) {
  RawResponse response = h.request("GET", "/api/v1/api-key-types", owner.credentials);
  ASSERT_EQ(response.status, 200);
  auto body = json(response);
  EXPECT_EQ(body.at("categories").as_array().size(), 3u);
  auto types = body.at("types").as_array();
  ASSERT_EQ(types.size(), 11u);
  EXPECT_EQ(types[1].at("id"), "anthropic");
  EXPECT_EQ(types[1].at("name"), "Anthropic");
  EXPECT_EQ(types[1].at("category"), "ai");
  EXPECT_EQ(types[1].at("description"), "Claude API access for Anthropic models");
  EXPECT_EQ(types[1].at("key_prefix"), "sk-ant-");
  EXPECT_EQ(h.request("GET", "/api/v1/api-key-types").status, 401);
}

TEST_F(ApiKeys, CatalogueLinksEachTypeToItsKeyPageOrNull) {
  RawResponse response = h.request("GET", "/api/v1/api-key-types", owner.credentials);
  ASSERT_EQ(response.status, 200);
  auto types = json(response).at("types").as_array();
  for (const auto& type : types) {
    const auto& url = type.as_object().at("key_url");
    if (url.is_null()) continue;
    ASSERT_TRUE(url.is_string()) << type;
    EXPECT_TRUE(url.as_string().starts_with("https://")) << type;
    EXPECT_EQ(url.as_string().find_first_of(" \t\r\n\"<>"), boost::json::string::npos) << type;
  }
  EXPECT_EQ(types[0].at("key_url"), "https://platform.openai.com/api-keys");
  EXPECT_EQ(types[1].at("key_url"), "https://console.anthropic.com/settings/keys");
  EXPECT_TRUE(types[4].at("key_url").is_null()) << "fast_inference has no public provider page";
}

TEST_F(ApiKeys, CreateAnswers201WithLocationETagAndTheMaskedKey) {
  RawResponse response = create("anthropic", "  Production Claude ", "sk-ant-api03-secret-7f3a");
  ASSERT_EQ(response.status, 201) << response.body;
  auto body = json(response);
  std::string id(body.at("id").as_string());
  EXPECT_EQ(response.header("location"), keys_path("/" + id));
  EXPECT_EQ(response.header("etag"), "\"1\"");
  EXPECT_EQ(body.at("description"), "Production Claude");
  EXPECT_EQ(body.at("key_hint"), "sk-ant-…7f3a");
  EXPECT_EQ(body.at("version"), 1);
  EXPECT_EQ(body.at("is_default"), false);
  EXPECT_EQ(body.at("team_id").as_string(), team);
  EXPECT_EQ(body.at("created_by").as_string(), owner.user.id);
  EXPECT_TRUE(body.at("verify_status").is_null());
  EXPECT_TRUE(body.at("warnings").as_array().empty());
  EXPECT_EQ(response.body.find("api03-secret"), std::string::npos) << "plaintext in the response";
}

TEST_F(ApiKeys, CreateWarnsButSavesAKeyThatDoesNotLookLikeItsType) {
  RawResponse response = create("anthropic", "Odd", "plainkey-12345678");
  ASSERT_EQ(response.status, 201);
  EXPECT_EQ(json(response).at("warnings").as_array().size(), 1u);
}

TEST_F(ApiKeys, CreateReportsEveryInvalidField) {
  RawResponse response = h.request("POST", keys_path(), owner.credentials, R"({"type":"x"})");
  ASSERT_EQ(response.status, 422);
  auto errors = json(response).at("errors").as_array();
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].at("message"), "Select a valid API provider type");
  EXPECT_EQ(errors[1].at("message"), "Description is required");
  EXPECT_EQ(errors[2].at("message"), "Key is required");
  EXPECT_EQ(h.request("POST", keys_path(), owner.credentials, "{not json").status, 400);
}

TEST_F(ApiKeys, RefusesTheSameKeyTwiceInATeamAndNamesTheOriginal) {
  create_id("openai", "First copy", "sk-duplicate-0001");
  RawResponse again = create("deepseek", "Second copy", "sk-duplicate-0001");
  EXPECT_EQ(again.status, 409);
  EXPECT_NE(json(again).at("detail").as_string().find("First copy"), std::string::npos);
  // Another team may hold the same key.
  TestUser other = h.make_user("other@example.com");
  std::string other_team = h.make_team("Other", other.user.id);
  EXPECT_EQ(h.request("POST", "/api/v1/teams/" + other_team + "/api-keys", other.credentials,
                      key_body("openai", "Theirs", "sk-duplicate-0001"))
                .status,
            201);
}

TEST_F(ApiKeys, ListsSortedWithAStableTieBreakAndPages) {
  for (const char* d : {"charlie", "Alpha", "bravo", "delta", "echo"}) {
    create_id("openai", d, std::string("sk-") + d + "-0000");
    h.clock().advance(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(descriptions(""),
            (std::vector<std::string>{"echo", "delta", "bravo", "Alpha", "charlie"}));
  EXPECT_EQ(descriptions("?sort=description"),
            (std::vector<std::string>{"Alpha", "bravo", "charlie", "delta", "echo"}));
  EXPECT_EQ(descriptions("?sort=description&order=desc&page=2&page_size=2"),
            (std::vector<std::string>{"charlie", "bravo"}));
  RawResponse page3 = h.request("GET", keys_path("?sort=created_at&order=asc&page=3&page_size=2"),
                                owner.credentials);
  auto body = json(page3);
  EXPECT_EQ(body.at("total"), 5);
  EXPECT_EQ(body.at("page"), 3);
  EXPECT_EQ(body.at("page_size"), 2);
  EXPECT_EQ(body.at("items").as_array().size(), 1u);
  EXPECT_EQ(descriptions("?page=9"), std::vector<std::string>{});
}

TEST_F(ApiKeys, SortsByTypeThenNewest) {
  create_id("openai", "o1", "sk-o1-00000");
  h.clock().advance(std::chrono::milliseconds(5));
  create_id("anthropic", "a1", "sk-ant-a1-0000");
  h.clock().advance(std::chrono::milliseconds(5));
  create_id("openai", "o2", "sk-o2-00000");
  EXPECT_EQ(descriptions("?sort=type"), (std::vector<std::string>{"a1", "o1", "o2"}));
  EXPECT_EQ(descriptions("?sort=type&order=desc"), (std::vector<std::string>{"o2", "o1", "a1"}));
}

TEST_F(ApiKeys, EqualTimestampsStillSortTheSameWayEveryTime) {
  for (int i = 0; i < 6; ++i)
    create_id("exa", "same " + std::to_string(i), "exa-" + std::to_string(i) + "-key");
  auto first = descriptions("?page_size=3");
  auto second = descriptions("?page_size=3&page=2");
  std::set<std::string> all(first.begin(), first.end());
  all.insert(second.begin(), second.end());
  EXPECT_EQ(all.size(), 6u) << "pages overlap or skip rows";
  EXPECT_EQ(descriptions("?page_size=3"), first);
}

TEST_F(ApiKeys, SearchesDescriptionsCaseInsensitivelyAsSubstrings) {
  create_id("openai", "Production GPT", "sk-search-1");
  create_id("anthropic", "staging claude", "sk-ant-search-2");
  create_id("exa", "Prod search", "exa-search-3");
  EXPECT_EQ(descriptions("?search=PROD&sort=description"),
            (std::vector<std::string>{"Prod search", "Production GPT"}));
  EXPECT_EQ(descriptions("?search=uction"), (std::vector<std::string>{"Production GPT"}));
  // Terms under three characters take the bounded scan, with the same meaning.
  EXPECT_EQ(descriptions("?search=gp"), (std::vector<std::string>{"Production GPT"}));
  EXPECT_EQ(descriptions("?search=%25"),
            std::vector<std::string>{});  // a literal %, not a wildcard
  EXPECT_EQ(descriptions("?search=_"), std::vector<std::string>{});
  EXPECT_EQ(descriptions("?search=%22%20OR%20*"), std::vector<std::string>{});
  RawResponse searched = h.request("GET", keys_path("?search=claude"), owner.credentials);
  EXPECT_EQ(json(searched).at("total"), 1);
  // A term matching few rows takes the other plan, with the same answer.
  for (int i = 0; i < 30; ++i)
    create_id("exa", "common word " + std::to_string(i), "exa-c-" + std::to_string(i));
  EXPECT_EQ(json(h.request("GET", keys_path("?search=common"), owner.credentials)).at("total"), 30);
  EXPECT_EQ(json(h.request("GET", keys_path("?search=word%2029"), owner.credentials)).at("total"),
            1);
}

// The same searches with the plan for common terms forced (small tests always take the other),
// and with the small-team plan (production's default for them).
class ApiKeysCommonTermPlan : public ApiKeys {
 protected:
  ApiKeysCommonTermPlan()
      : ApiKeys(storage::StoreOptions{.scan_team_limit = 0, .rare_match_limit = 0}) {}
};

class ApiKeysSmallTeamPlan : public ApiKeys {
 protected:
  ApiKeysSmallTeamPlan() : ApiKeys(storage::StoreOptions{}) {}
};

// SQLite's in-memory copy of a large team's descriptions, forced for every team.
class ApiKeysMemoryPlan : public ApiKeys {
 protected:
  ApiKeysMemoryPlan() : ApiKeys(storage::StoreOptions{.memory_search_min_keys = 0}) {}
};

TEST_F(ApiKeysMemoryPlan, SearchesDescriptionsCaseInsensitivelyAsSubstrings) {
  search_three_keys();
}

TEST_F(ApiKeysMemoryPlan, SearchFollowsRenamesAndDeletesAtOnce) {
  std::string id = create_id("openai", "Old name", "sk-rename-1");
  EXPECT_EQ(descriptions("?search=old"), (std::vector<std::string>{"Old name"}));
  h.request("PATCH", keys_path("/" + id), owner.credentials, R"({"description":"New label"})");
  EXPECT_EQ(descriptions("?search=old"), std::vector<std::string>{});
  EXPECT_EQ(descriptions("?search=label"), (std::vector<std::string>{"New label"}));
  create_id("openai", "Another label", "sk-rename-2");
  EXPECT_EQ(descriptions("?search=label&sort=description"),
            (std::vector<std::string>{"Another label", "New label"}));
  h.request("DELETE", keys_path("/" + id), owner.credentials);
  EXPECT_EQ(descriptions("?search=label"), (std::vector<std::string>{"Another label"}));
}

TEST_F(ApiKeysCommonTermPlan, SearchesDescriptionsCaseInsensitivelyAsSubstrings) {
  search_three_keys();
}

TEST_F(ApiKeysSmallTeamPlan, SearchesDescriptionsCaseInsensitivelyAsSubstrings) {
  search_three_keys();
}

TEST_F(ApiKeys, SearchFollowsRenamesAndDeletes) {
  std::string id = create_id("openai", "Old name", "sk-rename-1");
  h.request("PATCH", keys_path("/" + id), owner.credentials, R"({"description":"New label"})");
  EXPECT_EQ(descriptions("?search=old"), std::vector<std::string>{});
  EXPECT_EQ(descriptions("?search=label"), (std::vector<std::string>{"New label"}));
  h.request("DELETE", keys_path("/" + id), owner.credentials);
  EXPECT_EQ(descriptions("?search=label"), std::vector<std::string>{});
}

TEST_F(ApiKeys, RejectsBadListParameters) {
  EXPECT_EQ(h.request("GET", keys_path("?page_size=0"), owner.credentials).status, 422);
  EXPECT_EQ(h.request("GET", keys_path("?sort=key"), owner.credentials).status, 422);
  EXPECT_EQ(h.request("GET", keys_path("?order=sideways"), owner.credentials).status, 422);
}

TEST_F(ApiKeys, ListFiltersByTypeAndStatus) { filter_six_keys(); }

TEST_F(ApiKeysSmallTeamPlan, ListFiltersByTypeAndStatus) { filter_six_keys(); }

TEST_F(ApiKeysCommonTermPlan, ListFiltersByTypeAndStatus) { filter_six_keys(); }

TEST_F(ApiKeysMemoryPlan, ListFiltersByTypeAndStatus) { filter_six_keys(); }

TEST_F(ApiKeys, FiltersByEveryListedLabel) { filter_by_labels(); }

TEST_F(ApiKeys, FiltersAndSortsByLifecycle) { filter_by_lifecycle(); }

TEST_F(ApiKeysSmallTeamPlan, FiltersAndSortsByLifecycle) { filter_by_lifecycle(); }

TEST_F(ApiKeysCommonTermPlan, FiltersAndSortsByLifecycle) { filter_by_lifecycle(); }

TEST_F(ApiKeysMemoryPlan, FiltersAndSortsByLifecycle) { filter_by_lifecycle(); }

TEST_F(ApiKeys, ExpiryAndRotationAreValidatedSetAndCleared) {
  RawResponse bad = h.request(
      "POST", keys_path(), owner.credentials,
      R"({"type":"openai","description":"d","key":"sk-life-bad","expires_at":"tomorrow","rotate_every_days":0})");
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_NE(bad.body.find("\"expires_at\""), std::string::npos) << bad.body;
  EXPECT_NE(bad.body.find("\"rotate_every_days\""), std::string::npos) << bad.body;
  EXPECT_EQ(h.request("GET", keys_path("?lifecycle=soon"), owner.credentials).status, 422);
  std::string id = create_id("openai", "Dated", "sk-life-dates");
  RawResponse dated =
      h.request("PATCH", keys_path("/" + id), owner.credentials,
                R"({"expires_at":"2030-01-01T00:00:00+01:00","rotate_every_days":30})");
  ASSERT_EQ(dated.status, 200) << dated.body;
  EXPECT_EQ(json(dated).at("expires_at"), "2029-12-31T23:00:00.000Z");
  EXPECT_EQ(json(dated).at("version"), 2);
  EXPECT_EQ(json(dated).at("secret_version"), 1) << "dates are no new secret";
  EXPECT_FALSE(json(dated).at("rotation_due_at").is_null());
  RawResponse cleared = h.request("PATCH", keys_path("/" + id), owner.credentials,
                                  R"({"expires_at":null,"rotate_every_days":null})");
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_TRUE(json(cleared).at("expires_at").is_null());
  EXPECT_TRUE(json(cleared).at("rotation_due_at").is_null());
  EXPECT_EQ(json(cleared).at("lifecycle_status"), "ok");
}

TEST_F(ApiKeys, ABaseUrlIsHttpsWithoutQueryAndIsAudited) {
  const std::string keys = "/api/v1/teams/" + team + "/api-keys";
  for (const char* bad :
       {"http://api.example.com", "ftp://api.example.com", "https://user:pw@api.example.com",
        "https://api.example.com/v1?token=x", "https://api.example.com/#x", "not a url", "7"}) {
    std::string body = R"({"type":"openai","description":"Own URL","key":"sk-own-url-0001",)"
                       R"("base_url":")" +
                       std::string(bad) + R"("})";
    RawResponse refused = h.request("POST", keys, owner.credentials, body);
    EXPECT_EQ(refused.status, 422) << bad << " " << refused.body;
    EXPECT_NE(refused.body.find(R"("field":"base_url")"), std::string::npos) << refused.body;
  }
  RawResponse created =
      h.request("POST", keys, owner.credentials,
                R"({"type":"openai","description":"Azure","key":"sk-own-url-0002",)"
                R"("base_url":"https://example-resource.openai.azure.com/openai/"})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(json(created).at("base_url"), "https://example-resource.openai.azure.com/openai");
  std::string id(json(created).at("id").as_string());
  RawResponse plain =
      h.request("POST", keys, owner.credentials, key_body("openai", "No URL", "sk-own-url-0003"));
  EXPECT_TRUE(json(plain).at("base_url").is_null());

  RawResponse without_key = h.request("PATCH", keys + "/" + id, owner.credentials,
                                      R"({"base_url":"https://evil.example.com"})");
  ASSERT_EQ(without_key.status, 422) << without_key.body;
  EXPECT_NE(without_key.body.find("Enter the key again"), std::string::npos);
  RawResponse cleared = h.request("PATCH", keys + "/" + id, owner.credentials,
                                  R"({"base_url":null,"key":"sk-own-url-0002"})");
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_TRUE(json(cleared).at("base_url").is_null());
  EXPECT_EQ(json(cleared).at("secret_version"), 1);  // the same secret: no new version
  auto rows = h.audit_rows();
  EXPECT_NE(rows.back().find(R"("base_url":null)"), std::string::npos) << rows.back();
  EXPECT_NE(rows[rows.size() - 3].find("example-resource.openai.azure.com"), std::string::npos)
      << rows[rows.size() - 3];
}

TEST_F(ApiKeys, TeamSettingsAreValidatedAuditedAndOnlyForOwners) {
  const std::string path = "/api/v1/teams/" + team;
  RawResponse bad =
      h.request("PATCH", path, owner.credentials,
                R"({"rotate_every_days":0,"expiry_warning_days":400,"expired_key_policy":"x",)"
                R"("gateway_disable_after":0})");
  ASSERT_EQ(bad.status, 422) << bad.body;
  for (const char* field : {"rotate_every_days", "expiry_warning_days", "expired_key_policy",
                            "gateway_disable_after"}) {
    std::string quoted(1, '"');
    quoted.append(field).append(1, '"');
    EXPECT_NE(bad.body.find(quoted), std::string::npos) << field;
  }
  EXPECT_EQ(h.request("PATCH", path, owner.credentials, "{}").status, 400);
  EXPECT_EQ(json(h.request("GET", path, owner.credentials)).at("gateway_disable_after"), 3);
  RawResponse set =
      h.request("PATCH", path, owner.credentials,
                R"({"rotate_every_days":90,"expiry_warning_days":30,"gateway_disable_after":5})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(json(set).at("gateway_disable_after"), 5);
  EXPECT_EQ(json(set).at("rotate_every_days"), 90);
  EXPECT_EQ(json(set).at("expiry_warning_days"), 30);
  EXPECT_EQ(json(set).at("expired_key_policy"), "warn");
  auto rows = h.audit_rows();
  EXPECT_EQ(rows.back().rfind("team.updated|" + team, 0), 0u) << rows.back();
  TestUser admin = h.make_user("admin@example.com");
  h.add_member(team, admin.user.id, Role::kAdmin);
  EXPECT_EQ(h.request("PATCH", path, admin.credentials, R"({"expiry_warning_days":7})").status,
            403);
}

TEST_F(ApiKeysSmallTeamPlan, FiltersByEveryListedLabel) { filter_by_labels(); }

TEST_F(ApiKeysCommonTermPlan, FiltersByEveryListedLabel) { filter_by_labels(); }

TEST_F(ApiKeysMemoryPlan, FiltersByEveryListedLabel) { filter_by_labels(); }

TEST_F(ApiKeys, CreateAcceptsLabelsSortedWithoutDuplicatesAndReturnsThemEverywhere) {
  RawResponse created =
      h.request("POST", keys_path(), owner.credentials,
                R"({"type":"openai","description":"Labelled","key":"sk-labelled-1",)"
                R"("labels":["team:search","env:prod","team:search","a/b_c.d-9"]})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto expected = boost::json::parse(R"(["a/b_c.d-9","env:prod","team:search"])");
  EXPECT_EQ(json(created).at("labels"), expected);
  std::string id(json(created).at("id").as_string());
  EXPECT_EQ(json(h.request("GET", keys_path("/" + id), owner.credentials)).at("labels"), expected);
  EXPECT_EQ(json(h.request("GET", keys_path(), owner.credentials)).at("items").at(0).at("labels"),
            expected);
  // A key made without labels has none.
  EXPECT_EQ(json(create("openai", "Plain", "sk-plain-1")).at("labels"), boost::json::array());
}

TEST_F(ApiKeys, RejectsALabelWithASpace) {
  auto field_error = [&](const std::string& labels) {
    RawResponse response = h.request(
        "POST", keys_path(), owner.credentials,
        R"({"type":"openai","description":"Bad","key":"sk-bad-labels-1","labels":)" + labels + "}");
    EXPECT_EQ(response.status, 422) << labels;
    auto errors = json(response).at("errors").as_array();
    EXPECT_EQ(errors.size(), 1u) << response.body;
    EXPECT_EQ(errors.at(0).at("field"), "labels") << response.body;
    return std::string(errors.at(0).at("message").as_string());
  };
  EXPECT_EQ(field_error(R"(["env prod"])"),
            "A label may contain only letters, digits and . _ : / - (no spaces)");
  EXPECT_EQ(field_error(R"(["env\tprod"])"),
            "A label may contain only letters, digits and . _ : / - (no spaces)");
  EXPECT_EQ(field_error(R"(["été"])"),
            "A label may contain only letters, digits and . _ : / - (no spaces)");
  EXPECT_EQ(field_error(R"([""])"), "A label cannot be empty");
  EXPECT_EQ(field_error("[\"" + std::string(65, 'x') + "\"]"),
            "A label must be at most 64 characters");
  EXPECT_EQ(field_error(R"(["a","b","c","d","e","f","g","h","i","j","k"])"),
            "At most 10 labels are allowed");
  EXPECT_EQ(field_error(R"("env:prod")"), "Labels must be a list of text");
  EXPECT_EQ(field_error(R"([1])"), "Labels must be a list of text");
  // Ten, or more that are duplicates of ten, are fine; 64 characters are fine.
  RawResponse ten =
      h.request("POST", keys_path(), owner.credentials,
                R"({"type":"openai","description":"Ten","key":"sk-ten-labels-1","labels":)"
                R"(["a","b","c","d","e","f","g","h","i","j","a"]})");
  EXPECT_EQ(ten.status, 201) << ten.body;
  std::string id(json(ten).at("id").as_string());
  RawResponse patched = h.request("PATCH", keys_path("/" + id), owner.credentials,
                                  R"({"labels":[")" + std::string(64, 'x') + R"("," "]})");
  EXPECT_EQ(patched.status, 422);
  EXPECT_EQ(json(patched).at("errors").at(0).at("field"), "labels");
  // The list's filter is checked the same way, as the `label` parameter.
  RawResponse listed = h.request("GET", keys_path("?label=env%20prod"), owner.credentials);
  EXPECT_EQ(listed.status, 422);
  EXPECT_EQ(json(listed).at("errors").at(0).at("field"), "label");
}

TEST_F(ApiKeys, PatchReplacesLabelsAsAnEditNotANewSecretVersion) {
  RawResponse created =
      h.request("POST", keys_path(), owner.credentials,
                R"({"type":"openai","description":"Relabel","key":"sk-relabel-1",)"
                R"("labels":["env:staging"]})");
  ASSERT_EQ(created.status, 201);
  std::string id(json(created).at("id").as_string());
  RawResponse patched =
      h.request("PATCH", keys_path("/" + id), owner.credentials,
                R"({"labels":["team:search","env:prod"]})", {{"If-Match", "\"1\""}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  auto after = json(patched);
  EXPECT_EQ(after.at("labels"), boost::json::parse(R"(["env:prod","team:search"])"));
  EXPECT_EQ(after.at("version"), 2);
  EXPECT_EQ(patched.header("etag"), "\"2\"");
  EXPECT_EQ(after.at("secret_version"), 1);
  EXPECT_EQ(json(h.request("GET", keys_path("/" + id + "/versions"), owner.credentials))
                .at("items")
                .as_array()
                .size(),
            1u);
  // The filter follows the new set at once.
  EXPECT_EQ(descriptions("?label=env:staging"), std::vector<std::string>{});
  EXPECT_EQ(descriptions("?label=env:prod"), std::vector<std::string>{"Relabel"});
  // The same set in another order changes nothing; [] removes every label.
  RawResponse same = h.request("PATCH", keys_path("/" + id), owner.credentials,
                               R"({"labels":["env:prod","team:search","env:prod"]})");
  EXPECT_EQ(json(same).at("version"), 2);
  RawResponse cleared =
      h.request("PATCH", keys_path("/" + id), owner.credentials, R"({"labels":[]})");
  EXPECT_EQ(json(cleared).at("labels"), boost::json::array());
  EXPECT_EQ(json(cleared).at("version"), 3);
  EXPECT_EQ(descriptions("?label=env:prod"), std::vector<std::string>{});
  // The audit trail names the field and the new set.
  auto audit = json(
      h.request("GET", "/api/v1/teams/" + team + "/audit-events?page_size=1", owner.credentials));
  const auto& details = audit.at("items").at(0).at("details");
  EXPECT_EQ(details.at("fields"), boost::json::parse(R"(["labels"])"));
  EXPECT_EQ(details.at("labels"), boost::json::array());
}

TEST_F(ApiKeys, ListRejectsAnUnknownTypeOrStatusFilterNamingIt) {
  create_id("openai", "Production GPT", "sk-filter-1");
  auto refused_field = [&](const std::string& query) {
    RawResponse response = h.request("GET", keys_path(query), owner.credentials);
    EXPECT_EQ(response.status, 422) << query;
    EXPECT_EQ(response.header("content-type"), "application/problem+json") << query;
    auto errors = json(response).at("errors").as_array();
    return errors.empty() ? std::string() : std::string(errors[0].at("field").as_string());
  };
  EXPECT_EQ(refused_field("?type=OpenAI"), "type");
  EXPECT_EQ(refused_field("?type=sk-filter-1"), "type");
  EXPECT_EQ(refused_field("?status=ok"), "status");
  EXPECT_EQ(refused_field("?status=null"), "status");
  EXPECT_EQ(refused_field("?status=Valid&type=openai"), "status");
  RawResponse both = h.request("GET", keys_path("?type=x&status=y"), owner.credentials);
  EXPECT_EQ(json(both).at("errors").as_array().size(), 2u);
  EXPECT_EQ(both.body.find("sk-filter-1"), std::string::npos);
}

TEST_F(ApiKeys, CraftedSearchTextIsRefusedNotAnError) {
  create_id("openai", "Plain", "sk-plain-1111");
  for (const char* search : {"%00", "a%00b", "%ff%fe", "%c3", "tab%09bed", "%7f"}) {
    RawResponse response =
        h.request("GET", keys_path(std::string("?search=") + search), owner.credentials);
    EXPECT_EQ(response.status, 422) << search << ": " << response.body;
    EXPECT_EQ(json(response).at("errors").at(0).at("field"), "search") << search;
  }
  EXPECT_EQ(h.request("GET", keys_path("?search=%C3%A9t%C3%A9"), owner.credentials).status, 200);
}

TEST_F(ApiKeys, IdsThatAreNoUuidAre404NotAnError) {
  for (const char* id :
       {"%ff%fe", "missing", "%00", "..", "00000000-0000-4000-8000-00000000000g"}) {
    EXPECT_EQ(h.request("GET", keys_path(std::string("/") + id), owner.credentials).status, 404)
        << id;
    EXPECT_EQ(h.request("PATCH", keys_path(std::string("/") + id), owner.credentials,
                        R"({"description":"x"})")
                  .status,
              404)
        << id;
  }
  EXPECT_EQ(h.request("GET", "/api/v1/teams/%ff%fe/api-keys", owner.credentials).status, 404);
}

TEST_F(ApiKeys, GetAnswersTheKeyWithItsVersionAsETag) {
  std::string id = create_id("openai", "One", "sk-get-1111");
  RawResponse response = h.request("GET", keys_path("/" + id), owner.credentials);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("etag"), "\"1\"");
  EXPECT_EQ(h.request("GET", keys_path("/missing"), owner.credentials).status, 404);
}

TEST_F(ApiKeys, PatchChangesFieldsBumpsTheVersionAndResealsANewKey) {
  RawResponse created = create("openai", "Before", "sk-before-aaaa");
  auto before = json(created);
  std::string id(before.at("id").as_string());
  RawResponse patched = h.request("PATCH", keys_path("/" + id), owner.credentials,
                                  R"({"description":"After","key":"sk-after-000000000000-bbbb"})",
                                  {{"If-Match", "\"1\""}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  auto after = json(patched);
  EXPECT_EQ(after.at("description"), "After");
  EXPECT_EQ(after.at("version"), 2);
  EXPECT_EQ(patched.header("etag"), "\"2\"");
  EXPECT_EQ(after.at("key_hint"), "sk-…bbbb");
  EXPECT_NE(after.at("fingerprint"), before.at("fingerprint"));
  RawResponse revealed = h.request("POST", keys_path("/" + id + "/reveal"), owner.credentials);
  EXPECT_EQ(json(revealed).at("key"), "sk-after-000000000000-bbbb");
  // A blank key keeps the current one.
  RawResponse blank = h.request("PATCH", keys_path("/" + id), owner.credentials,
                                R"({"key":"","description":"Again"})");
  EXPECT_EQ(json(blank).at("key_hint"), "sk-…bbbb");
}

TEST_F(ApiKeys, PatchWithAStaleIfMatchAnswers412AndChangesNothing) {
  std::string id = create_id("openai", "Shared", "sk-shared-1234");
  ASSERT_EQ(h.request("PATCH", keys_path("/" + id), owner.credentials, R"({"description":"Mine"})",
                      {{"If-Match", "\"1\""}})
                .status,
            200);
  RawResponse stale = h.request("PATCH", keys_path("/" + id), owner.credentials,
                                R"({"description":"Theirs"})", {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(json(h.request("GET", keys_path("/" + id), owner.credentials)).at("description"),
            "Mine");
  EXPECT_EQ(h.request("PATCH", keys_path("/" + id), owner.credentials, R"({"description":"x"})",
                      {{"If-Match", "garbage"}})
                .status,
            400);
}

TEST_F(ApiKeys, PatchRefusesEmptyBodiesInvalidFieldsAndDuplicates) {
  std::string id = create_id("openai", "A", "sk-a-11111111");
  create_id("openai", "B", "sk-b-22222222");
  EXPECT_EQ(h.request("PATCH", keys_path("/" + id), owner.credentials, "{}").status, 400);
  EXPECT_EQ(h.request("PATCH", keys_path("/" + id), owner.credentials, R"({"type":"nope"})").status,
            422);
  EXPECT_EQ(
      h.request("PATCH", keys_path("/" + id), owner.credentials, R"({"is_default":"yes"})").status,
      422);
  EXPECT_EQ(h.request("PATCH", keys_path("/" + id), owner.credentials, R"({"key":"sk-b-22222222"})")
                .status,
            409);
  EXPECT_EQ(
      h.request("PATCH", keys_path("/nope"), owner.credentials, R"({"description":"x"})").status,
      404);
}

TEST_F(ApiKeys, TwoEditsFromTheSameVersionNeverBothWin) {
  std::string id = create_id("openai", "Contended", "sk-contended-0000");
  for (int round = 0; round < 5; ++round) {
    std::string version = std::to_string(round + 1);
    std::vector<int> statuses(2);
    std::vector<std::thread> editors;
    for (int who = 0; who < 2; ++who) {
      editors.emplace_back([&, who] {
        statuses[static_cast<std::size_t>(who)] =
            h.request("PATCH", keys_path("/" + id), owner.credentials,
                      R"({"description":"editor )" + std::to_string(who) + "-" + version + "\"}",
                      {{"If-Match", "\"" + version + "\""}})
                .status;
      });
    }
    for (auto& editor : editors) editor.join();
    std::sort(statuses.begin(), statuses.end());
    EXPECT_EQ(statuses, (std::vector<int>{200, 412})) << "round " << round;
  }
  EXPECT_EQ(json(h.request("GET", keys_path("/" + id), owner.credentials)).at("version"), 6);
}

// A key entered for one provider is never moved to another without being entered again, so a
// check (or the gateway) cannot send it to the new type's provider.
TEST_F(ApiKeys, ChangingTheTypeNeedsTheKeyAgainAndRedoesTheHint) {
  std::string id = create_id("exa", "Moved", "sk-ant-moved-key-long-9876");
  RawResponse refused =
      h.request("PATCH", keys_path("/" + id), owner.credentials, R"({"type":"anthropic"})");
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(json(refused).at("errors").at(0).at("field"), "key");
  EXPECT_EQ(json(h.request("GET", keys_path("/" + id), owner.credentials)).at("type"), "exa");
  RawResponse patched = h.request("PATCH", keys_path("/" + id), owner.credentials,
                                  R"({"type":"anthropic","key":"sk-ant-moved-key-long-9876"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(json(patched).at("key_hint"), "sk-ant-…9876");
  EXPECT_EQ(json(patched).at("type"), "anthropic");
}

TEST_F(ApiKeys, OnlyOneKeyPerTypeIsTheDefault) {
  std::string first = create_id("openai", "First", "sk-first-0001");
  std::string second = create_id("openai", "Second", "sk-second-0002");
  std::string other = create_id("anthropic", "Claude", "sk-ant-other-03");
  for (const auto& id : {first, other}) {
    ASSERT_EQ(
        h.request("PATCH", keys_path("/" + id), owner.credentials, R"({"is_default":true})").status,
        200);
  }
  ASSERT_EQ(h.request("PATCH", keys_path("/" + second), owner.credentials, R"({"is_default":true})")
                .status,
            200);
  auto get = [&](const std::string& id) {
    return json(h.request("GET", keys_path("/" + id), owner.credentials));
  };
  EXPECT_EQ(get(first).at("is_default"), false);
  EXPECT_EQ(get(first).at("version"), 3);  // the cleared default is a change too
  EXPECT_EQ(get(second).at("is_default"), true);
  EXPECT_EQ(get(other).at("is_default"), true);
}

TEST_F(ApiKeys, DeleteAnswers204AndTheKeyIsGone) {
  std::string id = create_id("openai", "Doomed", "sk-doomed-0000");
  EXPECT_EQ(h.request("DELETE", keys_path("/" + id), owner.credentials).status, 204);
  EXPECT_EQ(h.request("GET", keys_path("/" + id), owner.credentials).status, 404);
  EXPECT_EQ(h.request("DELETE", keys_path("/" + id), owner.credentials).status, 404);
  // Its key may be stored again.
  EXPECT_EQ(create("openai", "Reborn", "sk-doomed-0000").status, 201);
}

TEST_F(ApiKeys, RevealAnswersThePlaintextUncachedAndIsAudited) {
  std::string id = create_id("anthropic", "Reveal me", "sk-ant-reveal-\"quoted\\-1");
  RawResponse response = h.request("POST", keys_path("/" + id + "/reveal"), owner.credentials);
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.header("cache-control"), "no-store");
  EXPECT_EQ(json(response).at("key"), "sk-ant-reveal-\"quoted\\-1");
  auto rows = h.audit_rows();
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows.back().rfind("api_key.revealed|" + team + "|" + owner.user.id + "|" + id, 0), 0u)
      << rows.back();
}

TEST_F(ApiKeys, AnotherTeamsKeyIdAnswers404Everywhere) {
  TestUser other = h.make_user("other@example.com");
  std::string other_team = h.make_team("Other", other.user.id);
  RawResponse theirs = h.request("POST", "/api/v1/teams/" + other_team + "/api-keys",
                                 other.credentials, key_body("openai", "Theirs", "sk-theirs-1"));
  std::string their_id(json(theirs).at("id").as_string());
  // Their key id under our team path: not found, exactly like a missing id.
  for (const auto& [method, suffix] : std::vector<std::pair<std::string, std::string>>{
           {"GET", ""}, {"PATCH", ""}, {"DELETE", ""}, {"POST", "/reveal"}}) {
    RawResponse response = h.request(method, keys_path("/" + their_id + suffix), owner.credentials,
                                     method == "PATCH" ? R"({"description":"mine"})" : "");
    EXPECT_EQ(response.status, 404) << method << suffix;
  }
}

TEST_F(ApiKeys, AuditTrailNamesChangedFieldsButNeverValuesNewestFirst) {
  std::string id = create_id("openai", "Audited", "sk-audited-value-1");
  h.request("PATCH", keys_path("/" + id), owner.credentials,
            R"({"key":"sk-audited-value-2","description":"Audited 2"})");
  h.request("DELETE", keys_path("/" + id), owner.credentials);
  RawResponse response =
      h.request("GET", "/api/v1/teams/" + team + "/audit-events?page_size=2", owner.credentials);
  ASSERT_EQ(response.status, 200);
  auto body = json(response);
  EXPECT_EQ(body.at("total"), 3);
  auto items = body.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("action"), "api_key.deleted");
  EXPECT_EQ(items[1].at("action"), "api_key.updated");
  EXPECT_EQ(items[1].at("details").at("fields"), boost::json::parse(R"(["description","key"])"));
  EXPECT_EQ(items[1].at("actor").at("id").as_string(), owner.user.id);
  EXPECT_EQ(response.body.find("sk-audited-value"), std::string::npos);
  RawResponse page2 = h.request("GET", "/api/v1/teams/" + team + "/audit-events?page_size=2&page=2",
                                owner.credentials);
  EXPECT_EQ(json(page2).at("items").as_array()[0].at("action"), "api_key.created");
}

// Audit events of the team, as a list of "action|actor type|actor name|actor email" lines.
std::vector<std::string> audit_lines(const boost::json::object& page) {
  std::vector<std::string> out;
  auto text = [](const boost::json::value& value) {
    return value.is_null() ? std::string("null") : std::string(value.as_string());
  };
  for (const auto& item : page.at("items").as_array()) {
    const auto& actor = item.at("actor");
    out.push_back(text(item.at("action")) + "|" + text(actor.at("type")) + "|" +
                  text(actor.at("name")) + "|" + text(actor.at("email")));
  }
  return out;
}

TEST_F(ApiKeys, AuditListFiltersByActionAndActorAndNamesEachActor) {
  TestUser dev = h.make_user("dev@example.com", "Dana Developer");
  h.add_member(team, dev.user.id, Role::kDeveloper);
  create_id("openai", "Owner's", "sk-audit-owner-1");
  RawResponse by_dev = h.request("POST", keys_path(), dev.credentials,
                                 key_body("anthropic", "Dev's", "sk-ant-audit-dev-2"));
  ASSERT_EQ(by_dev.status, 201) << by_dev.body;
  RawResponse made = h.request("POST", "/api/v1/teams/" + team + "/service-tokens",
                               owner.credentials, R"({"name":"Backend app","types":["openai"]})");
  ASSERT_EQ(made.status, 201) << made.body;
  std::string token_id(json(made).at("id").as_string());
  std::string token(json(made).at("token").as_string());
  ASSERT_EQ(h.request("GET", "/api/v1/resolve?type=openai", {}, "",
                      {{"Authorization", "Bearer " + token}})
                .status,
            200);
  ASSERT_TRUE(h.usage().flush());  // resolves are audited by the batch, once a second
  auto audit = [&](const std::string& query) {
    RawResponse response =
        h.request("GET", "/api/v1/teams/" + team + "/audit-events" + query, owner.credentials);
    EXPECT_EQ(response.status, 200) << query << " " << response.body;
    EXPECT_EQ(response.body.find("sk-audit"), std::string::npos) << "a secret in the audit list";
    EXPECT_EQ(response.body.find(token), std::string::npos) << "a token in the audit list";
    return json(response);
  };
  using Lines = std::vector<std::string>;
  auto created = audit("?action=api_key.created");
  EXPECT_EQ(created.at("total"), 2);
  EXPECT_EQ(audit_lines(created), (Lines{"api_key.created|user|Dana Developer|dev@example.com",
                                         "api_key.created|user|Test User|owner@example.com"}));
  auto devs = audit("?actor=" + dev.user.id);
  EXPECT_EQ(devs.at("total"), 1);
  EXPECT_EQ(devs.at("items").as_array()[0].at("actor").at("id").as_string(), dev.user.id);
  auto tokens = audit("?actor=" + token_id);
  EXPECT_EQ(audit_lines(tokens), (Lines{"api_key.resolved|service_token|Backend app|null"}));
  EXPECT_EQ(audit("?action=api_key.resolved&actor=" + dev.user.id).at("total"), 0);
  auto owners_creations = audit("?action=api_key.created&actor=" + owner.user.id + "&page_size=1");
  EXPECT_EQ(owners_creations.at("total"), 1);
  EXPECT_EQ(audit("?actor=&action=").at("total"), audit("").at("total")) << "empty: no filter";
  // A member who has left the team is still named on what they did.
  ASSERT_EQ(
      h.request("DELETE", "/api/v1/teams/" + team + "/members/" + dev.user.id, owner.credentials)
          .status,
      204);
  EXPECT_EQ(audit_lines(audit("?actor=" + dev.user.id)),
            (Lines{"api_key.created|user|Dana Developer|dev@example.com"}));
}

TEST_F(ApiKeys, AuditListRejectsAnUnknownActionNamingIt) {
  auto refused = [&](const std::string& query) {
    RawResponse response =
        h.request("GET", "/api/v1/teams/" + team + "/audit-events" + query, owner.credentials);
    EXPECT_EQ(response.status, 422) << query;
    auto errors = json(response).at("errors").as_array();
    std::vector<std::string> fields;
    for (const auto& error : errors) fields.emplace_back(error.at("field").as_string());
    return fields;
  };
  EXPECT_EQ(refused("?action=api_key.stolen"), std::vector<std::string>{"action"});
  EXPECT_EQ(refused("?action=API_KEY.CREATED"), std::vector<std::string>{"action"});
  EXPECT_EQ(refused("?action=x&page_size=0"), (std::vector<std::string>{"page_size", "action"}));
}

TEST_F(ApiKeys, AuditListNamesOnlyActorsOfTheTeamsOwnEvents) {
  TestUser bob = h.make_user("bob@example.com", "Bob Elsewhere");
  std::string team_b = h.make_team("Other", bob.user.id);
  RawResponse made = h.request("POST", "/api/v1/teams/" + team_b + "/service-tokens",
                               bob.credentials, R"({"name":"B's token","types":["openai"]})");
  ASSERT_EQ(made.status, 201) << made.body;
  std::string b_token(json(made).at("id").as_string());
  ASSERT_EQ(h.request("POST", "/api/v1/teams/" + team_b + "/api-keys", bob.credentials,
                      key_body("openai", "B's key", "sk-audit-b-1"))
                .status,
            201);
  create_id("openai", "A's key", "sk-audit-a-1");
  for (const std::string& actor : {bob.user.id, b_token}) {
    RawResponse response = h.request(
        "GET", "/api/v1/teams/" + team + "/audit-events?actor=" + actor, owner.credentials);
    ASSERT_EQ(response.status, 200);
    EXPECT_EQ(json(response).at("total"), 0) << "another team's actor";
  }
  RawResponse all = h.request("GET", "/api/v1/teams/" + team + "/audit-events", owner.credentials);
  EXPECT_EQ(all.body.find("Bob Elsewhere"), std::string::npos);
  EXPECT_EQ(all.body.find("bob@example.com"), std::string::npos);
  EXPECT_EQ(all.body.find("B's token"), std::string::npos);
}

TEST_F(ApiKeys, ListsSecretVersionsNewestFirstWithoutASecret) {
  std::string id = create_id("openai", "Versioned", "sk-version-one-0001");
  RawResponse renamed =
      h.request("PATCH", keys_path("/" + id), owner.credentials, R"({"description":"Renamed"})");
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(json(renamed).at("secret_version"), 1) << "a rename is no new secret";
  RawResponse changed = h.request("PATCH", keys_path("/" + id), owner.credentials,
                                  R"({"key":"sk-version-two-0002"})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(json(changed).at("secret_version"), 2);
  EXPECT_EQ(json(changed).at("version"), 3);

  RawResponse response = h.request("GET", keys_path("/" + id + "/versions"), owner.credentials);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.header("etag"), "\"3\"");
  EXPECT_EQ(response.body.find("version-one"), std::string::npos) << "no secret listed";
  EXPECT_EQ(response.body.find("version-two"), std::string::npos) << "no secret listed";
  auto body = json(response);
  EXPECT_EQ(body.at("secret_versions_kept"), 10);
  const auto& items = body.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("version"), 2);
  EXPECT_EQ(items[0].at("change"), "key changed");
  EXPECT_EQ(items[0].at("current"), true);
  EXPECT_EQ(items[0].at("available"), true);
  EXPECT_EQ(items[0].at("key_hint"), "sk-…0002");
  EXPECT_EQ(items[0].at("fingerprint").as_string().size(), 12u);
  EXPECT_EQ(items[1].at("version"), 1);
  EXPECT_EQ(items[1].at("change"), "created");
  EXPECT_EQ(items[1].at("current"), false);
  EXPECT_EQ(items[1].at("created_by").as_string(), owner.user.id);
  EXPECT_TRUE(items[1].at("restored_from").is_null());
  EXPECT_EQ(h.request("GET", keys_path("/no-such-key/versions"), owner.credentials).status, 404);
}

TEST_F(ApiKeys, RevealsAndRestoresAPastSecretVersion) {
  std::string id = create_id("openai", "Versioned", "sk-version-one-0001");
  ASSERT_EQ(
      h.request("PATCH", keys_path("/" + id), owner.credentials, R"({"key":"sk-version-two-0002"})")
          .status,
      200);
  RawResponse revealed =
      h.request("POST", keys_path("/" + id + "/versions/1/reveal"), owner.credentials);
  ASSERT_EQ(revealed.status, 200) << revealed.body;
  EXPECT_EQ(revealed.header("cache-control"), "no-store");
  EXPECT_EQ(json(revealed).at("key"), "sk-version-one-0001");
  EXPECT_EQ(json(revealed).at("version"), 1);
  EXPECT_EQ(h.request("POST", keys_path("/" + id + "/versions/7/reveal"), owner.credentials).status,
            404);
  EXPECT_EQ(h.request("POST", keys_path("/" + id + "/versions/x/reveal"), owner.credentials).status,
            404);

  RawResponse stale = h.request("POST", keys_path("/" + id + "/versions/1/restore"),
                                owner.credentials, "", {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 412) << stale.body;
  RawResponse restored = h.request("POST", keys_path("/" + id + "/versions/1/restore"),
                                   owner.credentials, "", {{"If-Match", "\"2\""}});
  ASSERT_EQ(restored.status, 200) << restored.body;
  EXPECT_EQ(restored.header("etag"), "\"3\"");
  EXPECT_EQ(json(restored).at("secret_version"), 3);
  EXPECT_EQ(json(restored).at("key_hint"), "sk-…0001");
  EXPECT_EQ(restored.body.find("version-one"), std::string::npos);
  RawResponse current = h.request("POST", keys_path("/" + id + "/reveal"), owner.credentials);
  EXPECT_EQ(json(current).at("key"), "sk-version-one-0001");
  auto versions = json(h.request("GET", keys_path("/" + id + "/versions"), owner.credentials));
  EXPECT_EQ(versions.at("items").as_array()[0].at("change"), "restored from version 1");
  EXPECT_EQ(versions.at("items").as_array()[0].at("restored_from"), 1);
}

TEST_F(ApiKeys, ATeamKeepsTheSecretsOfItsNewestVersionsOnly) {
  RawResponse team_now = h.request("GET", "/api/v1/teams/" + team, owner.credentials);
  EXPECT_EQ(json(team_now).at("secret_versions_kept"), 10);
  for (const char* bad : {R"({"secret_versions_kept":0})", R"({"secret_versions_kept":101})",
                          R"({"secret_versions_kept":"2"})"}) {
    RawResponse refused = h.request("PATCH", "/api/v1/teams/" + team, owner.credentials, bad);
    EXPECT_EQ(refused.status, 422) << bad;
  }
  EXPECT_EQ(h.request("PATCH", "/api/v1/teams/" + team, owner.credentials, "{}").status, 400);
  std::string id = create_id("openai", "Versioned", "sk-version-one-0001");
  ASSERT_EQ(
      h.request("PATCH", keys_path("/" + id), owner.credentials, R"({"key":"sk-version-two-0002"})")
          .status,
      200);
  RawResponse kept = h.request("PATCH", "/api/v1/teams/" + team, owner.credentials,
                               R"({"secret_versions_kept":1})");
  ASSERT_EQ(kept.status, 200) << kept.body;
  EXPECT_EQ(json(kept).at("secret_versions_kept"), 1);
  auto versions = json(h.request("GET", keys_path("/" + id + "/versions"), owner.credentials));
  EXPECT_EQ(versions.at("items").as_array()[1].at("available"), false);
  RawResponse gone =
      h.request("POST", keys_path("/" + id + "/versions/1/reveal"), owner.credentials);
  EXPECT_EQ(gone.status, 409) << gone.body;
  EXPECT_NE(gone.body.find("no longer stored"), std::string::npos) << gone.body;
  EXPECT_EQ(
      h.request("POST", keys_path("/" + id + "/versions/1/restore"), owner.credentials).status,
      409);
}

}  // namespace
}  // namespace keyward::api
