#include "crypto/master_key.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "support/result_matchers.h"
#include "support/test_server.h"

namespace keyward::crypto {
namespace {

using keyward::testing::TempDir;

// base64 of 32 bytes 0x01..0x20.
constexpr char kValidKey[] = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

void write_file(const std::filesystem::path& path, const std::string& text, mode_t mode) {
  std::ofstream(path) << text;
  ::chmod(path.c_str(), mode);
}

TEST(MasterKey, GeneratesThePrivateDevDefaultWhenNothingIsConfigured) {
  TempDir dir;
  auto path = dir.path() / "var" / "master.key";
  auto loaded = load_master_key({"", "", path.string()});
  ASSERT_THAT(loaded, IsOk());
  EXPECT_TRUE(loaded->generated);
  struct stat st = {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // The next start reads the same key instead of making another.
  auto again = load_master_key({"", "", path.string()});
  ASSERT_THAT(again, IsOk());
  EXPECT_FALSE(again->generated);
  EXPECT_EQ(again->key.id(), loaded->key.id());
}

TEST(MasterKey, ReadsAConfiguredFileWithATrailingNewline) {
  TempDir dir;
  auto path = dir.path() / "master.key";
  write_file(path, std::string(kValidKey) + "\n", 0600);
  auto loaded = load_master_key({path.string(), "", ""});
  ASSERT_THAT(loaded, IsOk());
  EXPECT_EQ(loaded->key.bytes()[0], 0x01);
  EXPECT_EQ(loaded->key.bytes()[31], 0x20);
  EXPECT_EQ(loaded->key.id().size(), 16u);
}

TEST(MasterKey, ReadsTheKeyFromTheEnvironmentValue) {
  auto loaded = load_master_key({"", kValidKey, ""});
  ASSERT_THAT(loaded, IsOk());
  EXPECT_EQ(loaded->origin, "KEYWARD_MASTER_KEY");
}

TEST(MasterKey, StopsWhenTheConfiguredFileIsMissing) {
  TempDir dir;
  auto loaded = load_master_key({(dir.path() / "absent.key").string(), "", "unused"});
  ASSERT_THAT(loaded, ::testing::Not(IsOk()));
  EXPECT_NE(loaded.error().internal.find("does not exist"), std::string::npos);
}

// Both halves of the error carry the explanation: the start-up message may print either.
TEST(MasterKey, ExplainsAFailureInTheDetailAsWellAsInTheLog) {
  TempDir dir;
  auto loaded = load_master_key({(dir.path() / "absent.key").string(), "", "unused"});
  ASSERT_THAT(loaded, ::testing::Not(IsOk()));
  EXPECT_NE(loaded.error().detail.find("does not exist"), std::string::npos);
  EXPECT_EQ(loaded.error().detail, loaded.error().internal);
}

TEST(MasterKey, StopsWhenTheFileIsReadableByOthers) {
  TempDir dir;
  auto path = dir.path() / "master.key";
  write_file(path, kValidKey, 0644);
  auto loaded = load_master_key({path.string(), "", ""});
  ASSERT_THAT(loaded, ::testing::Not(IsOk()));
  EXPECT_NE(loaded.error().internal.find("readable by group or others"), std::string::npos);
  EXPECT_NE(loaded.error().internal.find("chmod 600"), std::string::npos);
}

TEST(MasterKey, StopsWhenTheFileIsUnreadable) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads any file; covered for other users";
  TempDir dir;
  auto path = dir.path() / "master.key";
  write_file(path, kValidKey, 0000);
  auto loaded = load_master_key({path.string(), "", ""});
  ASSERT_THAT(loaded, ::testing::Not(IsOk()));
  EXPECT_NE(loaded.error().internal.find("cannot read"), std::string::npos);
}

TEST(MasterKey, StopsOnAKeyOfTheWrongLength) {
  auto loaded = load_master_key({"", "AQIDBAUGBwgJCgsMDQ4PEA==", ""});  // 16 bytes
  ASSERT_THAT(loaded, ::testing::Not(IsOk()));
  EXPECT_NE(loaded.error().internal.find("has 16 bytes"), std::string::npos);
}

TEST(MasterKey, StopsOnTextThatIsNotBase64WithoutEchoingIt) {
  auto loaded = load_master_key({"", "this is not base64 but a secret!!", ""});
  ASSERT_THAT(loaded, ::testing::Not(IsOk()));
  EXPECT_NE(loaded.error().internal.find("not base64"), std::string::npos);
  EXPECT_EQ(loaded.error().internal.find("secret"), std::string::npos);
}

TEST(MasterKey, StopsWhenBothSourcesAreSet) {
  TempDir dir;
  auto path = dir.path() / "master.key";
  write_file(path, kValidKey, 0600);
  auto loaded = load_master_key({path.string(), kValidKey, ""});
  ASSERT_THAT(loaded, ::testing::Not(IsOk()));
  EXPECT_NE(loaded.error().internal.find("both"), std::string::npos);
}

TEST(MasterKey, NamesDifferentKeysDifferently) {
  auto a = load_master_key({"", kValidKey, ""});
  auto b = load_master_key({"", "ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICA=", ""});
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  EXPECT_NE(a->key.id(), b->key.id());
}

}  // namespace
}  // namespace keyward::crypto
