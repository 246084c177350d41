#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/actor.h"
#include "domain/identity.h"
#include "domain/result.h"
#include "storage/tx.h"

namespace keyward::identity {

// A new team, its name already validated (domain/validation.h's normalize_name).
struct CreateTeam {
  std::string name;
};

// In `tx`: creates a team at `now` whose first owner is the actor, recording member.joined
// (via team_created). REQUIRES: actor is a signed-in user. The id is fresh on every run.
Result<Team> create_team(storage::WriteTx& tx, const Actor& actor, const CreateTeam& command,
                         std::int64_t now);

// A change of a team's settings; absent fields keep their value.
struct UpdateTeam {
  // How many of each key's newest secret versions keep their ciphertext. REQUIRES: within
  // kMinSecretVersionsKept..kMaxSecretVersionsKept (domain/api_key.h).
  std::optional<int> secret_versions_kept;
  // The lifecycle settings (domain/lifecycle.h), each within its range. rotate_every_days: an
  // inner nullopt removes the team's default period.
  std::optional<std::optional<int>> rotate_every_days = std::nullopt;
  std::optional<int> expiry_warning_days = std::nullopt;
  std::optional<ExpiredKeyPolicy> expired_key_policy = std::nullopt;
  // 1-365 days, or an inner nullopt: the scheduler no longer checks keys on its own.
  std::optional<std::optional<int>> reverify_every_days = std::nullopt;
  // kMinGatewayDisableAfter..kMaxGatewayDisableAfter (domain/identity.h).
  std::optional<int> gateway_disable_after = std::nullopt;
};

// In `tx`: applies `command` to the actor's team at `now` and returns it as stored. Lowering
// secret_versions_kept deletes, in the same transaction, the ciphertexts of every key's versions
// older than the newest it now keeps (their metadata stays); a new rotation period or warning
// window places every key's lifecycle marks again. REQUIRES: actor may team:manage. kNotFound
// when the team is gone. Audited and announced as team.updated with the changed fields, unless
// nothing changed.
Result<Team> update_team(storage::WriteTx& tx, const Actor& actor, const UpdateTeam& command,
                         std::int64_t now);

// The actor's team; kNotFound when it is gone. REQUIRES: actor is a member of it.
Result<Team> find_team(storage::ReadTx& tx, const Actor& actor);

// The teams the actor (a signed-in user) belongs to, with their role in each, by name.
Result<std::vector<TeamWithRole>> teams_of(storage::ReadTx& tx, const Actor& actor);

}  // namespace keyward::identity
