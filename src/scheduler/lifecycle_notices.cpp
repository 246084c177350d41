#include "scheduler/lifecycle_notices.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <array>
#include <string_view>
#include <vector>

#include "audit/record.h"
#include "changes/notices.h"
#include "domain/actor.h"
#include "domain/api_key.h"
#include "domain/clock.h"

namespace keyward::scheduler {
namespace {

struct NoticeKind {
  std::string_view name;  // api_key_notices.kind
  audit::EventName event;
};

constexpr std::array<NoticeKind, 3> kKinds = {{
    {"expired", audit::EventName::kApiKeyExpired},
    {"expiring", audit::EventName::kApiKeyExpiring},
    {"rotation_due", audit::EventName::kApiKeyRotationDue},
}};

// The threshold a notice is emitted once for: the expiry, or when rotation fell due.
std::int64_t threshold_of(const ApiKey& key, std::string_view kind) {
  return kind == "rotation_due" ? key.rotation_due_at.value_or(0) : key.expires_at.value_or(0);
}

// Names, ids and moments only: what a team (and its webhooks) may read, never a secret.
boost::json::object details_of(const ApiKey& key, std::string_view kind) {
  boost::json::array labels;
  for (const auto& label : key.labels) labels.emplace_back(label);
  boost::json::object details{
      {"type", key.type}, {"description", key.description}, {"labels", std::move(labels)}};
  if (kind == "rotation_due") {
    details["rotation_due_at"] = format_rfc3339(threshold_of(key, kind));
  } else {
    details["expires_at"] = format_rfc3339(threshold_of(key, kind));
  }
  return details;
}

// One transaction: up to `batch` keys due a `kind` notice, each emitted unless recorded already.
// Returns how many it found (a full batch means there may be more) and how many it emitted.
Result<std::pair<int, int>> emit_batch(storage::Store& store, const NoticeKind& kind,
                                       std::int64_t now, int batch) {
  return storage::write<std::pair<int, int>>(
      store, [&](storage::WriteTx& tx) -> Result<std::pair<int, int>> {
        KW_TRY(due, tx.keys().due_for_notice(kind.name, now, batch));
        int emitted = 0;
        for (const ApiKey& key : due) {
          KW_TRY(recorded,
                 tx.keys().record_notice(key, kind.name, threshold_of(key, kind.name), now));
          if (!recorded) continue;  // another server emitted it meanwhile
          Actor server = Actor::system();
          server.team_id = key.team_id;
          KW_TRY_STATUS(changes::publish(tx, key.team_id, kind.event, {{"id", key.id}}));
          KW_TRY_STATUS(
              audit::record(tx, server, kind.event, now, key.id, details_of(key, kind.name)));
          ++emitted;
        }
        return std::pair<int, int>(static_cast<int>(due.size()), emitted);
      });
}

}  // namespace

Result<int> emit_lifecycle_notices(storage::Store& store, std::int64_t now, int batch) {
  int emitted = 0;
  for (const NoticeKind& kind : kKinds) {
    while (true) {
      KW_TRY(done, emit_batch(store, kind, now, batch));
      emitted += done.second;
      if (done.first < batch) break;
    }
  }
  return emitted;
}

}  // namespace keyward::scheduler
