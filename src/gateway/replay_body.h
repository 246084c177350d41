#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "http/body_source.h"

namespace keyward::gateway {

// A request body read once from the application and sent to a provider, perhaps twice: what was
// read is kept, up to `keep_bytes`, so the next key's attempt can send it again. A larger body
// streams through without a copy, and then a second attempt is possible only while nothing of it
// was read (a connection that failed before the body went out).
class ReplayBody final : public http::BodySource {
 public:
  ReplayBody(std::shared_ptr<http::BodySource> from, std::size_t keep_bytes);

  std::optional<std::uint64_t> length() const override;
  boost::asio::awaitable<Result<std::string_view>> next() override;
  bool rewind() override;

  // Bytes handed out since the last rewind: what the current attempt sent.
  std::uint64_t sent() const { return sent_; }
  // Why reading from the application failed (too large, broke off), once it did.
  const std::optional<Error>& failure() const { return failure_; }

 private:
  static constexpr std::size_t kReplayPieceBytes = std::size_t{64} * 1024;

  std::shared_ptr<http::BodySource> from_;
  std::size_t keep_bytes_;
  std::string kept_;          // everything read so far, while it fits in keep_bytes_
  bool overflowed_ = false;   // read past keep_bytes_: kept_ is dropped
  std::uint64_t read_ = 0;    // from the application
  std::size_t replayed_ = 0;  // position in kept_ of an attempt after a rewind
  bool replaying_ = false;
  std::uint64_t sent_ = 0;
  std::optional<Error> failure_;
};

}  // namespace keyward::gateway
