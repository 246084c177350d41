#include "domain/api_key.h"
#include "support/result_matchers.h"

#include <gtest/gtest.h>

namespace keyward {
namespace {

const KeyType& type(const char* id) { return *find_key_type(id); }

TEST(ApiKeyValidation, UsesTheMessagesTheUiShows) {
  FieldErrors errors;
  check_key_type("not-a-type", errors);
  check_description("   ", errors);
  check_key("", errors);
  Error error = errors.to_error();
  EXPECT_EQ(error.code, ErrorCode::kValidation);
  ASSERT_EQ(error.fields.size(), 3u);
  EXPECT_EQ(error.fields[0].message, "Select a valid API provider type");
  EXPECT_EQ(error.fields[1].message, "Description is required");
  EXPECT_EQ(error.fields[2].message, "Key is required");
}

TEST(ApiKeyValidation, TrimsDescriptionsAndBoundsThemAt200Characters) {
  FieldErrors ok;
  EXPECT_EQ(check_description("  Prod key  ", ok), "Prod key");
  check_description(std::string(200, 'd'), ok);
  EXPECT_TRUE(ok.empty());
  FieldErrors too_long;
  check_description(std::string(201, 'd'), too_long);
  EXPECT_TRUE(too_long.has("description"));
}

TEST(ApiKeyValidation, RefusesWhitespaceControlCharactersAndOversizedKeys) {
  for (std::string bad : {std::string("has space"), std::string("tab\tkey"), std::string("nl\n"),
                          std::string("nul\0x", 5), std::string(4097, 'k')}) {
    FieldErrors errors;
    check_key(bad, errors);
    EXPECT_TRUE(errors.has("key")) << bad.size();
  }
  FieldErrors ok;
  check_key(std::string(4096, 'k'), ok);
  EXPECT_TRUE(ok.empty());
}

TEST(KeyHint, ShowsTheKnownPrefixAndTheLastFourCharacters) {
  EXPECT_EQ(make_key_hint(type("anthropic"), "sk-ant-api03-abcdefghijkl7f3a"), "sk-ant-…7f3a");
  EXPECT_EQ(make_key_hint(type("openai"), "sk-proj-abcdefghijklmnop1234"), "sk-…1234");
  EXPECT_EQ(make_key_hint(type("exa"), "exa0123456789abcdef"), "…cdef");
  // The prefix is shown only when the key really has it.
  EXPECT_EQ(make_key_hint(type("anthropic"), "wrong-prefix-key-0000abcd"), "…abcd");
}

TEST(KeyHint, ShowsFewerCharactersOfShortKeys) {
  EXPECT_EQ(make_key_hint(type("exa"), "abcdefgh"), "…gh");
  EXPECT_EQ(make_key_hint(type("exa"), "abcd"), "…d");
  EXPECT_EQ(make_key_hint(type("exa"), "abc"), "…");
  EXPECT_EQ(make_key_hint(type("openai"), "sk-abc"), "sk-…");
  EXPECT_EQ(make_key_hint(type("openai"), "sk-"), "…");
}

TEST(KeyHint, NeverCutsAMultiByteCharacter) {
  std::string hint = make_key_hint(type("exa"), "ключ-ключ-ключ-ключ");
  EXPECT_NE(utf8_length(hint), std::string_view::npos) << hint;
}

TEST(KeyWarnings, WarnWhenAKeyDoesNotLookLikeItsType) {
  EXPECT_TRUE(key_warnings(type("anthropic"), "sk-ant-abc").empty());
  EXPECT_EQ(key_warnings(type("anthropic"), "sk-abc").size(), 1u);
  EXPECT_EQ(key_warnings(type("openai"), "sk-ant-abc").size(), 1u);
  EXPECT_TRUE(key_warnings(type("exa"), "anything").empty());
}

TEST(ListQuery, DefaultsToNewestFirstPageOneOf25) {
  auto query =
      parse_list_query(std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt);
  ASSERT_THAT(query, IsOk());
  EXPECT_EQ(query->sort, SortField::kCreatedAt);
  EXPECT_TRUE(query->descending);
  EXPECT_EQ(query->page, 1);
  EXPECT_EQ(query->page_size, 25);
  EXPECT_EQ(query->offset(), 0);
}

TEST(ListQuery, SortsNamesAToZUnlessToldOtherwise) {
  auto by_name = parse_list_query(std::nullopt, "description", std::nullopt, "3", "10");
  ASSERT_THAT(by_name, IsOk());
  EXPECT_EQ(by_name->sort, SortField::kDescription);
  EXPECT_FALSE(by_name->descending);
  EXPECT_EQ(by_name->offset(), 20);
  auto by_type_desc = parse_list_query(std::nullopt, "type", "desc", std::nullopt, std::nullopt);
  ASSERT_THAT(by_type_desc, IsOk());
  EXPECT_TRUE(by_type_desc->descending);
}

TEST(ListQuery, RefusesOutOfRangeValuesWithFieldMessages) {
  struct Case {
    std::optional<std::string> sort, order, page, page_size;
    const char* field;
  };
  for (const Case& c : {Case{"name", std::nullopt, std::nullopt, std::nullopt, "sort"},
                        Case{std::nullopt, "up", std::nullopt, std::nullopt, "order"},
                        Case{std::nullopt, std::nullopt, "0", std::nullopt, "page"},
                        Case{std::nullopt, std::nullopt, "two", std::nullopt, "page"},
                        Case{std::nullopt, std::nullopt, "99999999999", std::nullopt, "page"},
                        Case{std::nullopt, std::nullopt, std::nullopt, "0", "page_size"},
                        Case{std::nullopt, std::nullopt, std::nullopt, "101", "page_size"}}) {
    auto query = parse_list_query(std::nullopt, c.sort, c.order, c.page, c.page_size);
    ASSERT_THAT(query, ::testing::Not(IsOk())) << c.field;
    EXPECT_EQ(query.error().fields[0].field, c.field);
  }
  EXPECT_THAT(parse_list_query(std::string(201, 's'), std::nullopt, std::nullopt, std::nullopt,
                               std::nullopt),
              ::testing::Not(IsOk()));
}

TEST(ListQuery, FiltersByACatalogueTypeAndAVerifyStatusOrNeverChecked) {
  auto parse_filters = [](std::optional<std::string> type, std::optional<std::string> status) {
    return parse_list_query(std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
                            std::move(type), std::move(status));
  };
  auto none = parse_filters(std::nullopt, "");
  ASSERT_THAT(none, IsOk());
  EXPECT_EQ(none->type, "");
  EXPECT_EQ(none->status, StatusFilter::kAny);
  auto openai_limited = parse_filters("openai", "limited");
  ASSERT_THAT(openai_limited, IsOk());
  EXPECT_EQ(openai_limited->type, "openai");
  EXPECT_EQ(openai_limited->status, StatusFilter::kEquals);
  EXPECT_EQ(openai_limited->verify_status, "limited");
  for (std::string_view status : kVerifyStatuses) {
    auto query = parse_filters(std::nullopt, std::string(status));
    ASSERT_THAT(query, IsOk()) << status;
    EXPECT_EQ(query->verify_status, status);
  }
  auto unchecked = parse_filters("", "unchecked");
  ASSERT_THAT(unchecked, IsOk());
  EXPECT_EQ(unchecked->status, StatusFilter::kUnchecked);
}

TEST(ListQuery, RejectsAnUnknownTypeOrStatusFilterNamingTheParameter) {
  auto query = parse_list_query(std::nullopt, std::nullopt, std::nullopt, std::nullopt,
                                std::nullopt, "OpenAI", "VALID");
  ASSERT_THAT(query, IsError(ErrorCode::kValidation));
  ASSERT_EQ(query.error().fields.size(), 2u);
  EXPECT_EQ(query.error().fields[0].field, "type");
  EXPECT_EQ(query.error().fields[1].field, "status");
  auto null_status = parse_list_query(std::nullopt, std::nullopt, std::nullopt, std::nullopt,
                                      std::nullopt, std::nullopt, "null");
  ASSERT_THAT(null_status, IsError(ErrorCode::kValidation));
  EXPECT_EQ(null_status.error().fields[0].field, "status");
}

TEST(PageCount, RoundsUpAndNeverSaysZero) {
  EXPECT_EQ(page_count(0, 25), 1);
  EXPECT_EQ(page_count(25, 25), 1);
  EXPECT_EQ(page_count(26, 25), 2);
  EXPECT_EQ(page_count(100000, 25), 4000);
}

}  // namespace
}  // namespace keyward
