#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

#include "domain/result.h"

namespace keyward::http {

// A request body read piece by piece as it arrives, instead of whole before the handler runs: the
// server gives one to a route that streams its body (RouteOptions::stream_body, the gateway), and
// the client sends one upstream as it reads it (ClientRequest::body_source). Used on one
// connection's thread only.
class BodySource {
 public:
  virtual ~BodySource() = default;
  // The whole length when the sender said it in advance (Content-Length); nullopt for a chunked
  // body, which is then sent on chunked too.
  virtual std::optional<std::uint64_t> length() const = 0;
  // The next piece, valid until the next call; empty once the body has ended. An error when it
  // cannot be read whole: the sender left or stalled, broke its framing, or went over the limit
  // (kPayloadTooLarge).
  virtual boost::asio::awaitable<Result<std::string_view>> next() = 0;
  // Starts again from the first byte, for a second attempt; false when that is no longer
  // possible (what was read is gone).
  virtual bool rewind() = 0;
};

}  // namespace keyward::http
