#include "tokens/tokens.h"

#include <boost/json/array.hpp>

#include <utility>

#include "audit/record.h"
#include "changes/notices.h"
#include "crypto/password.h"
#include "crypto/random.h"
#include "domain/clock.h"
#include "domain/require.h"

namespace keyward::tokens {
namespace {

using audit::EventName;

Error unauthorized(std::string detail) {
  return Error::make(ErrorCode::kUnauthorized, std::move(detail));
}

// A token row presented at `now`: the Actor it is, or why it is not one any more.
Result<Actor> live_actor(const ServiceToken& token, std::int64_t now) {
  if (token.revoked_at) return unauthorized("This service token was revoked.");
  if (token.expires_at && *token.expires_at <= now) {
    return unauthorized("This service token has expired.");
  }
  Actor actor = Actor::service_token(token.id, token.team_id, token.types);
  actor.key_labels = token.labels;
  actor.requests_per_minute = token.requests_per_minute;
  actor.requests_per_month = token.requests_per_month;
  return actor;
}

// Revokes `id` in `team_id` by `actor` with audit `details`; false when it was not live.
Result<bool> revoke(storage::WriteTx& tx, const Actor& actor, const std::string& team_id,
                    const std::string& id, std::int64_t now, TokenCache* cache,
                    const boost::json::object& details) {
  KW_TRY(revoked, tx.tokens().revoke(team_id, id, now));
  if (!revoked) return false;
  // This server stops accepting it before answering; the others as soon as the notice
  // reaches them, not when their cache entry ages out.
  if (cache != nullptr) tx.after_commit([cache, id] { cache->forget(id); });
  KW_TRY_STATUS(changes::forget_service_token(tx, id));
  Actor in_team = actor;
  in_team.team_id = team_id;
  KW_TRY_STATUS(audit::record(tx, in_team, EventName::kServiceTokenRevoked, now, id, details));
  return true;
}

}  // namespace

boost::json::object token_view(const ServiceToken& token) {
  auto time_or_null = [](const std::optional<std::int64_t>& ms) {
    return ms ? boost::json::value(format_rfc3339(*ms)) : boost::json::value(nullptr);
  };
  boost::json::array types;
  for (const auto& type : token.types) types.emplace_back(type);
  boost::json::array labels;
  for (const auto& label : token.labels) labels.emplace_back(label);
  return {{"id", token.id},
          {"name", token.name},
          {"types", std::move(types)},
          {"labels", std::move(labels)},
          {"created_at", format_rfc3339(token.created_at)},
          {"created_by", token.created_by.empty() ? boost::json::value(nullptr)
                                                  : boost::json::value(token.created_by)},
          {"expires_at", time_or_null(token.expires_at)},
          {"last_used_at", time_or_null(token.last_used_at)},
          {"revoked_at", time_or_null(token.revoked_at)},
          {"requests_per_minute", token.requests_per_minute
                                      ? boost::json::value(*token.requests_per_minute)
                                      : boost::json::value(nullptr)},
          {"requests_per_month", token.requests_per_month
                                     ? boost::json::value(*token.requests_per_month)
                                     : boost::json::value(nullptr)}};
}

Result<NewToken> create_token(storage::WriteTx& tx, const Actor& actor, const CreateToken& command,
                              std::int64_t now) {
  KW_TRY_STATUS(require(actor, Permission::kServiceTokensManage));
  crypto::SecretString secret(kServiceTokenPrefix + crypto::random_token());
  ServiceToken row;
  row.id = crypto::random_uuid();
  row.team_id = actor.team_id;
  row.name = command.name;
  row.token_hash = crypto::hash_token(secret.view());
  row.types = command.types;
  row.labels = command.labels;
  row.created_at = now;
  row.created_by = actor.id;
  row.expires_at = command.expires_at;
  row.requests_per_minute = command.requests_per_minute;
  row.requests_per_month = command.requests_per_month;
  KW_TRY_STATUS(tx.tokens().insert(row));
  boost::json::object details = token_view(row);
  details.erase("id");
  KW_TRY_STATUS(audit::record(tx, actor, EventName::kServiceTokenCreated, now, row.id, details));
  return NewToken{std::move(row), std::move(secret)};
}

Result<std::vector<ServiceToken>> list_tokens(storage::ReadTx& tx, const Actor& actor) {
  KW_TRY_STATUS(require(actor, Permission::kServiceTokensManage));
  return tx.tokens().list(actor.team_id);
}

Result<ServiceToken> get_token(storage::ReadTx& tx, const Actor& actor, const std::string& id) {
  KW_TRY(tokens, list_tokens(tx, actor));
  for (auto& token : tokens) {
    if (token.id == id) return std::move(token);
  }
  return Error::make(ErrorCode::kNotFound, "No such service token in this team.");
}

Status revoke_token(storage::WriteTx& tx, const Actor& actor, const std::string& id,
                    std::int64_t now, TokenCache* cache) {
  KW_TRY_STATUS(require(actor, Permission::kServiceTokensManage));
  KW_TRY(revoked, revoke(tx, actor, actor.team_id, id, now, cache, {}));
  if (!revoked)
    return Error::make(ErrorCode::kNotFound, "No such live service token in this team.");
  return ok_status();
}

Status revoke_tokens_of(storage::WriteTx& tx, const Actor& actor, const std::string& team_id,
                        const std::string& member_id, const std::string& reason, std::int64_t now,
                        TokenCache* cache) {
  KW_TRY(tokens, tx.tokens().list(team_id));
  for (const auto& token : tokens) {
    if (token.created_by != member_id || token.revoked_at) continue;
    KW_TRY_STATUS(revoke(tx, actor, team_id, token.id, now, cache,
                         {{"reason", reason}, {"created_by", member_id}}));
  }
  return ok_status();
}

std::optional<Result<Actor>> authenticate_cached(std::string_view token, std::int64_t now,
                                                 const TokenCache* cache) {
  if (cache == nullptr) return std::nullopt;
  auto found = cache->get(crypto::hash_token(token), now);
  if (!found) return std::nullopt;
  return live_actor(*found, now);
}

Result<Actor> authenticate(storage::ReadTx& tx, std::string_view token, std::int64_t now,
                           TokenCache* cache) {
  std::string token_hash = crypto::hash_token(token);
  if (cache != nullptr) {
    if (auto cached = cache->get(token_hash, now)) return live_actor(*cached, now);
  }
  // Taken before the row is read: a revocation heard after this makes the put below a no-op.
  std::uint64_t generation = cache != nullptr ? cache->generation() : 0;
  KW_TRY(found, tx.tokens().find_by_hash(token_hash));
  if (!found) return unauthorized("This service token is not valid.");
  if (cache != nullptr) cache->put(*found, generation, now);
  return live_actor(*found, now);
}

}  // namespace keyward::tokens
