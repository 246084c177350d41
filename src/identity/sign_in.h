#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "domain/actor.h"
#include "domain/clock.h"
#include "domain/identity.h"
#include "domain/result.h"
#include "identity/sessions.h"
#include "identity/sign_in_throttle.h"
#include "storage/store.h"

namespace keyward::identity {

// The steps every way of signing in takes (a password sign-in, accepting an invitation as an
// existing user, first-run setup), written once. In order (docs/security.md, "A password
// guesser"):
//  1. begin(): the attempt is counted as a failure in advance, in its own committed write, before
//     any password work: a correct guess cannot get through a lock, and guesses sent in parallel
//     each use one up;
//  2. the secret is checked outside any transaction (password_matches(): exactly one argon2id
//     verification on every path, so the time says nothing);
//  3. finish(), in the write that completes the sign-in: the attempt is given back and the
//     session starts, with its session.created audit row.
// Spans several transactions, so it takes the store; each transaction keeps its state inside.
class SignInSteps {
 public:
  // What a refused attempt answers, given how long the caller must wait.
  using Refusal = std::function<std::string(std::int64_t wait_ms)>;

  // Step 1 for the throttle rows `keys` at `now`. kTooManyRequests (detail from `refusal`,
  // retry_after_ms set) while the account, or the address for an account with failures of its
  // own, is locked.
  static Result<SignInSteps> begin(storage::Store& store, AttemptKeys keys, std::int64_t now,
                                   const Refusal& refusal);

  // Step 2: whether `password` is `user`'s. An unknown account (nullopt) costs the same argon2id
  // work and never matches; a password longer than kMaxPasswordLength never matches and costs
  // nothing.
  static bool password_matches(const std::optional<User>& user, std::string_view password);

  // Step 3, in `tx`: clears the attempt and starts a session for `user_id` from `client` at
  // `now`, recording session.created.
  Result<NewSession> finish(storage::WriteTx& tx, const std::string& user_id,
                            const ClientInfo& client, const SessionPolicy& policy,
                            std::int64_t now) const;

 private:
  SignInSteps(AttemptKeys keys, Attempt attempt, std::int64_t begun_at)
      : keys_(std::move(keys)), attempt_(attempt), begun_at_(begun_at) {}

  AttemptKeys keys_;
  Attempt attempt_;
  std::int64_t begun_at_ = 0;
};

// Signing in with an email and a password.
struct SignIn {
  std::string email;          // trimmed and lower-cased, as typed
  std::string_view password;  // REQUIRES: not empty, at most kMaxPasswordLength bytes
};

// Who signed in, and their new session.
struct SignedIn {
  User user;
  NewSession session;
};

// Signs `command.email` in by password, throttled per account and per `actor.client`'s address
// (the sign-in steps above), and ends the sessions that expired meanwhile. An unknown email and a
// wrong password both give kUnauthorized and record session.failed (with the email only when it
// is a valid address: a password typed into the email field is stored nowhere); refused attempts
// give kTooManyRequests. REQUIRES: actor is anonymous (who is signing in is not known yet).
Result<SignedIn> sign_in(storage::Store& store, const Actor& actor, const SignIn& command,
                         const SessionPolicy& policy, const Clock& clock);

}  // namespace keyward::identity
