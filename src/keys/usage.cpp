#include "keys/usage.h"

#include <map>

#include "domain/require.h"
#include "keys/keys.h"

namespace keyward::keys {

Result<KeyUsage> key_usage(storage::ReadTx& tx, const Actor& actor, const std::string& id,
                           std::int64_t from_day, std::int64_t to_day) {
  KW_TRY_STATUS(require(actor, Permission::kApiKeysRead));
  KW_TRY(key, tx.keys().find(actor.team_id, id));
  if (!key) return no_key();
  KW_TRY(rows, tx.keys().gateway_usage_by_day(actor.team_id, id, from_day, to_day + kMsPerDay));

  KeyUsage usage;
  for (std::int64_t day = from_day; day <= to_day; day += kMsPerDay) {
    GatewayUsage empty;
    empty.api_key_id = id;
    empty.team_id = actor.team_id;
    empty.period_start = day;
    usage.days.push_back(std::move(empty));
  }
  usage.total.api_key_id = id;
  usage.total.team_id = actor.team_id;
  usage.total.period_start = from_day;
  std::map<std::string, GatewayUsage> by_token;
  for (const auto& row : rows) {
    auto index = static_cast<std::size_t>((row.period_start - from_day) / kMsPerDay);
    if (row.period_start < from_day || index >= usage.days.size()) continue;
    usage.days[index].add(row);
    usage.total.add(row);
    auto [entry, fresh] = by_token.try_emplace(row.token_id, row);
    if (fresh) {
      entry->second.period_start = from_day;
    } else {
      entry->second.add(row);
    }
  }
  for (auto& [token, sum] : by_token) usage.tokens.push_back(std::move(sum));
  return usage;
}

std::int64_t recent_usage_since(std::int64_t now) {
  return now - now % kMsPerHour - 23 * kMsPerHour;
}

Result<std::vector<GatewayUsage>> recent_usage(storage::ReadTx& tx, const Actor& actor,
                                               std::int64_t now) {
  KW_TRY_STATUS(require(actor, Permission::kApiKeysRead));
  return tx.keys().team_gateway_usage(actor.team_id, recent_usage_since(now));
}

}  // namespace keyward::keys
