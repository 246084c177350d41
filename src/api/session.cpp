#include "api/session.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

#include "api/views.h"
#include "domain/validation.h"
#include "http/responses.h"
#include "identity/sessions.h"
#include "identity/sign_in.h"
#include "identity/teams.h"
#include "log/log.h"

namespace keyward::api {
http::Response login(http::Request& request, AppContext& context) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem(body.error());
  FieldErrors errors;
  std::string email = trim(string_field(*body, "email", "Email", errors));
  std::transform(email.begin(), email.end(), email.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  crypto::SecretString password = secret_field(*body, "password", "Password", errors, request.body);
  if (email.empty()) errors.add("email", "Email is required");
  if (password.view().empty()) errors.add("password", "Password is required");
  if (password.view().size() > kMaxPasswordLength) {
    errors.add("password", "Password is too long");
  }
  if (!errors.empty()) return http::problem(errors.to_error());

  auto signed_in =
      identity::sign_in(context.store, Actor::anonymous(client_info(request)),
                        {email, password.view()}, session_policy(context), context.clock);
  if (!signed_in) {
    if (signed_in.error().code == ErrorCode::kTooManyRequests) {
      log::warn("login_throttled", {{"request_id", request.request_id}});
    }
    return http::problem(signed_in.error());
  }
  return signed_in_response(context, {{"user", user_view(signed_in->user)}},
                            signed_in->session.token);
}

http::Response logout(http::Request& request, AppContext& context, const Caller& caller) {
  auto done = context.store.write([&](storage::WriteTx& tx) {
    return identity::sign_out(tx, actor_of(caller, request), {caller.session.token_hash},
                              context.clock.now_ms());
  });
  if (!done) return http::problem(done.error());
  http::Response response = http::no_content();
  response.set_header("Set-Cookie", cleared_session_cookie(context));
  return response;
}

http::Response me(http::Request& request, AppContext& context, const Caller& caller) {
  auto teams = storage::read<std::vector<TeamWithRole>>(context.store, [&](storage::ReadTx& tx) {
    return identity::teams_of(tx, actor_of(caller, request));
  });
  if (!teams) return http::problem(teams.error());
  boost::json::array team_list;
  for (const auto& entry : *teams) {
    if (!caller.personal_token) {
      team_list.push_back(team_view(entry.team, entry.role));
    } else if (const TokenGrant* grant = caller.personal_token->grant_in(entry.team.id)) {
      // A personal access token sees only its teams, with what it may do there.
      team_list.push_back(team_view(entry.team, entry.role, grant->permissions));
    }
  }
  return http::json_response(200, boost::json::object{{"user", user_view(caller.user)},
                                                      {"teams", std::move(team_list)},
                                                      {"csrf_token", caller.csrf_token}});
}

}  // namespace keyward::api
