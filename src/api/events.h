#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "domain/clock.h"
#include "domain/result.h"
#include "http/message.h"

namespace keyward::api {

// Server-Sent Events of a team's key and member changes, fanned out to every open stream of
// that team. Events carry ids and field names, never a secret. Thread-safe.
class EventHub {
 public:
  // `clock` decides when a stream's session has expired; null: the system clock.
  explicit EventHub(const Clock* clock = nullptr) : clock_(clock) {}

  // Events kept per team so a reconnecting client (Last-Event-ID) misses nothing recent.
  static constexpr std::size_t kReplayPerTeam = 256;
  // Open streams one user may hold (tabs, windows); more are refused with 429.
  static constexpr int kMaxStreamsPerUser = 8;

  // Sends `event` ("api_key.created", …) with `data` (a JSON object) to the team's streams.
  void publish(const std::string& team_id, const std::string& event, const std::string& data);

  // An open stream asks `still_allowed` whether its reader may still read before it sends any
  // event, and on a heartbeat at least this often: what no change notice reaches (a password
  // reset from the command line ending the sessions, a session gone idle) ends the stream before
  // its next event, or within this time of a heartbeat.
  static constexpr std::int64_t kRecheckMs = 5'000;

  // A new stream for `user_id` in `team_id`, opened by the session `session_id`, first replaying
  // events after `last_event_id` (0: none). It ends by itself once the session's absolute
  // expiry `expires_at_ms` (Unix ms) has passed, or when `still_allowed` (asked before events are
  // sent, and on a wake at least every kRecheckMs) says false. kTooManyRequests past
  // kMaxStreamsPerUser.
  Result<std::shared_ptr<http::EventSource>> subscribe(const std::string& team_id,
                                                       const std::string& user_id,
                                                       std::uint64_t last_event_id,
                                                       const std::string& session_id = {},
                                                       std::int64_t expires_at_ms = 0,
                                                       std::function<bool()> still_allowed = {});

  // Ends every stream opened by the session `session_id`: it signed out.
  void close_session_streams(const std::string& session_id);

  // Ends every stream `user_id` holds on `team_id`: they were removed from the team.
  void close_streams_of(const std::string& team_id, const std::string& user_id);

  // Streams open now, on every team (tests, metrics).
  int open_streams() const;

 private:
  class Stream;
  struct Sent {
    std::uint64_t id;
    std::string frame;
  };
  void unsubscribe(Stream* stream);
  std::int64_t now_ms() const;

  const Clock* clock_;
  mutable std::mutex mutex_;
  // Event ids count per team, so a stream's ids say nothing of other teams' activity. A team's
  // first id is the wall clock in microseconds, so ids keep growing across restarts and a browser
  // reconnecting with Last-Event-ID to a restarted server is not mistaken for being ahead.
  std::map<std::string, std::uint64_t> next_id_;         // by team
  std::map<std::string, std::deque<Sent>> replay_;       // by team
  std::map<std::string, std::vector<Stream*>> streams_;  // by team
  std::map<std::string, int> per_user_;
  friend class Stream;
};

}  // namespace keyward::api
