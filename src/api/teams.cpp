#include "api/teams.h"

#include <boost/json.hpp>

#include "api/views.h"
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

}  // namespace keyward::api
