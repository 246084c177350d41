#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "domain/clock.h"
#include "domain/result.h"
#include "keys/team_keys.h"
#include "runtime/periodic_thread.h"
#include "storage/store.h"

namespace keyward::webhooks {

// How deliveries are sent. The defaults are production's.
struct DeliveryOptions {
  // Plain http:// and loopback addresses allowed (KEYWARD_WEBHOOKS_ALLOW_LOOPBACK=1): tests and
  // development only. Every other private, link-local, multicast or metadata address stays
  // refused at connect time.
  bool allow_loopback = false;
  // The whole exchange with a receiver: resolve, connect, TLS, write and read.
  std::chrono::milliseconds timeout{10'000};
  // How long a claimed delivery is held by this server: longer than an attempt can take, so no
  // other server attempts it meanwhile; after a crash another server (or this one, restarted)
  // takes it over once it passes.
  std::chrono::milliseconds lease{15'000};
  // How often the outbox is looked at when there is nothing to do.
  std::chrono::milliseconds poll_interval{500};
  // Deliveries attempted at once (each of a different endpoint).
  int batch = 16;
  // Multiplies every retry delay (KEYWARD_WEBHOOKS_RETRY_SCALE): tests shorten the schedule.
  double retry_scale = 1.0;
  // Extra trusted certificates (PEM) for receivers: tests' TLS receivers.
  std::string extra_ca_file;
};

// The server's webhook delivery worker: claims due deliveries from the outbox (a lease, so one
// server at a time attempts each), signs each per Standard Webhooks and posts it, and records the
// outcome with the retry schedule and the endpoint's failing state (domain/webhook.h). Response
// bodies are read up to 1 KiB; redirects are not followed (a 3xx fails). Thread-safe.
class Deliverer {
 public:
  // REQUIRES: `store`, `team_keys` and `clock` outlive it.
  Deliverer(storage::Store& store, keys::TeamKeys& team_keys, const Clock& clock,
            DeliveryOptions options = {});
  Deliverer(const Deliverer&) = delete;
  Deliverer& operator=(const Deliverer&) = delete;
  ~Deliverer() { stop(); }

  // Attempts every delivery due now (up to options.batch), all at once, and records each
  // outcome; blocks until they are done. The number attempted.
  Result<int> run_once();

  // A background thread that runs run_once() until stop(); stop() lets attempts in flight end.
  void start();
  void stop();

  // The jitter of the retry schedule, from -1 to 1 (default: random). Tests pin it.
  void set_jitter(std::function<double()> jitter) { jitter_ = std::move(jitter); }

 private:
  storage::Store& store_;
  keys::TeamKeys& team_keys_;
  const Clock& clock_;
  DeliveryOptions options_;
  std::function<double()> jitter_;
  PeriodicThread rounds_;  // last: stopped before the rest goes
};

}  // namespace keyward::webhooks
