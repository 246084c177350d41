#pragma once

#include <chrono>
#include <cstddef>

namespace keyward::http {

// The server's limits, each with the reason for its value. Tests shorten the timeouts.
struct Limits {
  // The largest legitimate body is a key of 4,096 characters with its description and type as
  // JSON, well under 16 KiB; 64 KiB leaves room and refuses floods early (413).
  std::size_t max_body_bytes = 64 * 1024;
  // Browsers send a few KiB of headers with cookies; 16 KiB is generous, anything larger is 431.
  std::size_t max_header_bytes = 16 * 1024;
  // Time a new connection may take to send its first byte. Clients write their request as soon
  // as they connect; a socket that sends nothing only holds a slot of the connection cap.
  std::chrono::milliseconds first_byte_timeout{5'000};
  // Time for a client to send one whole request once it has started: stops slowloris clients.
  std::chrono::milliseconds read_timeout{10'000};
  // Time a keep-alive connection may sit idle between requests before it is closed, while fewer
  // than half of max_connections are open; past that, first_byte_timeout: idle sockets are the
  // cheapest way to fill the cap, and a client reconnects at the cost of one round trip.
  std::chrono::milliseconds idle_timeout{60'000};
  // Time for a client to take a response; a reader that stalls is cut off.
  std::chrono::milliseconds write_timeout{10'000};
  // Open client connections; beyond this a new connection gets 503 and is closed, so file
  // descriptors and memory stay bounded under a flood.
  int max_connections = 4096;
  // Open connections from one client address (an IPv6 address counts by its /64), so one
  // address cannot take the whole cap; beyond it a new connection gets 503. 0 means a quarter
  // of max_connections. Trusted proxies (ServerOptions) count against max_connections only.
  int max_connections_per_address = 0;
  // An event stream with nothing to say sends a comment this often, so proxies keep it open and
  // a vanished client is noticed.
  std::chrono::milliseconds event_heartbeat{15'000};
  // On SIGTERM, time given to in-flight requests before connections are closed regardless.
  std::chrono::milliseconds shutdown_grace{10'000};

  // The connections one address may hold: max_connections_per_address, or a quarter of
  // max_connections when that is 0; never less than 1.
  int per_address_cap() const {
    int cap = max_connections_per_address > 0 ? max_connections_per_address : max_connections / 4;
    return cap < 1 ? 1 : cap;
  }
};

}  // namespace keyward::http
