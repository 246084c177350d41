#include "api/teams.h"

#include <boost/json.hpp>

#include "api/views.h"
#include "domain/api_key.h"
#include "domain/validation.h"
#include "http/responses.h"
#include "identity/teams.h"

namespace keyward::api {

http::Response create_team(http::Request& request, AppContext& context, const Caller& caller) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem(body.error());
  FieldErrors errors;
  std::string name =
      normalize_name(string_field(*body, "name", "Team name", errors), "name", "Team name", errors);
  if (!errors.empty()) return http::problem(errors.to_error());

  auto team = storage::write<Team>(context.store, [&](storage::WriteTx& tx) {
    return identity::create_team(tx, actor_of(caller, request), {name}, context.clock.now_ms());
  });
  if (!team) return http::problem(team.error());
  http::Response response = http::json_response(201, team_view(*team, Role::kOwner));
  response.set_header("Location", "/api/v1/teams/" + team->id);
  return response;
}

http::Response get_team(http::Request& request, AppContext& context, const TeamCaller& caller) {
  auto team = storage::read<Team>(context.store, [&](storage::ReadTx& tx) {
    return identity::find_team(tx, actor_of(caller, request));
  });
  if (!team) return http::problem(team.error());
  return http::json_response(200, team_view(*team, caller.role));
}

http::Response update_team(http::Request& request, AppContext& context, const TeamCaller& caller) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem(body.error());
  identity::UpdateTeam command;
  FieldErrors errors;
  if (const auto* kept = body->if_contains("secret_versions_kept")) {
    if (!kept->is_int64() || kept->as_int64() < kMinSecretVersionsKept ||
        kept->as_int64() > kMaxSecretVersionsKept) {
      errors.add("secret_versions_kept", "Keep between " + std::to_string(kMinSecretVersionsKept) +
                                             " and " + std::to_string(kMaxSecretVersionsKept) +
                                             " versions");
    } else {
      command.secret_versions_kept = static_cast<int>(kept->as_int64());
    }
  }
  if (!errors.empty()) return http::problem(errors.to_error());
  if (!command.secret_versions_kept) {
    return http::problem(
        Error::make(ErrorCode::kBadRequest, "Send secret_versions_kept, the setting to change."));
  }
  auto team = storage::write<Team>(context.store, [&](storage::WriteTx& tx) {
    return identity::update_team(tx, actor_of(caller, request), command);
  });
  if (!team) return http::problem(team.error());
  return http::json_response(200, team_view(*team, caller.role));
}

}  // namespace keyward::api
