#include "api/setup.h"

#include <boost/json.hpp>

#include "api/auth.h"
#include "api/views.h"
#include "domain/validation.h"
#include "http/responses.h"
#include "identity/setup.h"

namespace keyward::api {

Result<std::optional<std::string>> prepare_setup(AppContext& context, const std::string& preset) {
  return storage::write<std::optional<std::string>>(
      context.store, [&](storage::WriteTx& tx) { return identity::prepare_setup(tx, preset); });
}

http::Response setup_status(http::Request& /*request*/, AppContext& context) {
  auto needed = storage::read<bool>(context.store, identity::setup_needed);
  if (!needed) return http::problem(needed.error());
  return http::json_response(200, boost::json::object{{"needed", *needed}});
}

http::Response complete_setup(http::Request& request, AppContext& context) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem(body.error());
  FieldErrors errors;
  std::string token = string_field(*body, "token", "Setup token", errors);
  std::string email =
      normalize_email(string_field(*body, "email", "Email", errors), "email", errors);
  crypto::SecretString password = secret_field(*body, "password", "Password", errors, request.body);
  check_password(password.view(), "password", errors);
  std::string name =
      normalize_name(string_field(*body, "name", "Name", errors), "name", "Name", errors);
  std::string team_name = normalize_name(string_field(*body, "team_name", "Team name", errors),
                                         "team_name", "Team name", errors);
  if (token.empty()) errors.add("token", "Setup token is required");
  if (!errors.empty()) return http::problem(errors.to_error());

  auto done = identity::complete_setup(context.store, Actor::anonymous(client_info(request)),
                                       {token, email, password.view(), name, team_name},
                                       session_policy(context), context.clock);
  if (!done) return http::problem(done.error());
  return signed_in_response(
      context, {{"user", user_view(done->user)}, {"team", team_view(done->team, Role::kOwner)}},
      done->session.token);
}

}  // namespace keyward::api
