#include "api/members.h"

#include <boost/json.hpp>

#include "api/api_keys.h"
#include "api/events.h"
#include "api/service_tokens.h"
#include "api/sign_in_throttle.h"
#include "api/views.h"
#include "changes/notices.h"
#include "crypto/password.h"
#include "crypto/random.h"
#include "domain/clock.h"
#include "domain/validation.h"
#include "http/responses.h"

namespace keyward::api {
namespace {

Error no_member() { return Error::make(ErrorCode::kNotFound, "No such member in this team."); }

Error last_owner() {
  return Error::make(ErrorCode::kConflict,
                     "A team must keep at least one owner; make someone else owner first.");
}

Error not_allowed_for_owner_role() {
  return Error::make(ErrorCode::kForbidden, "Only an owner may give or take the owner role.");
}

Error bad_invitation() {
  return Error::make(ErrorCode::kNotFound, "This invitation is not valid, used or expired.");
}

// Reads {"role"} with the message the UI shows beside the field.
std::optional<Role> role_field(const boost::json::object& body, FieldErrors& errors) {
  std::string text = string_field(body, "role", "Role", errors);
  auto role = parse_role(text);
  if (!role && !errors.has("role")) {
    errors.add("role", "Select a role: owner, admin, developer or viewer");
  }
  return role;
}

// Whether someone holding `inviter_role` (nullopt: no longer a member) may still stand behind an
// invitation to `invited`: an invitation is only ever as good as its inviter's right to grant it.
bool inviter_still_may_grant(const std::optional<Role>& inviter_role, Role invited) {
  return inviter_role && has_permission(*inviter_role, Permission::kMembersManage) &&
         may_assign_role(*inviter_role, invited, invited);
}

// In `tx`: deletes the pending invitations `inviter_id` made that their role `now_role` (nullopt:
// they left) no longer lets them grant, each audited as revoked by `actor_id`.
Status drop_invitations_of(storage::WriteTx& tx, AppContext& context, const http::Request& request,
                           const std::string& team_id, const std::string& inviter_id,
                           const std::optional<Role>& now_role, const std::string& actor_id) {
  KW_TRY(pending, tx.identity().pending_invitations(team_id, context.clock.now_ms()));
  for (const auto& invitation : pending) {
    if (invitation.created_by != inviter_id) continue;
    if (inviter_still_may_grant(now_role, invitation.role)) continue;
    KW_TRY_STATUS(tx.identity().delete_invitation(team_id, invitation.id));
    boost::json::object details{{"email", invitation.email},
                                {"role", role_name(invitation.role)},
                                {"reason", now_role ? "inviter_lost_permission" : "inviter_left"}};
    if (auto s = tx.audit().append(audit_event(request, context, "invitation.revoked", team_id,
                                               "user", actor_id, invitation.id,
                                               boost::json::serialize(details)));
        !s) {
      return s;
    }
  }
  return ok_status();
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

http::Response list_invitations(http::Request& /*request*/, AppContext& context,
                                const TeamCaller& caller) {
  auto pending = storage::read<std::vector<Invitation>>(context.store, [&](storage::ReadTx& tx) {
    return tx.identity().pending_invitations(caller.team_id, context.clock.now_ms());
  });
  if (!pending) return http::problem(pending.error());
  boost::json::array items;
  for (const auto& invitation : *pending) items.push_back(invitation_view(invitation));
  // json_response already sets Cache-Control: a second header would read "no-store, no-store".
  return http::json_response(200, boost::json::object{{"items", std::move(items)}});
}

http::Response revoke_invitation(http::Request& request, AppContext& context,
                                 const TeamCaller& caller) {
  std::string id(request.param("id"));
  auto done = context.store.write([&](storage::WriteTx& tx) -> Status {
    KW_TRY(pending, tx.identity().pending_invitations(caller.team_id, context.clock.now_ms()));
    const Invitation* found = nullptr;
    for (const auto& invitation : pending) {
      if (invitation.id == id) found = &invitation;
    }
    if (found == nullptr) {
      return Error::make(ErrorCode::kNotFound, "No such pending invitation in this team.");
    }
    if (!may_assign_role(caller.role, found->role, found->role)) {
      return not_allowed_for_owner_role();
    }
    KW_TRY_STATUS(tx.identity().delete_invitation(caller.team_id, id));
    boost::json::object details{
        {"email", found->email}, {"role", role_name(found->role)}, {"reason", "revoked"}};
    return tx.audit().append(audit_event(request, context, "invitation.revoked", caller.team_id,
                                         "user", caller.caller.user.id, id,
                                         boost::json::serialize(details)));
  });
  if (!done) return http::problem(done.error());
  http::Response response;
  response.status = 204;
  response.set_header("Cache-Control", "no-store");
  return response;
}

http::Response list_members(http::Request& /*request*/, AppContext& context,
                            const TeamCaller& caller) {
  auto members = storage::read<std::vector<Member>>(
      context.store, [&](storage::ReadTx& tx) { return tx.identity().members(caller.team_id); });
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
  if (!may_assign_role(caller.role, *role, *role)) {
    return http::problem(not_allowed_for_owner_role());
  }

  std::int64_t now = context.clock.now_ms();
  std::string token = crypto::random_token();
  Invitation invitation{crypto::random_uuid(),
                        caller.team_id,
                        email,
                        *role,
                        crypto::hash_token(token),
                        now,
                        caller.caller.user.id,
                        now + context.auth.invitation_ttl_ms,
                        std::nullopt};
  auto done = context.store.write([&](storage::WriteTx& tx) -> Status {
    KW_TRY(existing, tx.identity().find_user_by_email(email));
    if (existing) {
      KW_TRY(role_now, tx.identity().find_role(caller.team_id, existing->id));
      if (role_now) {
        return Error::make(ErrorCode::kConflict, email + " is already a member of this team.");
      }
    }
    // Inviting the same address again replaces what is pending: one live link per address.
    if (auto s = tx.identity().delete_pending_invitations_for(caller.team_id, email); !s) return s;
    if (auto s = tx.identity().insert_invitation(invitation); !s) return s;
    boost::json::object details{{"email", email}, {"role", role_name(*role)}};
    return tx.audit().append(audit_event(request, context, "member.invited", caller.team_id, "user",
                                         caller.caller.user.id, invitation.id,
                                         boost::json::serialize(details)));
  });
  if (!done) return http::problem(done.error());
  // The token travels in the fragment, which browsers never send to a server or a Referer.
  std::string url = context.auth.public_url + "/invitations/accept#token=" + token;
  return http::json_response(
      201, boost::json::object{{"id", invitation.id},
                               {"email", email},
                               {"role", role_name(*role)},
                               {"token", token},
                               {"url", url},
                               {"expires_at", format_rfc3339(invitation.expires_at)}});
}

http::Response change_role(http::Request& request, AppContext& context, const TeamCaller& caller) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem(body.error());
  FieldErrors errors;
  auto role = role_field(*body, errors);
  if (!errors.empty()) return http::problem(errors.to_error());
  std::string user_id(request.param("user"));

  std::optional<Member> changed;
  auto done = context.store.write([&](storage::WriteTx& tx) -> Status {
    KW_TRY(current, tx.identity().find_role(caller.team_id, user_id));
    if (!current) return no_member();
    if (!may_assign_role(caller.role, *current, *role)) return not_allowed_for_owner_role();
    if (*current == Role::kOwner && *role != Role::kOwner) {
      KW_TRY(owners, tx.identity().count_owners(caller.team_id));
      if (owners <= 1) return last_owner();
    }
    if (auto s = tx.identity().update_role(caller.team_id, user_id, *role); !s) return s;
    if (auto s = drop_invitations_of(tx, context, request, caller.team_id, user_id, *role,
                                     caller.caller.user.id);
        !s) {
      return s;
    }
    if (!has_permission(*role, Permission::kServiceTokensManage)) {
      if (auto s = revoke_tokens_of(tx, context, request, caller.team_id, user_id,
                                    caller.caller.user.id, "creator_lost_permission");
          !s) {
        return s;
      }
    }
    if (auto published = changes::publish(tx, caller.team_id, audit::EventName::kMemberRoleChanged,
                                          {{"user_id", user_id}});
        !published)
      return published;
    boost::json::object details{{"from", role_name(*current)}, {"to", role_name(*role)}};
    if (auto s = tx.audit().append(audit_event(request, context, "member.role_changed",
                                               caller.team_id, "user", caller.caller.user.id,
                                               user_id, boost::json::serialize(details)));
        !s) {
      return s;
    }
    KW_TRY(members, tx.identity().members(caller.team_id));
    for (auto& member : members) {
      if (member.user_id == user_id) changed = std::move(member);
    }
    return ok_status();
  });
  if (!done) return http::problem(done.error());
  return http::json_response(200, changed ? member_view(*changed) : boost::json::object{});
}

http::Response remove_member(http::Request& request, AppContext& context,
                             const TeamCaller& caller) {
  std::string user_id(request.param("user"));
  auto done = context.store.write([&](storage::WriteTx& tx) -> Status {
    KW_TRY(current, tx.identity().find_role(caller.team_id, user_id));
    if (!current) return no_member();
    if (!may_assign_role(caller.role, *current, *current)) return not_allowed_for_owner_role();
    if (*current == Role::kOwner) {
      KW_TRY(owners, tx.identity().count_owners(caller.team_id));
      if (owners <= 1) return last_owner();
    }
    if (auto s = tx.identity().delete_membership(caller.team_id, user_id); !s) return s;
    if (auto s = revoke_tokens_of(tx, context, request, caller.team_id, user_id,
                                  caller.caller.user.id, "creator_left_team");
        !s) {
      return s;
    }
    if (auto s = drop_invitations_of(tx, context, request, caller.team_id, user_id, std::nullopt,
                                     caller.caller.user.id);
        !s) {
      return s;
    }
    if (auto published = changes::publish(tx, caller.team_id, audit::EventName::kMemberRemoved,
                                          {{"user_id", user_id}});
        !published)
      return published;
    // A removed member stops hearing about the team's keys at once, on every server.
    if (auto ended = changes::end_member_streams(tx, caller.team_id, user_id); !ended) return ended;
    boost::json::object details{{"role", role_name(*current)}};
    return tx.audit().append(audit_event(request, context, "member.removed", caller.team_id, "user",
                                         caller.caller.user.id, user_id,
                                         boost::json::serialize(details)));
  });
  if (!done) return http::problem(done.error());
  http::Response response;
  response.status = 204;
  response.set_header("Cache-Control", "no-store");
  return response;
}

http::Response accept_invitation(http::Request& request, AppContext& context) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem(body.error());
  std::string token_hash = crypto::hash_token(request.param("token"));
  std::int64_t now = context.clock.now_ms();

  std::optional<Invitation> invitation;
  std::optional<User> existing;
  auto read = context.store.read([&](storage::ReadTx& tx) -> Status {
    KW_TRY(found, tx.identity().find_invitation(token_hash));
    if (!found || found->accepted_at || found->expires_at <= now) return bad_invitation();
    // However it came about (a path that did not delete it), an invitation whose inviter left
    // or may no longer grant its role is dead.
    KW_TRY(inviter_role, tx.identity().find_role(found->team_id, found->created_by));
    if (!inviter_still_may_grant(inviter_role, found->role)) return bad_invitation();
    invitation = std::move(found);
    KW_TRY(user, tx.identity().find_user_by_email(invitation->email));
    existing = std::move(user);
    return ok_status();
  });
  if (!read) return http::problem(read.error());

  FieldErrors errors;
  crypto::SecretString password = secret_field(*body, "password", "Password", errors, request.body);
  User user;
  AttemptKeys keys;
  Attempt attempt;
  if (existing) {
    // An existing account proves it is theirs with its password, so a leaked link cannot add
    // someone else's account to a team.
    if (password.view().empty()) errors.add("password", "Password is required");
    if (!errors.empty()) return http::problem(errors.to_error());
    // The same throttle as sign-in, counted before the check: a link must not become a way
    // around it.
    keys = attempt_keys("session", existing->email, request.remote_address);
    auto taken = take_attempt(context.store, keys, now);
    if (!taken) return http::problem(taken.error());
    attempt = *taken;
    if (attempt.wait_ms > 0) {
      return http::too_many_attempts("Too many wrong passwords; try again later.", attempt.wait_ms);
    }
    if (password.view().size() > kMaxPasswordLength ||
        !crypto::verify_password(existing->password_hash, password.view())) {
      return http::problem(Error::make(ErrorCode::kUnauthorized,
                                       "The password is not correct for " + existing->email + "."));
    }
    user = *existing;
  } else {
    std::string name =
        normalize_name(string_field(*body, "name", "Name", errors), "name", "Name", errors);
    check_password(password.view(), "password", errors);
    if (!errors.empty()) return http::problem(errors.to_error());
    auto hash = crypto::hash_password(password.view());
    if (!hash) return http::problem(hash.error());
    user = User{crypto::random_uuid(), invitation->email, name, *hash, now};
  }

  Session session;
  std::string session_token;
  auto done = context.store.write([&](storage::WriteTx& tx) -> Status {
    if (existing) {
      if (auto s = clear_attempt(tx, keys, attempt, now); !s) return s;
    }
    // Re-read inside the write lock: two accepts of one link cannot both succeed.
    KW_TRY(again, tx.identity().find_invitation(token_hash));
    if (!again || again->accepted_at) return bad_invitation();
    if (!existing) {
      if (auto s = tx.identity().insert_user(user); !s) {
        Error error = std::move(s).error();
        if (error.code == ErrorCode::kConflict) return bad_invitation();  // created meanwhile
        return error;
      }
    }
    KW_TRY(role_now, tx.identity().find_role(invitation->team_id, user.id));
    if (role_now) {
      return Error::make(ErrorCode::kConflict, "You are already a member of this team.");
    }
    if (auto s = tx.identity().mark_invitation_accepted(invitation->id, now); !s) return s;
    if (auto s =
            tx.identity().insert_membership(invitation->team_id, user.id, invitation->role, now);
        !s) {
      return s;
    }
    if (auto published = changes::publish(tx, invitation->team_id, audit::EventName::kMemberJoined,
                                          {{"user_id", user.id}});
        !published)
      return published;
    boost::json::object details{{"role", role_name(invitation->role)},
                                {"invitation_id", invitation->id}};
    if (auto s = tx.audit().append(audit_event(request, context, "member.joined",
                                               invitation->team_id, "user", user.id, user.id,
                                               boost::json::serialize(details)));
        !s) {
      return s;
    }
    KW_TRY(token, sign_in(tx, context, request, user.id, session));
    session_token = std::move(token);
    return ok_status();
  });
  if (!done) return http::problem(done.error());
  return signed_in_response(context,
                            {{"user", user_view(user)},
                             {"team_id", invitation->team_id},
                             {"role", role_name(invitation->role)}},
                            session_token);
}

}  // namespace keyward::api
