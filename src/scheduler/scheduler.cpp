#include "scheduler/scheduler.h"

#include <utility>

#include "log/log.h"
#include "scheduler/lifecycle_notices.h"

namespace keyward::scheduler {
namespace {

constexpr const char kLifecycleJob[] = "lifecycle_notices";

}  // namespace

Scheduler::Scheduler(storage::Store& store, const Clock& clock, std::string holder,
                     SchedulerOptions options)
    : store_(store), clock_(clock), holder_(std::move(holder)), options_(options) {}

Result<int> Scheduler::run_once() {
  const std::int64_t now = clock_.now_ms();
  KW_TRY(held, storage::write<bool>(store_, [&](storage::WriteTx& tx) {
           return tx.settings().take_lease(kLifecycleJob, holder_, now,
                                           now + options_.lease.count());
         }));
  if (!held) return 0;
  return emit_lifecycle_notices(store_, now);
}

void Scheduler::start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      auto done = run_once();
      if (!done) {
        log::warn("scheduler_round_failed", {{"error", done.error().internal}});
      } else if (*done > 0) {
        log::info("lifecycle_notices", {{"emitted", *done}});
      }
      lock.lock();
      wake_.wait_for(lock, options_.interval, [this] { return stopping_; });
    }
  });
}

void Scheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace keyward::scheduler
