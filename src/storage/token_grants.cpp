#include "storage/token_grants.h"

#include <boost/json.hpp>

#include <cstddef>

namespace keyward::storage {

std::string token_grants_json(const std::vector<TokenGrant>& grants) {
  boost::json::array out;
  for (const auto& grant : grants) {
    boost::json::array names;
    for (std::size_t i = 0; i < static_cast<std::size_t>(Permission::kCount); ++i) {
      auto permission = static_cast<Permission>(i);
      if (contains(grant.permissions, permission)) names.emplace_back(permission_name(permission));
    }
    out.push_back(boost::json::object{{"team_id", grant.team_id}, {"permissions", names}});
  }
  return boost::json::serialize(out);
}

std::vector<TokenGrant> parse_token_grants(const std::string& json) {
  std::vector<TokenGrant> grants;
  boost::system::error_code ec;
  auto parsed = boost::json::parse(json, ec);
  if (ec || !parsed.is_array()) return grants;
  for (const auto& entry : parsed.as_array()) {
    const auto* fields = entry.if_object();
    if (fields == nullptr) continue;
    const auto* team = fields->if_contains("team_id");
    const auto* names = fields->if_contains("permissions");
    if (team == nullptr || !team->is_string() || names == nullptr || !names->is_array()) continue;
    TokenGrant grant{std::string(team->as_string()), 0};
    for (const auto& name : names->as_array()) {
      if (!name.is_string()) continue;
      if (auto permission = parse_permission(name.as_string())) {
        grant.permissions |= permission_bit(*permission);
      }
    }
    grants.push_back(std::move(grant));
  }
  return grants;
}

}  // namespace keyward::storage
