#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace keyward {

// A background thread that runs one round of work on a period, for the server's housekeeping
// (usage flushes, the scheduler, webhook deliveries). stop() wakes it and waits for a round in
// progress, so a round never outlives what it uses. Not copyable; start() once.
class PeriodicThread {
 public:
  // What to do each round; true when more work is waiting, so the next round starts at once.
  using Round = std::function<bool()>;

  PeriodicThread() = default;
  PeriodicThread(const PeriodicThread&) = delete;
  PeriodicThread& operator=(const PeriodicThread&) = delete;
  ~PeriodicThread() { stop(); }

  // Runs `round` every `interval` (measured from the end of a round), the first at once when
  // `first_at_once`, else after one interval.
  void start(std::chrono::milliseconds interval, Round round, bool first_at_once = true);
  // Wakes the thread and waits for it; true when it was running (false: never started, or
  // stopped already).
  bool stop();

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace keyward
