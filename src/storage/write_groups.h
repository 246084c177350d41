#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "storage/store.h"

namespace keyward::storage {

// Group commit, for both engines: writes arriving while a group commits queue up, and the next
// caller to run takes the whole queue (up to kMaxGroup) into one transaction, each write in its
// own SAVEPOINT, with one COMMIT (one fsync, one round of conflicts) for all. Each caller gets its
// own result, and its after-commit actions run in its own thread once the group has committed.
// The engine supplies how a group runs (run_group); this class only queues and hands back.
class WriteGroups {
 public:
  // One caller's write inside a group.
  struct Write {
    const std::function<Status(WriteTx&)>* work;
    std::unique_ptr<WriteTx> tx;  // the engine's WriteTx for it, kept for its after-commit actions
    Status result = ok_status();
    std::exception_ptr thrown;
    bool done = false;

    // Runs the work on `tx` (kept here), catching an exception for the caller to rethrow.
    void run(std::unique_ptr<WriteTx> on);
    // Sets the result to `error` and drops the after-commit actions.
    void fail(const Error& error);
  };
  // Runs one group of writes in one engine transaction, setting each Write's result.
  using RunGroup = std::function<void(const std::vector<Write*>&)>;

  // The most writes one transaction carries: bounds a group's latency and its rollback.
  static constexpr std::size_t kMaxGroup = 128;

  // Runs `work` in some group (run by this caller or another); returns its own result.
  Status submit(const std::function<Status(WriteTx&)>& work, const RunGroup& run_group);

  // For tests of grouping: groups committed so far (the engine counts them), whether a group is
  // running, and the writes waiting for the next one.
  void count_commit();
  std::int64_t commits() const;
  bool group_running() const;
  std::size_t queued_writes() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Write*> queue_;  // oldest first
  bool running_ = false;
  std::int64_t commits_ = 0;
};

}  // namespace keyward::storage
