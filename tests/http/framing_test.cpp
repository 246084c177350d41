#include "http/framing.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "http/server.h"
#include "support/raw_client.h"
#include "support/test_server.h"

namespace keyward::http {
namespace {

using keyward::testing::RawClient;
using keyward::testing::TestServer;

std::optional<std::string> problem_of(std::vector<std::string_view> transfer_encodings,
                                      std::vector<std::string_view> content_lengths,
                                      unsigned version = 11) {
  return framing_problem(transfer_encodings, content_lengths, version);
}

TEST(Framing, AcceptsNoBodyFieldOneContentLengthOrChunkedAlone) {
  EXPECT_FALSE(problem_of({}, {}));
  EXPECT_FALSE(problem_of({}, {"5"}));
  EXPECT_FALSE(problem_of({}, {"0"}, 10));
  EXPECT_FALSE(problem_of({"chunked"}, {}));
  EXPECT_FALSE(problem_of({"Chunked"}, {}));  // coding names are case-insensitive
}

TEST(Framing, RefusesEveryOtherTransferEncoding) {
  for (std::string_view coding :
       {"identity", "gzip", "xchunked", "chunkedx", "\"chunked\"", "chunked, gzip", "gzip, chunked",
        "chunked;q=1", "", "chunked,"}) {
    EXPECT_TRUE(problem_of({coding}, {})) << coding;
  }
  EXPECT_TRUE(problem_of({"gzip", "chunked"}, {}));
  EXPECT_TRUE(problem_of({"chunked"}, {}, 10)) << "HTTP/1.0 has no Transfer-Encoding";
}

TEST(Framing, RefusesContentLengthWithTransferEncodingRepeatedOrListed) {
  EXPECT_TRUE(problem_of({"chunked"}, {"5"}));
  EXPECT_TRUE(problem_of({"gzip"}, {"5"}));
  EXPECT_TRUE(problem_of({}, {"5", "5"}));
  EXPECT_TRUE(problem_of({}, {"5, 5"}));
  EXPECT_TRUE(problem_of({}, {"+5"}));
  EXPECT_TRUE(problem_of({}, {""}));
}

TEST(Framing, FindsFoldedLinesOnlyInsideTheHeader) {
  EXPECT_FALSE(has_folded_line("GET / HTTP/1.1\r\nHost: x\r\nA: b c\r\n\r\n"));
  EXPECT_TRUE(has_folded_line("GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n c\r\n\r\n"));
  EXPECT_TRUE(has_folded_line("GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n\tc\r\n\r\n"));
  EXPECT_TRUE(has_folded_line("GET / HTTP/1.1\r\n Host: x\r\n\r\n"));
  EXPECT_TRUE(has_folded_line(" Host: x\r\n"));  // unparsed bytes start at a line start
  EXPECT_EQ(header_block_end("GET / HTTP/1.1\r\n\r\n body\r\n x"), 18u);
  EXPECT_FALSE(header_block_end("GET / HTTP/1.1\r\nHost: x\r\n"));
}

// A request whose body framing is ambiguous, followed by a second request that would count
// itself if it ever ran: the server must answer the first with 400, close, and never run the
// second (request smuggling, RFC 9112 §6.1 and §6.3).
constexpr std::string_view kSmuggled =
    "POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n";

struct Smuggling : ::testing::Test {
  Smuggling() : server(router()) {}

  Router router() {
    Router r;
    r.add(Method::kPost, "/echo-size", [](Request& request) {
      Response response;
      response.body = std::to_string(request.body.size());
      return response;
    });
    r.add(Method::kGet, "/hello", [](Request&) {
      Response response;
      response.body = "hello";
      return response;
    });
    r.add(Method::kPost, "/count", [counted = counted](Request&) {
      ++*counted;
      Response response;
      response.body = "counted";
      return response;
    });
    return r;
  }

  // Sends `head` (request line and fields, without the blank line), the blank line, `body` and
  // then the smuggled request; expects one 400, a closed connection, and nothing counted.
  void expect_refused(const std::string& head, const std::string& body = {}) {
    RawClient client("127.0.0.1", server.port());
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(client.send(head + "\r\n\r\n" + body + std::string(kSmuggled)));
    auto response = client.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 400) << response->body;
    EXPECT_EQ(response->header("connection"), "close");
    auto more = client.read_some(std::chrono::seconds(3));
    EXPECT_FALSE(more) << "the connection stayed open or answered again: " << more.value_or("");
    EXPECT_EQ(counted->load(), 0) << "the smuggled request ran";
  }

  std::shared_ptr<std::atomic<int>> counted = std::make_shared<std::atomic<int>>(0);
  TestServer server;
};

const std::string kPost = "POST /echo-size HTTP/1.1\r\nHost: x";

TEST_F(Smuggling, RefusesTransferEncodingIdentity) {
  expect_refused(kPost + "\r\nTransfer-Encoding: identity");
}

TEST_F(Smuggling, RefusesTransferEncodingGzip) {
  expect_refused(kPost + "\r\nTransfer-Encoding: gzip");
}

TEST_F(Smuggling, RefusesTransferEncodingXchunked) {
  expect_refused(kPost + "\r\nTransfer-Encoding: xchunked");
}

TEST_F(Smuggling, RefusesAQuotedChunked) {
  expect_refused(kPost + "\r\nTransfer-Encoding: \"chunked\"");
}

TEST_F(Smuggling, RefusesChunkedFollowedByAnotherCoding) {
  expect_refused(kPost + "\r\nTransfer-Encoding: chunked, gzip");
}

TEST_F(Smuggling, RefusesAnEmptyTransferEncoding) {
  expect_refused(kPost + "\r\nTransfer-Encoding: ");
}

TEST_F(Smuggling, RefusesACodingBeforeChunked) {
  expect_refused(kPost + "\r\nTransfer-Encoding: gzip, chunked", "0\r\n\r\n");
}

TEST_F(Smuggling, RefusesTransferEncodingSplitOverTwoFields) {
  expect_refused(kPost + "\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked", "0\r\n\r\n");
}

TEST_F(Smuggling, RefusesTransferEncodingInHttp10) {
  expect_refused(
      "POST /echo-size HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n"
      "Transfer-Encoding: chunked",
      "0\r\n\r\n");
}

TEST_F(Smuggling, RefusesTransferEncodingFollowedByContentLength) {
  expect_refused(kPost + "\r\nTransfer-Encoding: gzip\r\nContent-Length: 5", "hello");
}

TEST_F(Smuggling, RefusesAContentLengthListOfEqualValues) {
  expect_refused(kPost + "\r\nContent-Length: 5, 5", "hello");
}

TEST_F(Smuggling, RefusesTwoEqualContentLengthFields) {
  expect_refused(kPost + "\r\nContent-Length: 5\r\nContent-Length: 5", "hello");
}

TEST_F(Smuggling, RefusesAFoldedHeaderLine) {
  expect_refused("GET /hello HTTP/1.1\r\nHost: x\r\nX-Note: one\r\n two");
}

TEST_F(Smuggling, RefusesAHeaderLineFoldedWithATab) {
  expect_refused("GET /hello HTTP/1.1\r\nHost: x\r\nX-Note: one\r\n\ttwo");
}

// Cases the HTTP parser already refuses; kept so a parser change cannot reopen them.
TEST_F(Smuggling, KeepsRefusingWhatTheParserRefuses) {
  expect_refused(kPost + "\r\nContent-Length: 5\r\nTransfer-Encoding: chunked", "hello");
  expect_refused(kPost + "\r\nTransfer-Encoding: chunked\r\nContent-Length: 5", "0\r\n\r\n");
  expect_refused(kPost + "\r\nContent-Length: 5\r\nContent-Length: 6", "hello");
  expect_refused(kPost + "\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked",
                 "0\r\n\r\n");
  expect_refused("GET /hello HTTP/1.1\r\n Host: x");
  expect_refused(kPost + "\r\nContent-Length: 5\r\n 5", "hello");  // unfolded: "5 5"
}

TEST_F(Smuggling, StillServesChunkedAndContentLengthBodiesOnOneConnection) {
  RawClient client("127.0.0.1", server.port());
  ASSERT_TRUE(client.send(kPost + "\r\nTransfer-Encoding: Chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" +
                          kPost + "\r\nContent-Length: 3\r\n\r\nabc" + std::string(kSmuggled)));
  for (std::string_view expected : {"5", "3", "counted"}) {
    auto response = client.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, expected);
  }
  EXPECT_EQ(counted->load(), 1);
}

}  // namespace
}  // namespace keyward::http
