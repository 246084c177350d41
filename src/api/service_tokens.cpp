#include "api/service_tokens.h"

#include <boost/json.hpp>

#include <algorithm>

#include "api/usage.h"
#include "domain/catalogue.h"
#include "domain/labels.h"
#include "http/responses.h"
#include "keys/keys.h"

namespace keyward::api {
namespace {

// The body of POST /service-tokens as a command; 422 with the fields' errors.
Result<tokens::CreateToken> parse_create(const http::Request& request, std::int64_t now) {
  auto body = http::parse_json_object(request);
  if (!body) return body.error();
  FieldErrors errors;
  tokens::CreateToken command;
  command.name =
      normalize_name(string_field(*body, "name", "Name", errors), "name", "Name", errors);
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
      auto& types = command.types;
      if (std::find(types.begin(), types.end(), type) == types.end()) types.push_back(type);
    }
  }
  auto labels = string_list_field(*body, "labels", "Labels", errors);
  if (labels) command.labels = check_labels(*labels, "labels", errors);
  // The gateway limits; null or absent: none.
  auto per_minute =
      optional_int_field(*body, "requests_per_minute", 1, static_cast<int>(kMaxRequestsPerMinute),
                         "Allow 1 to 1000000 requests a minute, or none", errors);
  if (per_minute && *per_minute) command.requests_per_minute = **per_minute;
  auto per_month =
      optional_int_field(*body, "requests_per_month", 1, static_cast<int>(kMaxRequestsPerMonth),
                         "Allow 1 to 1000000000 requests a month, or none", errors);
  if (per_month && *per_month) command.requests_per_month = **per_month;
  std::string expires_text = string_field(*body, "expires_at", "Expiry", errors);
  if (!expires_text.empty()) {
    command.expires_at = parse_rfc3339(expires_text);
    if (!command.expires_at) {
      errors.add("expires_at", "Expiry must be an RFC 3339 date-time like 2027-01-31T00:00:00Z");
    } else if (*command.expires_at <= now) {
      errors.add("expires_at", "Expiry must be in the future");
    }
  }
  if (!errors.empty()) return errors.to_error();
  return command;
}

// The key a resolve names: ?type=T, ?id=ID or both, narrowed by any number of &label=L; 400 for
// neither or an unknown type, 422 (field "label") for an invalid label.
Result<keys::ResolveKey> parse_resolve(const http::Request& request) {
  keys::ResolveKey command{request.query_param("type"), request.query_param("id"), {}};
  const auto& type = command.type;
  const auto& id = command.id;
  if ((!type || type->empty()) && (!id || id->empty())) {
    return Error::make(ErrorCode::kBadRequest, "Name the key: ?type=T or ?id=ID.");
  }
  if (type && find_key_type(*type) == nullptr) {
    return Error::make(ErrorCode::kBadRequest, "Unknown key type.");
  }
  FieldErrors errors;
  command.labels = check_labels(request.query_params("label"), "label", errors);
  if (!errors.empty()) return errors.to_error();  // 422, as the key list's label filter
  return command;
}

// What a resolve found: the service token's Actor and the key it may read.
struct Resolved {
  Actor actor;
  keys::OpenedKey opened;
};

}  // namespace

http::Response list_service_tokens(http::Request& request, AppContext& context,
                                   const TeamCaller& caller) {
  Actor actor = actor_of(caller, request);
  auto found = storage::read<std::vector<ServiceToken>>(
      context.store, [&](storage::ReadTx& tx) { return tokens::list_tokens(tx, actor); });
  if (!found) return http::problem(found.error());
  boost::json::array items;
  for (const auto& token : *found) items.push_back(tokens::token_view(token));
  return http::json_response(200, boost::json::object{{"items", std::move(items)}});
}

http::Response get_service_token(http::Request& request, AppContext& context,
                                 const TeamCaller& caller) {
  std::string id(request.param("id"));
  Actor actor = actor_of(caller, request);
  auto token = storage::read<ServiceToken>(
      context.store, [&](storage::ReadTx& tx) { return tokens::get_token(tx, actor, id); });
  if (!token) return http::problem(token.error());
  return http::json_response(200, tokens::token_view(*token));
}

http::Response create_service_token(http::Request& request, AppContext& context,
                                    const TeamCaller& caller) {
  std::int64_t now = context.clock.now_ms();
  auto command = parse_create(request, now);
  if (!command) return http::problem(command.error());
  Actor actor = actor_of(caller, request);
  auto made = storage::write<tokens::NewToken>(context.store, [&](storage::WriteTx& tx) {
    return tokens::create_token(tx, actor, *command, now);
  });
  if (!made) return http::problem(made.error());
  boost::json::object view = tokens::token_view(made->token);
  view["token"] = made->secret.view();
  http::Response response = http::json_response(201, view);
  response.wipe_body = true;
  response.set_header("Location",
                      "/api/v1/teams/" + caller.team_id + "/service-tokens/" + made->token.id);
  return response;
}

http::Response revoke_service_token(http::Request& request, AppContext& context,
                                    const TeamCaller& caller) {
  std::string id(request.param("id"));
  Actor actor = actor_of(caller, request);
  std::int64_t now = context.clock.now_ms();
  auto done = context.store.write([&](storage::WriteTx& tx) {
    return tokens::revoke_token(tx, actor, id, now, context.tokens);
  });
  if (!done) return http::problem(done.error());
  return http::no_content();
}

http::Response resolve(http::Request& request, AppContext& context) {
  auto token = presented_service_token(request);
  if (!token) return http::problem(token.error());
  auto command = parse_resolve(request);
  std::int64_t now = context.clock.now_ms();
  // One read: the token (from this server's cache when it holds it) and then the key.
  auto resolved =
      storage::read<Resolved>(context.store, [&](storage::ReadTx& tx) -> Result<Resolved> {
        KW_TRY(actor, tokens::authenticate(tx, *token, now, context.tokens));
        if (!command) return command.error();
        KW_TRY(opened, keys::resolve_key(tx, actor, *context.team_keys, *command, now));
        return Resolved{std::move(actor), std::move(opened)};
      });
  if (!resolved) return http::problem(resolved.error());
  const Actor& actor = resolved->actor;
  const keys::OpenedKey& opened = resolved->opened;
  const ApiKey& key = opened.key;
  if (context.usage != nullptr) {
    context.usage->record(actor.id, actor.team_id, key.id, request.remote_address, opened.expired);
  }
  http::Response response = http::secret_json_response(
      {{"id", key.id}, {"type", key.type}, {"description", key.description}}, "key",
      opened.plaintext.view());
  if (opened.expired) {
    // The team's "warn" policy: served, and the application told why it should not rely on it.
    response.set_header("Keyward-Warning", keys::expired_warning(key));
  }
  return response;
}

}  // namespace keyward::api
