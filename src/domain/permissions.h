#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace keyward {

// A member's role in one team. A user may hold a different role in each team.
enum class Role : std::uint8_t { kOwner, kAdmin, kDeveloper, kViewer };

// The named permissions of DESIGN.md's matrix.
enum class Permission : std::uint8_t {
  kApiKeysRead,
  kApiKeysCreate,
  kApiKeysUpdate,
  kApiKeysDelete,
  kApiKeysReveal,
  kMembersRead,
  kMembersManage,
  kServiceTokensManage,
  kAuditRead,
  kTeamManage,
  kWebhooksManage,
  kCount,  // not a permission
};

// The matrix: whether `role` holds `permission`. The server's only source for this decision.
bool has_permission(Role role, Permission permission);

// "api_keys:read" and so on, as /me lists them; parse_permission gives nullopt for any other text.
std::string_view permission_name(Permission permission);
std::optional<Permission> parse_permission(std::string_view name);

// A set of permissions as bits (bit i: the Permission of value i). A personal access token
// carries one per team: its holder's role there is further limited to it.
using PermissionSet = std::uint32_t;
inline constexpr PermissionSet kAllPermissions =
    (PermissionSet{1} << static_cast<unsigned>(Permission::kCount)) - 1;
constexpr PermissionSet permission_bit(Permission permission) {
  return PermissionSet{1} << static_cast<unsigned>(permission);
}
constexpr bool contains(PermissionSet set, Permission permission) {
  return (set & permission_bit(permission)) != 0;
}
// Every permission of `role`, as a set.
PermissionSet permission_set_of(Role role);
// Every permission `role` holds, in matrix order.
std::vector<Permission> permissions_of(Role role);

// The stored and API name of a role; parse_role gives nullopt for any other text.
std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view name);

// Only owners may give or take the owner role: an admin cannot promote anyone (themselves
// included) to owner, nor demote or remove an owner.
bool may_assign_role(Role actor, Role from, Role to);

}  // namespace keyward
