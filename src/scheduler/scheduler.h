#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "crypto/sealing.h"
#include "domain/api_key.h"
#include "domain/clock.h"
#include "domain/result.h"
#include "keys/team_keys.h"
#include "runtime/periodic_thread.h"
#include "storage/store.h"

// The server's scheduler: jobs that run on a period, each on one server at a time however many
// share the database. A job runs only while this server holds its lease (job_leases), taken or
// renewed in a write transaction each round; a server that stops lets its lease end, and another
// takes the job over. Jobs are also idempotent on their own (each notice is recorded once), so
// a lease is about not doing the work twice, not about correctness.
namespace keyward::scheduler {

// Asks a key's provider whether `plaintext` works, blocking: "valid", "invalid", "limited",
// "unreachable" or "unsupported" (api/verify.h's check, with the server's provider settings).
using KeyCheck =
    std::function<std::string(const ApiKey& key, const crypto::SecretString& plaintext)>;

struct SchedulerOptions {
  // How often a round runs.
  std::chrono::milliseconds interval{60'000};
  // How long a lease lasts without renewal: longer than a round, so the holder keeps it.
  std::chrono::milliseconds lease{180'000};
  // Keys the re-verify job checks per round at most (each waits on its provider).
  int reverify_batch = 20;
};

class Scheduler {
 public:
  // `holder` names this server in job_leases (unique per process). REQUIRES: store and clock
  // outlive the scheduler.
  // `check` and `team_keys` run the re-verify job (none without them).
  Scheduler(storage::Store& store, const Clock& clock, std::string holder,
            SchedulerOptions options = {}, keys::TeamKeys* team_keys = nullptr,
            KeyCheck check = {});
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;
  ~Scheduler() { stop(); }

  // One round at the clock's time: for each job, take or renew its lease and run it when held.
  // Returns how many notices it emitted (0 when another server holds the lease).
  Result<int> run_once();

  // The re-verify job, under its own lease: checks with their providers the keys of teams that
  // set reverify_every_days whose last check is older than that (or never made), at most
  // reverify_batch of them, and records each verdict as the server's (api_key.verified by
  // system). Returns how many it checked. No-op without a KeyCheck.
  Result<int> reverify_once();

  // A background thread running a round every `interval` (the first at once); stop() waits for
  // a round in progress to end, then gives up this server's leases.
  void start();
  void stop();

 private:
  storage::Store& store_;
  const Clock& clock_;
  std::string holder_;
  SchedulerOptions options_;
  keys::TeamKeys* team_keys_;
  KeyCheck check_;
  PeriodicThread rounds_;  // last: stopped before the rest goes
};

}  // namespace keyward::scheduler
