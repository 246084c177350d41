#include "client/context.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <iostream>

#include "app/console.h"
#include "domain/validation.h"

namespace keyward::client {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

std::string text_of(const boost::json::object& object, const char* name) {
  const auto* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

Result<Session> open_session(const Common& common) {
  KW_TRY(profile, current_profile(common.url));
  Session session{std::move(profile), nullptr};
  session.api = std::make_unique<Api>(session.profile.url, session.profile.token.view());
  return session;
}

Result<std::string> choose_team(Api& api, const Common& common) {
  std::string wanted = common.team.empty() ? app::env_or_empty("KEYWARD_TEAM") : common.team;
  KW_TRY(me, api.call("GET", "/me"));
  const auto& teams = me.as_object().at("teams").as_array();
  std::string names;
  for (const auto& team : teams) {
    const auto& fields = team.as_object();
    std::string id = text_of(fields, "id");
    std::string name = text_of(fields, "name");
    if (!wanted.empty() && (id == wanted || lower(name) == lower(wanted))) return id;
    names += (names.empty() ? "" : ", ") + name;
  }
  if (wanted.empty() && teams.size() == 1) return text_of(teams[0].as_object(), "id");
  if (teams.empty()) {
    return Error::make(ErrorCode::kNotFound, "This token reaches no team.");
  }
  return Error::make(wanted.empty() ? ErrorCode::kBadRequest : ErrorCode::kNotFound,
                     (wanted.empty() ? std::string("Choose a team with --team")
                                     : "No team \"" + wanted + "\" within this token's reach") +
                         " (one of: " + names + ").");
}

Result<boost::json::object> find_key(Api& api, const std::string& team, const std::string& key) {
  const std::string base = "/teams/" + team + "/api-keys";
  if (is_uuid(key)) {
    KW_TRY(found, api.call("GET", base + "/" + key));
    return std::move(found.as_object());
  }
  KW_TRY(page, api.call("GET", base, {{"search", key}, {"page_size", "100"}}));
  std::vector<boost::json::object> matches;
  for (const auto& item : page.as_object().at("items").as_array()) {
    if (text_of(item.as_object(), "description") == key) matches.push_back(item.as_object());
  }
  if (matches.size() == 1) return std::move(matches.front());
  if (matches.empty()) {
    return Error::make(ErrorCode::kNotFound, "No key with the id or description \"" + key + "\".");
  }
  return Error::make(ErrorCode::kBadRequest,
                     "Several keys are described \"" + key + "\": name one by its id.");
}

Result<crypto::SecretString> read_secret(const char* prompt, const char* what) {
  crypto::SecretString secret(app::read_secret_line(prompt));
  if (secret.view().empty()) {
    return Error::make(ErrorCode::kValidation,
                       std::string("No ") + what +
                           " was given: type it at the prompt or pipe it to standard input.");
  }
  return secret;
}

void print_json(const boost::json::value& value) {
  std::cout << boost::json::serialize(value) << "\n";
}

}  // namespace keyward::client
