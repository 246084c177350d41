#include "api/views.h"

#include <boost/json.hpp>

#include "domain/clock.h"

namespace keyward::api {

boost::json::object user_view(const User& user) {
  return {{"id", user.id}, {"email", user.email}, {"name", user.name}};
}

boost::json::object team_view(const Team& team, Role role) {
  boost::json::array permissions;
  for (Permission permission : permissions_of(role)) {
    permissions.emplace_back(permission_name(permission));
  }
  return {{"id", team.id},
          {"name", team.name},
          {"role", role_name(role)},
          {"permissions", std::move(permissions)},
          {"created_at", format_rfc3339(team.created_at)}};
}

boost::json::object member_view(const Member& member) {
  return {{"user_id", member.user_id},
          {"email", member.email},
          {"name", member.name},
          {"role", role_name(member.role)},
          {"joined_at", format_rfc3339(member.joined_at)}};
}

}  // namespace keyward::api
