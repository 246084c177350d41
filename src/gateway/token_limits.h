#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "domain/actor.h"

namespace keyward::gateway {

// A service token's gateway limits (requests a minute, and a UTC calendar month), counted in this
// server's memory. The minute is this server's own count; the month adds what the store holds
// for the token (every server's written usage, read again at most once a minute) to what this
// server admitted since, so several servers together overshoot by at most a minute's requests.
// Thread-safe.
class TokenLimits {
 public:
  static constexpr std::int64_t kMonthRefreshMs = 60'000;

  // The start of the UTC calendar month holding `now`, and of the next one (ms).
  static std::int64_t month_start(std::int64_t now);
  static std::int64_t next_month_start(std::int64_t now);

  // Whether admit() needs the month's count of the token from the store first (none yet, a new
  // month, or older than kMonthRefreshMs).
  bool needs_month_count(const std::string& token_id, std::int64_t now) const;
  // The store's count of the token's requests in the month of `now`.
  void set_month_count(const std::string& token_id, std::int64_t count, std::int64_t now);

  // How many ms until `actor`'s minute limit lifts at `now`, 0 when it is not reached; counts
  // nothing (admit() decides). Lets a refused call stop before any key is opened.
  std::int64_t minute_wait(const Actor& actor, std::int64_t now) const;

  // Counts one request of `actor` (a service token) at `now` and returns 0; or, when one of its
  // limits is reached, counts nothing and returns how many ms until that limit lifts.
  std::int64_t admit(const Actor& actor, std::int64_t now);

 private:
  struct Counts {
    std::int64_t minute = -1;  // minutes since the epoch
    std::int64_t in_minute = 0;
    std::int64_t month = -1;        // the month's start
    std::int64_t month_stored = 0;  // from the store
    std::int64_t month_here = 0;    // admitted here since it was read
    std::int64_t read_at = -1;
  };
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Counts> tokens_;  // only tokens with a limit
};

}  // namespace keyward::gateway
