#include "gateway/token_limits.h"

#include <chrono>

namespace keyward::gateway {
namespace {

using std::chrono::days;
using std::chrono::milliseconds;
using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr std::int64_t kMsPerMinute = 60'000;

year_month_day day_of(std::int64_t now) {
  return year_month_day{
      std::chrono::floor<days>(std::chrono::sys_time<milliseconds>(milliseconds(now)))};
}

std::int64_t ms_of(sys_days day) {
  return std::chrono::duration_cast<milliseconds>(day.time_since_epoch()).count();
}

}  // namespace

std::int64_t TokenLimits::month_start(std::int64_t now) {
  year_month_day today = day_of(now);
  return ms_of(sys_days{today.year() / today.month() / 1});
}

std::int64_t TokenLimits::next_month_start(std::int64_t now) {
  year_month_day today = day_of(now);
  auto first = today.year() / today.month() / 1;
  return ms_of(sys_days{first + std::chrono::months{1}});
}

bool TokenLimits::needs_month_count(const std::string& token_id, std::int64_t now) const {
  std::lock_guard lock(mutex_);
  auto found = tokens_.find(token_id);
  if (found == tokens_.end()) return true;
  const Counts& counts = found->second;
  return counts.read_at < 0 || counts.month != month_start(now) ||
         now - counts.read_at >= kMonthRefreshMs;
}

void TokenLimits::set_month_count(const std::string& token_id, std::int64_t count,
                                  std::int64_t now) {
  std::lock_guard lock(mutex_);
  Counts& counts = tokens_[token_id];
  counts.month = month_start(now);
  counts.month_stored = count;
  counts.month_here = 0;
  counts.read_at = now;
}

std::int64_t TokenLimits::minute_wait(const Actor& actor, std::int64_t now) const {
  if (!actor.requests_per_minute) return 0;
  std::lock_guard lock(mutex_);
  auto found = tokens_.find(actor.id);
  const std::int64_t minute = now / kMsPerMinute;
  if (found == tokens_.end() || found->second.minute != minute ||
      found->second.in_minute < *actor.requests_per_minute) {
    return 0;
  }
  return (minute + 1) * kMsPerMinute - now;
}

std::int64_t TokenLimits::admit(const Actor& actor, std::int64_t now) {
  if (!actor.requests_per_minute && !actor.requests_per_month) return 0;
  std::lock_guard lock(mutex_);
  Counts& counts = tokens_[actor.id];
  const std::int64_t minute = now / kMsPerMinute;
  if (counts.minute != minute) {
    counts.minute = minute;
    counts.in_minute = 0;
  }
  if (actor.requests_per_minute && counts.in_minute >= *actor.requests_per_minute) {
    return (minute + 1) * kMsPerMinute - now;
  }
  const std::int64_t month = month_start(now);
  if (counts.month != month) {  // a new month, before its count was read: nothing yet
    counts.month = month;
    counts.month_stored = 0;
    counts.month_here = 0;
    counts.read_at = -1;
  }
  if (actor.requests_per_month &&
      counts.month_stored + counts.month_here >= *actor.requests_per_month) {
    return next_month_start(now) - now;
  }
  ++counts.in_minute;
  ++counts.month_here;
  return 0;
}

}  // namespace keyward::gateway
