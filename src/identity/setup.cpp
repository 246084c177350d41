#include "identity/setup.h"

#include "audit/record.h"
#include "crypto/password.h"
#include "crypto/random.h"
#include "identity/sign_in.h"

namespace keyward::identity {
namespace {

constexpr char kSetupTokenSetting[] = "setup_token_hash";

Error already_done() {
  return Error::make(ErrorCode::kConflict, "Setup is already complete; sign in instead.");
}

// Whether `token` is the stored setup token while no user exists.
Status check_token(storage::ReadTx& tx, const std::string& token) {
  KW_TRY(any, tx.identity().any_user());
  KW_TRY(stored, tx.settings().get(kSetupTokenSetting));
  if (any || !stored) return already_done();
  if (!crypto::constant_time_equal(*stored, crypto::hash_token(token))) {
    return Error::make(ErrorCode::kUnauthorized,
                       "The setup token is not valid; use the one printed at the first start.");
  }
  return ok_status();
}

}  // namespace

Result<std::optional<std::string>> prepare_setup(storage::WriteTx& tx, const std::string& preset) {
  KW_TRY(any, tx.identity().any_user());
  if (any) {
    KW_TRY_STATUS(tx.settings().remove(kSetupTokenSetting));
    return std::optional<std::string>();
  }
  std::string token = preset.empty() ? crypto::random_token() : preset;
  KW_TRY_STATUS(tx.settings().put(kSetupTokenSetting, crypto::hash_token(token)));
  return std::optional<std::string>(token);
}

Result<bool> setup_needed(storage::ReadTx& tx) {
  KW_TRY(any, tx.identity().any_user());
  return !any;
}

Result<SetUp> complete_setup(storage::Store& store, const Actor& actor,
                             const CompleteSetup& command, const SessionPolicy& policy,
                             const Clock& clock) {
  // Throttled like sign-in (per address): the token is long, but guessing must stay slow.
  std::int64_t now = clock.now_ms();
  KW_TRY(steps, SignInSteps::begin(
                    store, attempt_keys("setup", "", actor.client.ip), now,
                    [](std::int64_t) { return "Too many wrong setup tokens; try again later."; }));
  // The token is checked before the expensive hash, and again inside the write.
  KW_TRY_STATUS(store.read([&](storage::ReadTx& tx) { return check_token(tx, command.token); }));
  KW_TRY(hash, crypto::hash_password(command.password));

  return storage::write<SetUp>(store, [&](storage::WriteTx& tx) -> Result<SetUp> {
    KW_TRY_STATUS(check_token(tx, command.token));
    SetUp done{User{crypto::random_uuid(), command.email, command.name, hash, now},
               Team{crypto::random_uuid(), command.team_name, now},
               {}};
    KW_TRY_STATUS(tx.identity().insert_user(done.user));
    KW_TRY_STATUS(tx.identity().insert_team(done.team));
    KW_TRY_STATUS(tx.identity().insert_membership(done.team.id, done.user.id, Role::kOwner, now));
    KW_TRY_STATUS(tx.settings().remove(kSetupTokenSetting));
    Actor owner = Actor::member(done.user.id, done.team.id, Role::kOwner, actor.client);
    KW_TRY_STATUS(audit::record(tx, owner, audit::EventName::kMemberJoined, clock.now_ms(),
                                done.user.id, {{"role", "owner"}, {"via", "setup"}}));
    KW_TRY(session, steps.finish(tx, done.user.id, actor.client, policy, clock.now_ms()));
    done.session = std::move(session);
    return done;
  });
}

}  // namespace keyward::identity
