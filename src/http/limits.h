#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace keyward::http {

// The server's limits, each with the reason for its value. Tests shorten the timeouts.
struct Limits {
  // The largest legitimate body is a key of 4,096 characters with its description and type as
  // JSON, well under 16 KiB; 64 KiB leaves room and refuses floods early (413).
  std::size_t max_body_bytes = std::size_t{64} * 1024;
  // Browsers send a few KiB of headers with cookies; 16 KiB is generous, anything larger is 431.
  std::size_t max_header_bytes = std::size_t{16} * 1024;
  // Time a new connection may take to send its first byte. Clients write their request as soon
  // as they connect; a socket that sends nothing only holds a slot of the connection cap.
  std::chrono::milliseconds first_byte_timeout{5'000};
  // Time for a client to send one whole request once it has started: stops slowloris clients.
  std::chrono::milliseconds read_timeout{10'000};
  // Time a keep-alive connection may sit idle between requests before it is closed, while fewer
  // than half of max_connections are open; past that, first_byte_timeout: idle sockets are the
  // cheapest way to fill the cap, and a client reconnects at the cost of one round trip.
  std::chrono::milliseconds idle_timeout{60'000};
  // Time to send a body larger than max_body_bytes to a route that takes one (the gateway's
  // files and audio): 32 MiB at about 2.5 Mbit/s.
  std::chrono::milliseconds large_body_read_timeout{120'000};
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
  // How often the shutdown looks at the open connection count: short enough that the process
  // exits promptly once the last one closes, long enough not to spin.
  std::chrono::milliseconds drain_poll{10};
  // Pause after a failed accept (out of file descriptors, usually): retrying at once would spin
  // on the same failure, and a connection closing elsewhere frees a descriptor within this time.
  std::chrono::milliseconds accept_retry_pause{50};
  // Bytes read at a time while waiting for the start of a request: a whole typical request with
  // its cookies fits in one read.
  std::size_t read_chunk_bytes = 4096;
  // A client's X-Request-Id is kept only up to this length: enough for a UUID or a trace id, and
  // a log line cannot be padded with it.
  std::size_t max_request_id_chars = 64;
  // Time to write the 503 to a connection refused at the cap: the refusal must not itself hold a
  // descriptor for long.
  std::chrono::milliseconds refusal_write_timeout{1'000};
  // The Retry-After a refused connection is given, in seconds: connections come and go within a
  // second under a normal load.
  int refusal_retry_after_seconds = 1;
  // After refusing a request mid-body, the server reads and drops what the client still sends
  // for this long and up to linger_max_bytes, so its kernel does not reset the connection
  // before the client has read the answer; bounded so a client cannot keep it reading forever.
  std::chrono::milliseconds linger_timeout{2'000};
  std::size_t linger_max_bytes = std::size_t{16} << 20;
  // Buffer those dropped bytes are read into: one fixed buffer per lingering connection.
  std::size_t linger_chunk_bytes = std::size_t{16} * 1024;
  // A streamed response (event stream or body producer) takes no more requests; this small
  // buffer receives whatever the client sends, which only matters as the sign that it left.
  std::size_t stream_watch_bytes = 64;

  // The connections one address may hold: max_connections_per_address, or a quarter of
  // max_connections when that is 0; never less than 1.
  int per_address_cap() const {
    int cap = max_connections_per_address > 0 ? max_connections_per_address : max_connections / 4;
    return cap < 1 ? 1 : cap;
  }
};

// The outbound client's limits (http/client.h), each with the reason for its value.
struct ClientLimits {
  // Time for a whole exchange when the request does not say: a provider that has not answered
  // in five seconds is treated as unreachable, and a verify holds a blocking thread meanwhile.
  std::chrono::milliseconds default_timeout{5'000};
  // A provider's answer to "list models" or a webhook receiver's acknowledgement is small;
  // anything bigger is not read (the status still counts) and the connection is not reused.
  std::uint64_t max_response_body_bytes = 1 << 20;
  // Beast's own default for a response head: real servers send well under a kilobyte.
  std::uint32_t max_response_header_bytes = 8 * 1024;
  // Idle connections kept per scheme, host and port: enough for a few calls in flight at once
  // to the same provider without each paying a TLS handshake again.
  std::size_t max_idle_per_host = 4;
  // Idle connections kept in all: each holds a descriptor and a TLS session's memory.
  std::size_t max_idle_total = 32;
  // How long an idle connection is kept: below the common 60-second server idle timeout, so a
  // reused connection is rarely one the server is closing at the same moment.
  std::chrono::milliseconds idle_keep{30'000};
};

}  // namespace keyward::http
