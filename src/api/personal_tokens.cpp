#include "api/personal_tokens.h"

#include <boost/json.hpp>

#include <algorithm>

#include "domain/clock.h"
#include "domain/validation.h"
#include "http/responses.h"
#include "tokens/personal_tokens.h"

namespace keyward::api {
namespace {

// The body of POST /me/tokens as a command; 422 with the fields' errors.
Result<tokens::CreatePersonalToken> parse_create(const http::Request& request, std::int64_t now) {
  auto body = http::parse_json_object(request);
  if (!body) return body.error();
  FieldErrors errors;
  tokens::CreatePersonalToken command;
  command.name =
      normalize_name(string_field(*body, "name", "Name", errors), "name", "Name", errors);
  std::string expires_text = string_field(*body, "expires_at", "Expiry", errors);
  if (expires_text.empty()) {
    errors.add("expires_at", "Choose when the token expires");
  } else if (auto expires_at = parse_rfc3339(expires_text); !expires_at) {
    errors.add("expires_at", "Expiry must be an RFC 3339 date-time like 2027-01-31T00:00:00Z");
  } else if (*expires_at <= now) {
    errors.add("expires_at", "Expiry must be in the future");
  } else if (*expires_at - now > tokens::kMaxPersonalTokenLifetimeMs) {
    errors.add("expires_at", "A personal access token lives at most a year");
  } else {
    command.expires_at = *expires_at;
  }
  const auto* grants = body->if_contains("grants");
  if (grants == nullptr || !grants->is_array() || grants->as_array().empty()) {
    errors.add("grants", "Choose at least one team and permission");
  } else {
    for (const auto& entry : grants->as_array()) {
      const auto* fields = entry.if_object();
      const auto* team = fields == nullptr ? nullptr : fields->if_contains("team_id");
      const auto* names = fields == nullptr ? nullptr : fields->if_contains("permissions");
      if (team == nullptr || !team->is_string() || !is_uuid(team->as_string()) ||
          names == nullptr || !names->is_array() || names->as_array().empty()) {
        errors.add("grants", "Each grant names a team and at least one permission");
        break;
      }
      TokenGrant grant{std::string(team->as_string()), 0};
      for (const auto& name : names->as_array()) {
        auto permission =
            name.is_string() ? parse_permission(name.as_string()) : std::optional<Permission>{};
        if (!permission) {
          errors.add("grants", "Unknown permission");
          break;
        }
        grant.permissions |= permission_bit(*permission);
      }
      auto same_team = [&](const TokenGrant& g) { return g.team_id == grant.team_id; };
      if (std::any_of(command.grants.begin(), command.grants.end(), same_team)) {
        errors.add("grants", "Name each team once");
      }
      command.grants.push_back(std::move(grant));
    }
    std::sort(command.grants.begin(), command.grants.end(),
              [](const TokenGrant& a, const TokenGrant& b) { return a.team_id < b.team_id; });
  }
  if (!errors.empty()) return errors.to_error();
  return command;
}

}  // namespace

http::Response list_personal_tokens(http::Request& request, AppContext& context,
                                    const Caller& caller) {
  Actor actor = actor_of(caller, request);
  auto found = storage::read<std::vector<PersonalToken>>(
      context.store, [&](storage::ReadTx& tx) { return tokens::list_personal_tokens(tx, actor); });
  if (!found) return http::problem(found.error());
  boost::json::array items;
  for (const auto& token : *found) items.push_back(tokens::personal_token_view(token));
  return http::json_response(200, boost::json::object{{"items", std::move(items)}});
}

http::Response create_personal_token(http::Request& request, AppContext& context,
                                     const Caller& caller) {
  std::int64_t now = context.clock.now_ms();
  auto command = parse_create(request, now);
  if (!command) return http::problem(command.error());
  Actor actor = actor_of(caller, request);
  auto made = storage::write<tokens::NewPersonalToken>(context.store, [&](storage::WriteTx& tx) {
    return tokens::create_personal_token(tx, actor, *command, now);
  });
  if (!made) return http::problem(made.error());
  boost::json::object view = tokens::personal_token_view(made->token);
  view["token"] = made->secret.view();
  http::Response response = http::json_response(201, view);
  response.wipe_body = true;
  return response;
}

http::Response revoke_personal_token(http::Request& request, AppContext& context,
                                     const Caller& caller) {
  std::string id(request.param("id"));
  if (!is_uuid(id)) return http::problem(Error::make(ErrorCode::kNotFound, "Not found."));
  Actor actor = actor_of(caller, request);
  std::int64_t now = context.clock.now_ms();
  auto done = context.store.write(
      [&](storage::WriteTx& tx) { return tokens::revoke_personal_token(tx, actor, id, now); });
  if (!done) return http::problem(done.error());
  return http::no_content();
}

}  // namespace keyward::api
