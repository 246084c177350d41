#include "api/events.h"

#include <algorithm>
#include <chrono>
#include <functional>

namespace keyward::api {

// One open stream: frames queued by publish(), taken by the server when woken.
class EventHub::Stream final : public http::EventSource {
 public:
  Stream(EventHub& hub, std::string team_id, std::string user_id, std::string session_id,
         std::int64_t expires_at_ms, std::function<bool()> still_allowed)
      : hub_(hub),
        team_id_(std::move(team_id)),
        user_id_(std::move(user_id)),
        session_id_(std::move(session_id)),
        expires_at_ms_(expires_at_ms),
        still_allowed_(std::move(still_allowed)),
        checked_at_ms_(hub.now_ms()) {}
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;
  // Also when the server never got to attach it (the connection died first).
  ~Stream() override { hub_.unsubscribe(this); }

  void attach(std::function<void()> wake) override {
    std::lock_guard lock(mutex_);
    wake_ = std::move(wake);
    if (!pending_.empty() && wake_) wake_();
  }

  std::string take() override {
    std::lock_guard lock(mutex_);
    std::string out;
    out.swap(pending_);
    if (!out.empty()) unchecked_ = true;  // finished() asks still_allowed before it is sent
    return out;
  }

  void detach() override { hub_.unsubscribe(this); }

  bool finished() override {
    std::int64_t now = hub_.now_ms();
    bool recheck = false;
    {
      std::lock_guard lock(mutex_);
      if (expires_at_ms_ > 0 && now >= expires_at_ms_) finished_ = true;
      if (finished_) return true;
      recheck = still_allowed_ && (unchecked_ || now - checked_at_ms_ >= kRecheckMs);
      if (recheck) {
        checked_at_ms_ = now;
        unchecked_ = false;
      }
    }
    // Outside the lock: it reads the database.
    if (recheck && !still_allowed_()) {
      std::lock_guard lock(mutex_);
      finished_ = true;
    }
    std::lock_guard lock(mutex_);
    return finished_;
  }

  void finish() {
    std::lock_guard lock(mutex_);
    finished_ = true;
    pending_.clear();
    if (wake_) wake_();
  }

  void push(const std::string& frame) {
    std::lock_guard lock(mutex_);
    // A client that stops reading does not make the server hold its events forever.
    constexpr std::size_t kMaxPendingBytes = 1 << 20;
    if (pending_.size() + frame.size() > kMaxPendingBytes) return;
    pending_ += frame;
    if (wake_) wake_();
  }

  const std::string& team_id() const { return team_id_; }
  const std::string& user_id() const { return user_id_; }
  const std::string& session_id() const { return session_id_; }

 private:
  EventHub& hub_;
  std::string team_id_;
  std::string user_id_;
  std::string session_id_;
  std::int64_t expires_at_ms_;
  std::function<bool()> still_allowed_;
  std::int64_t checked_at_ms_;
  std::mutex mutex_;
  std::string pending_;
  std::function<void()> wake_;
  bool finished_ = false;
  bool unchecked_ = false;  // take() handed out events still_allowed has not been asked about
};

void EventHub::publish(const std::string& team_id, const std::string& event,
                       const std::string& data) {
  std::lock_guard lock(mutex_);
  auto [next, fresh] = next_id_.try_emplace(team_id, 0);
  if (fresh) {
    next->second =
        static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count());
  }
  std::uint64_t id = next->second++;
  std::string frame =
      "id: " + std::to_string(id) + "\nevent: " + event + "\ndata: " + data + "\n\n";
  auto& replay = replay_[team_id];
  replay.push_back({id, frame});
  if (replay.size() > kReplayPerTeam) replay.pop_front();
  for (Stream* stream : streams_[team_id]) stream->push(frame);
}

Result<std::shared_ptr<http::EventSource>> EventHub::subscribe(
    const std::string& team_id, const std::string& user_id, std::uint64_t last_event_id,
    const std::string& session_id, std::int64_t expires_at_ms,
    std::function<bool()> still_allowed) {
  std::lock_guard lock(mutex_);
  if (per_user_[user_id] >= kMaxStreamsPerUser) {
    return Error::make(ErrorCode::kTooManyRequests,
                       "Too many open event streams; close a tab or window first.");
  }
  auto stream = std::make_shared<Stream>(*this, team_id, user_id, session_id, expires_at_ms,
                                         std::move(still_allowed));
  // "retry" tells the browser how soon to reconnect after a drop.
  stream->push("retry: 1000\n\n");
  if (last_event_id > 0) {
    for (const auto& sent : replay_[team_id]) {
      if (sent.id > last_event_id) stream->push(sent.frame);
    }
  }
  streams_[team_id].push_back(stream.get());
  per_user_[user_id] += 1;
  return std::shared_ptr<http::EventSource>(stream);
}

void EventHub::unsubscribe(Stream* stream) {
  std::lock_guard lock(mutex_);
  auto& list = streams_[stream->team_id()];
  auto found = std::find(list.begin(), list.end(), stream);
  if (found == list.end()) return;
  list.erase(found);
  per_user_[stream->user_id()] -= 1;
}

void EventHub::close_streams_of(const std::string& team_id, const std::string& user_id) {
  std::lock_guard lock(mutex_);
  for (Stream* stream : streams_[team_id]) {
    if (stream->user_id() == user_id) stream->finish();
  }
}

std::int64_t EventHub::now_ms() const {
  if (clock_ != nullptr) return clock_->now_ms();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void EventHub::close_session_streams(const std::string& session_id) {
  if (session_id.empty()) return;
  std::lock_guard lock(mutex_);
  for (auto& [team, list] : streams_) {
    for (Stream* stream : list) {
      if (stream->session_id() == session_id) stream->finish();
    }
  }
}

int EventHub::open_streams() const {
  std::lock_guard lock(mutex_);
  int total = 0;
  for (const auto& [team, list] : streams_) total += static_cast<int>(list.size());
  return total;
}

}  // namespace keyward::api
