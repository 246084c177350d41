#include "storage/write_groups.h"

namespace keyward::storage {
namespace {

// The WriteGroups this thread is writing through: a write started inside another write of the
// same store would wait for its own group forever, so it fails instead.
thread_local const WriteGroups* t_writing = nullptr;

}  // namespace

void WriteGroups::Write::run(std::unique_ptr<WriteTx> on) {
  tx = std::move(on);
  try {
    result = (*work)(*tx);
  } catch (...) {
    thrown = std::current_exception();
    result = Error::make(ErrorCode::kInternal, "", "a write threw");
  }
}

void WriteGroups::Write::fail(const Error& error) {
  result = error;
  tx.reset();
}

Status WriteGroups::submit(const std::function<Status(WriteTx&)>& work, const RunGroup& run_group) {
  if (t_writing == this) {
    return Error::make(ErrorCode::kInternal, "",
                       "a write was started inside another write of the same store");
  }
  Write mine{&work, nullptr, ok_status(), nullptr, false};
  {
    t_writing = this;
    std::unique_lock lock(mutex_);
    queue_.push_back(&mine);
    // Wait until another caller's group has carried this write, or until no group is running;
    // then this caller runs the next group, which starts with the oldest waiting write.
    while (!mine.done) {
      changed_.wait(lock, [&] { return mine.done || !running_; });
      if (mine.done) break;
      running_ = true;
      std::vector<Write*> group;
      while (!queue_.empty() && group.size() < kMaxGroup) {
        group.push_back(queue_.front());
        queue_.pop_front();
      }
      lock.unlock();
      try {
        run_group(group);
      } catch (...) {
        // Not the writes' own exceptions (Write::run keeps those): the engine's. Every write of
        // the group gets it, and the queue goes on.
        for (Write* write : group) {
          write->tx.reset();
          if (!write->thrown) write->thrown = std::current_exception();
        }
      }
      lock.lock();
      for (Write* write : group) write->done = true;
      running_ = false;
      changed_.notify_all();
    }
    t_writing = nullptr;  // after-commit actions may write again
  }
  if (mine.thrown) std::rethrow_exception(mine.thrown);
  if (mine.result && mine.tx) mine.tx->run_after_commit();
  return mine.result;
}

void WriteGroups::count_commit() {
  std::lock_guard lock(mutex_);
  commits_ += 1;
}

std::int64_t WriteGroups::commits() const {
  std::lock_guard lock(mutex_);
  return commits_;
}

bool WriteGroups::group_running() const {
  std::lock_guard lock(mutex_);
  return running_;
}

std::size_t WriteGroups::queued_writes() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

}  // namespace keyward::storage
