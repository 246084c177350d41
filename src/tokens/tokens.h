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
#include "tokens/token_cache.h"

// The service token operations: what a team's applications present to resolve keys. Each runs
// inside the transaction it is given and MAY RUN AGAIN if the engine retries it (state in
// locals); each checks the actor's permission itself, acts in the actor's team, and writes its
// audit event and change notice in the same transaction.
namespace keyward::tokens {

// Service tokens look like this, so a leaked one is easy to recognise and to scan for.
inline constexpr char kServiceTokenPrefix[] = "kw_st_";

// A new token, validated by the caller: a normalised name, at least one catalogue type (no
// duplicates), labels as check_labels returns them (none: any key of its types), an expiry in
// the future or none.
struct CreateToken {
  std::string name;
  std::vector<std::string> types;
  std::optional<std::int64_t> expires_at;
  std::vector<std::string> labels;
  // The gateway limits, each 1..kMax… (domain/identity.h); nullopt: none.
  std::optional<std::int64_t> requests_per_minute = std::nullopt;
  std::optional<std::int64_t> requests_per_month = std::nullopt;
};

// A token just made, with its secret: shown once, never stored (only its hash is).
struct NewToken {
  ServiceToken token;
  crypto::SecretString secret;
};

// The token as the API and the audit trail show it: id, name, types, labels, times (RFC 3339 or
// null), creator. Never its secret or hash.
boost::json::object token_view(const ServiceToken& token);

// Makes a token for the actor's team. REQUIRES: actor may service_tokens:manage. Audited as
// service_token.created with the token's view (its id as the target).
Result<NewToken> create_token(storage::WriteTx& tx, const Actor& actor, const CreateToken& command,
                              std::int64_t now);

// The team's tokens, revoked and expired ones included, newest first. REQUIRES: actor may
// service_tokens:manage.
Result<std::vector<ServiceToken>> list_tokens(storage::ReadTx& tx, const Actor& actor);

// The team's token `id` in any state. REQUIRES: actor may service_tokens:manage. kNotFound when
// the team has no such token.
Result<ServiceToken> get_token(storage::ReadTx& tx, const Actor& actor, const std::string& id);

// Revokes the team's live token `id` at `now`. REQUIRES: actor may service_tokens:manage.
// kNotFound when the team has no live token of that id. Every server's cache forgets it on
// commit (a change notice); `cache`, when given, is this server's, which then forgets it before
// the caller answers. Audited as service_token.revoked.
Status revoke_token(storage::WriteTx& tx, const Actor& actor, const std::string& id,
                    std::int64_t now, TokenCache* cache = nullptr);

// Revokes the live tokens `member_id` created in `team_id` (they left the team or lost
// service_tokens:manage): a token must not outlive its creator's right to make it. Each is
// audited as service_token.revoked by `actor` in `team_id` with `reason`, and forgotten by every
// server's cache on commit (`cache`: this server's, at once). No permission of the actor's is
// needed: it is the consequence of a change the caller already authorised.
Status revoke_tokens_of(storage::WriteTx& tx, const Actor& actor, const std::string& team_id,
                        const std::string& member_id, const std::string& reason, std::int64_t now,
                        TokenCache* cache = nullptr);

// The Actor a presented service token is, from `cache` alone: nullopt when the cache does not
// hold it (then call authenticate()); else as authenticate() answers. Lets the hot path skip the
// database entirely.
std::optional<Result<Actor>> authenticate_cached(std::string_view token, std::int64_t now,
                                                 const TokenCache* cache);

// The Actor a presented service token is: a service token of its team with its types. kUnauthorized
// when it is unknown, revoked or expired at `now`. Reads the row through `cache` when given (and
// caches it, unless a revocation was heard meanwhile).
Result<Actor> authenticate(storage::ReadTx& tx, std::string_view token, std::int64_t now,
                           TokenCache* cache);

}  // namespace keyward::tokens
