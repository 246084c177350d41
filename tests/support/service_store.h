#pragma once

// A real store (the run's engine, migrated) with the team keys the key services need, for tests
// that call services directly: no server, no HTTP. Records the change notices it commits.

#include <chrono>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "crypto/master_key.h"
#include "keys/team_keys.h"
#include "storage/store.h"
#include "support/test_database.h"

namespace keyward::testing {

class ServiceStore {
 public:
  static constexpr const char* kMasterKeyBase64 = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

  ServiceStore()
      : master_(crypto::MasterKey::from_base64(kMasterKeyBase64, "test").value()),
        team_keys_(master_) {
    auto store = storage::open_store(db_.url(), {});
    if (!store) throw std::runtime_error(store.error().internal);
    store_ = std::move(store).value();
    if (auto migrated = store_->migrate(); !migrated) {
      throw std::runtime_error(migrated.error().internal);
    }
    if (auto loaded = team_keys_.preload(*store_); !loaded) {
      throw std::runtime_error(loaded.error().internal);
    }
    auto listening = store_->listen(storage::ChangeHandler{[this](const std::string& payload) {
                                                             std::lock_guard lock(mutex_);
                                                             notices_.push_back(payload);
                                                           },
                                                           [] {}});
    if (!listening) throw std::runtime_error(listening.error().internal);
  }
  ServiceStore(const ServiceStore&) = delete;
  ServiceStore& operator=(const ServiceStore&) = delete;
  ~ServiceStore() { store_->stop_listening(); }

  storage::Store& store() { return *store_; }
  keys::TeamKeys& team_keys() { return team_keys_; }
  // The database itself, for tests that change rows behind the store's back.
  const TestDatabase& database() const { return db_; }

  void make_team(const std::string& id) {
    const Team team{id, "Team " + id, 1};
    auto made =
        store_->write([&](storage::WriteTx& tx) { return tx.identity().insert_team(team); });
    if (!made) throw std::runtime_error(made.error().internal);
    std::lock_guard lock(mutex_);
    teams_.push_back(id);
  }

  // The team's audit actions, newest first.
  std::vector<AuditEvent> audit(const std::string& team_id) {
    auto page = storage::read<storage::Page<storage::ListedAuditEvent>>(
        *store_, [&](storage::ReadTx& tx) { return tx.audit().list(team_id, {}, 1, 100); });
    if (!page) throw std::runtime_error(page.error().internal);
    std::vector<AuditEvent> events;
    for (auto& listed : page->items) events.push_back(std::move(listed.event));
    return events;
  }

  // The change notices committed so far about the teams this store made (PostgreSQL delivers them
  // a moment after the commit, on the channel of this store's schema: another test sharing the
  // schema is heard too, and left out here).
  std::vector<std::string> notices() {
    std::lock_guard lock(mutex_);
    std::vector<std::string> ours;
    for (const auto& notice : notices_) {
      for (const auto& team : teams_) {
        if (notice.find("\"team\":\"" + team + "\"") != std::string::npos) {
          ours.push_back(notice);
          break;
        }
      }
    }
    return ours;
  }

  // The notices once there are at least `count` of them, or after `patience` whatever came.
  std::vector<std::string> wait_for_notices(
      std::size_t count, std::chrono::milliseconds patience = std::chrono::seconds(2)) {
    for (auto waited = std::chrono::milliseconds(0); waited < patience;
         waited += std::chrono::milliseconds(10)) {
      if (auto now = notices(); now.size() >= count) return now;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return notices();
  }

 private:
  TestDatabase db_;
  crypto::MasterKey master_;
  keys::TeamKeys team_keys_;
  std::unique_ptr<storage::Store> store_;
  std::mutex mutex_;
  std::vector<std::string> teams_;  // guarded by mutex_
  std::vector<std::string> notices_;
};

}  // namespace keyward::testing
