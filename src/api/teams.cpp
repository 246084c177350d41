#include "api/teams.h"

#include <boost/json.hpp>

#include "api/request_fields.h"
#include "api/views.h"
#include "domain/api_key.h"
#include "domain/lifecycle.h"
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
  return http::json_response(200, team_view(*team, caller.role, caller.permission_limit));
}

namespace {

// A whole number from `min` to `max` in `field`; adds `message` to `errors` otherwise.
std::optional<int> int_in_range(const boost::json::value& value, const char* field, int min,
                                int max, const std::string& message, FieldErrors& errors) {
  if (!value.is_int64() || value.as_int64() < min || value.as_int64() > max) {
    errors.add(field, message);
    return std::nullopt;
  }
  return static_cast<int>(value.as_int64());
}

}  // namespace

http::Response update_team(http::Request& request, AppContext& context, const TeamCaller& caller) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem(body.error());
  identity::UpdateTeam command;
  FieldErrors errors;
  if (const auto* kept = body->if_contains("secret_versions_kept")) {
    command.secret_versions_kept =
        int_in_range(*kept, "secret_versions_kept", kMinSecretVersionsKept, kMaxSecretVersionsKept,
                     "Keep between " + std::to_string(kMinSecretVersionsKept) + " and " +
                         std::to_string(kMaxSecretVersionsKept) + " versions",
                     errors);
  }
  command.rotate_every_days =
      optional_int_field(*body, "rotate_every_days", kMinRotateEveryDays, kMaxRotateEveryDays,
                         "Rotate every 1 to 3650 days, or null for no reminder", errors);
  command.reverify_every_days =
      optional_int_field(*body, "reverify_every_days", kMinReverifyEveryDays, kMaxReverifyEveryDays,
                         "Check keys every 1 to 365 days, or null for never", errors);
  if (const auto* warn = body->if_contains("expiry_warning_days")) {
    command.expiry_warning_days =
        int_in_range(*warn, "expiry_warning_days", kMinExpiryWarningDays, kMaxExpiryWarningDays,
                     "Warn 1 to 365 days before a key expires", errors);
  }
  if (const auto* streak = body->if_contains("gateway_disable_after")) {
    command.gateway_disable_after = int_in_range(
        *streak, "gateway_disable_after", kMinGatewayDisableAfter, kMaxGatewayDisableAfter,
        "Disable a key after 1 to 100 rejections in a row", errors);
  }
  if (const auto* policy = body->if_contains("expired_key_policy")) {
    const auto parsed =
        policy->is_string() ? parse_expired_key_policy(policy->as_string()) : std::nullopt;
    if (!parsed) errors.add("expired_key_policy", "Expired key policy must be warn or refuse");
    command.expired_key_policy = parsed;
  }
  if (!errors.empty()) return http::problem(errors.to_error());
  if (!command.secret_versions_kept && !command.rotate_every_days && !command.expiry_warning_days &&
      !command.expired_key_policy && !command.reverify_every_days &&
      !command.gateway_disable_after) {
    return http::problem(
        Error::make(ErrorCode::kBadRequest,
                    "Send a setting to change: secret_versions_kept, rotate_every_days, "
                    "expiry_warning_days, expired_key_policy, reverify_every_days or "
                    "gateway_disable_after."));
  }
  auto team = storage::write<Team>(context.store, [&](storage::WriteTx& tx) {
    return identity::update_team(tx, actor_of(caller, request), command, context.clock.now_ms());
  });
  if (!team) return http::problem(team.error());
  return http::json_response(200, team_view(*team, caller.role, caller.permission_limit));
}

}  // namespace keyward::api
