#include "domain/permissions.h"

#include <array>
#include <cstddef>

namespace keyward {
namespace {

struct Row {
  std::string_view name;
  std::array<bool, 4> roles;  // owner, admin, developer, viewer
};

// DESIGN.md's permission matrix, row for row.
constexpr std::array<Row, static_cast<std::size_t>(Permission::kCount)> kMatrix = {{
    {"api_keys:read", {true, true, true, true}},
    {"api_keys:create", {true, true, true, false}},
    {"api_keys:update", {true, true, true, false}},
    {"api_keys:delete", {true, true, false, false}},
    {"api_keys:reveal", {true, true, true, false}},
    {"members:read", {true, true, true, true}},
    {"members:manage", {true, true, false, false}},
    {"service_tokens:manage", {true, true, false, false}},
    {"audit:read", {true, true, false, false}},
    {"team:manage", {true, false, false, false}},
    {"webhooks:manage", {true, true, false, false}},
}};

constexpr std::array<std::string_view, 4> kRoleNames = {"owner", "admin", "developer", "viewer"};

}  // namespace

bool has_permission(Role role, Permission permission) {
  return kMatrix.at(static_cast<std::size_t>(permission)).roles.at(static_cast<std::size_t>(role));
}

std::string_view permission_name(Permission permission) {
  return kMatrix.at(static_cast<std::size_t>(permission)).name;
}

std::optional<Permission> parse_permission(std::string_view name) {
  for (std::size_t i = 0; i < kMatrix.size(); ++i) {
    if (kMatrix[i].name == name) return static_cast<Permission>(i);
  }
  return std::nullopt;
}

PermissionSet permission_set_of(Role role) {
  PermissionSet set = 0;
  for (Permission permission : permissions_of(role)) set |= permission_bit(permission);
  return set;
}

std::vector<Permission> permissions_of(Role role) {
  std::vector<Permission> out;
  for (std::size_t i = 0; i < kMatrix.size(); ++i) {
    auto permission = static_cast<Permission>(i);
    if (has_permission(role, permission)) out.push_back(permission);
  }
  return out;
}

std::string_view role_name(Role role) { return kRoleNames.at(static_cast<std::size_t>(role)); }

std::optional<Role> parse_role(std::string_view name) {
  for (std::size_t i = 0; i < kRoleNames.size(); ++i) {
    if (kRoleNames[i] == name) return static_cast<Role>(i);
  }
  return std::nullopt;
}

bool may_assign_role(Role actor, Role from, Role to) {
  if (!has_permission(actor, Permission::kMembersManage)) return false;
  if (from == Role::kOwner || to == Role::kOwner) return actor == Role::kOwner;
  return true;
}

}  // namespace keyward
