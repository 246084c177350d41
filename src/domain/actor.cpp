#include "domain/actor.h"

#include <algorithm>
#include <utility>

#include "domain/labels.h"

namespace keyward {

Actor Actor::member(std::string user_id, std::string team_id, Role role, ClientInfo client) {
  Actor actor;
  actor.kind = Kind::kUser;
  actor.id = std::move(user_id);
  actor.team_id = std::move(team_id);
  actor.role = role;
  actor.client = std::move(client);
  return actor;
}

Actor Actor::user(std::string user_id, ClientInfo client) {
  Actor actor;
  actor.kind = Kind::kUser;
  actor.id = std::move(user_id);
  actor.client = std::move(client);
  return actor;
}

Actor Actor::service_token(std::string token_id, std::string team_id,
                           std::vector<std::string> types, ClientInfo client) {
  Actor actor;
  actor.kind = Kind::kServiceToken;
  actor.id = std::move(token_id);
  actor.team_id = std::move(team_id);
  actor.key_types = std::move(types);
  actor.client = std::move(client);
  return actor;
}

Actor Actor::anonymous(ClientInfo client) {
  Actor actor;
  actor.client = std::move(client);
  return actor;
}

Actor Actor::system() {
  Actor actor;
  actor.kind = Kind::kSystem;
  return actor;
}

bool Actor::may(Permission permission) const {
  return kind == Kind::kUser && !team_id.empty() && has_permission(role, permission) &&
         contains(permission_limit, permission);
}

bool Actor::may_resolve(std::string_view type) const {
  return kind == Kind::kServiceToken &&
         std::find(key_types.begin(), key_types.end(), type) != key_types.end();
}

bool Actor::may_resolve_labelled(const std::vector<std::string>& labels) const {
  return kind == Kind::kServiceToken && carries_all(labels, key_labels);
}

std::string_view Actor::kind_name() const {
  switch (kind) {
    case Kind::kUser:
      return "user";
    case Kind::kServiceToken:
      return "service_token";
    case Kind::kSystem:
      return "system";
    case Kind::kAnonymous:
      return "anonymous";
  }
  return "anonymous";
}

}  // namespace keyward
