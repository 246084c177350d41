#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>

#include "domain/clock.h"
#include "domain/gateway_usage.h"
#include "domain/identity.h"
#include "runtime/periodic_thread.h"
#include "storage/store.h"

namespace keyward::api {

// What reads leave behind, batched: last_used_at of keys and tokens, and one
// api_key.resolved audit row per (token, key) and flush window with the number of calls, so
// the hot path never writes and the audit table grows by window, not by request; and sessions'
// last_seen_at, so a signed-in read never waits for the database's write lock; and the
// gateway's counts per key, token and hour. Thread-safe.
class UsageRecorder {
 public:
  // How often usage is written, and so what a crash (SIGKILL, power loss) can lose: the resolves
  // counted in the last second, their api_key.resolved audit rows and last_used_at moves, and
  // sessions' last_seen_at. Also the audit aggregation window: at most one row per token, key
  // and second.
  static constexpr std::chrono::seconds kFlushInterval{1};

  // Writes to `store` when flushed, with `clock`'s times. REQUIRES: both outlive it.
  UsageRecorder(storage::Store& store, const Clock& clock) : store_(store), clock_(clock) {}
  UsageRecorder(const UsageRecorder&) = delete;
  UsageRecorder& operator=(const UsageRecorder&) = delete;
  ~UsageRecorder() { stop(); }

  // Counts one resolve of `key_id` by the service token `token_id` of `team_id`; `expired`: the
  // key was served past its expiry (the team's "warn" policy), which its audit row counts apart;
  // `gateway`: the key was used for a call through the gateway, counted apart too.
  // Memory only; never blocks on the database.
  void record(const std::string& token_id, const std::string& team_id, const std::string& key_id,
              const std::string& ip, bool expired = false, bool gateway = false);

  // One gateway attempt with a key: its counts (`use.period_start` is ignored: the recorder files
  // it under the current UTC hour), and the key's use as record() counts it with `gateway` set,
  // under one lock. Memory only; never blocks on the database.
  void record_gateway(GatewayUsage use, const std::string& ip, bool expired);

  // Notes that a session was seen at `now` (its last_seen_at is written with the next flush).
  void touch_session(const std::string& token_hash, std::int64_t now);
  // Notes that the personal access token `token_id` was used at `now` (its last_used_at is
  // written with the next flush).
  void touch_personal_token(const std::string& token_id, std::int64_t now);
  // When the session was last seen by this server, if that is not written yet.
  std::optional<std::int64_t> unwritten_session_seen(const std::string& token_hash) const;

  // Writes what has been counted, in one transaction. Safe to call any time.
  Status flush();

  // A background thread that flushes every `interval`; stop() flushes a last time.
  void start(std::chrono::milliseconds interval = kFlushInterval);
  void stop();

 private:
  struct Count;
  // record()'s work. REQUIRES: mutex_ held.
  void count_use(const std::string& token_id, const std::string& team_id, const std::string& key_id,
                 const std::string& ip, bool expired, bool gateway, std::int64_t now);

  struct Count {
    std::string team_id;
    std::int64_t calls = 0;
    std::int64_t expired_calls = 0;
    std::int64_t gateway_calls = 0;
    std::int64_t first_at = 0;
    std::int64_t last_at = 0;
    std::string ip;
  };
  storage::Store& store_;
  const Clock& clock_;
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, Count> counts_;  // (token id, key id)
  std::map<std::string, std::int64_t> sessions_seen_;            // token hash -> last seen
  std::map<std::string, std::int64_t> personal_tokens_used_;     // token id -> last used
  // (key id, token id, hour) -> the gateway's counts
  std::map<std::tuple<std::string, std::string, std::int64_t>, GatewayUsage> gateway_;
  PeriodicThread flusher_;  // last: stopped before the rest goes
};

}  // namespace keyward::api
