#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/actor.h"
#include "domain/identity.h"
#include "domain/result.h"
#include "storage/tx.h"
#include "tokens/token_cache.h"

namespace keyward::identity {

// The actor's team's members, by name. REQUIRES: members:read (the route checks it).
Result<std::vector<Member>> list_members(storage::ReadTx& tx, const Actor& actor);

// Giving a member another role.
struct ChangeRole {
  std::string user_id;
  Role role = Role::kViewer;
};

// In `tx`: gives member `command.user_id` of the actor's team the role `command.role`; drops the
// pending invitations the new role no longer lets them grant and, when it loses
// service_tokens:manage, revokes their service tokens (tokens::revoke_tokens_of; `cache`: this
// server's token cache, which then forgets them at once); announces and records
// member.role_changed. Returns the member as they are now. kNotFound for a non-member; kForbidden
// without members:manage or for the owner role given or taken by a non-owner; kConflict for the
// last owner's demotion.
Result<Member> change_role(storage::WriteTx& tx, const Actor& actor, const ChangeRole& command,
                           std::int64_t now, tokens::TokenCache* cache = nullptr);

// Removing a member from the team.
struct RemoveMember {
  std::string user_id;
};

// In `tx`: removes member `command.user_id` from the actor's team, revokes their service tokens
// (tokens::revoke_tokens_of, `cache` as for change_role) and drops their pending invitations;
// announces member.removed, ends their event streams on every server and records it. kNotFound for
// a non-member; kForbidden without members:manage or for an owner removed by a non-owner; kConflict
// for the last owner.
Status remove_member(storage::WriteTx& tx, const Actor& actor, const RemoveMember& command,
                     std::int64_t now, tokens::TokenCache* cache = nullptr);

}  // namespace keyward::identity
