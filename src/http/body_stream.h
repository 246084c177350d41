#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/message.h"

namespace keyward::http {

// What a body producer writes its chunks to. The server owns it; it lives as long as the
// producer runs.
class ChunkWriter {
 public:
  virtual ~ChunkWriter() = default;
  // Sends one chunk (an empty one is skipped) and completes once the socket has taken it, so a
  // producer that awaits each write never runs ahead of a slow client (back-pressure). False
  // when the client has gone, the write failed or timed out, or the server is shutting down:
  // the producer must return then.
  virtual boost::asio::awaitable<bool> write(std::string_view chunk) = 0;
  // True once the client has closed the connection (or sent anything: a streamed response takes
  // no further request). The producer is also cancelled at that moment (a terminal cancellation
  // of its coroutine), so an await on anything cancellable ends at once.
  virtual bool client_gone() const = 0;
  // Only for a response whose head the producer decides (proxied_response): sends the status
  // line and `headers` (the server adds its security headers and the request id), once, before
  // any write. `content_length`: the body's exact length, when known (the provider said it), sent
  // as Content-Length instead of chunked framing: the client knows the end at the last byte.
  // False as for write(); a second call is refused.
  virtual boost::asio::awaitable<bool> start(
      int status, std::vector<std::pair<std::string, std::string>> headers,
      std::optional<std::uint64_t> content_length) = 0;
};

// Produces a response body chunk by chunk. Runs on the connection's thread after the handler
// has returned, so it must own (or share) everything it reads. Returning ends the body.
using BodyProducer = std::function<boost::asio::awaitable<void>(ChunkWriter&)>;

// The body of a streamed response, sent with chunked transfer encoding (or until the connection
// closes for an HTTP/1.0 client). The connection is closed after it.
struct BodyStream {
  BodyProducer producer;
  // The producer sends the head itself (ChunkWriter::start), once it knows the status: a proxy
  // learns it from the upstream. One that returns without starting gets a 502.
  bool head_from_producer = false;
};

// A response whose body `producer` writes as it comes; the server adds the security headers and
// the request id as for any response.
Response streamed_response(int status, std::string content_type, BodyProducer producer);

// A response whose status and headers `producer` sends with ChunkWriter::start before its body
// (the gateway: they come from the provider). Counted in the route's metrics when started.
Response proxied_response(BodyProducer producer);

}  // namespace keyward::http
