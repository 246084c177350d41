#include "runtime/periodic_thread.h"

#include <utility>

namespace keyward {

void PeriodicThread::start(std::chrono::milliseconds interval, Round round, bool first_at_once) {
  thread_ = std::thread([this, interval, round = std::move(round), first_at_once] {
    std::unique_lock lock(mutex_);
    bool wait = !first_at_once;
    while (!stopping_) {
      if (wait && wake_.wait_for(lock, interval, [this] { return stopping_; })) break;
      lock.unlock();
      const bool more = round();
      lock.lock();
      wait = !more;
    }
  });
}

bool PeriodicThread::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (!thread_.joinable()) return false;
  thread_.join();
  return true;
}

}  // namespace keyward
