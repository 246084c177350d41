#include "api/session.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

#include "api/sign_in_throttle.h"
#include "api/views.h"
#include "changes/notices.h"
#include "crypto/password.h"
#include "domain/validation.h"
#include "http/responses.h"
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

  std::int64_t now = context.clock.now_ms();
  const AttemptKeys keys = attempt_keys("session", email, request.remote_address);
  // Counted before the password is checked: a correct guess cannot get through a lock, and
  // guesses sent in parallel each use up an attempt.
  auto attempt = take_attempt(context.store, keys, now);
  if (!attempt) return http::problem(attempt.error());
  if (attempt->wait_ms > 0) {
    log::warn("login_throttled", {{"request_id", request.request_id}});
    return http::too_many_attempts("Too many failed sign-ins; try again in " +
                                       std::to_string((attempt->wait_ms + 59'999) / 60'000) +
                                       " minute(s).",
                                   attempt->wait_ms);
  }

  auto user = storage::read<std::optional<User>>(
      context.store, [&](storage::ReadTx& tx) { return tx.identity().find_user_by_email(email); });
  if (!user) return http::problem(user.error());

  // Exactly one argon2id verification on every path, so the time says nothing.
  bool valid = false;
  if (*user) {
    valid = crypto::verify_password((*user)->password_hash, password.view());
  } else {
    crypto::burn_password_verification(password.view());
  }

  if (!valid) {
    auto recorded = context.store.write([&](storage::WriteTx& tx) -> Status {
      // What was typed as the email is kept only when it is one: a password typed into the
      // email field must never reach the audit trail.
      boost::json::object details{{"reason", "bad_credentials"}};
      if (is_valid_email(email)) details["email"] = email;
      return tx.audit().append(audit_event(
          request, context, "session.failed", std::nullopt, "anonymous", std::nullopt,
          *user ? std::optional((*user)->id) : std::nullopt, boost::json::serialize(details)));
    });
    if (!recorded) return http::problem(recorded.error());
    return http::problem(
        Error::make(ErrorCode::kUnauthorized, "The email or the password is not correct."));
  }

  Session session;
  std::string token;
  auto done = context.store.write([&](storage::WriteTx& tx) -> Status {
    if (auto s = clear_attempt(tx, keys, *attempt, now); !s) return s;
    if (auto s = tx.identity().delete_expired_sessions(now - context.auth.session_idle_ms, now); !s)
      return s;
    KW_TRY(created, sign_in(tx, context, request, (*user)->id, session));
    token = std::move(created);
    return ok_status();
  });
  if (!done) return http::problem(done.error());
  return signed_in_response(context, {{"user", user_view(**user)}}, token);
}

http::Response logout(http::Request& request, AppContext& context, const Caller& caller) {
  auto done = context.store.write([&](storage::WriteTx& tx) -> Status {
    if (auto s = tx.identity().delete_session(caller.session.token_hash); !s) return s;
    // Its event streams end with it, on every server.
    if (auto s = changes::end_session_streams(tx, caller.session.id); !s) return s;
    return tx.audit().append(audit_event(request, context, "session.deleted", std::nullopt, "user",
                                         caller.user.id, caller.session.id));
  });
  if (!done) return http::problem(done.error());
  http::Response response;
  response.status = 204;
  response.set_header("Set-Cookie", cleared_session_cookie(context));
  response.set_header("Cache-Control", "no-store");
  return response;
}

http::Response me(http::Request& /*request*/, AppContext& context, const Caller& caller) {
  auto teams = storage::read<std::vector<TeamWithRole>>(context.store, [&](storage::ReadTx& tx) {
    return tx.identity().teams_of_user(caller.user.id);
  });
  if (!teams) return http::problem(teams.error());
  boost::json::array team_list;
  for (const auto& entry : *teams) team_list.push_back(team_view(entry.team, entry.role));
  return http::json_response(200, boost::json::object{{"user", user_view(caller.user)},
                                                      {"teams", std::move(team_list)},
                                                      {"csrf_token", caller.csrf_token}});
}

}  // namespace keyward::api
