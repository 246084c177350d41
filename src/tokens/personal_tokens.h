#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/sealing.h"
#include "domain/actor.h"
#include "domain/identity.h"
#include "domain/result.h"
#include "storage/tx.h"

// Personal access tokens: a user's own credentials for the management API (the command line,
// scripts), each limited per team to a subset of the permissions the user holds there. Each
// operation runs inside the transaction it is given and MAY RUN AGAIN (state in locals).
namespace keyward::tokens {

// Personal access tokens look like this, so a leaked one is easy to recognise and to scan for.
inline constexpr char kPersonalTokenPrefix[] = "kw_pat_";
// The longest a personal access token may live: a forgotten token dies within a year.
inline constexpr std::int64_t kMaxPersonalTokenLifetimeMs = 366LL * 24 * 3600 * 1000;

// A new token, validated by the caller: a normalised name, an expiry in the future and at most
// kMaxPersonalTokenLifetimeMs away, one grant per team (each with at least one permission).
struct CreatePersonalToken {
  std::string name;
  std::int64_t expires_at = 0;
  std::vector<TokenGrant> grants;
};

// A token just made, with its secret: shown once, never stored (only its hash is).
struct NewPersonalToken {
  PersonalToken token;
  crypto::SecretString secret;
};

// The token as the API shows it: id, name, grants (team ids and permission names), times.
boost::json::object personal_token_view(const PersonalToken& token);

// Makes a token for the actor (a signed-in user, acting outside any team and not through a
// personal token). Each grant's team must be one the user belongs to (kValidation, field
// "grants", otherwise, worded as for a team that does not exist) and its permissions ones the
// user's role there holds. Audited as personal_token.created in each granted team.
Result<NewPersonalToken> create_personal_token(storage::WriteTx& tx, const Actor& actor,
                                               const CreatePersonalToken& command,
                                               std::int64_t now);

// The actor's own tokens, revoked and expired ones included, newest first.
Result<std::vector<PersonalToken>> list_personal_tokens(storage::ReadTx& tx, const Actor& actor);

// Revokes the actor's live token `id`; kNotFound when they have none of that id. Audited as
// personal_token.revoked in each granted team.
Status revoke_personal_token(storage::WriteTx& tx, const Actor& actor, const std::string& id,
                             std::int64_t now);

// After `user_id`'s membership of `team_id` changed: revokes each of their live tokens with a
// grant there that the new role (nullopt: they left the team) no longer covers, so a token dies
// with its holder's right to it. Audited as personal_token.revoked by `actor` with `reason`.
Status revoke_personal_tokens_after_change(storage::WriteTx& tx, const Actor& actor,
                                           const std::string& team_id, const std::string& user_id,
                                           std::optional<Role> new_role, const std::string& reason,
                                           std::int64_t now);

// Revokes every live token of `user_id` (their password was reset by an operator: the account
// may have been taken over). Audited as personal_token.revoked by `actor` with `reason`.
Status revoke_all_personal_tokens(storage::WriteTx& tx, const Actor& actor,
                                  const std::string& user_id, const std::string& reason,
                                  std::int64_t now);

// The live token a presented secret is: kUnauthorized when it is unknown, revoked or expired at
// `now`.
Result<PersonalToken> authenticate_personal(storage::ReadTx& tx, std::string_view secret,
                                            std::int64_t now);

}  // namespace keyward::tokens
