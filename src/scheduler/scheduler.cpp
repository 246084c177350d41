#include "scheduler/scheduler.h"

#include <utility>
#include <vector>

#include "keys/keys.h"
#include "log/log.h"
#include "scheduler/lifecycle_notices.h"

namespace keyward::scheduler {
namespace {

constexpr const char kLifecycleJob[] = "lifecycle_notices";
constexpr const char kReverifyJob[] = "reverify_keys";

}  // namespace

Scheduler::Scheduler(storage::Store& store, const Clock& clock, std::string holder,
                     SchedulerOptions options, keys::TeamKeys* team_keys, KeyCheck check)
    : store_(store),
      clock_(clock),
      holder_(std::move(holder)),
      options_(options),
      team_keys_(team_keys),
      check_(std::move(check)) {}

Result<int> Scheduler::run_once() {
  const std::int64_t now = clock_.now_ms();
  KW_TRY(held, storage::write<bool>(store_, [&](storage::WriteTx& tx) {
           return tx.settings().take_lease(kLifecycleJob, holder_, now,
                                           now + options_.lease.count());
         }));
  if (!held) return 0;
  return emit_lifecycle_notices(store_, now);
}

Result<int> Scheduler::reverify_once() {
  if (!check_ || team_keys_ == nullptr) return 0;
  const std::int64_t now = clock_.now_ms();
  KW_TRY(held, storage::write<bool>(store_, [&](storage::WriteTx& tx) {
           return tx.settings().take_lease(kReverifyJob, holder_, now,
                                           now + options_.lease.count());
         }));
  if (!held) return 0;
  KW_TRY(due, storage::read<std::vector<ApiKey>>(store_, [&](storage::ReadTx& tx) {
           return tx.keys().due_for_reverify(now, options_.reverify_batch);
         }));
  int checked = 0;
  for (const ApiKey& key : due) {
    auto opened = storage::read<keys::OpenedKey>(store_, [&](storage::ReadTx& tx) {
      return keys::open_for_scheduled_check(tx, *team_keys_, key);
    });
    if (!opened) continue;  // deleted meanwhile
    // Outside any transaction: the provider may take seconds.
    std::string status = check_(opened->key, opened->plaintext);
    Actor server = Actor::system();
    server.team_id = key.team_id;
    keys::Verification verdict{key.id, opened->key.type, opened->key.fingerprint, status};
    auto recorded = store_.write([&](storage::WriteTx& tx) {
      return keys::record_verification(tx, server, verdict, clock_.now_ms());
    });
    // A key changed while it was checked keeps no verdict (kConflict); the next round sees it.
    if (recorded) ++checked;
  }
  return checked;
}

void Scheduler::start() {
  rounds_.start(options_.interval, [this] {
    auto done = run_once();
    if (!done) {
      log::warn("scheduler_round_failed", {{"error", done.error().internal}});
    } else if (*done > 0) {
      log::info("lifecycle_notices", {{"emitted", *done}});
    }
    auto checked = reverify_once();
    if (!checked) {
      log::warn("scheduler_reverify_failed", {{"error", checked.error().internal}});
    } else if (*checked > 0) {
      log::info("keys_reverified", {{"checked", *checked}});
    }
    return false;
  });
}

void Scheduler::stop() {
  if (!rounds_.stop()) return;
  // Another server takes the jobs over at its next round rather than when the leases end.
  auto released =
      store_.write([&](storage::WriteTx& tx) { return tx.settings().release_leases(holder_); });
  if (!released) {
    log::warn("scheduler_lease_release_failed", {{"error", released.error().internal}});
  }
}

}  // namespace keyward::scheduler
