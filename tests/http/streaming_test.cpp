#include "http/body_source.h"
#include "http/body_stream.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <thread>

#include "http/client.h"
#include "support/raw_client.h"
#include "support/test_server.h"

namespace keyward::http {
namespace {

namespace asio = boost::asio;
using keyward::testing::RawClient;
using keyward::testing::TestServer;
using namespace std::chrono_literals;

constexpr int kChunks = 10'000;

// What the tests' producers report: how far they got and whether they have stopped.
struct ProducerProbe {
  std::atomic<int> written{0};
  std::atomic<int> running{0};
  std::atomic<int> stopped{0};
};

// Counts the producer as running for as long as its coroutine frame exists.
struct RunningGuard {
  explicit RunningGuard(ProducerProbe& probe) : probe_(probe) { probe_.running += 1; }
  ~RunningGuard() {
    probe_.running -= 1;
    probe_.stopped += 1;
  }
  RunningGuard(const RunningGuard&) = delete;
  RunningGuard& operator=(const RunningGuard&) = delete;
  ProducerProbe& probe_;
};

Router streaming_router(std::shared_ptr<ProducerProbe> probe) {
  Router router;
  // Ten thousand numbered lines, one chunk each.
  router.add(Method::kGet, "/numbers", [](Request&) {
    return streamed_response(200, "text/plain", [](ChunkWriter& writer) -> asio::awaitable<void> {
      for (int i = 0; i < kChunks; ++i) {
        std::string line = std::to_string(i) + "\n";
        if (!co_await writer.write(line)) co_return;
      }
    });
  });
  // Never ends on its own: a line, then a short pause, until the client leaves.
  router.add(Method::kGet, "/forever", [probe](Request&) {
    return streamed_response(
        200, "text/plain", [probe](ChunkWriter& writer) -> asio::awaitable<void> {
          RunningGuard guard(*probe);
          asio::steady_timer pause(co_await asio::this_coro::executor);
          while (!writer.client_gone()) {
            std::string line = "line " + std::to_string(probe->written.load()) + "\n";
            if (!co_await writer.write(line)) co_return;
            probe->written += 1;
            pause.expires_after(1ms);
            co_await pause.async_wait(asio::use_awaitable);
          }
        });
  });
  // One line, then a long wait for something to send: only the disconnect signal can end it.
  router.add(Method::kGet, "/waits", [probe](Request&) {
    return streamed_response(
        200, "text/plain", [probe](ChunkWriter& writer) -> asio::awaitable<void> {
          RunningGuard guard(*probe);
          if (!co_await writer.write("first\n")) co_return;
          probe->written += 1;
          asio::steady_timer upstream_quiet(co_await asio::this_coro::executor, 60s);
          co_await upstream_quiet.async_wait(asio::use_awaitable);
          std::string late = "late\n";
          co_await writer.write(late);
        });
  });
  // Large chunks as fast as the socket takes them.
  router.add(Method::kGet, "/flood", [probe](Request&) {
    return streamed_response(200, "application/octet-stream",
                             [probe](ChunkWriter& writer) -> asio::awaitable<void> {
                               RunningGuard guard(*probe);
                               std::string block(64 * 1024, 'x');
                               while (co_await writer.write(block)) probe->written += 1;
                             });
  });
  return router;
}

// Decodes a chunked body; nullopt when the framing is broken or the last chunk is missing.
std::optional<std::vector<std::string>> decode_chunks(std::string_view body) {
  std::vector<std::string> chunks;
  while (true) {
    auto line_end = body.find("\r\n");
    if (line_end == std::string_view::npos) return std::nullopt;
    std::size_t size = std::stoul(std::string(body.substr(0, line_end)), nullptr, 16);
    body.remove_prefix(line_end + 2);
    if (size == 0) return body == "\r\n" ? std::optional(chunks) : std::nullopt;
    if (body.size() < size + 2 || body.substr(size, 2) != "\r\n") return std::nullopt;
    chunks.emplace_back(body.substr(0, size));
    body.remove_prefix(size + 2);
  }
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout = 5s) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return condition();
}

TEST(StreamedResponse, DeliversTenThousandChunksInOrderToTheClient) {
  auto probe = std::make_shared<ProducerProbe>();
  TestServer server(streaming_router(probe));
  asio::io_context context;
  Client client(context.get_executor());
  std::optional<Result<ClientResponse>> result;
  ClientRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(server.port()) + "/numbers";
  asio::co_spawn(
      context, [&]() -> asio::awaitable<void> { result = co_await client.send(request); },
      [](const std::exception_ptr&) {});
  context.run();
  ASSERT_TRUE(result.has_value());
  ASSERT_TRUE(result->ok()) << result->error().internal;
  EXPECT_EQ((*result)->status, 200);
  std::string expected;
  for (int i = 0; i < kChunks; ++i) expected += std::to_string(i) + "\n";
  EXPECT_EQ((*result)->body, expected);
}

TEST(StreamedResponse, SendsEachWriteAsOneChunkAndEndsTheBody) {
  auto probe = std::make_shared<ProducerProbe>();
  TestServer server(streaming_router(probe));
  RawClient raw("127.0.0.1", server.port());
  ASSERT_TRUE(raw.send("GET /numbers HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string received;
  while (auto some = raw.read_some(5s)) {
    if (some->empty()) break;  // timed out: the server should have closed
    received += *some;
  }
  auto head_end = received.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos) << received.substr(0, 200);
  std::string head = received.substr(0, head_end);
  EXPECT_NE(head.find("Transfer-Encoding: chunked"), std::string::npos) << head;
  EXPECT_NE(head.find("X-Request-Id: "), std::string::npos) << head;
  auto chunks = decode_chunks(std::string_view(received).substr(head_end + 4));
  ASSERT_TRUE(chunks.has_value()) << "broken chunked framing";
  ASSERT_EQ(chunks->size(), static_cast<std::size_t>(kChunks));
  for (int i = 0; i < kChunks; ++i) ASSERT_EQ((*chunks)[i], std::to_string(i) + "\n");
}

TEST(StreamedResponse, AnswersHeadWithTheHeadAlone) {
  auto probe = std::make_shared<ProducerProbe>();
  TestServer server(streaming_router(probe));
  RawClient raw("127.0.0.1", server.port());
  ASSERT_TRUE(raw.send("HEAD /forever HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string received;
  while (auto some = raw.read_some(5s)) {
    if (some->empty()) break;
    received += *some;
  }
  EXPECT_TRUE(received.starts_with("HTTP/1.1 200 OK\r\n")) << received;
  EXPECT_TRUE(received.ends_with("\r\n\r\n")) << "a body followed the head: " << received;
  EXPECT_EQ(probe->written.load(), 0);
}

TEST(StreamedResponse, AClientLeavingHalfwayStopsTheProducerAndFreesItsConnection) {
  auto probe = std::make_shared<ProducerProbe>();
  auto metrics = std::make_shared<Metrics>();
  TestServer server(streaming_router(probe), Limits{}, metrics);
  {
    RawClient raw("127.0.0.1", server.port());
    ASSERT_TRUE(raw.send("GET /forever HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_TRUE(eventually([&] { return probe->written.load() >= 50; }));
    EXPECT_EQ(probe->running.load(), 1);
    EXPECT_EQ(metrics->open_connections(), 1);
  }  // the client closes its socket half-way through
  EXPECT_TRUE(eventually([&] { return probe->stopped.load() == 1; }))
      << "the producer is still running";
  EXPECT_EQ(probe->running.load(), 0);
  EXPECT_TRUE(eventually([&] { return metrics->open_connections() == 0; }))
      << "the connection is still counted";
  int written = probe->written.load();
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(probe->written.load(), written) << "writes went on after the client left";
  // The producer (and the response that held it) are gone: the probe is held by the router
  // and this test only.
  EXPECT_TRUE(eventually([&] { return probe.use_count() == 4; })) << probe.use_count();
}

TEST(StreamedResponse, AProducerWaitingForDataLearnsAtOnceThatTheClientLeft) {
  auto probe = std::make_shared<ProducerProbe>();
  auto metrics = std::make_shared<Metrics>();
  TestServer server(streaming_router(probe), Limits{}, metrics);
  {
    RawClient raw("127.0.0.1", server.port());
    ASSERT_TRUE(raw.send("GET /waits HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_TRUE(eventually([&] { return probe->written.load() == 1; }));
  }
  auto left = std::chrono::steady_clock::now();
  EXPECT_TRUE(eventually([&] { return probe->stopped.load() == 1; }, 2s))
      << "the producer kept waiting after the client left";
  EXPECT_LT(std::chrono::steady_clock::now() - left, 2s);
  EXPECT_TRUE(eventually([&] { return metrics->open_connections() == 0; }));
  EXPECT_TRUE(eventually([&] { return probe.use_count() == 4; })) << probe.use_count();
}

TEST(StreamedResponse, TheProducerWaitsForAClientThatDoesNotRead) {
  auto probe = std::make_shared<ProducerProbe>();
  auto metrics = std::make_shared<Metrics>();
  TestServer server(streaming_router(probe), Limits{}, metrics);
  {
    RawClient raw("127.0.0.1", server.port());
    ASSERT_TRUE(raw.send("GET /flood HTTP/1.1\r\nHost: x\r\n\r\n"));
    // Once the socket buffers are full, each write waits: the count stops growing.
    int before = -1;
    ASSERT_TRUE(eventually([&] {
      int now = probe->written.load();
      bool still = now > 0 && now == before;
      before = now;
      std::this_thread::sleep_for(200ms);
      return still;
    })) << "the producer never waited";
    EXPECT_LT(probe->written.load() * 64, 256 * 1024) << "KiB buffered for a client not reading";
  }
  EXPECT_TRUE(eventually([&] { return probe->stopped.load() == 1; }));
  EXPECT_TRUE(eventually([&] { return metrics->open_connections() == 0; }));
}

}  // namespace
}  // namespace keyward::http

namespace keyward::http {
namespace {

namespace asio = boost::asio;
using keyward::testing::RawClient;
using keyward::testing::TestServer;
using namespace std::chrono_literals;

// Proxied answers: the producer decides the status and headers (the gateway learns them from
// the provider), and a whole one leaves the connection open for the next request.
Router proxied_router() {
  Router router;
  router.add(Method::kGet, "/proxied", [](Request&) {
    return proxied_response([](ChunkWriter& writer) -> asio::awaitable<void> {
      // (Built apart: GCC 12 cannot take a braced list of literals as a coroutine's argument.)
      std::vector<std::pair<std::string, std::string>> headers;
      headers.emplace_back("Content-Type", "text/plain");
      headers.emplace_back("X-From", "up");
      bool started = co_await writer.start(201, std::move(headers), std::nullopt);
      if (!started) co_return;
      std::string one = "one\n";
      std::string two = "two\n";
      co_await writer.write(one);
      co_await writer.write(two);
    });
  });
  router.add(Method::kGet, "/silent", [](Request&) {
    return proxied_response([](ChunkWriter&) -> asio::awaitable<void> { co_return; });
  });
  router.add(Method::kGet, "/early-write", [](Request&) {
    return proxied_response([](ChunkWriter& writer) -> asio::awaitable<void> {
      std::string early = "too early";
      bool wrote = co_await writer.write(early);  // refused: no head yet
      co_await writer.start(wrote ? 500 : 200, std::vector<std::pair<std::string, std::string>>(),
                            std::nullopt);
    });
  });
  // Announces `announced` bytes and writes "one\ntwo\n" (8).
  auto sized = [](std::uint64_t announced) {
    return [announced](Request&) {
      return proxied_response([announced](ChunkWriter& writer) -> asio::awaitable<void> {
        bool started = co_await writer.start(200, {}, announced);
        if (!started) co_return;
        std::string one = "one\n";
        std::string two = "two\n";
        co_await writer.write(one);
        co_await writer.write(two);
      });
    };
  };
  router.add(Method::kGet, "/sized", sized(8));
  router.add(Method::kGet, "/short", sized(10));
  // Reads the body as it comes and answers with the size of each piece, once the body is whole.
  router.add(
      Method::kPost, "/pieces",
      [](Request& request) {
        if (request.header("x-refuse")) {
          Response refused;
          refused.status = 403;
          refused.body = "refused";
          return refused;
        }
        return proxied_response(
            [source = request.body_source](ChunkWriter& writer) -> asio::awaitable<void> {
              std::string sizes;
              while (source) {
                auto piece = co_await source->next();
                if (!piece) {
                  sizes = piece.error().detail;
                  break;
                }
                if (piece->empty()) break;
                sizes += std::to_string(piece->size()) + ",";
              }
              bool started = co_await writer.start(200, {}, sizes.size());
              if (started) co_await writer.write(sizes);
            });
      },
      RouteOptions{.executor = Executor::kIo, .max_body_bytes = 1 << 20, .stream_body = true});
  router.add(
      Method::kPost, "/big",
      [](Request& request) {
        Response response;
        response.body = std::to_string(request.body.size());
        return response;
      },
      RouteOptions{.executor = Executor::kIo, .max_body_bytes = 1 << 20});
  router.add(Method::kPost, "/small", [](Request& request) {
    Response response;
    response.body = std::to_string(request.body.size());
    return response;
  });
  return router;
}

// Reads one chunked answer (head and body) from `raw`; empty when it did not end in time.
std::string read_chunked_answer(RawClient& raw) {
  std::string received;
  while (received.find("\r\n0\r\n\r\n") == std::string::npos) {
    auto some = raw.read_some(5s);
    if (!some || some->empty()) return {};
    received += *some;
  }
  return received;
}

TEST(ProxiedResponse, SendsTheProducersStatusAndHeadersThenKeepsTheConnection) {
  TestServer server(proxied_router());
  RawClient raw("127.0.0.1", server.port());
  for (int round = 0; round < 2; ++round) {
    ASSERT_TRUE(raw.send("GET /proxied HTTP/1.1\r\nHost: x\r\n\r\n")) << "round " << round;
    std::string answer = read_chunked_answer(raw);
    ASSERT_FALSE(answer.empty()) << "round " << round;
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 201 Created\r\n")) << answer;
    EXPECT_NE(answer.find("X-From: up\r\n"), std::string::npos) << answer;
    EXPECT_NE(answer.find("X-Content-Type-Options: nosniff"), std::string::npos) << answer;
    EXPECT_EQ(answer.find("Connection: close"), std::string::npos) << answer;
    auto body = decode_chunks(std::string_view(answer).substr(answer.find("\r\n\r\n") + 4));
    ASSERT_TRUE(body.has_value());
    EXPECT_EQ(*body, (std::vector<std::string>{"one\n", "two\n"}));
  }
}

TEST(ProxiedResponse, AProducerThatNeverStartsIsAnswered502) {
  TestServer server(proxied_router());
  RawClient raw("127.0.0.1", server.port());
  ASSERT_TRUE(raw.send("GET /silent HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto response = raw.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 502);
  EXPECT_TRUE(raw.wait_closed(5s));
}

TEST(ProxiedResponse, RefusesABodyBeforeTheHead) {
  TestServer server(proxied_router());
  RawClient raw("127.0.0.1", server.port());
  ASSERT_TRUE(raw.send("GET /early-write HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string answer = read_chunked_answer(raw);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 200 OK\r\n")) << answer;
}

TEST(ProxiedResponse, AnAnswerOfKnownLengthGoesWithItsContentLengthAndKeepsTheConnection) {
  TestServer server(proxied_router());
  RawClient raw("127.0.0.1", server.port());
  for (int round = 0; round < 2; ++round) {
    ASSERT_TRUE(raw.send("GET /sized HTTP/1.1\r\nHost: x\r\n\r\n")) << "round " << round;
    auto answer = raw.read_response();
    ASSERT_TRUE(answer.has_value()) << "round " << round;
    EXPECT_EQ(answer->status, 200);
    EXPECT_EQ(answer->body, "one\ntwo\n");
    auto header = [&](std::string_view name) {
      for (const auto& [n, v] : answer->headers) {
        if (n == name) return v;
      }
      return std::string();
    };
    EXPECT_EQ(header("content-length"), "8");
    EXPECT_EQ(header("transfer-encoding"), "");
  }
}

TEST(ProxiedResponse, AnAnswerShorterThanItsContentLengthClosesTheConnection) {
  TestServer server(proxied_router());
  RawClient raw("127.0.0.1", server.port());
  ASSERT_TRUE(raw.send("GET /short HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string received;
  while (auto some = raw.read_some(5s)) {
    if (some->empty()) break;
    received += *some;
  }
  EXPECT_NE(received.find("Content-Length: 10\r\n"), std::string::npos) << received;
  EXPECT_TRUE(received.ends_with("one\ntwo\n")) << received;
  EXPECT_TRUE(raw.wait_closed(5s)) << "the client would wait for two more bytes";
}

TEST(StreamedRequestBody, AChunkedBodyReachesTheHandlerAsItArrivesAndTheConnectionStays) {
  TestServer server(proxied_router());
  RawClient raw("127.0.0.1", server.port());
  ASSERT_TRUE(
      raw.send("POST /pieces HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
               "5\r\nhello\r\n"));
  std::this_thread::sleep_for(100ms);  // the first piece is read alone
  ASSERT_TRUE(raw.send("3\r\nabc\r\n0\r\n\r\n"));
  auto answer = raw.read_response();
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->body, "5,3,");
  // The body was read whole: the same connection takes the next request.
  ASSERT_TRUE(raw.send("POST /pieces HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nabcd"));
  auto again = raw.read_response();
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->body, "4,");
}

TEST(StreamedRequestBody, ABodyOverTheRoutesLimitIsRefusedMidway) {
  TestServer server(proxied_router());
  RawClient raw("127.0.0.1", server.port());
  std::string piece(256 * 1024, 'x');
  std::string chunk = "40000\r\n" + piece + "\r\n";
  ASSERT_TRUE(raw.send("POST /pieces HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
  for (int i = 0; i < 5; ++i) raw.send(chunk);  // 1.25 MiB of a 1 MiB limit
  auto answer = raw.read_response();
  ASSERT_TRUE(answer.has_value());
  EXPECT_NE(answer->body.find("under 1024 KiB"), std::string::npos) << answer->body;
  EXPECT_TRUE(raw.wait_closed(5s)) << "the rest of the body is not a request";
}

TEST(StreamedRequestBody, AClientTricklingItsBodyIsCutOffAtTheDeadline) {
  Limits limits;
  limits.read_timeout = 300ms;             // each piece arrives well within this
  limits.large_body_read_timeout = 800ms;  // but the whole body is due by then
  TestServer server(proxied_router(), limits);
  RawClient raw("127.0.0.1", server.port());
  ASSERT_TRUE(raw.send("POST /pieces HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n"));
  auto started = std::chrono::steady_clock::now();
  bool closed = false;
  while (!closed && std::chrono::steady_clock::now() - started < 4s) {
    raw.send("x");
    closed = !raw.read_some(100ms).has_value();  // nullopt once the server has closed
  }
  EXPECT_TRUE(closed) << "still reading a body trickled for 4 s";
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
}

TEST(StreamedRequestBody, AnAnswerThatLeavesTheBodyUnreadClosesTheConnection) {
  TestServer server(proxied_router());
  RawClient raw("127.0.0.1", server.port());
  ASSERT_TRUE(
      raw.send("POST /pieces HTTP/1.1\r\nHost: x\r\nX-Refuse: 1\r\nContent-Length: 20"
               "\r\n\r\nGET /pieces HTTP/1.1\r\n"));
  auto refused = raw.read_response();
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 403);
  EXPECT_TRUE(raw.wait_closed(5s)) << "the unread body could be taken for a request";
}

TEST(RouteBodyLimit, ARouteMayTakeMoreThanTheServersLimitAndOnlyThatRoute) {
  Limits limits;
  limits.max_body_bytes = 1024;
  TestServer server(proxied_router(), limits);
  std::string body(100 * 1024, 'x');
  RawClient big("127.0.0.1", server.port());
  ASSERT_TRUE(big.send("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                       std::to_string(body.size()) + "\r\n\r\n" + body));
  auto taken = big.read_response();
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(taken->status, 200);
  EXPECT_EQ(taken->body, std::to_string(body.size()));
  RawClient small("127.0.0.1", server.port());
  ASSERT_TRUE(small.send("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                         std::to_string(body.size()) + "\r\n\r\n" + body));
  auto refused = small.read_response();
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 413);
  RawClient too_big("127.0.0.1", server.port());
  ASSERT_TRUE(too_big.send(
      "POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(2 << 20) + "\r\n\r\n"));
  auto over = too_big.read_response();
  ASSERT_TRUE(over.has_value());
  EXPECT_EQ(over->status, 413);
  EXPECT_NE(over->body.find("under 1024 KiB"), std::string::npos) << over->body;
}

}  // namespace
}  // namespace keyward::http
