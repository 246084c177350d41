#pragma once

#include <cstdint>
#include <string>

#include "domain/result.h"
#include "http/limits.h"
#include "log/log.h"

namespace keyward::app {

// Settings of `keyward serve`, from flags or KEYWARD_* variables (flags win).
struct ServeConfig {
  std::string listen = "127.0.0.1:8080";
  std::string database_url = "sqlite:var/keyward.db";
  std::string master_key_file;  // empty: KEYWARD_MASTER_KEY, else the dev default below
  std::string dev_master_key_file = "var/master.key";
  std::string log_format = "text";
  int threads = 0;  // 0: one per core
  int max_connections = http::Limits{}.max_connections;
  int max_connections_per_address = 0;  // 0: a quarter of max_connections
  bool behind_tls = false;              // a TLS proxy serves us: mark the session cookie Secure
  std::string public_url;  // base URL in links (invitations); empty: from the listen address
  std::string web_dir = "web/dist";     // the built UI
  std::string trusted_proxies;          // CIDRs whose X-Forwarded-For names the client
  int scheduler_interval_seconds = 60;  // between the scheduler's rounds
  // Webhook URLs may be http:// to loopback and deliveries may reach loopback: tests and
  // development only (every other internal address stays refused).
  bool webhooks_allow_loopback = false;
  // Multiplies every webhook retry delay: tests shorten the schedule (1: production's).
  double webhooks_retry_scale = 1.0;
  // Private ranges the gateway may reach (on-premises model servers; tests' loopback providers).
  std::string gateway_allowed_cidrs;
  int gateway_max_body_mib = 32;  // the largest request body the gateway forwards
  // Extra certificate authorities (PEM) the gateway trusts besides the system's: an on-premises
  // model server's internal CA.
  std::string gateway_ca_file;
};

// Where the server listens, as parse_listen reads it (host without brackets).
struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};

// Parses "host:port" or "[v6]:port"; the port may be 0 (any free port).
Result<ListenAddress> parse_listen(const std::string& text);

// "text" or "json".
Result<log::Format> parse_log_format(const std::string& text);

}  // namespace keyward::app
