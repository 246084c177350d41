// The service token services called directly on a real store (the run's engine), without HTTP.
#include "tokens/tokens.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/result_matchers.h"
#include "support/service_store.h"

namespace keyward::tokens {
namespace {

using keyward::testing::ServiceStore;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr std::int64_t kNow = 1'790'000'000'000;

class ServiceTokensService : public ::testing::Test {
 protected:
  void SetUp() override {
    db.make_team("t1");
    db.make_team("t2");
  }

  Result<NewToken> create(const Actor& actor, std::vector<std::string> types = {"openai"},
                          std::optional<std::int64_t> expires_at = std::nullopt) {
    CreateToken command{"CI", std::move(types), expires_at, {}};
    return storage::write<NewToken>(
        db.store(), [&](storage::WriteTx& tx) { return create_token(tx, actor, command, kNow); });
  }

  Result<Actor> authenticate(std::string_view secret, std::int64_t now = kNow,
                             TokenCache* cache = nullptr) {
    return storage::read<Actor>(db.store(), [&](storage::ReadTx& tx) {
      return tokens::authenticate(tx, secret, now, cache);
    });
  }

  Status revoke(const Actor& actor, const std::string& id, TokenCache* cache = nullptr) {
    return db.store().write(
        [&](storage::WriteTx& tx) { return revoke_token(tx, actor, id, kNow + 10, cache); });
  }

  ServiceStore db;
  Actor admin = Actor::member("u-admin", "t1", Role::kAdmin, {"198.51.100.4", "agent"});
  Actor developer = Actor::member("u-dev", "t1", Role::kDeveloper);
};

TEST_F(ServiceTokensService, ANewTokenAuthenticatesAsAServiceTokenOfItsTeam) {
  auto made = create(admin, {"openai", "exa"});
  ASSERT_THAT(made, IsOk());
  EXPECT_EQ(made->secret.view().rfind(kServiceTokenPrefix, 0), 0u);
  EXPECT_EQ(made->token.created_by, "u-admin");
  EXPECT_EQ(made->token.token_hash.find(made->secret.view()), std::string::npos);
  auto actor = authenticate(made->secret.view());
  ASSERT_THAT(actor, IsOk());
  EXPECT_EQ(actor->kind, Actor::Kind::kServiceToken);
  EXPECT_EQ(actor->id, made->token.id);
  EXPECT_EQ(actor->team_id, "t1");
  EXPECT_THAT(actor->key_types, ElementsAre("openai", "exa"));
  EXPECT_TRUE(actor->may_resolve("exa"));
  EXPECT_FALSE(actor->may(Permission::kApiKeysRead));

  auto audit = db.audit("t1");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "service_token.created");
  EXPECT_EQ(audit[0].target_id, made->token.id);
  EXPECT_THAT(audit[0].details, HasSubstr(R"("name":"CI")"));
  EXPECT_EQ(audit[0].details.find(made->secret.view()), std::string::npos);
}

TEST_F(ServiceTokensService, ADeveloperCannotMakeListOrRevokeTokens) {
  EXPECT_THAT(create(developer), IsError(ErrorCode::kForbidden));
  auto listed = storage::read<std::vector<ServiceToken>>(
      db.store(), [&](storage::ReadTx& tx) { return list_tokens(tx, developer); });
  EXPECT_THAT(listed, IsError(ErrorCode::kForbidden));
  auto made = create(admin);
  ASSERT_THAT(made, IsOk());
  EXPECT_THAT(revoke(developer, made->token.id), IsError(ErrorCode::kForbidden));
  EXPECT_THAT(authenticate(made->secret.view()), IsOk());
}

TEST_F(ServiceTokensService, UnknownRevokedAndExpiredTokensAreUnauthorized) {
  EXPECT_THAT(authenticate("kw_st_not-a-real-token"), IsError(ErrorCode::kUnauthorized));
  auto expiring = create(admin, {"openai"}, kNow + 60'000);
  ASSERT_THAT(expiring, IsOk());
  EXPECT_THAT(authenticate(expiring->secret.view(), kNow + 59'999), IsOk());
  EXPECT_THAT(authenticate(expiring->secret.view(), kNow + 60'000),
              IsError(ErrorCode::kUnauthorized));
  auto revoked = create(admin);
  ASSERT_THAT(revoked, IsOk());
  ASSERT_THAT(revoke(admin, revoked->token.id), IsOk());
  EXPECT_THAT(authenticate(revoked->secret.view()), IsError(ErrorCode::kUnauthorized));
  EXPECT_THAT(revoke(admin, revoked->token.id), IsError(ErrorCode::kNotFound));
  auto audit = db.audit("t1");
  EXPECT_EQ(audit[0].action, "service_token.revoked");
  EXPECT_EQ(audit[0].actor_id, "u-admin");
}

TEST_F(ServiceTokensService, ARevokedTokenLeavesThisServersCacheOnCommit) {
  auto made = create(admin);
  ASSERT_THAT(made, IsOk());
  TokenCache cache;
  EXPECT_FALSE(authenticate_cached(made->secret.view(), kNow, &cache).has_value());
  ASSERT_THAT(authenticate(made->secret.view(), kNow, &cache), IsOk());
  auto cached = authenticate_cached(made->secret.view(), kNow, &cache);
  ASSERT_TRUE(cached.has_value());
  EXPECT_THAT(*cached, IsOk());
  ASSERT_THAT(revoke(admin, made->token.id, &cache), IsOk());
  EXPECT_FALSE(authenticate_cached(made->secret.view(), kNow, &cache).has_value());
  EXPECT_THAT(authenticate(made->secret.view(), kNow, &cache), IsError(ErrorCode::kUnauthorized));
}

TEST_F(ServiceTokensService, ALeavingMembersLiveTokensAreRevokedAndAuditedOthersKept) {
  Actor other_admin = Actor::member("u-other", "t1", Role::kAdmin);
  auto theirs = create(other_admin);
  auto also_theirs = create(other_admin, {"exa"});
  auto mine = create(admin);
  ASSERT_THAT(theirs, IsOk());
  ASSERT_THAT(also_theirs, IsOk());
  ASSERT_THAT(mine, IsOk());
  ASSERT_THAT(revoke(other_admin, also_theirs->token.id), IsOk());
  std::size_t audited = db.audit("t1").size();
  // The owner removes u-other: a system-side consequence, no permission of the actor's needed.
  Actor remover = Actor::member("u-owner", "t1", Role::kOwner);
  auto done = db.store().write([&](storage::WriteTx& tx) {
    return revoke_tokens_of(tx, remover, "t1", "u-other", "member_removed", kNow + 20);
  });
  ASSERT_THAT(done, IsOk());
  EXPECT_THAT(authenticate(theirs->secret.view()), IsError(ErrorCode::kUnauthorized));
  EXPECT_THAT(authenticate(mine->secret.view()), IsOk());
  auto audit = db.audit("t1");
  ASSERT_EQ(audit.size(), audited + 1);  // the one live token, not the one revoked before
  EXPECT_EQ(audit[0].action, "service_token.revoked");
  EXPECT_EQ(audit[0].actor_id, "u-owner");
  EXPECT_EQ(audit[0].target_id, theirs->token.id);
  EXPECT_EQ(audit[0].details, R"({"reason":"member_removed","created_by":"u-other"})");
}

TEST_F(ServiceTokensService, ATokenOfAnotherTeamIsNotFound) {
  auto made = create(admin);
  ASSERT_THAT(made, IsOk());
  Actor stranger = Actor::member("u-x", "t2", Role::kOwner);
  auto found = storage::read<ServiceToken>(
      db.store(), [&](storage::ReadTx& tx) { return get_token(tx, stranger, made->token.id); });
  EXPECT_THAT(found, IsError(ErrorCode::kNotFound));
  EXPECT_THAT(revoke(stranger, made->token.id), IsError(ErrorCode::kNotFound));
  auto mine = storage::read<ServiceToken>(
      db.store(), [&](storage::ReadTx& tx) { return get_token(tx, admin, made->token.id); });
  ASSERT_THAT(mine, IsOk());
  EXPECT_EQ(mine->name, "CI");
}

}  // namespace
}  // namespace keyward::tokens
