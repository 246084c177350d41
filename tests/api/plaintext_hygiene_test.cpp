// Stores, changes, reveals and deletes many keys over HTTP, then searches every byte the server
// left behind (the database: SQLite's file, WAL and shared memory, or PostgreSQL's rows; the
// log) for every secret it was given.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <fstream>
#include <sstream>

#include "crypto/random.h"
#include "log/log.h"
#include "support/api_harness.h"
#include "support/process.h"

namespace keyward::api {
namespace {

using keyward::testing::ApiHarness;
using keyward::testing::RawResponse;

std::string hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

TEST(PlaintextHygiene, NoSecretReachesTheDatabaseItsWalTheLogTheMetricsOrABackup) {
  std::ostringstream captured;
  log::init_for_testing(captured, log::Format::kJson);
  std::vector<std::string> secrets;
  std::vector<std::string> responses;
  {
    ApiHarness h;
    auto owner = h.make_user("owner@example.com");
    secrets.push_back(owner.credentials.session_token);
    secrets.push_back(owner.credentials.csrf_token);
    std::string team = h.make_team("Acme", owner.user.id);
    std::string path = "/api/v1/teams/" + team + "/api-keys";
    std::vector<std::string> ids;
    constexpr int kKeys = 300;
    for (int i = 0; i < kKeys; ++i) {
      std::string plaintext = "sk-hygiene-" + crypto::random_token();
      secrets.push_back(plaintext);
      RawResponse created = h.request(
          "POST", path, owner.credentials,
          boost::json::serialize(boost::json::object{{"type", "openai"},
                                                     {"description", "Key " + std::to_string(i)},
                                                     {"key", plaintext}}));
      ASSERT_EQ(created.status, 201) << created.body;
      responses.push_back(created.body);
      ids.emplace_back(boost::json::parse(created.body).at("id").as_string());
      // The same key again: the 409 must not echo it.
      if (i % 50 == 0) {
        RawResponse duplicate =
            h.request("POST", path, owner.credentials,
                      boost::json::serialize(boost::json::object{
                          {"type", "openai"}, {"description", "Again"}, {"key", plaintext}}));
        EXPECT_EQ(duplicate.status, 409);
        responses.push_back(duplicate.body);
      }
    }
    for (int i = 0; i < 60; ++i) {
      std::string replacement = "sk-replaced-" + crypto::random_token();
      secrets.push_back(replacement);
      RawResponse patched =
          h.request("PATCH", path + "/" + ids[static_cast<std::size_t>(i)], owner.credentials,
                    boost::json::serialize(boost::json::object{{"key", replacement}}));
      EXPECT_EQ(patched.status, 200);
      responses.push_back(patched.body);
    }
    for (int i = 60; i < 80; ++i) {
      EXPECT_EQ(h.request("POST", path + "/" + ids[static_cast<std::size_t>(i)] + "/reveal",
                          owner.credentials)
                    .status,
                200);
    }
    for (int i = 80; i < 100; ++i) {
      EXPECT_EQ(
          h.request("DELETE", path + "/" + ids[static_cast<std::size_t>(i)], owner.credentials)
              .status,
          204);
    }
    // Invalid keys are refused without being repeated back.
    std::string bad = "sk-invalid " + crypto::random_token();
    secrets.push_back(bad);
    RawResponse refused = h.request("POST", path, owner.credentials,
                                    boost::json::serialize(boost::json::object{
                                        {"type", "openai"}, {"description", "Bad"}, {"key", bad}}));
    EXPECT_EQ(refused.status, 422);
    responses.push_back(refused.body);
    // A failed sign-in with a password that looks like a key.
    std::string password = "password-" + crypto::random_token();
    secrets.push_back(password);
    h.request("POST", "/api/v1/session", {},
              boost::json::serialize(
                  boost::json::object{{"email", "owner@example.com"}, {"password", password}}));
    responses.push_back(h.request("GET", "/metrics").body);

    // SQLite: the file, its WAL and shared memory. PostgreSQL: every row of every table as
    // text, where binary columns read as hex, so secrets are looked for in hex too.
    std::string database = h.database().contents();
    ASSERT_GT(database.size(), 100'000u) << "the keys were not written at all?";
    // Backups as an operator takes them: the portable export, and SQLite's online copy.
    std::string backups;
    for (const char* format : {"export", "sqlite"}) {
      if (std::string(format) == "sqlite" && testing::TestDatabase::postgres()) continue;
      auto file = h.dir() / (std::string("backup.") + format);
      auto [code, output] = testing::run_command(
          {KEYWARD_BINARY, "backup", file.string(), "--format", format}, h.dir().string(),
          {{"KEYWARD_DATABASE_URL", h.database().url()},
           {"KEYWARD_MASTER_KEY", ApiHarness::kMasterKeyBase64}});
      ASSERT_EQ(code, 0) << output;
      std::ifstream in(file, std::ios::binary);
      backups.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    ASSERT_GT(backups.size(), 100'000u);
    std::string logs = captured.str();
    ASSERT_NE(logs.find("\"route\":\"/api/v1/teams/{team}/api-keys\""), std::string::npos)
        << "the log was not captured";
    for (const auto& secret : secrets) {
      // Search for a distinctive middle part too, in case a prefix was stripped somewhere.
      std::string middle = secret.substr(secret.size() / 2, 16);
      for (const auto& [name, haystack] :
           {std::pair<std::string, const std::string&>{"database", database},
            {"backups", backups},
            {"log", logs}}) {
        EXPECT_EQ(haystack.find(secret), std::string::npos)
            << "secret #" << (&secret - secrets.data()) << " in " << name;
        EXPECT_EQ(haystack.find(middle), std::string::npos) << "part of a secret in " << name;
        EXPECT_EQ(haystack.find(hex(middle)), std::string::npos)
            << "part of a secret, hex-encoded, in " << name;
      }
    }
  }
  for (const auto& body : responses) {
    for (const auto& secret : secrets) {
      EXPECT_EQ(body.find(secret), std::string::npos) << "secret echoed in a response: " << body;
    }
  }
  static std::ostringstream discarded;
  log::init_for_testing(discarded, log::Format::kText);
}

}  // namespace
}  // namespace keyward::api
