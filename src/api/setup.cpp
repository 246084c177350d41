#include "api/setup.h"

#include <boost/json.hpp>

#include "api/auth.h"
#include "api/sign_in_throttle.h"
#include "api/views.h"
#include "crypto/password.h"
#include "crypto/random.h"
#include "domain/validation.h"
#include "http/responses.h"

namespace keyward::api {
namespace {

constexpr char kSetupTokenSetting[] = "setup_token_hash";

Error already_done() {
  return Error::make(ErrorCode::kConflict, "Setup is already complete; sign in instead.");
}

}  // namespace

Result<std::optional<std::string>> prepare_setup(AppContext& context, const std::string& preset) {
  return storage::write<std::optional<std::string>>(
      context.store, [&](storage::WriteTx& tx) -> Result<std::optional<std::string>> {
        KW_TRY(any, tx.identity().any_user());
        if (any) {
          KW_TRY_STATUS(tx.settings().remove(kSetupTokenSetting));
          return std::optional<std::string>();
        }
        std::string token = preset.empty() ? crypto::random_token() : preset;
        KW_TRY_STATUS(tx.settings().put(kSetupTokenSetting, crypto::hash_token(token)));
        return std::optional<std::string>(token);
      });
}

http::Response setup_status(http::Request& /*request*/, AppContext& context) {
  auto any = storage::read<bool>(context.store,
                                 [](storage::ReadTx& tx) { return tx.identity().any_user(); });
  if (!any) return http::problem(any.error());
  return http::json_response(200, boost::json::object{{"needed", !*any}});
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

  // Throttled like sign-in (per address): the token is long, but guessing must stay slow.
  std::int64_t now = context.clock.now_ms();
  const AttemptKeys keys = attempt_keys("setup", "", request.remote_address);
  auto attempt = take_attempt(context.store, keys, now);
  if (!attempt) return http::problem(attempt.error());
  if (attempt->wait_ms > 0) {
    return http::too_many_attempts("Too many wrong setup tokens; try again later.",
                                   attempt->wait_ms);
  }

  // Check the token before the expensive hash, and again inside the transaction.
  auto check_token = [&](storage::ReadTx& tx) -> Status {
    KW_TRY(any, tx.identity().any_user());
    KW_TRY(stored, tx.settings().get(kSetupTokenSetting));
    if (any || !stored) return already_done();
    if (!crypto::constant_time_equal(*stored, crypto::hash_token(token))) {
      return Error::make(ErrorCode::kUnauthorized,
                         "The setup token is not valid; use the one printed at the first start.");
    }
    return ok_status();
  };
  auto valid = context.store.read(check_token);
  if (!valid) return http::problem(valid.error());

  auto hash = crypto::hash_password(password.view());
  if (!hash) return http::problem(hash.error());

  User user{crypto::random_uuid(), email, name, *hash, now};
  Team team{crypto::random_uuid(), team_name, now};
  Session session;
  std::string session_token;
  auto done = context.store.write([&](storage::WriteTx& tx) -> Status {
    if (auto still_valid = check_token(tx); !still_valid) return still_valid;
    if (auto s = clear_attempt(tx, keys, *attempt, now); !s) return s;
    if (auto s = tx.identity().insert_user(user); !s) return s;
    if (auto s = tx.identity().insert_team(team); !s) return s;
    if (auto s = tx.identity().insert_membership(team.id, user.id, Role::kOwner, now); !s) return s;
    if (auto s = tx.settings().remove(kSetupTokenSetting); !s) return s;
    if (auto s =
            tx.audit().append(audit_event(request, context, "member.joined", team.id, "user",
                                          user.id, user.id, R"({"role":"owner","via":"setup"})"));
        !s) {
      return s;
    }
    KW_TRY(signed_in, sign_in(tx, context, request, user.id, session));
    session_token = std::move(signed_in);
    return ok_status();
  });
  if (!done) return http::problem(done.error());

  return signed_in_response(
      context, {{"user", user_view(user)}, {"team", team_view(team, Role::kOwner)}}, session_token);
}

}  // namespace keyward::api
