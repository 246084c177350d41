#include "domain/catalogue.h"

#include <gtest/gtest.h>

namespace keyward {
namespace {

TEST(Catalogue, ListsTheElevenTypesOfTheDesignInOrder) {
  std::vector<std::string> ids;
  for (const auto& type : key_types()) ids.emplace_back(type.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"openai", "anthropic", "google", "deepseek",
                                           "fast_inference", "xai", "perplexity", "data_platform",
                                           "support_system", "google_translate", "exa"}));
  EXPECT_EQ(find_key_type("anthropic")->key_prefix, "sk-ant-");
  EXPECT_EQ(find_key_type("support_system")->category, "support");
  EXPECT_EQ(find_key_type("exa")->description, "Search API integration for web discovery");
  EXPECT_EQ(find_key_type("missing"), nullptr);
}

TEST(Catalogue, PutsEveryTypeInAKnownCategory) {
  ASSERT_EQ(key_categories().size(), 3u);
  EXPECT_EQ(key_categories()[0].name, "AI/ML Services");
  for (const auto& type : key_types()) {
    bool known = false;
    for (const auto& category : key_categories()) known |= category.id == type.category;
    EXPECT_TRUE(known) << type.id;
  }
}

TEST(Catalogue, KeyPagesAreHttpsOrAbsent) {
  for (const auto& type : key_types()) {
    if (type.key_url.empty()) continue;
    EXPECT_TRUE(type.key_url.starts_with("https://")) << type.id;
  }
  EXPECT_EQ(find_key_type("google_translate")->key_url,
            "https://console.cloud.google.com/apis/credentials");
  EXPECT_TRUE(find_key_type("support_system")->key_url.empty());
}

}  // namespace
}  // namespace keyward
