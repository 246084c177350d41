#include "api/service_tokens.h"

#include <boost/json.hpp>

#include <algorithm>

#include "api/team_keys.h"
#include "api/token_cache.h"
#include "api/usage.h"
#include "changes/notices.h"
#include "crypto/password.h"
#include "crypto/random.h"
#include "crypto/sealing.h"
#include "domain/catalogue.h"
#include "http/responses.h"

namespace keyward::api {
namespace {

boost::json::object token_view(const ServiceToken& token) {
  auto time_or_null = [](const std::optional<std::int64_t>& ms) {
    return ms ? boost::json::value(format_rfc3339(*ms)) : boost::json::value(nullptr);
  };
  boost::json::array types;
  for (const auto& type : token.types) types.emplace_back(type);
  return {{"id", token.id},
          {"name", token.name},
          {"types", std::move(types)},
          {"created_at", format_rfc3339(token.created_at)},
          {"created_by", token.created_by.empty() ? boost::json::value(nullptr)
                                                  : boost::json::value(token.created_by)},
          {"expires_at", time_or_null(token.expires_at)},
          {"last_used_at", time_or_null(token.last_used_at)},
          {"revoked_at", time_or_null(token.revoked_at)}};
}

Error unauthorized(std::string detail) {
  return Error::make(ErrorCode::kUnauthorized, std::move(detail));
}

}  // namespace

http::Response list_service_tokens(http::Request& /*request*/, AppContext& context,
                                   const TeamCaller& caller) {
  auto tokens = storage::read<std::vector<ServiceToken>>(
      context.store, [&](storage::ReadTx& tx) { return tx.tokens().list(caller.team_id); });
  if (!tokens) return http::problem(tokens.error());
  boost::json::array items;
  for (const auto& token : *tokens) items.push_back(token_view(token));
  return http::json_response(200, boost::json::object{{"items", std::move(items)}});
}

http::Response get_service_token(http::Request& request, AppContext& context,
                                 const TeamCaller& caller) {
  std::string id(request.param("id"));
  auto tokens = storage::read<std::vector<ServiceToken>>(
      context.store, [&](storage::ReadTx& tx) { return tx.tokens().list(caller.team_id); });
  if (!tokens) return http::problem(tokens.error());
  for (const auto& token : *tokens) {
    if (token.id == id) return http::json_response(200, token_view(token));
  }
  return http::problem(Error::make(ErrorCode::kNotFound, "No such service token in this team."));
}

http::Response create_service_token(http::Request& request, AppContext& context,
                                    const TeamCaller& caller) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem(body.error());
  FieldErrors errors;
  std::string name =
      normalize_name(string_field(*body, "name", "Name", errors), "name", "Name", errors);
  std::vector<std::string> types;
  auto found_types = body->find("types");
  if (found_types == body->end() || !found_types->value().is_array() ||
      found_types->value().as_array().empty()) {
    errors.add("types", "Select at least one key type");
  } else {
    for (const auto& value : found_types->value().as_array()) {
      if (!value.is_string() || find_key_type(value.as_string()) == nullptr) {
        errors.add("types", "Select valid API provider types");
        break;
      }
      std::string type(value.as_string());
      if (std::find(types.begin(), types.end(), type) == types.end()) types.push_back(type);
    }
  }
  std::int64_t now = context.clock.now_ms();
  std::optional<std::int64_t> expires_at;
  std::string expires_text = string_field(*body, "expires_at", "Expiry", errors);
  if (!expires_text.empty()) {
    expires_at = parse_rfc3339(expires_text);
    if (!expires_at) {
      errors.add("expires_at", "Expiry must be an RFC 3339 date-time like 2027-01-31T00:00:00Z");
    } else if (*expires_at <= now) {
      errors.add("expires_at", "Expiry must be in the future");
    }
  }
  if (!errors.empty()) return http::problem(errors.to_error());

  std::string token = kServiceTokenPrefix + crypto::random_token();
  ServiceToken row;
  row.id = crypto::random_uuid();
  row.team_id = caller.team_id;
  row.name = name;
  row.token_hash = crypto::hash_token(token);
  row.types = types;
  row.created_at = now;
  row.created_by = caller.caller.user.id;
  row.expires_at = expires_at;
  auto done = context.store.write([&](storage::WriteTx& tx) -> Status {
    if (auto s = tx.tokens().insert(row); !s) return s;
    boost::json::object details = token_view(row);
    details.erase("id");
    return tx.audit().append(audit_event(request, context, "service_token.created", caller.team_id,
                                         "user", caller.caller.user.id, row.id,
                                         boost::json::serialize(details)));
  });
  if (!done) return http::problem(done.error());
  boost::json::object view = token_view(row);
  view["token"] = token;
  http::Response response = http::json_response(201, view);
  response.wipe_body = true;
  response.set_header("Location", "/api/v1/teams/" + caller.team_id + "/service-tokens/" + row.id);
  return response;
}

http::Response revoke_service_token(http::Request& request, AppContext& context,
                                    const TeamCaller& caller) {
  std::string id(request.param("id"));
  auto done = context.store.write([&](storage::WriteTx& tx) -> Status {
    KW_TRY(revoked, tx.tokens().revoke(caller.team_id, id, context.clock.now_ms()));
    if (!revoked) {
      return Error::make(ErrorCode::kNotFound, "No such live service token in this team.");
    }
    // This server stops accepting it before answering; the others as soon as the notice
    // reaches them, not when their cache entry ages out.
    if (context.tokens != nullptr) {
      tx.after_commit([tokens = context.tokens, id] { tokens->forget(id); });
    }
    if (auto forgotten = changes::forget_service_token(tx, id); !forgotten) return forgotten;
    return tx.audit().append(audit_event(request, context, "service_token.revoked", caller.team_id,
                                         "user", caller.caller.user.id, id));
  });
  if (!done) return http::problem(done.error());
  http::Response response;
  response.status = 204;
  response.set_header("Cache-Control", "no-store");
  return response;
}

Status revoke_tokens_of(storage::WriteTx& tx, AppContext& context, const http::Request& request,
                        const std::string& team_id, const std::string& member_id,
                        const std::string& actor_id, const std::string& reason) {
  auto tokens = tx.tokens().list(team_id);
  if (!tokens) return std::move(tokens).error();
  std::int64_t now = context.clock.now_ms();
  for (const auto& token : *tokens) {
    if (token.created_by != member_id || token.revoked_at) continue;
    KW_TRY(revoked, tx.tokens().revoke(team_id, token.id, now));
    if (!revoked) continue;
    if (context.tokens != nullptr) {
      tx.after_commit([tokens = context.tokens, id = token.id] { tokens->forget(id); });
    }
    if (auto forgotten = changes::forget_service_token(tx, token.id); !forgotten) return forgotten;
    boost::json::object details{{"reason", reason}, {"created_by", member_id}};
    if (auto s = tx.audit().append(audit_event(request, context, "service_token.revoked", team_id,
                                               "user", actor_id, token.id,
                                               boost::json::serialize(details)));
        !s) {
      return s;
    }
  }
  return ok_status();
}

http::Response resolve(http::Request& request, AppContext& context) {
  std::string token = presented_token(request);
  if (request.header("authorization").value_or("").rfind("Bearer ", 0) != 0 || token.empty()) {
    return http::problem(unauthorized("Send a service token: Authorization: Bearer kw_st_…"));
  }
  auto type = request.query_param("type");
  auto id = request.query_param("id");
  if ((!type || type->empty()) && (!id || id->empty())) {
    return http::problem(Error::make(ErrorCode::kBadRequest, "Name the key: ?type=T or ?id=ID."));
  }
  if (type && find_key_type(*type) == nullptr) {
    return http::problem(Error::make(ErrorCode::kBadRequest, "Unknown key type."));
  }
  std::int64_t now = context.clock.now_ms();
  std::string token_hash = crypto::hash_token(token);

  std::optional<ServiceToken> service_token;
  std::optional<ApiKey> key;
  crypto::SecretString plaintext;
  if (context.tokens != nullptr) service_token = context.tokens->get(token_hash, now);
  std::uint64_t generation = context.tokens != nullptr ? context.tokens->generation() : 0;
  auto read = context.store.read([&](storage::ReadTx& tx) -> Status {
    if (!service_token) {
      KW_TRY(found, tx.tokens().find_by_hash(token_hash));
      if (!found) return unauthorized("This service token is not valid.");
      service_token = std::move(found);
      if (context.tokens != nullptr) context.tokens->put(*service_token, generation, now);
    }
    if (service_token->revoked_at) return unauthorized("This service token was revoked.");
    if (service_token->expires_at && *service_token->expires_at <= now) {
      return unauthorized("This service token has expired.");
    }
    const auto& scope = service_token->types;
    if (type && std::find(scope.begin(), scope.end(), *type) == scope.end()) {
      return Error::make(ErrorCode::kForbidden,
                         "This service token may not resolve keys of type " + *type + ".");
    }
    KW_TRY(chosen, id && !id->empty() ? tx.keys().find(service_token->team_id, *id)
                                      : tx.keys().resolve(service_token->team_id, *type));
    if (!chosen || (type && chosen->type != *type)) {
      return Error::make(ErrorCode::kNotFound, "No such key in this token's team.");
    }
    if (std::find(scope.begin(), scope.end(), chosen->type) == scope.end()) {
      return Error::make(ErrorCode::kForbidden,
                         "This service token may not resolve keys of type " + chosen->type + ".");
    }
    key = std::move(chosen);
    // The team key comes from memory (loaded at start); this read only misses for a team whose
    // first key was made by another process.
    KW_TRY(data_key, context.team_keys->stored_for_team(tx, key->team_id));
    auto value =
        crypto::open_api_key(data_key, key->team_id, key->id, {key->ciphertext, key->nonce});
    if (!value) return std::move(value).error();
    plaintext = std::move(value).value();
    return ok_status();
  });
  if (!read) return http::problem(read.error());
  if (context.usage != nullptr)
    context.usage->record(*service_token, key->id, request.remote_address);

  return http::secret_json_response(
      {{"id", key->id}, {"type", key->type}, {"description", key->description}}, "key",
      plaintext.view());
}

}  // namespace keyward::api
