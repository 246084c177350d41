#include "identity/sign_in.h"

#include <boost/json/object.hpp>

#include "audit/record.h"
#include "crypto/password.h"
#include "domain/validation.h"

namespace keyward::identity {

Result<SignInSteps> SignInSteps::begin(storage::Store& store, AttemptKeys keys, std::int64_t now,
                                       const Refusal& refusal) {
  KW_TRY(attempt, storage::write<Attempt>(
                      store, [&](storage::WriteTx& tx) { return take_attempt(tx, keys, now); }));
  if (attempt.wait_ms > 0) {
    Error refused = Error::make(ErrorCode::kTooManyRequests, refusal(attempt.wait_ms));
    refused.retry_after_ms = attempt.wait_ms;
    return refused;
  }
  return SignInSteps(std::move(keys), attempt, now);
}

bool SignInSteps::password_matches(const std::optional<User>& user, std::string_view password) {
  if (password.size() > kMaxPasswordLength) return false;
  if (!user) {
    crypto::burn_password_verification(password);
    return false;
  }
  return crypto::verify_password(user->password_hash, password);
}

Result<NewSession> SignInSteps::finish(storage::WriteTx& tx, const std::string& user_id,
                                       const ClientInfo& client, const SessionPolicy& policy,
                                       std::int64_t now) const {
  KW_TRY_STATUS(clear_attempt(tx, keys_, attempt_, begun_at_));
  return start_session(tx, user_id, client, policy, now);
}

Result<SignedIn> sign_in(storage::Store& store, const Actor& actor, const SignIn& command,
                         const SessionPolicy& policy, const Clock& clock) {
  std::int64_t now = clock.now_ms();
  KW_TRY(steps, SignInSteps::begin(store, attempt_keys("session", command.email, actor.client.ip),
                                   now, [](std::int64_t wait_ms) {
                                     return "Too many failed sign-ins; try again in " +
                                            std::to_string((wait_ms + 59'999) / 60'000) +
                                            " minute(s).";
                                   }));
  KW_TRY(user, storage::read<std::optional<User>>(store, [&](storage::ReadTx& tx) {
           return tx.identity().find_user_by_email(command.email);
         }));

  if (!SignInSteps::password_matches(user, command.password)) {
    KW_TRY_STATUS(store.write([&](storage::WriteTx& tx) -> Status {
      // What was typed as the email is kept only when it is one: a password typed into the
      // email field must never reach the audit trail.
      boost::json::object details{{"reason", "bad_credentials"}};
      if (is_valid_email(command.email)) details["email"] = command.email;
      return audit::record(tx, actor, audit::EventName::kSessionFailed, clock.now_ms(),
                           user ? std::optional(user->id) : std::nullopt, details);
    }));
    return Error::make(ErrorCode::kUnauthorized, "The email or the password is not correct.");
  }

  KW_TRY(session,
         storage::write<NewSession>(store, [&](storage::WriteTx& tx) -> Result<NewSession> {
           KW_TRY_STATUS(tx.identity().delete_expired_sessions(now - policy.idle_ms, now));
           return steps.finish(tx, user->id, actor.client, policy, clock.now_ms());
         }));
  return SignedIn{std::move(*user), std::move(session)};
}

}  // namespace keyward::identity
