// The identity services called directly on a real store (no HTTP): what the API, the command line
// and later callers share. Run on SQLite and on PostgreSQL (the "postgresql." tests).
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "crypto/password.h"
#include "crypto/random.h"
#include "identity/invitations.h"
#include "identity/members.h"
#include "identity/setup.h"
#include "identity/sign_in.h"
#include "identity/teams.h"
#include "storage/store.h"
#include "support/result_matchers.h"
#include "support/test_database.h"
#include "tokens/tokens.h"

namespace keyward::identity {
namespace {

using keyward::testing::TestDatabase;

constexpr char kPassword[] = "the right password, long";
constexpr std::int64_t kTtl = 7LL * 24 * 60 * 60 * 1000;
const SessionPolicy kPolicy{2LL * 60 * 60 * 1000, 24LL * 60 * 60 * 1000};

const std::string& password_hash() {
  static const std::string kHash = crypto::hash_password(kPassword).value();
  return kHash;
}

class IdentityServices : public ::testing::Test {
 protected:
  explicit IdentityServices(storage::StoreOptions options = {}) {
    auto opened = storage::open_store(db.url(), options);
    if (!opened) throw std::runtime_error(opened.error().internal);
    store = std::move(opened).value();
    if (auto migrated = store->migrate(); !migrated) {
      throw std::runtime_error(migrated.error().internal);
    }
  }

  User make_user(const std::string& email) {
    User user{crypto::random_uuid(), email, "Someone", password_hash(), clock.now_ms()};
    EXPECT_THAT(store->write([&](storage::WriteTx& tx) { return tx.identity().insert_user(user); }),
                IsOk());
    return user;
  }

  std::string make_team(const User& owner) {
    auto team = storage::write<Team>(*store, [&](storage::WriteTx& tx) {
      return create_team(tx, Actor::user(owner.id), {"Acme"}, clock.now_ms());
    });
    EXPECT_THAT(team, IsOk());
    return team->id;
  }

  void add_member(const std::string& team, const User& user, Role role) {
    EXPECT_THAT(store->write([&](storage::WriteTx& tx) {
      return tx.identity().insert_membership(team, user.id, role, clock.now_ms());
    }),
                IsOk());
  }

  Result<NewInvitation> invite_as(const Actor& actor, const std::string& email, Role role) {
    return storage::write<NewInvitation>(*store, [&](storage::WriteTx& tx) {
      return invite(tx, actor, {email, role}, kTtl, clock.now_ms());
    });
  }

  Result<Joined> accept_as_newcomer(const std::string& token) {
    AcceptInvitation command;
    command.token = token;
    command.password = "a newcomer's password";
    command.name = "New Person";
    return accept_invitation(*store, Actor::anonymous({"192.0.2.1", "test"}), command, kPolicy,
                             clock);
  }

  Result<SignedIn> sign_in_as(const std::string& email, std::string_view password) {
    return sign_in(*store, Actor::anonymous({"192.0.2.1", "test"}), {email, password}, kPolicy,
                   clock);
  }

  std::vector<std::string> actions() {
    return db.query("SELECT action FROM audit_events ORDER BY seq");
  }

  TestDatabase db;
  ManualClock clock;
  std::unique_ptr<storage::Store> store;
};

TEST_F(IdentityServices, CreatingATeamMakesTheCreatorItsOwner) {
  User ann = make_user("ann@example.com");
  std::string team = make_team(ann);
  auto teams = storage::read<std::vector<TeamWithRole>>(
      *store, [&](storage::ReadTx& tx) { return teams_of(tx, Actor::user(ann.id)); });
  ASSERT_THAT(teams, IsOk());
  ASSERT_EQ(teams->size(), 1u);
  EXPECT_EQ(teams->front().team.id, team);
  EXPECT_EQ(teams->front().role, Role::kOwner);
  auto found = storage::read<Team>(*store, [&](storage::ReadTx& tx) {
    return find_team(tx, Actor::member(ann.id, team, Role::kOwner));
  });
  ASSERT_THAT(found, IsOk());
  EXPECT_EQ(found->name, "Acme");
  EXPECT_EQ(actions(), std::vector<std::string>{"member.joined"});
}

TEST_F(IdentityServices, AnAdminCannotInviteAnOwner) {
  User owner = make_user("owner@example.com");
  std::string team = make_team(owner);
  User admin = make_user("admin@example.com");
  add_member(team, admin, Role::kAdmin);
  Actor as_admin = Actor::member(admin.id, team, Role::kAdmin);
  EXPECT_THAT(invite_as(as_admin, "heir@example.com", Role::kOwner),
              IsError(ErrorCode::kForbidden));
  EXPECT_THAT(invite_as(as_admin, "helper@example.com", Role::kAdmin), IsOk());
  EXPECT_THAT(
      invite_as(Actor::member(owner.id, team, Role::kOwner), "heir@example.com", Role::kOwner),
      IsOk());
}

TEST_F(IdentityServices, ADeveloperMayNotInviteAnyone) {
  User owner = make_user("owner@example.com");
  std::string team = make_team(owner);
  EXPECT_THAT(
      invite_as(Actor::member(owner.id, team, Role::kDeveloper), "x@example.com", Role::kViewer),
      IsError(ErrorCode::kForbidden));
}

TEST_F(IdentityServices, AcceptingAnInvitationWhoseInviterWasDemotedFails) {
  User owner = make_user("owner@example.com");
  std::string team = make_team(owner);
  User co_owner = make_user("co.owner@example.com");
  add_member(team, co_owner, Role::kOwner);
  auto invited =
      invite_as(Actor::member(co_owner.id, team, Role::kOwner), "heir@example.com", Role::kOwner);
  ASSERT_THAT(invited, IsOk());
  // Demoted by a path that leaves the invitation behind: acceptance still refuses it.
  ASSERT_THAT(store->write([&](storage::WriteTx& tx) {
    return tx.identity().update_role(team, co_owner.id, Role::kAdmin);
  }),
              IsOk());
  EXPECT_THAT(accept_as_newcomer(invited->token), IsError(ErrorCode::kNotFound));
}

TEST_F(IdentityServices, DemotingAnInviterDropsTheInvitationsTheyMayNoLongerGrant) {
  User owner = make_user("owner@example.com");
  std::string team = make_team(owner);
  User co_owner = make_user("co.owner@example.com");
  add_member(team, co_owner, Role::kOwner);
  Actor as_co_owner = Actor::member(co_owner.id, team, Role::kOwner);
  auto heir = invite_as(as_co_owner, "heir@example.com", Role::kOwner);
  auto helper = invite_as(as_co_owner, "helper@example.com", Role::kDeveloper);
  ASSERT_THAT(heir, IsOk());
  ASSERT_THAT(helper, IsOk());
  auto changed = storage::write<Member>(*store, [&](storage::WriteTx& tx) {
    return change_role(tx, Actor::member(owner.id, team, Role::kOwner), {co_owner.id, Role::kAdmin},
                       clock.now_ms());
  });
  ASSERT_THAT(changed, IsOk());
  EXPECT_EQ(changed->role, Role::kAdmin);
  auto pending = storage::read<std::vector<Invitation>>(*store, [&](storage::ReadTx& tx) {
    return list_invitations(tx, Actor::member(owner.id, team, Role::kOwner), clock.now_ms());
  });
  ASSERT_THAT(pending, IsOk());
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ(pending->front().email, "helper@example.com");
  EXPECT_THAT(accept_as_newcomer(heir->token), IsError(ErrorCode::kNotFound));
}

TEST_F(IdentityServices, LosingTheRightToManageTokensRevokesThemAndLeavingDoesToo) {
  User owner = make_user("owner@example.com");
  std::string team = make_team(owner);
  User admin = make_user("admin@example.com");
  add_member(team, admin, Role::kAdmin);
  Actor as_owner = Actor::member(owner.id, team, Role::kOwner);
  auto make_token = [&](const std::string& name) {
    auto made =
        storage::write<std::string>(*store, [&](storage::WriteTx& tx) -> Result<std::string> {
          KW_TRY(token, tokens::create_token(tx, Actor::member(admin.id, team, Role::kAdmin),
                                             {name, {"openai"}, std::nullopt, {}}, clock.now_ms()));
          return token.token.id;
        });
    EXPECT_THAT(made, IsOk());
    return *made;
  };
  auto live_tokens = [&] {
    return db.query("SELECT id FROM service_tokens WHERE revoked_at IS NULL ORDER BY id");
  };
  auto set_role = [&](Role role) {
    return storage::write<Member>(*store, [&](storage::WriteTx& tx) {
      return change_role(tx, as_owner, {admin.id, role}, clock.now_ms());
    });
  };
  std::string first = make_token("first");
  // Still an admin (who keeps service_tokens:manage): the token stays.
  ASSERT_THAT(set_role(Role::kAdmin), IsOk());
  EXPECT_EQ(live_tokens(), std::vector<std::string>{first});
  ASSERT_THAT(set_role(Role::kDeveloper), IsOk());
  EXPECT_TRUE(live_tokens().empty());
  ASSERT_THAT(set_role(Role::kAdmin), IsOk());
  std::string second = make_token("second");
  ASSERT_THAT(store->write([&](storage::WriteTx& tx) {
    return remove_member(tx, as_owner, {admin.id}, clock.now_ms());
  }),
              IsOk());
  EXPECT_TRUE(live_tokens().empty());
  auto reasons = db.query(
      "SELECT details FROM audit_events WHERE action = 'service_token.revoked' ORDER BY seq");
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_NE(reasons[0].find("creator_lost_permission"), std::string::npos);
  EXPECT_NE(reasons[1].find("creator_left_team"), std::string::npos);
}

TEST_F(IdentityServices, TheLastOwnerCanBeNeitherDemotedNorRemoved) {
  User owner = make_user("owner@example.com");
  std::string team = make_team(owner);
  Actor as_owner = Actor::member(owner.id, team, Role::kOwner);
  auto step_down = [&](storage::WriteTx& tx) {
    return change_role(tx, as_owner, {owner.id, Role::kAdmin}, clock.now_ms());
  };
  EXPECT_THAT(storage::write<Member>(*store, step_down), IsError(ErrorCode::kConflict));
  EXPECT_THAT(store->write([&](storage::WriteTx& tx) {
    return remove_member(tx, as_owner, {owner.id}, clock.now_ms());
  }),
              IsError(ErrorCode::kConflict));
  EXPECT_THAT(store->write([&](storage::WriteTx& tx) {
    return remove_member(tx, as_owner, {crypto::random_uuid()}, clock.now_ms());
  }),
              IsError(ErrorCode::kNotFound));
}

TEST_F(IdentityServices, ParallelWrongPasswordsEachUseUpAnAttempt) {
  make_user("ann@example.com");
  std::atomic<int> checked{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> guessers;
  for (int i = 0; i < 8; ++i) {
    guessers.emplace_back([&] {
      auto result = sign_in_as("ann@example.com", "a wrong guess, long");
      if (!result.ok() && result.error().code == ErrorCode::kUnauthorized) ++checked;
      if (!result.ok() && result.error().code == ErrorCode::kTooManyRequests) ++refused;
    });
  }
  for (auto& guesser : guessers) guesser.join();
  EXPECT_EQ(checked.load(), 5);
  EXPECT_EQ(refused.load(), 3);
  // Locked now, even for the right password, and the refusal says how long to wait.
  auto locked = sign_in_as("ann@example.com", kPassword);
  ASSERT_THAT(locked, IsError(ErrorCode::kTooManyRequests));
  EXPECT_EQ(locked.error().retry_after_ms, 15 * 60 * 1000);
}

TEST_F(IdentityServices, AnExistingUsersInvitationCountsAgainstTheSameThrottleAsSignIn) {
  User owner = make_user("owner@example.com");
  std::string team = make_team(owner);
  make_user("bob@example.com");
  auto invited =
      invite_as(Actor::member(owner.id, team, Role::kOwner), "bob@example.com", Role::kViewer);
  ASSERT_THAT(invited, IsOk());
  for (int i = 0; i < 4; ++i) {
    EXPECT_THAT(sign_in_as("bob@example.com", "a wrong guess, long"),
                IsError(ErrorCode::kUnauthorized));
  }
  AcceptInvitation command;
  command.token = invited->token;
  command.password = "another wrong guess";
  auto actor = Actor::anonymous({"192.0.2.1", "test"});
  EXPECT_THAT(accept_invitation(*store, actor, command, kPolicy, clock),
              IsError(ErrorCode::kUnauthorized));
  command.password = kPassword;
  EXPECT_THAT(accept_invitation(*store, actor, command, kPolicy, clock),
              IsError(ErrorCode::kTooManyRequests));
}

TEST_F(IdentityServices, SigningInStartsASessionAndRecordsIt) {
  User ann = make_user("ann@example.com");
  EXPECT_THAT(sign_in_as("ann@example.com", "a wrong guess, long"),
              IsError(ErrorCode::kUnauthorized));
  auto signed_in = sign_in_as("ann@example.com", kPassword);
  ASSERT_THAT(signed_in, IsOk());
  EXPECT_EQ(signed_in->user.id, ann.id);
  EXPECT_EQ(signed_in->session.session.token_hash, crypto::hash_token(signed_in->session.token));
  auto found = storage::read<std::optional<Session>>(*store, [&](storage::ReadTx& tx) {
    return tx.identity().find_session(signed_in->session.session.token_hash);
  });
  ASSERT_THAT(found, IsOk());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->user_id, ann.id);
  EXPECT_EQ((*found)->ip, "192.0.2.1");
  EXPECT_EQ(actions(), (std::vector<std::string>{"session.failed", "session.created"}));
}

TEST_F(IdentityServices, SetupWorksOnceAndSignsTheOwnerIn) {
  auto token = storage::write<std::optional<std::string>>(
      *store, [](storage::WriteTx& tx) { return prepare_setup(tx, ""); });
  ASSERT_THAT(token, IsOk());
  ASSERT_TRUE(token->has_value());
  auto actor = Actor::anonymous({"192.0.2.9", "test"});
  CompleteSetup command{"not the token", "founder@example.com", kPassword, "Founder", "Acme"};
  EXPECT_THAT(complete_setup(*store, actor, command, kPolicy, clock),
              IsError(ErrorCode::kUnauthorized));
  command.token = **token;
  auto done = complete_setup(*store, actor, command, kPolicy, clock);
  ASSERT_THAT(done, IsOk());
  EXPECT_EQ(done->user.email, "founder@example.com");
  EXPECT_EQ(done->team.name, "Acme");
  EXPECT_THAT(complete_setup(*store, actor, command, kPolicy, clock),
              IsError(ErrorCode::kConflict));
  EXPECT_THAT(sign_in_as("founder@example.com", kPassword), IsOk());
  EXPECT_EQ(actions(),
            (std::vector<std::string>{"member.joined", "session.created", "session.created"}));
}

// The rehearsal mode runs every transaction twice (the first rolled back): a service that kept
// state between runs would make two invitations, two members or two audit rows.
class RehearsedIdentityServices : public IdentityServices {
 protected:
  RehearsedIdentityServices() : IdentityServices({.rehearse = true}) {}
};

TEST_F(RehearsedIdentityServices, KeepTheirStateInsideEachTransaction) {
  User owner = make_user("owner@example.com");
  std::string team = make_team(owner);
  auto invited =
      invite_as(Actor::member(owner.id, team, Role::kOwner), "new@example.com", Role::kDeveloper);
  ASSERT_THAT(invited, IsOk());
  auto joined = accept_as_newcomer(invited->token);
  ASSERT_THAT(joined, IsOk());
  EXPECT_EQ(joined->invitation.role, Role::kDeveloper);
  auto members = storage::read<std::vector<Member>>(*store, [&](storage::ReadTx& tx) {
    return list_members(tx, Actor::member(owner.id, team, Role::kOwner));
  });
  ASSERT_THAT(members, IsOk());
  EXPECT_EQ(members->size(), 2u);
  // The session handed out is the one stored.
  auto found = storage::read<std::optional<Session>>(*store, [&](storage::ReadTx& tx) {
    return tx.identity().find_session(crypto::hash_token(joined->session.token));
  });
  ASSERT_THAT(found, IsOk());
  EXPECT_TRUE(found->has_value());
  EXPECT_EQ(actions(), (std::vector<std::string>{"member.joined", "member.invited", "member.joined",
                                                 "session.created"}));
}

}  // namespace
}  // namespace keyward::identity
