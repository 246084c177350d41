#include "crypto/random.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace keyward::crypto {
namespace {

TEST(Random, MakesVersion4Uuids) {
  std::regex uuid("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = random_uuid();
    EXPECT_TRUE(std::regex_match(id, uuid)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(Random, MakesUrlSafeTokensOf32Bytes) {
  std::string token = random_token();
  EXPECT_EQ(token.size(), 43u);  // 32 bytes in unpadded base64
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  EXPECT_NE(token, random_token());
}

TEST(Random, MakesHexOfTheAskedLength) {
  EXPECT_EQ(random_hex(8).size(), 16u);
  EXPECT_EQ(random_hex(0), "");
}

}  // namespace
}  // namespace keyward::crypto
