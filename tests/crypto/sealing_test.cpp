#include "crypto/sealing.h"

#include <gtest/gtest.h>

#include <cstring>

namespace keyward::crypto {
namespace {

MasterKey master(const char* base64) { return MasterKey::from_base64(base64, "test").value(); }

constexpr char kMasterA[] = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
constexpr char kMasterB[] = "ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICA=";
constexpr char kPlain[] = "sk-ant-api03-this-is-a-test-key-7f3a";

TEST(Sealing, OpensWhatItSealed) {
  DataKey key = DataKey::generate();
  Sealed sealed = seal_api_key(key, "team-1", "key-1", kPlain);
  EXPECT_EQ(sealed.ciphertext.find("this-is-a-test"), std::string::npos);
  auto opened = open_api_key(key, "team-1", "key-1", sealed);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->view(), kPlain);
}

TEST(Sealing, UsesAFreshNonceEveryTime) {
  DataKey key = DataKey::generate();
  Sealed first = seal_api_key(key, "team-1", "key-1", kPlain);
  Sealed second = seal_api_key(key, "team-1", "key-1", kPlain);
  EXPECT_NE(first.nonce, second.nonce);
  EXPECT_NE(first.ciphertext, second.ciphertext);
}

TEST(Sealing, RejectsCiphertextMovedToAnotherRow) {
  DataKey key = DataKey::generate();
  Sealed sealed = seal_api_key(key, "team-1", "key-1", kPlain);
  EXPECT_FALSE(open_api_key(key, "team-1", "key-2", sealed).ok());
}

TEST(Sealing, RejectsCiphertextMovedToAnotherTeam) {
  DataKey key = DataKey::generate();
  Sealed sealed = seal_api_key(key, "team-1", "key-1", kPlain);
  EXPECT_FALSE(open_api_key(key, "team-2", "key-1", sealed).ok());
  EXPECT_FALSE(open_api_key(DataKey::generate(), "team-1", "key-1", sealed).ok());
}

TEST(Sealing, RejectsAnyFlippedBit) {
  DataKey key = DataKey::generate();
  Sealed sealed = seal_api_key(key, "team-1", "key-1", kPlain);
  for (std::size_t i = 0; i < sealed.ciphertext.size(); ++i) {
    Sealed tampered = sealed;
    tampered.ciphertext[i] = static_cast<char>(tampered.ciphertext[i] ^ 0x01);
    EXPECT_FALSE(open_api_key(key, "team-1", "key-1", tampered).ok()) << "byte " << i;
  }
  Sealed bad_nonce = sealed;
  bad_nonce.nonce[0] = static_cast<char>(bad_nonce.nonce[0] ^ 0x80);
  EXPECT_FALSE(open_api_key(key, "team-1", "key-1", bad_nonce).ok());
  Sealed truncated = sealed;
  truncated.ciphertext.resize(4);
  EXPECT_FALSE(open_api_key(key, "team-1", "key-1", truncated).ok());
}

TEST(TeamKeyWrapping, UnwrapsUnderTheSameMasterKeyOnly) {
  MasterKey a = master(kMasterA);
  MasterKey b = master(kMasterB);
  DataKey key = DataKey::generate();
  WrappedKey wrapped = wrap_team_key(a, "team-1", key);
  EXPECT_EQ(wrapped.master_key_id, a.id());
  auto back = unwrap_team_key(a, "team-1", wrapped);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(std::memcmp(back->bytes(), key.bytes(), DataKey::kSize), 0);

  auto wrong_master = unwrap_team_key(b, "team-1", wrapped);
  ASSERT_FALSE(wrong_master.ok());
  EXPECT_EQ(
      wrong_master.error().detail.find(std::string(reinterpret_cast<const char*>(key.bytes()), 4)),
      std::string::npos);
  EXPECT_FALSE(unwrap_team_key(a, "team-2", wrapped).ok());
  WrappedKey tampered = wrapped;
  tampered.ciphertext[3] = static_cast<char>(tampered.ciphertext[3] ^ 0x10);
  EXPECT_FALSE(unwrap_team_key(a, "team-1", tampered).ok());
}

TEST(Fingerprint, IsStableWithinATeamAndDiffersAcrossTeams) {
  MasterKey a = master(kMasterA);
  EXPECT_EQ(fingerprint(a, "team-1", kPlain), fingerprint(a, "team-1", kPlain));
  EXPECT_EQ(fingerprint(a, "team-1", kPlain).size(), 32u);
  EXPECT_NE(fingerprint(a, "team-1", kPlain), fingerprint(a, "team-2", kPlain));
  EXPECT_NE(fingerprint(a, "team-1", kPlain), fingerprint(a, "team-1", "sk-other"));
  EXPECT_NE(fingerprint(a, "team-1", kPlain), fingerprint(master(kMasterB), "team-1", kPlain));
  // The team id is length-prefixed: ("ab", "c…") and ("a", "bc…") never collide.
  EXPECT_NE(fingerprint(a, "ab", "cdef"), fingerprint(a, "a", "bcdef"));
}

TEST(SecretString, WipesOnMove) {
  SecretString first(std::string(64, 'x'));
  SecretString second = std::move(first);
  EXPECT_TRUE(first.view().empty());  // NOLINT(bugprone-use-after-move): the point of the test
  EXPECT_EQ(second.view(), std::string(64, 'x'));
}

}  // namespace
}  // namespace keyward::crypto
