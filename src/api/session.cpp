#include "api/session.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

#include "api/views.h"
#include "crypto/password.h"
#include "domain/throttle.h"
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

  const std::string account_key = "account:" + email;
  const std::string address_key = "address:" + request.remote_address;
  std::int64_t now = context.clock.now_ms();

  std::optional<ThrottleState> account_state;
  std::optional<ThrottleState> address_state;
  std::optional<User> user;
  auto read = context.store.read([&](storage::Tx& tx) -> Status {
    auto a = tx.get_throttle(account_key);
    if (!a) return std::move(a).error();
    auto b = tx.get_throttle(address_key);
    if (!b) return std::move(b).error();
    auto u = tx.find_user_by_email(email);
    if (!u) return std::move(u).error();
    account_state = *a;
    address_state = *b;
    user = std::move(*u);
    return ok_status();
  });
  if (!read) return http::problem(read.error());

  // A locked key answers 429 before any password check: a correct guess cannot get through.
  std::int64_t wait_ms =
      std::max(locked_for_ms(account_state, now), locked_for_ms(address_state, now));
  if (wait_ms > 0) {
    log::warn("login_throttled", {{"request_id", request.request_id}});
    return http::too_many_attempts("Too many failed sign-ins; try again in " +
                                       std::to_string((wait_ms + 59'999) / 60'000) + " minute(s).",
                                   wait_ms);
  }

  // Exactly one argon2id verification on every path, so the time says nothing.
  bool valid = false;
  if (user) {
    valid = crypto::verify_password(user->password_hash, password.view());
  } else {
    crypto::burn_password_verification(password.view());
  }

  if (!valid) {
    auto recorded = context.store.write([&](storage::Tx& tx) -> Status {
      if (auto s =
              tx.put_throttle(account_key, record_failure(account_state, kAccountThrottle, now));
          !s) {
        return s;
      }
      if (auto s =
              tx.put_throttle(address_key, record_failure(address_state, kAddressThrottle, now));
          !s) {
        return s;
      }
      boost::json::object details{{"email", email}, {"reason", "bad_credentials"}};
      return tx.insert_audit(audit_event(
          request, context, "session.failed", std::nullopt, "anonymous", std::nullopt,
          user ? std::optional(user->id) : std::nullopt, boost::json::serialize(details)));
    });
    if (!recorded) return http::problem(recorded.error());
    return http::problem(
        Error::make(ErrorCode::kUnauthorized, "The email or the password is not correct."));
  }

  Session session;
  std::string token;
  auto done = context.store.write([&](storage::Tx& tx) -> Status {
    if (auto s = tx.delete_throttle(account_key); !s) return s;
    if (auto s = tx.delete_expired_sessions(now - context.auth.session_idle_ms, now); !s) return s;
    auto created = sign_in(tx, context, request, user->id, session);
    if (!created) return std::move(created).error();
    token = std::move(created).value();
    return ok_status();
  });
  if (!done) return http::problem(done.error());
  return signed_in_response(context, {{"user", user_view(*user)}}, token);
}

http::Response logout(http::Request& request, AppContext& context, const Caller& caller) {
  auto done = context.store.write([&](storage::Tx& tx) -> Status {
    if (auto s = tx.delete_session(caller.session.token_hash); !s) return s;
    return tx.insert_audit(audit_event(request, context, "session.deleted", std::nullopt, "user",
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
  auto teams = storage::read<std::vector<TeamWithRole>>(
      context.store, [&](storage::Tx& tx) { return tx.teams_of_user(caller.user.id); });
  if (!teams) return http::problem(teams.error());
  boost::json::array team_list;
  for (const auto& entry : *teams) team_list.push_back(team_view(entry.team, entry.role));
  return http::json_response(200, boost::json::object{{"user", user_view(caller.user)},
                                                      {"teams", std::move(team_list)},
                                                      {"csrf_token", caller.csrf_token}});
}

}  // namespace keyward::api
