#include "crypto/sealing.h"

#include <gtest/gtest.h>

#include <cstring>

#include "crypto/encoding.h"
#include "support/result_matchers.h"

namespace keyward::crypto {
namespace {

MasterKey master(const char* base64) { return MasterKey::from_base64(base64, "test").value(); }

constexpr char kMasterA[] = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
constexpr char kMasterB[] = "ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICA=";
constexpr char kPlain[] = "sk-ant-api03-this-is-a-test-key-7f3a";

TEST(Sealing, OpensWhatItSealed) {
  DataKey key = DataKey::generate();
  Sealed sealed = seal_api_key(key, "team-1", "key-1", 1, kPlain);
  EXPECT_EQ(sealed.ciphertext.find("this-is-a-test"), std::string::npos);
  auto opened = open_api_key(key, "team-1", "key-1", 1, sealed);
  ASSERT_THAT(opened, IsOk());
  EXPECT_EQ(opened->view(), kPlain);
}

TEST(Sealing, UsesAFreshNonceEveryTime) {
  DataKey key = DataKey::generate();
  Sealed first = seal_api_key(key, "team-1", "key-1", 1, kPlain);
  Sealed second = seal_api_key(key, "team-1", "key-1", 1, kPlain);
  EXPECT_NE(first.nonce, second.nonce);
  EXPECT_NE(first.ciphertext, second.ciphertext);
}

TEST(Sealing, RejectsCiphertextMovedToAnotherRow) {
  DataKey key = DataKey::generate();
  Sealed sealed = seal_api_key(key, "team-1", "key-1", 1, kPlain);
  EXPECT_THAT(open_api_key(key, "team-1", "key-2", 1, sealed), ::testing::Not(IsOk()));
}

TEST(Sealing, RejectsCiphertextMovedToAnotherTeam) {
  DataKey key = DataKey::generate();
  Sealed sealed = seal_api_key(key, "team-1", "key-1", 1, kPlain);
  EXPECT_THAT(open_api_key(key, "team-2", "key-1", 1, sealed), ::testing::Not(IsOk()));
  EXPECT_THAT(open_api_key(DataKey::generate(), "team-1", "key-1", 1, sealed),
              ::testing::Not(IsOk()));
}

TEST(Sealing, RejectsCiphertextMovedToAnotherVersion) {
  DataKey key = DataKey::generate();
  Sealed sealed = seal_api_key(key, "team-1", "key-1", 2, kPlain);
  EXPECT_THAT(open_api_key(key, "team-1", "key-1", 2, sealed), IsOk());
  EXPECT_THAT(open_api_key(key, "team-1", "key-1", 1, sealed), ::testing::Not(IsOk()));
  EXPECT_THAT(open_api_key(key, "team-1", "key-1", 3, sealed), ::testing::Not(IsOk()));
  // Nor as a row sealed before versions existed: the two schemes never open each other's.
  EXPECT_THAT(open_unversioned_api_key(key, "team-1", "key-1", sealed), ::testing::Not(IsOk()));
  Sealed unversioned = seal_unversioned_api_key(key, "team-1", "key-1", kPlain);
  EXPECT_THAT(open_api_key(key, "team-1", "key-1", 1, unversioned), ::testing::Not(IsOk()));
  auto opened = open_unversioned_api_key(key, "team-1", "key-1", unversioned);
  ASSERT_THAT(opened, IsOk());
  EXPECT_EQ(opened->view(), kPlain);
}

TEST(Sealing, RejectsAnyFlippedBit) {
  DataKey key = DataKey::generate();
  Sealed sealed = seal_api_key(key, "team-1", "key-1", 1, kPlain);
  for (std::size_t i = 0; i < sealed.ciphertext.size(); ++i) {
    Sealed tampered = sealed;
    tampered.ciphertext[i] = static_cast<char>(tampered.ciphertext[i] ^ 0x01);
    EXPECT_THAT(open_api_key(key, "team-1", "key-1", 1, tampered), ::testing::Not(IsOk()))
        << "byte " << i;
  }
  Sealed bad_nonce = sealed;
  bad_nonce.nonce[0] = static_cast<char>(bad_nonce.nonce[0] ^ 0x80);
  EXPECT_THAT(open_api_key(key, "team-1", "key-1", 1, bad_nonce), ::testing::Not(IsOk()));
  Sealed truncated = sealed;
  truncated.ciphertext.resize(4);
  EXPECT_THAT(open_api_key(key, "team-1", "key-1", 1, truncated), ::testing::Not(IsOk()));
}

TEST(TeamKeyWrapping, UnwrapsUnderTheSameMasterKeyOnly) {
  MasterKey a = master(kMasterA);
  MasterKey b = master(kMasterB);
  DataKey key = DataKey::generate();
  WrappedKey wrapped = wrap_team_key(a, "team-1", key);
  EXPECT_EQ(wrapped.master_key_id, a.id());
  auto back = unwrap_team_key(a, "team-1", wrapped);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(std::memcmp(back->bytes(), key.bytes(), DataKey::kSize), 0);

  auto wrong_master = unwrap_team_key(b, "team-1", wrapped);
  ASSERT_THAT(wrong_master, ::testing::Not(IsOk()));
  EXPECT_EQ(
      wrong_master.error().detail.find(std::string(reinterpret_cast<const char*>(key.bytes()), 4)),
      std::string::npos);
  EXPECT_THAT(unwrap_team_key(a, "team-2", wrapped), ::testing::Not(IsOk()));
  WrappedKey tampered = wrapped;
  tampered.ciphertext[3] = static_cast<char>(tampered.ciphertext[3] ^ 0x10);
  EXPECT_THAT(unwrap_team_key(a, "team-1", tampered), ::testing::Not(IsOk()));
}

TEST(Fingerprint, IsStableWithinATeamAndDiffersAcrossTeams) {
  FingerprintKey a = FingerprintKey::derived_from(master(kMasterA));
  EXPECT_EQ(fingerprint(a, "team-1", kPlain), fingerprint(a, "team-1", kPlain));
  EXPECT_EQ(fingerprint(a, "team-1", kPlain).size(), 32u);
  EXPECT_NE(fingerprint(a, "team-1", kPlain), fingerprint(a, "team-2", kPlain));
  EXPECT_NE(fingerprint(a, "team-1", kPlain), fingerprint(a, "team-1", "sk-other"));
  EXPECT_NE(fingerprint(a, "team-1", kPlain),
            fingerprint(FingerprintKey::derived_from(master(kMasterB)), "team-1", kPlain));
  // The team id is length-prefixed: ("ab", "c…") and ("a", "bc…") never collide.
  EXPECT_NE(fingerprint(a, "ab", "cdef"), fingerprint(a, "a", "bcdef"));
}

// The key a database stores on its first start after the upgrade is the one every earlier
// fingerprint was computed under: libsodium's BLAKE2b KDF of the master key (context
// "kwfprint", subkey 1). Pinned by a value computed independently (Python's hashlib.blake2b with
// the KDF's salt and personalisation), so a change that would orphan stored fingerprints fails.
TEST(FingerprintKey, TheDerivedKeyGivesTheFingerprintsStoredBeforeTheKeyWasStored) {
  FingerprintKey derived = FingerprintKey::derived_from(master(kMasterA));
  EXPECT_EQ(to_hex(fingerprint(derived, "team-1", "sk-test-0123456789")),
            "c578fadaf430a90f175e96bd860834660c4ceb9f20c91e3937583ce016a6f7f7");
  // A stored key is just bytes: the same bytes give the same fingerprints, whatever master key
  // later wraps them.
  FingerprintKey copy = FingerprintKey::from(DataKey::from_bytes(derived.key().bytes()));
  EXPECT_EQ(fingerprint(copy, "team-1", kPlain), fingerprint(derived, "team-1", kPlain));
}

TEST(ServerKeyWrapping, OpensUnderTheSameMasterKeyAndNameOnly) {
  MasterKey a = master(kMasterA);
  DataKey key = DataKey::generate();
  WrappedKey wrapped = wrap_server_key(a, "fingerprint", key);
  EXPECT_EQ(wrapped.master_key_id, a.id());
  auto opened = unwrap_server_key(a, "fingerprint", wrapped);
  ASSERT_THAT(opened, IsOk());
  EXPECT_EQ(std::memcmp(opened->bytes(), key.bytes(), DataKey::kSize), 0);
  EXPECT_THAT(unwrap_server_key(master(kMasterB), "fingerprint", wrapped), ::testing::Not(IsOk()));
  EXPECT_THAT(unwrap_server_key(a, "other", wrapped), ::testing::Not(IsOk()));
  // Neither a team key nor a server key passes for the other.
  EXPECT_THAT(unwrap_team_key(a, "fingerprint", wrapped), ::testing::Not(IsOk()));
  EXPECT_THAT(unwrap_server_key(a, "team-1", wrap_team_key(a, "team-1", key)),
              ::testing::Not(IsOk()));
}

TEST(ExportMac, DependsOnTheMasterKeyAndEveryByte) {
  auto mac_of = [](const char* key, std::string_view text) {
    ExportMac mac(master(key));
    mac.update(text);
    return mac.hex();
  };
  std::string base = mac_of(kMasterA, "header\nrow 1\nrow 2\n");
  EXPECT_EQ(base.size(), 64u);
  EXPECT_EQ(mac_of(kMasterA, "header\nrow 1\nrow 2\n"), base);
  EXPECT_NE(mac_of(kMasterB, "header\nrow 1\nrow 2\n"), base);
  EXPECT_NE(mac_of(kMasterA, "header\nrow 2\nrow 1\n"), base);
  EXPECT_NE(mac_of(kMasterA, "header\nrow 1\n"), base);
  ExportMac pieces(master(kMasterA));
  pieces.update("header\n");
  pieces.update("row 1\nrow 2\n");
  EXPECT_TRUE(pieces.matches(base));
  EXPECT_FALSE(pieces.matches(base.substr(1)));
  EXPECT_FALSE(pieces.matches(std::string(64, '0')));
}

TEST(SecretString, WipesOnMove) {
  SecretString first(std::string(64, 'x'));
  SecretString second = std::move(first);
  EXPECT_TRUE(first.view().empty());  // NOLINT(bugprone-use-after-move): the point of the test
  EXPECT_EQ(second.view(), std::string(64, 'x'));
}

}  // namespace
}  // namespace keyward::crypto
