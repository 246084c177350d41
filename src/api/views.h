#pragma once

#include <boost/json/fwd.hpp>

#include "domain/identity.h"

namespace keyward::api {

// JSON shapes of the people side, one function per resource, used by every handler.
boost::json::object user_view(const User& user);
boost::json::object team_view(const Team& team, Role role);
boost::json::object member_view(const Member& member);

}  // namespace keyward::api
