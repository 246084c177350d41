#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace keyward::api {

// Bounds the provider checks (verify) in flight, per team and in all: each one holds a thread of
// the blocking pool while it waits on a provider, so a burst against a hanging provider must not
// take the threads that writes of other teams need. Past a bound the caller answers 429.
// Thread-safe.
class VerifySlots {
 public:
  // Checks one team may run at once, and all teams together.
  static constexpr int kPerTeam = 2;
  static constexpr int kTotal = 8;

  // Tests give smaller limits.
  explicit VerifySlots(int per_team = kPerTeam, int total = kTotal)
      : per_team_(per_team), total_(total) {}

  // A taken slot, given back when it goes out of scope.
  class Slot {
   public:
    // Holds one of `owner`'s slots for `team_id` (taken by VerifySlots::try_take).
    Slot(VerifySlots* owner, std::string team_id) : owner_(owner), team_id_(std::move(team_id)) {}
    // The moved-from slot gives nothing back.
    Slot(Slot&& other) noexcept : owner_(other.owner_), team_id_(std::move(other.team_id_)) {
      other.owner_ = nullptr;
    }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (owner_ != nullptr) owner_->give_back(team_id_);
    }

   private:
    VerifySlots* owner_;
    std::string team_id_;
  };

  // A slot for one check of `team_id`, or nullopt when the team's or the total bound is reached.
  std::optional<Slot> try_take(const std::string& team_id) {
    std::lock_guard lock(mutex_);
    int& team = in_flight_[team_id];
    if (team >= per_team_ || total_in_flight_ >= total_) return std::nullopt;
    team += 1;
    total_in_flight_ += 1;
    return std::optional<Slot>(std::in_place, this, team_id);
  }

 private:
  void give_back(const std::string& team_id) {
    std::lock_guard lock(mutex_);
    if (--in_flight_[team_id] == 0) in_flight_.erase(team_id);
    total_in_flight_ -= 1;
  }

  int per_team_;
  int total_;
  std::mutex mutex_;
  std::map<std::string, int> in_flight_;
  int total_in_flight_ = 0;
};

}  // namespace keyward::api
