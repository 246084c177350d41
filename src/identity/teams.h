#pragma once

#include <cstdint>
#include <string>

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

}  // namespace keyward::identity
