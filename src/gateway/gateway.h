#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "http/client_address.h"
#include "http/message.h"

namespace keyward::api {
struct AppContext;
}  // namespace keyward::api

namespace keyward::gateway {

// How the gateway behaves; fixed for the server's life.
struct GatewayOptions {
  // The largest request body forwarded (files and audio for transcription); larger is 413.
  std::size_t max_body_bytes = std::size_t{32} << 20;
  // A request body is forwarded as it arrives; this much of it is also kept, so that another key
  // can be tried with it after a 429, a 5xx or a failed connection. Past it, a call is sent once.
  std::size_t replay_bytes = std::size_t{1} << 20;
  // Private ranges a provider URL may reach (KEYWARD_GATEWAY_ALLOWED_CIDRS: on-premises model
  // servers, tests' loopback upstreams); every other non-public address is refused at connect.
  std::vector<http::Cidr> allowed_networks;
  // Extra trusted certificate authorities (PEM; KEYWARD_GATEWAY_CA_FILE), besides the system's.
  std::string extra_ca_file;
  // Resolve, connect and TLS handshake with the provider.
  std::chrono::milliseconds connect_timeout{10'000};
  // Until the provider's response head: a long completion that is not streamed takes minutes.
  std::chrono::milliseconds head_timeout{300'000};
  // Each wait for more of a streamed answer.
  std::chrono::milliseconds idle_timeout{300'000};
  // How long a key answered 429 without a Retry-After is skipped.
  std::chrono::milliseconds default_cool_down{30'000};
};

// /gateway/{type}/{provider path}: an application calls its provider through keyward with a
// service token where the provider's SDK puts a key; the gateway swaps it for the team's key
// (the default first, then newest, another one once after a 429, a 5xx or a failed connection)
// and streams the request and answer through. See docs/gateway.md. Thread-safe.
class Gateway {
 public:
  // REQUIRES: `context` outlives the gateway, with team_keys set.
  Gateway(api::AppContext& context, GatewayOptions options);
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;
  ~Gateway();

  // The route's handler, on an I/O thread: authenticates, picks the keys, and returns a
  // response whose producer calls the provider.
  http::Response handle(http::Request& request);

  // The gateway's series for /metrics.
  std::string render_metrics() const;

  // Closes the provider connections. REQUIRES: the server has stopped (its event loops still
  // exist: the connections live on them); afterwards every request is answered 503.
  void close();

  const GatewayOptions& options() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;  // shared with the producers of answers in flight
};

}  // namespace keyward::gateway
