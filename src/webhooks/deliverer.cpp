#include "webhooks/deliverer.h"

#include <sodium.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <optional>
#include <vector>

#include "crypto/sealing.h"
#include "domain/webhook.h"
#include "http/client.h"
#include "log/log.h"
#include "webhooks/signing.h"

namespace keyward::webhooks {
namespace {

namespace asio = boost::asio;

// What receivers' acknowledgements hold; a longer body is not read (the status still counts).
constexpr std::uint64_t kMaxResponseBody = 1024;

double random_jitter() {
  // uniform in [-1, 1]
  return static_cast<double>(randombytes_uniform(2001)) / 1000.0 - 1.0;
}

// What one attempt gave.
struct Outcome {
  bool succeeded = false;
  std::optional<std::int64_t> status;
  std::int64_t duration_ms = 0;
  std::optional<std::string> error;
};

Outcome judge(const Result<http::ClientResponse>& response, std::int64_t duration_ms) {
  Outcome out;
  out.duration_ms = duration_ms;
  if (!response) {
    out.error = response.error().detail;
    return out;
  }
  out.status = response->status;
  if (response->status >= 200 && response->status < 300) {
    out.succeeded = true;
  } else if (response->status >= 300 && response->status < 400) {
    out.error = "Redirects are not followed (HTTP " + std::to_string(response->status) + ").";
  } else {
    out.error = "The receiver answered HTTP " + std::to_string(response->status) + ".";
  }
  return out;
}

// Sends one delivery and judges the answer into `out`. REQUIRES: both outlive the coroutine.
asio::awaitable<void> attempt(http::Client& client, http::ClientRequest request, Outcome& out) {
  auto started = std::chrono::steady_clock::now();
  // The analyzer follows the co_await into Asio and reports an uninitialised attached_thread_
  // in awaitable.hpp, which Asio sets before any resumption: the false positive of server.cpp.
  // NOLINTNEXTLINE(clang-analyzer-core.CallAndMessage)
  auto response = co_await client.send(std::move(request));
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - started)
                  .count();
  out = judge(response, took);
}

}  // namespace

Deliverer::Deliverer(storage::Store& store, keys::TeamKeys& team_keys, const Clock& clock,
                     DeliveryOptions options)
    : store_(store),
      team_keys_(team_keys),
      clock_(clock),
      options_(std::move(options)),
      jitter_(random_jitter) {}

Result<int> Deliverer::run_once() {
  const std::int64_t claimed_at = clock_.now_ms();
  KW_TRY(claimed,
         storage::write<std::vector<storage::ClaimedDelivery>>(store_, [&](storage::WriteTx& tx) {
           return tx.webhooks().claim_due(claimed_at, claimed_at + options_.lease.count(),
                                          options_.batch);
         }));
  if (claimed.empty()) return 0;

  http::ClientOptions client_options;
  client_options.public_addresses_only = true;
  client_options.allow_loopback = options_.allow_loopback;
  client_options.limits.max_response_body_bytes = kMaxResponseBody;
  client_options.extra_ca_file = options_.extra_ca_file;
  client_options.peer_name = "The webhook receiver";
  client_options.log_tag = "webhook";

  std::vector<Outcome> outcomes(claimed.size());
  asio::io_context io;
  http::Client client(io.get_executor(), client_options);
  for (std::size_t i = 0; i < claimed.size(); ++i) {
    const storage::ClaimedDelivery& c = claimed[i];
    auto data_key = storage::read<crypto::DataKey>(store_, [&](storage::ReadTx& tx) {
      return team_keys_.stored_for_team(tx, c.endpoint.team_id);
    });
    Result<crypto::SecretString> secret =
        data_key
            ? crypto::open_webhook_secret(*data_key, c.endpoint.team_id, c.endpoint.id,
                                          {c.endpoint.secret_ciphertext, c.endpoint.secret_nonce})
            : Result<crypto::SecretString>(data_key.error());
    if (!secret) {
      log::error("webhook_secret_unavailable",
                 {{"endpoint", c.endpoint.id}, {"error", secret.error().internal}});
      outcomes[i].error = "The endpoint's signing secret cannot be read.";
      continue;
    }
    const std::int64_t timestamp = clock_.now_ms() / 1000;
    auto signature = sign(secret->view(), c.event.id, timestamp, c.event.payload);
    if (!signature) {
      outcomes[i].error = "The endpoint's signing secret cannot be read.";
      continue;
    }
    http::ClientRequest request("POST", c.endpoint.url,
                                {{"content-type", "application/json"},
                                 {"user-agent", "keyward-webhooks"},
                                 {"webhook-id", c.event.id},
                                 {"webhook-timestamp", std::to_string(timestamp)},
                                 {"webhook-signature", *signature}},
                                options_.timeout);
    request.body = c.event.payload;
    asio::co_spawn(io, attempt(client, std::move(request), outcomes[i]),
                   [](const std::exception_ptr&) {});
  }
  io.run();

  for (std::size_t i = 0; i < claimed.size(); ++i) {
    const storage::ClaimedDelivery& c = claimed[i];
    const Outcome& outcome = outcomes[i];
    const std::int64_t now = clock_.now_ms();
    const double jitter = jitter_();
    auto recorded = store_.write([&](storage::WriteTx& tx) -> Status {
      KW_TRY(endpoint, tx.webhooks().find_endpoint(c.endpoint.team_id, c.endpoint.id));
      if (!endpoint) return ok_status();  // deleted meanwhile, with its deliveries
      AttemptPlan plan = plan_attempt(c.delivery, endpoint->failing_since, outcome.succeeded, now,
                                      jitter, options_.retry_scale);
      WebhookDelivery next = c.delivery;  // attempts: the count the claim saw
      next.status = plan.status;
      next.next_attempt_at = plan.status == DeliveryStatus::kPending ? plan.next_attempt_at
                                                                     : c.delivery.next_attempt_at;
      next.first_attempt_at = plan.first_attempt_at;
      next.last_status = outcome.status;
      next.last_duration_ms = outcome.duration_ms;
      next.last_error = outcome.error;
      next.finished_at = plan.finished_at;
      KW_TRY(written, tx.webhooks().record_attempt(next));
      if (!written) return ok_status();  // another server recorded it after our lease passed
      const bool disable = plan.disable_endpoint && endpoint->enabled;
      if (plan.failing_since != endpoint->failing_since || disable) {
        KW_TRY_STATUS(tx.webhooks().set_endpoint_health(endpoint->id, plan.failing_since, disable,
                                                        kWebhookDisabledReason, now));
      }
      return ok_status();
    });
    if (!recorded) {
      log::warn("webhook_attempt_not_recorded",
                {{"delivery", c.delivery.id}, {"error", recorded.error().internal}});
    }
    log::info("webhook_attempt", {{"delivery", c.delivery.id},
                                  {"endpoint", c.endpoint.id},
                                  {"event", c.event.id},
                                  {"status", outcome.status ? std::to_string(*outcome.status) : ""},
                                  {"succeeded", outcome.succeeded ? "true" : "false"},
                                  {"duration_ms", outcome.duration_ms}});
  }
  return static_cast<int>(claimed.size());
}

void Deliverer::start() {
  rounds_.start(options_.poll_interval, [this] {
    auto attempted = run_once();
    if (!attempted) {
      log::warn("webhook_delivery_failed", {{"error", attempted.error().internal}});
    }
    return attempted && *attempted > 0;  // straight on while there was work
  });
}

void Deliverer::stop() { rounds_.stop(); }

}  // namespace keyward::webhooks
