#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace keyward {

// The seam for time: code that decides expiry or records a moment asks a Clock, so tests can pin
// and move time without sleeping. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch, UTC.
  virtual std::int64_t now_ms() const = 0;
};

// The real wall clock; may step backwards when the system time is set.
class SystemClock final : public Clock {
 public:
  // Milliseconds since the Unix epoch, UTC.
  std::int64_t now_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// A clock that moves only when told: for tests.
class ManualClock final : public Clock {
 public:
  // Starts at `start_ms` (a fixed moment in 2026); thread-safe. advance() moves it by `by`.
  explicit ManualClock(std::int64_t start_ms = 1'790'000'000'000) : now_(start_ms) {}
  std::int64_t now_ms() const override { return now_.load(); }
  void advance(std::chrono::milliseconds by) { now_ += by.count(); }

 private:
  std::atomic<std::int64_t> now_;
};

// RFC 3339 UTC with milliseconds, e.g. "2026-11-30T03:48:17.123Z": how times leave the API.
std::string format_rfc3339(std::int64_t ms);

// Parses any RFC 3339 date-time: "2026-11-30T03:48:17Z", "2026-11-30T03:48:17+00:00",
// "2026-11-29T22:18:17.123456-05:30" (0 to 9 fraction digits, kept to the millisecond) and
// returns the moment in UTC milliseconds; nullopt otherwise.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

}  // namespace keyward
