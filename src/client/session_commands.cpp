// keyward login, logout and teams list.
#include <boost/json.hpp>

#include <iostream>

#include "client/context.h"
#include "client/table.h"
#include "tokens/personal_tokens.h"

namespace keyward::client {

int login(const Common& common) {
  if (common.url.empty()) return report(Error::make(ErrorCode::kBadRequest, "Give --url URL."));
  auto url = normalize_server_url(common.url);
  if (!url) return report(url.error());
  std::cerr << "Create a personal access token on " << *url << "/account\n";
  auto token = read_secret("Personal access token: ", "token");
  if (!token) return report(token.error());
  if (token->view().rfind(tokens::kPersonalTokenPrefix, 0) != 0) {
    return report(Error::make(ErrorCode::kValidation,
                              "That is not a personal access token (they start with kw_pat_)."));
  }
  Api api(*url, token->view());
  auto me = api.call("GET", "/me");
  if (!me) return report(me.error());
  auto saved = save_profile(Profile{*url, std::move(*token)});
  if (!saved) return report(saved.error());
  const auto& user = me->as_object().at("user").as_object();
  if (common.json) {
    print_json(boost::json::object{{"url", *url}, {"user", user}});
    return 0;
  }
  std::cout << "Signed in to " << *url << " as " << text_of(user, "name") << " ("
            << text_of(user, "email") << "); saved in " << credentials_path() << "\n";
  return 0;
}

int logout(const Common& common) {
  std::string url;
  if (!common.url.empty()) {
    auto normalized = normalize_server_url(common.url);
    if (!normalized) return report(normalized.error());
    url = *normalized;
  }
  auto removed = remove_profile(url);
  if (!removed) return report(removed.error());
  if (!*removed) {
    return report(Error::make(ErrorCode::kNotFound, "No stored profile to remove."));
  }
  std::cout << "Signed out. The token still works until it expires: revoke it on the Account "
               "page if it may have leaked.\n";
  return 0;
}

int teams_list(const Common& common) {
  auto session = open_session(common);
  if (!session) return report(session.error());
  auto me = session->api->call("GET", "/me");
  if (!me) return report(me.error());
  const auto& teams = me->as_object().at("teams").as_array();
  if (common.json) {
    print_json(teams);
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& team : teams) {
    const auto& fields = team.as_object();
    std::string permissions;
    for (const auto& p : fields.at("permissions").as_array()) {
      if (!permissions.empty()) permissions += ' ';
      permissions += p.as_string();
    }
    rows.push_back(
        {text_of(fields, "id"), text_of(fields, "name"), text_of(fields, "role"), permissions});
  }
  print_table(std::cout, {"ID", "NAME", "ROLE", "PERMISSIONS"}, rows);
  return 0;
}

}  // namespace keyward::client
