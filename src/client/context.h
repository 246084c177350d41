#pragma once

#include <boost/json/value.hpp>

#include <memory>
#include <string>

#include "client/api.h"
#include "client/commands.h"
#include "client/profile.h"

// What the client commands share: the signed-in profile's API, the chosen team, and reading a
// secret the way every command does.
namespace keyward::client {

// The API of the current profile (common.url, KEYWARD_URL/KEYWARD_TOKEN, or the stored default).
struct Session {
  Profile profile;
  std::unique_ptr<Api> api;
};
Result<Session> open_session(const Common& common);

// The team named by `common.team` (an id or a name, any case), KEYWARD_TEAM, or the caller's only
// team: its id. kBadRequest listing the teams when none is named and there are several.
Result<std::string> choose_team(Api& api, const Common& common);

// A key named by its id, or by its exact description (unique in the team): its JSON.
Result<boost::json::object> find_key(Api& api, const std::string& team, const std::string& key);

// A secret from standard input (one line, or the whole input for a key) or a prompt without
// echo; kValidation when it is empty.
Result<crypto::SecretString> read_secret(const char* prompt, const char* what);

// A JSON value printed for scripts (one line).
void print_json(const boost::json::value& value);

// A string member of `object` ("" when absent or not a string).
std::string text_of(const boost::json::object& object, const char* name);

}  // namespace keyward::client
