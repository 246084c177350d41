#include "api/usage.h"

#include <boost/json/object.hpp>

#include <boost/json.hpp>

#include <algorithm>

#include "audit/record.h"
#include "log/log.h"

namespace keyward::api {

void UsageRecorder::record(const std::string& token_id, const std::string& team_id,
                           const std::string& key_id, const std::string& ip, bool expired,
                           bool gateway) {
  std::int64_t now = clock_.now_ms();
  std::lock_guard lock(mutex_);
  count_use(token_id, team_id, key_id, ip, expired, gateway, now);
}

void UsageRecorder::count_use(const std::string& token_id, const std::string& team_id,
                              const std::string& key_id, const std::string& ip, bool expired,
                              bool gateway, std::int64_t now) {
  Count& count = counts_[{token_id, key_id}];
  if (count.calls == 0) {
    count.team_id = team_id;
    count.first_at = now;
  }
  count.calls += 1;
  if (expired) count.expired_calls += 1;
  if (gateway) count.gateway_calls += 1;
  count.last_at = now;
  count.ip = ip;
}

void UsageRecorder::record_gateway(GatewayUsage use, const std::string& ip, bool expired) {
  std::int64_t now = clock_.now_ms();
  use.period_start = now - now % kMsPerHour;
  std::lock_guard lock(mutex_);
  count_use(use.token_id, use.team_id, use.api_key_id, ip, expired, /*gateway=*/true, now);
  auto [entry, fresh] = gateway_.try_emplace({use.api_key_id, use.token_id, use.period_start}, use);
  if (!fresh) entry->second.add(use);
}

void UsageRecorder::touch_session(const std::string& token_hash, std::int64_t now) {
  std::lock_guard lock(mutex_);
  std::int64_t& seen = sessions_seen_[token_hash];
  seen = std::max(seen, now);
}

void UsageRecorder::touch_personal_token(const std::string& token_id, std::int64_t now) {
  std::lock_guard lock(mutex_);
  std::int64_t& used = personal_tokens_used_[token_id];
  used = std::max(used, now);
}

std::optional<std::int64_t> UsageRecorder::unwritten_session_seen(
    const std::string& token_hash) const {
  std::lock_guard lock(mutex_);
  auto found = sessions_seen_.find(token_hash);
  if (found == sessions_seen_.end()) return std::nullopt;
  return found->second;
}

Status UsageRecorder::flush() {
  std::map<std::pair<std::string, std::string>, Count> taken;
  std::map<std::string, std::int64_t> sessions;
  std::map<std::string, std::int64_t> personal;
  decltype(gateway_) gateway;
  {
    std::lock_guard lock(mutex_);
    taken.swap(counts_);
    sessions.swap(sessions_seen_);
    personal.swap(personal_tokens_used_);
    gateway.swap(gateway_);
  }
  if (taken.empty() && sessions.empty() && personal.empty() && gateway.empty()) {
    return ok_status();
  }
  auto done = store_.write([&](storage::WriteTx& tx) -> Status {
    for (const auto& [token_hash, at] : sessions) {
      if (auto s = tx.identity().touch_session(token_hash, at); !s) return s;
    }
    for (const auto& [token_id, at] : personal) {
      if (auto s = tx.personal_tokens().mark_used(token_id, at); !s) return s;
    }
    for (const auto& [ids, use] : gateway) {
      if (auto s = tx.keys().add_gateway_usage(use); !s) return s;
    }
    for (const auto& [ids, count] : taken) {
      const auto& [token_id, key_id] = ids;
      if (auto s = tx.keys().mark_used(key_id, count.last_at); !s) return s;
      if (auto s = tx.tokens().mark_used(token_id, count.last_at); !s) return s;
      Actor token = Actor::service_token(token_id, count.team_id, {}, {count.ip, ""});
      boost::json::object details{{"count", count.calls},
                                  {"first_at", format_rfc3339(count.first_at)},
                                  {"last_at", format_rfc3339(count.last_at)}};
      // The mark of the "warn" policy: how many of these calls were served an expired key.
      if (count.expired_calls > 0) details["expired_calls"] = count.expired_calls;
      // How many were calls through the gateway (the key sent to its provider by keyward).
      if (count.gateway_calls > 0) details["gateway_calls"] = count.gateway_calls;
      KW_TRY_STATUS(audit::record(tx, token, audit::EventName::kApiKeyResolved, count.last_at,
                                  key_id, details));
    }
    return ok_status();
  });
  if (!done) {
    // Put the counts back so the next flush tries again; nothing is lost to a busy database.
    std::lock_guard lock(mutex_);
    for (const auto& [token_hash, at] : sessions) {
      std::int64_t& seen = sessions_seen_[token_hash];
      seen = std::max(seen, at);
    }
    for (const auto& [token_id, at] : personal) {
      std::int64_t& used = personal_tokens_used_[token_id];
      used = std::max(used, at);
    }
    for (const auto& [ids, use] : gateway) {
      auto [entry, fresh] = gateway_.try_emplace(ids, use);
      if (!fresh) entry->second.add(use);
    }
    for (auto& [ids, count] : taken) {
      Count& current = counts_[ids];
      if (current.calls == 0) {
        current = count;
      } else {
        current.calls += count.calls;
        current.expired_calls += count.expired_calls;
        current.gateway_calls += count.gateway_calls;
        current.first_at = std::min(current.first_at, count.first_at);
      }
    }
  }
  return done;
}

void UsageRecorder::start(std::chrono::milliseconds interval) {
  flusher_.start(
      interval,
      [this] {
        if (auto flushed = flush(); !flushed) {
          log::warn("usage_flush_failed", {{"error", flushed.error().internal}});
        }
        return false;
      },
      /*first_at_once=*/false);
}

void UsageRecorder::stop() {
  if (!flusher_.stop()) return;
  // The last resolves counted since the last round.
  if (auto flushed = flush(); !flushed) {
    log::warn("usage_flush_failed", {{"error", flushed.error().internal}});
  }
}

}  // namespace keyward::api
