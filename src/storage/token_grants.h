#pragma once

// A personal access token's grants as personal_tokens.grants stores them:
// '[{"team_id":"…","permissions":["api_keys:read",…]}]', one entry per team, sorted by team id.

#include <string>
#include <vector>

#include "domain/identity.h"

namespace keyward::storage {

std::string token_grants_json(const std::vector<TokenGrant>& grants);

// The grants token_grants_json wrote; an entry that does not parse, or an unknown permission
// name, is left out (a token then grants less, never more).
std::vector<TokenGrant> parse_token_grants(const std::string& json);

}  // namespace keyward::storage
