#include "api/members.h"

#include <boost/json.hpp>

#include "api/views.h"
#include "domain/clock.h"
#include "domain/validation.h"
#include "http/responses.h"
#include "identity/invitations.h"
#include "identity/members.h"

namespace keyward::api {
namespace {

// Reads {"role"} with the message the UI shows beside the field.
std::optional<Role> role_field(const boost::json::object& body, FieldErrors& errors) {
  std::string text = string_field(body, "role", "Role", errors);
  auto role = parse_role(text);
  if (!role && !errors.has("role")) {
    errors.add("role", "Select a role: owner, admin, developer or viewer");
  }
  return role;
}

boost::json::object invitation_view(const Invitation& invitation) {
  return {{"id", invitation.id},
          {"email", invitation.email},
          {"role", role_name(invitation.role)},
          {"invited_by", invitation.created_by.empty() ? boost::json::value(nullptr)
                                                       : boost::json::value(invitation.created_by)},
          {"created_at", format_rfc3339(invitation.created_at)},
          {"expires_at", format_rfc3339(invitation.expires_at)}};
}

}  // namespace

http::Response list_invitations(http::Request& request, AppContext& context,
                                const TeamCaller& caller) {
  auto pending = storage::read<std::vector<Invitation>>(context.store, [&](storage::ReadTx& tx) {
    return identity::list_invitations(tx, actor_of(caller, request), context.clock.now_ms());
  });
  if (!pending) return http::problem(pending.error());
  boost::json::array items;
  for (const auto& invitation : *pending) items.push_back(invitation_view(invitation));
  // json_response already sets Cache-Control: a second header would read "no-store, no-store".
  return http::json_response(200, boost::json::object{{"items", std::move(items)}});
}

http::Response revoke_invitation(http::Request& request, AppContext& context,
                                 const TeamCaller& caller) {
  auto done = context.store.write([&](storage::WriteTx& tx) {
    return identity::revoke_invitation(tx, actor_of(caller, request),
                                       {std::string(request.param("id"))}, context.clock.now_ms());
  });
  if (!done) return http::problem(done.error());
  return http::no_content();
}

http::Response list_members(http::Request& request, AppContext& context, const TeamCaller& caller) {
  auto members = storage::read<std::vector<Member>>(context.store, [&](storage::ReadTx& tx) {
    return identity::list_members(tx, actor_of(caller, request));
  });
  if (!members) return http::problem(members.error());
  boost::json::array items;
  for (const auto& member : *members) items.push_back(member_view(member));
  return http::json_response(200, boost::json::object{{"items", std::move(items)}});
}

http::Response invite_member(http::Request& request, AppContext& context,
                             const TeamCaller& caller) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem(body.error());
  FieldErrors errors;
  std::string email =
      normalize_email(string_field(*body, "email", "Email", errors), "email", errors);
  auto role = role_field(*body, errors);
  if (!errors.empty()) return http::problem(errors.to_error());

  auto made = storage::write<identity::NewInvitation>(context.store, [&](storage::WriteTx& tx) {
    return identity::invite(tx, actor_of(caller, request), {email, *role},
                            context.auth.invitation_ttl_ms, context.clock.now_ms());
  });
  if (!made) return http::problem(made.error());
  // The token travels in the fragment, which browsers never send to a server or a Referer.
  std::string url = context.auth.public_url + "/invitations/accept#token=" + made->token;
  return http::json_response(
      201, boost::json::object{{"id", made->invitation.id},
                               {"email", email},
                               {"role", role_name(*role)},
                               {"token", made->token},
                               {"url", url},
                               {"expires_at", format_rfc3339(made->invitation.expires_at)}});
}

http::Response change_role(http::Request& request, AppContext& context, const TeamCaller& caller) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem(body.error());
  FieldErrors errors;
  auto role = role_field(*body, errors);
  if (!errors.empty()) return http::problem(errors.to_error());

  auto changed = storage::write<Member>(context.store, [&](storage::WriteTx& tx) {
    return identity::change_role(tx, actor_of(caller, request),
                                 {std::string(request.param("user")), *role},
                                 context.clock.now_ms(), context.tokens);
  });
  if (!changed) return http::problem(changed.error());
  return http::json_response(200, member_view(*changed));
}

http::Response remove_member(http::Request& request, AppContext& context,
                             const TeamCaller& caller) {
  auto done = context.store.write([&](storage::WriteTx& tx) {
    return identity::remove_member(tx, actor_of(caller, request),
                                   {std::string(request.param("user"))}, context.clock.now_ms(),
                                   context.tokens);
  });
  if (!done) return http::problem(done.error());
  return http::no_content();
}

http::Response accept_invitation(http::Request& request, AppContext& context) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem(body.error());
  identity::AcceptInvitation command;
  command.token = std::string(request.param("token"));
  crypto::SecretString password =
      secret_field(*body, "password", "Password", command.password_errors, request.body);
  command.password = password.view();
  command.name = string_field(*body, "name", "Name", command.name_errors);

  auto joined = identity::accept_invitation(context.store, Actor::anonymous(client_info(request)),
                                            command, session_policy(context), context.clock);
  if (!joined) return http::problem(joined.error());
  return signed_in_response(context,
                            {{"user", user_view(joined->user)},
                             {"team_id", joined->invitation.team_id},
                             {"role", role_name(joined->invitation.role)}},
                            joined->session.token);
}

}  // namespace keyward::api
