#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/actor.h"
#include "domain/gateway_usage.h"
#include "domain/result.h"
#include "storage/tx.h"

// What the gateway did with a team's keys, as the usage recorder wrote it (by hour). Reads only;
// like keys/keys.h, each runs in the transaction it is given.
namespace keyward::keys {

// The longest range GET …/usage reports, in days.
inline constexpr int kMaxUsageDays = 366;

// A key's use per UTC day in [from_day, to_day] (both day starts, ms; inclusive): `days` has one
// entry per day, zeros where nothing happened, oldest first; `tokens` one sum per service token
// over the range. kNotFound when the team has no key `id`.
struct KeyUsage {
  std::vector<GatewayUsage> days;    // token_id empty
  std::vector<GatewayUsage> tokens;  // period_start = from_day
  GatewayUsage total;
};
Result<KeyUsage> key_usage(storage::ReadTx& tx, const Actor& actor, const std::string& id,
                           std::int64_t from_day, std::int64_t to_day);

// Where the key list's "last 24 hours" starts at `now`: the current hour and the 23 before it.
std::int64_t recent_usage_since(std::int64_t now);
// Each of the team's keys' use since recent_usage_since(now), for the key list; keys without use
// are absent.
Result<std::vector<GatewayUsage>> recent_usage(storage::ReadTx& tx, const Actor& actor,
                                               std::int64_t now);

}  // namespace keyward::keys
