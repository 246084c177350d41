#include "gateway/replay_body.h"

#include <algorithm>
#include <utility>

namespace keyward::gateway {

ReplayBody::ReplayBody(std::shared_ptr<http::BodySource> from, std::size_t keep_bytes)
    : from_(std::move(from)), keep_bytes_(keep_bytes) {}

std::optional<std::uint64_t> ReplayBody::length() const { return from_->length(); }

boost::asio::awaitable<Result<std::string_view>> ReplayBody::next() {
  // The analyzer follows the co_await below into Asio and reports an uninitialised
  // attached_thread_ in awaitable.hpp, which Asio sets before any resumption (as in
  // Gateway::handle); it places the report on this branch.
  // NOLINTNEXTLINE(clang-analyzer-core.CallAndMessage)
  if (replaying_ && replayed_ < kept_.size()) {
    std::size_t size = std::min(kReplayPieceBytes, kept_.size() - replayed_);
    std::string_view piece(kept_.data() + replayed_, size);
    replayed_ += size;
    sent_ += size;
    co_return piece;
  }
  replaying_ = false;
  // NOLINTNEXTLINE(clang-analyzer-core.CallAndMessage): the same false positive
  auto piece = co_await from_->next();
  if (!piece) {
    failure_ = piece.error();
    co_return std::move(piece).error();
  }
  read_ += piece->size();
  sent_ += piece->size();
  if (!overflowed_) {
    if (kept_.size() + piece->size() <= keep_bytes_) {
      kept_.append(*piece);
    } else {
      overflowed_ = true;
      std::string().swap(kept_);
    }
  }
  co_return *piece;
}

bool ReplayBody::rewind() {
  if (failure_) return false;
  if (read_ == 0) {
    sent_ = 0;
    return true;
  }
  if (overflowed_) return false;
  replaying_ = true;
  replayed_ = 0;
  sent_ = 0;
  return true;
}

}  // namespace keyward::gateway
