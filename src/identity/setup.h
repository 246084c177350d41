#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/actor.h"
#include "domain/clock.h"
#include "domain/identity.h"
#include "domain/result.h"
#include "identity/sessions.h"
#include "storage/store.h"

namespace keyward::identity {

// First-run setup: while no user exists, whoever holds the one-time setup token printed at start
// creates the first owner and their team.

// In `tx`, at start: when no user exists yet, stores the hash of a one-time setup token
// (`preset`, or a fresh random one when empty) and returns the token to print. Once a user
// exists, removes any leftover token and returns nothing.
Result<std::optional<std::string>> prepare_setup(storage::WriteTx& tx, const std::string& preset);

// Whether setup is still open (no user exists).
Result<bool> setup_needed(storage::ReadTx& tx);

// The first owner and team, already validated (domain/validation.h's rules).
struct CompleteSetup {
  std::string token;          // the setup token as presented
  std::string email;          // normalized
  std::string_view password;  // at least kMinPasswordLength characters
  std::string name;
  std::string team_name;
};

// What setup made: the owner, their team and their session.
struct SetUp {
  User user;
  Team team;
  NewSession session;
};

// Creates the first owner and team and signs the owner in (the sign-in steps of
// identity/sign_in.h, throttled per `actor.client`'s address like sign-in). Works once:
// kConflict once a user exists, kUnauthorized for a wrong token, kTooManyRequests while the
// address is locked. Records member.joined (via setup) and session.created.
// REQUIRES: actor is anonymous.
Result<SetUp> complete_setup(storage::Store& store, const Actor& actor,
                             const CompleteSetup& command, const SessionPolicy& policy,
                             const Clock& clock);

}  // namespace keyward::identity
