#include "gateway/replay_body.h"

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <deque>

namespace keyward::gateway {
namespace {

namespace asio = boost::asio;

// A body arriving in the given pieces, then ending (or failing, with `failure`).
class PiecesSource final : public http::BodySource {
 public:
  explicit PiecesSource(std::deque<std::string> pieces, std::optional<Error> failure = {})
      : pieces_(std::move(pieces)), failure_(std::move(failure)) {}
  std::optional<std::uint64_t> length() const override { return std::nullopt; }
  asio::awaitable<Result<std::string_view>> next() override {
    ++reads;
    if (pieces_.empty()) {
      if (failure_) co_return *failure_;
      co_return std::string_view();
    }
    current_ = std::move(pieces_.front());
    pieces_.pop_front();
    co_return std::string_view(current_);
  }
  bool rewind() override { return false; }
  int reads = 0;

 private:
  std::deque<std::string> pieces_;
  std::optional<Error> failure_;
  std::string current_;
};

// Reads `body` to its end (or first error): the bytes, or the error's detail after "!".
std::string read_all(ReplayBody& body) {
  asio::io_context io;
  std::string out;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        while (true) {
          auto piece = co_await body.next();
          if (!piece) {
            out += "!" + piece.error().detail;
            co_return;
          }
          if (piece->empty()) co_return;
          out += *piece;
        }
      },
      [](const std::exception_ptr&) {});
  io.run();
  return out;
}

TEST(ReplayBody, ABodyWithinTheBoundIsSentAgainWholeFromTheKeptCopy) {
  auto source = std::make_shared<PiecesSource>(std::deque<std::string>{"abc", "def"});
  ReplayBody body(source, 16);
  EXPECT_EQ(read_all(body), "abcdef");
  EXPECT_EQ(body.sent(), 6u);
  const int reads = source->reads;
  ASSERT_TRUE(body.rewind());
  EXPECT_EQ(body.sent(), 0u);
  EXPECT_EQ(read_all(body), "abcdef");
  EXPECT_EQ(body.sent(), 6u);
  EXPECT_EQ(source->reads, reads + 1) << "the second attempt reads the source only for its end";
}

TEST(ReplayBody, AnAttemptCutShortIsReplayedAndThenContinuesFromTheSource) {
  auto source = std::make_shared<PiecesSource>(std::deque<std::string>{"abc", "def", "gh"});
  ReplayBody body(source, 16);
  asio::io_context io;
  asio::co_spawn(
      io, [&]() -> asio::awaitable<void> { co_await body.next(); }, asio::detached);
  io.run();  // the first attempt sent "abc" only (its connection broke)
  ASSERT_TRUE(body.rewind());
  EXPECT_EQ(read_all(body), "abcdefgh");
}

TEST(ReplayBody, ABodyPastTheBoundCannotBeSentAgainOnceRead) {
  auto source = std::make_shared<PiecesSource>(std::deque<std::string>{"abcdef", "ghijkl"});
  ReplayBody body(source, 8);
  EXPECT_EQ(read_all(body), "abcdefghijkl");
  EXPECT_FALSE(body.rewind());
}

TEST(ReplayBody, ABodyNotYetReadCanAlwaysStartOver) {
  auto source = std::make_shared<PiecesSource>(std::deque<std::string>{"abcdef"});
  ReplayBody body(source, 0);
  EXPECT_TRUE(body.rewind());  // a connection that failed before the body went out
  EXPECT_EQ(read_all(body), "abcdef");
}

TEST(ReplayBody, TheSourcesFailureIsKeptAndEndsEveryRetry) {
  auto source = std::make_shared<PiecesSource>(
      std::deque<std::string>{"abc"},
      Error::make(ErrorCode::kPayloadTooLarge, "Request bodies must stay under 1 KiB."));
  ReplayBody body(source, 16);
  EXPECT_EQ(read_all(body), "abc!Request bodies must stay under 1 KiB.");
  ASSERT_TRUE(body.failure().has_value());
  EXPECT_EQ(body.failure()->code, ErrorCode::kPayloadTooLarge);
  EXPECT_FALSE(body.rewind());
}

}  // namespace
}  // namespace keyward::gateway
