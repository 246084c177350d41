#pragma once

#include "api/app_context.h"
#include "api/auth.h"
#include "http/message.h"

namespace keyward::api {

// GET /teams/{team}/members
http::Response list_members(http::Request& request, AppContext& context, const TeamCaller& caller);

// POST /teams/{team}/invitations: {"email","role"} -> {"token","url","expires_at"}; the token
// is shown once. Only an owner may invite an owner.
http::Response invite_member(http::Request& request, AppContext& context, const TeamCaller& caller);

// PATCH /teams/{team}/members/{user}: {"role"}. The last owner cannot be demoted.
// GET /teams/{team}/invitations: pending invitations (email, role, inviter, expiry; never the
// token), oldest first.
http::Response list_invitations(http::Request& request, AppContext& context,
                                const TeamCaller& caller);

// DELETE /teams/{team}/invitations/{id}: revokes a pending invitation (an owner invitation only
// by an owner).
http::Response revoke_invitation(http::Request& request, AppContext& context,
                                 const TeamCaller& caller);

// PATCH /teams/{team}/members/{user} {"role"}: only an owner grants or takes owner; the last owner
// keeps it.
http::Response change_role(http::Request& request, AppContext& context, const TeamCaller& caller);

// DELETE /teams/{team}/members/{user}. The last owner cannot be removed.
http::Response remove_member(http::Request& request, AppContext& context, const TeamCaller& caller);

// POST /invitations/{token}/accept: joins the team, creating the user when the email is new
// ({"name","password"}) or checking the existing user's password ({"password"}); signs them in.
http::Response accept_invitation(http::Request& request, AppContext& context);

}  // namespace keyward::api
