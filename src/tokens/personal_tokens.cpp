#include "tokens/personal_tokens.h"

#include <boost/json/array.hpp>

#include <cstddef>
#include <utility>

#include "audit/record.h"
#include "crypto/password.h"
#include "crypto/random.h"
#include "domain/clock.h"
#include "domain/require.h"
#include "domain/validation.h"

namespace keyward::tokens {
namespace {

using audit::EventName;

boost::json::array permission_names(PermissionSet set) {
  boost::json::array names;
  for (std::size_t i = 0; i < static_cast<std::size_t>(Permission::kCount); ++i) {
    auto permission = static_cast<Permission>(i);
    if (contains(set, permission)) names.emplace_back(permission_name(permission));
  }
  return names;
}

// Only a signed-in user manages their tokens: not a service token, and not a personal token
// (a leaked token must not be able to mint itself a successor).
Status require_signed_in_user(const Actor& actor) {
  if (actor.kind != Actor::Kind::kUser || actor.id.empty()) {
    return Error::make(ErrorCode::kForbidden, "Sign in to manage personal access tokens.");
  }
  if (!actor.via_token_id.empty()) {
    return Error::make(ErrorCode::kForbidden,
                       "Personal access tokens are managed from a signed-in session, not with a "
                       "token.");
  }
  return ok_status();
}

// Records `event` about `token` in each team it has a grant in: by `actor` acting there, or (when
// `only_team` is given) by `actor` in that team and by the server in the others.
Status audit_in_each_team(storage::WriteTx& tx, const Actor& actor, EventName event,
                          const PersonalToken& token, std::int64_t now,
                          const boost::json::object& extra,
                          const std::string* only_team = nullptr) {
  for (const auto& grant : token.grants) {
    Actor in_team = only_team == nullptr || *only_team == grant.team_id ? actor : Actor::system();
    in_team.team_id = grant.team_id;
    boost::json::object details{{"name", token.name},
                                {"user_id", token.user_id},
                                {"permissions", permission_names(grant.permissions)},
                                {"expires_at", format_rfc3339(token.expires_at)}};
    for (const auto& [key, value] : extra) details[key] = value;
    KW_TRY_STATUS(audit::record(tx, in_team, event, now, token.id, details));
  }
  return ok_status();
}

}  // namespace

boost::json::object personal_token_view(const PersonalToken& token) {
  auto time_or_null = [](const std::optional<std::int64_t>& ms) {
    return ms ? boost::json::value(format_rfc3339(*ms)) : boost::json::value(nullptr);
  };
  boost::json::array grants;
  for (const auto& grant : token.grants) {
    grants.push_back(boost::json::object{{"team_id", grant.team_id},
                                         {"permissions", permission_names(grant.permissions)}});
  }
  return {{"id", token.id},
          {"name", token.name},
          {"grants", std::move(grants)},
          {"created_at", format_rfc3339(token.created_at)},
          {"expires_at", format_rfc3339(token.expires_at)},
          {"last_used_at", time_or_null(token.last_used_at)},
          {"revoked_at", time_or_null(token.revoked_at)}};
}

Result<NewPersonalToken> create_personal_token(storage::WriteTx& tx, const Actor& actor,
                                               const CreatePersonalToken& command,
                                               std::int64_t now) {
  KW_TRY_STATUS(require_signed_in_user(actor));
  FieldErrors errors;
  for (const auto& grant : command.grants) {
    KW_TRY(role, tx.identity().find_role(grant.team_id, actor.id));
    if (!role) {
      errors.add("grants", "You are not a member of one of the chosen teams");
    } else if ((grant.permissions & ~permission_set_of(*role)) != 0) {
      errors.add("grants", "A token can only hold permissions your role (" +
                               std::string(role_name(*role)) + ") has in that team");
    }
  }
  if (!errors.empty()) return errors.to_error();

  crypto::SecretString secret(kPersonalTokenPrefix + crypto::random_token());
  PersonalToken row;
  row.id = crypto::random_uuid();
  row.user_id = actor.id;
  row.name = command.name;
  row.token_hash = crypto::hash_token(secret.view());
  row.grants = command.grants;
  row.created_at = now;
  row.expires_at = command.expires_at;
  KW_TRY_STATUS(tx.personal_tokens().insert(row));
  KW_TRY_STATUS(audit_in_each_team(tx, actor, EventName::kPersonalTokenCreated, row, now, {}));
  return NewPersonalToken{std::move(row), std::move(secret)};
}

Result<std::vector<PersonalToken>> list_personal_tokens(storage::ReadTx& tx, const Actor& actor) {
  KW_TRY_STATUS(require_signed_in_user(actor));
  return tx.personal_tokens().list(actor.id);
}

Status revoke_personal_token(storage::WriteTx& tx, const Actor& actor, const std::string& id,
                             std::int64_t now) {
  KW_TRY_STATUS(require_signed_in_user(actor));
  KW_TRY(tokens, tx.personal_tokens().list(actor.id));
  for (const auto& token : tokens) {
    if (token.id != id) continue;
    KW_TRY(revoked, tx.personal_tokens().revoke(actor.id, id, now));
    if (!revoked) break;
    return audit_in_each_team(tx, actor, EventName::kPersonalTokenRevoked, token, now, {});
  }
  return Error::make(ErrorCode::kNotFound, "You have no live personal access token of that id.");
}

Status revoke_personal_tokens_after_change(storage::WriteTx& tx, const Actor& actor,
                                           const std::string& team_id, const std::string& user_id,
                                           std::optional<Role> new_role, const std::string& reason,
                                           std::int64_t now) {
  KW_TRY(tokens, tx.personal_tokens().list(user_id));
  const PermissionSet still_held = new_role ? permission_set_of(*new_role) : PermissionSet{0};
  for (const auto& token : tokens) {
    if (token.revoked_at) continue;
    const TokenGrant* grant = token.grant_in(team_id);
    if (grant == nullptr || (grant->permissions & ~still_held) == 0) continue;
    KW_TRY(revoked, tx.personal_tokens().revoke(user_id, token.id, now));
    if (!revoked) continue;
    KW_TRY_STATUS(audit_in_each_team(tx, actor, EventName::kPersonalTokenRevoked, token, now,
                                     {{"reason", reason}}, &team_id));
  }
  return ok_status();
}

Status revoke_all_personal_tokens(storage::WriteTx& tx, const Actor& actor,
                                  const std::string& user_id, const std::string& reason,
                                  std::int64_t now) {
  KW_TRY(tokens, tx.personal_tokens().list(user_id));
  for (const auto& token : tokens) {
    if (token.revoked_at) continue;
    KW_TRY(revoked, tx.personal_tokens().revoke(user_id, token.id, now));
    if (!revoked) continue;
    KW_TRY_STATUS(audit_in_each_team(tx, actor, EventName::kPersonalTokenRevoked, token, now,
                                     {{"reason", reason}}));
  }
  return ok_status();
}

Result<PersonalToken> authenticate_personal(storage::ReadTx& tx, std::string_view secret,
                                            std::int64_t now) {
  KW_TRY(found, tx.personal_tokens().find_by_hash(crypto::hash_token(secret)));
  if (!found) {
    return Error::make(ErrorCode::kUnauthorized, "This personal access token is not valid.");
  }
  if (found->revoked_at) {
    return Error::make(ErrorCode::kUnauthorized, "This personal access token was revoked.");
  }
  if (found->expires_at <= now) {
    return Error::make(ErrorCode::kUnauthorized, "This personal access token has expired.");
  }
  return std::move(*found);
}

}  // namespace keyward::tokens
