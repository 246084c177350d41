#include "http/limits.h"

#include <gtest/gtest.h>

#include <memory>
#include <thread>
#include <vector>

#include "http/server.h"
#include "support/raw_client.h"
#include "support/test_server.h"

namespace keyward::http {
namespace {

using keyward::testing::http_request;
using keyward::testing::RawClient;
using keyward::testing::TestServer;
using std::chrono::milliseconds;

Router echo_router() {
  Router router;
  router.add(Method::kGet, "/hello", [](Request&) {
    Response r;
    r.body = "hello";
    return r;
  });
  router.add(Method::kPost, "/echo-size", [](Request& r) {
    Response response;
    response.body = std::to_string(r.body.size());
    return response;
  });
  return router;
}

Limits short_limits() {
  Limits limits;
  limits.max_body_bytes = 1024;
  limits.max_header_bytes = 2048;
  limits.read_timeout = milliseconds(300);
  limits.idle_timeout = milliseconds(600);
  limits.write_timeout = milliseconds(1000);
  return limits;
}

TEST(Limits, AcceptsABodyAtTheLimit) {
  TestServer server(echo_router(), short_limits());
  auto response = http_request(server.port(), "POST", "/echo-size", std::string(1024, 'x'));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "1024");
}

TEST(Limits, RefusesABodyOverTheLimitWith413BeforeReadingIt) {
  TestServer server(echo_router(), short_limits());
  RawClient client("127.0.0.1", server.port());
  // Announce 100 MB but send none of it: the answer must come from the header alone.
  ASSERT_TRUE(
      client.send("POST /echo-size HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n"));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->header("content-type"), "application/problem+json");
  EXPECT_TRUE(client.wait_closed(std::chrono::seconds(2)));
}

TEST(Limits, RefusesAChunkedBodyThatGrowsOverTheLimitWith413) {
  TestServer server(echo_router(), short_limits());
  RawClient client("127.0.0.1", server.port());
  std::string chunk(800, 'y');
  std::string request = "POST /echo-size HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) request += "320\r\n" + chunk + "\r\n";
  request += "0\r\n\r\n";
  client.send(request);
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
}

// A client still sending a request the server already refused (a bad byte in the headers) must
// be able to finish sending and read the 400, not hit a closed socket. Found by fuzzing.
TEST(Limits, LetsAClientFinishSendingABadRequestAndReadThe400) {
  TestServer server(echo_router(), short_limits());
  RawClient client("127.0.0.1", server.port());
  ASSERT_TRUE(client.send("GET /hello HTTP/1.1\r\nHost: x\r\nBad\x01Name: y\r\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the server has answered
  EXPECT_TRUE(client.send(std::string(4 * 1024 * 1024, 'z'))) << "the socket was closed on it";
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
}

TEST(Limits, RefusesOversizedHeadersWith431) {
  TestServer server(echo_router(), short_limits());
  RawClient client("127.0.0.1", server.port());
  std::string request =
      "GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4096, 'a') + "\r\n\r\n";
  client.send(request);
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
  EXPECT_TRUE(client.wait_closed(std::chrono::seconds(2)));
}

TEST(Limits, ClosesASlowClientAfterTheReadTimeout) {
  TestServer server(echo_router(), short_limits());
  RawClient slow("127.0.0.1", server.port());
  ASSERT_TRUE(slow.send("GET /hello HTTP/1.1\r\nHost: x\r\n"));  // never finishes the headers
  auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(slow.wait_closed(std::chrono::seconds(3)));
  auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_GE(waited, milliseconds(250));  // not before the limit; the upper bound is the 3 s above
}

TEST(Limits, ClosesASlowClientEvenWhenItKeepsTrickling) {
  TestServer server(echo_router(), short_limits());
  RawClient slow("127.0.0.1", server.port());
  ASSERT_TRUE(slow.send("GET /hello HTTP/1.1\r\n"));
  bool closed = false;
  for (int i = 0; i < 30 && !closed; ++i) {  // one byte every 100 ms, for at most 3 s
    std::this_thread::sleep_for(milliseconds(100));
    closed = !slow.send("X");
    if (!closed) closed = slow.wait_closed(milliseconds(1));
  }
  EXPECT_TRUE(closed || slow.wait_closed(milliseconds(500)));
}

TEST(Limits, ClosesAnIdleKeepAliveConnection) {
  TestServer server(echo_router(), short_limits());
  RawClient client("127.0.0.1", server.port());
  ASSERT_TRUE(client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(client.read_response());
  EXPECT_TRUE(client.wait_closed(std::chrono::seconds(3)));
}

TEST(Limits, ServesOthersWhileASlowClientHangs) {
  TestServer server(echo_router(), short_limits());
  RawClient slow("127.0.0.1", server.port());
  ASSERT_TRUE(slow.send("GET /hel"));
  auto response = http_request(server.port(), "GET", "/hello");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

TEST(Limits, AnswersConnectionsOverTheCapWith503) {
  Limits limits = short_limits();
  limits.idle_timeout = std::chrono::seconds(10);
  limits.max_connections = 2;
  limits.max_connections_per_address = 2;  // every client here is 127.0.0.1: the cap is tested
  TestServer server(echo_router(), limits);
  std::vector<std::unique_ptr<RawClient>> held;
  for (int i = 0; i < 2; ++i) {
    held.push_back(std::make_unique<RawClient>("127.0.0.1", server.port()));
    ASSERT_TRUE(held.back()->send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_TRUE(held.back()->read_response());
  }
  auto refused = http_request(server.port(), "GET", "/hello");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->header("retry-after"), "1");
  held.clear();  // room again
  std::optional<keyward::testing::RawResponse> again;
  for (int i = 0; i < 50; ++i) {
    again = http_request(server.port(), "GET", "/hello");
    if (again && again->status == 200) break;
    std::this_thread::sleep_for(milliseconds(20));
  }
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
}

TEST(Limits, ClosesAConnectionThatSendsNothingAfterTheFirstByteTimeout) {
  Limits limits = short_limits();
  limits.first_byte_timeout = milliseconds(300);
  limits.idle_timeout = std::chrono::seconds(20);
  TestServer server(echo_router(), limits);
  RawClient silent("127.0.0.1", server.port());
  ASSERT_TRUE(silent.connected());
  auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(silent.wait_closed(std::chrono::seconds(3)));
  EXPECT_GE(std::chrono::steady_clock::now() - started, milliseconds(250));
}

TEST(Limits, KeepsAnIdleKeepAliveConnectionForTheIdleTimeoutNotTheFirstByteOne) {
  Limits limits = short_limits();
  limits.first_byte_timeout = milliseconds(200);
  limits.idle_timeout = std::chrono::seconds(3);
  TestServer server(echo_router(), limits);
  RawClient client("127.0.0.1", server.port());
  ASSERT_TRUE(client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(client.read_response());
  EXPECT_FALSE(client.wait_closed(milliseconds(800)));
  ASSERT_TRUE(client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto again = client.read_response();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
}

// Idle keep-alive connections are the cheapest way to hold the cap: once half of it is open,
// an idle one gets the first-byte timeout instead of the idle one.
TEST(Limits, ClosesIdleKeepAliveConnectionsSoonerOnceHalfTheCapIsOpen) {
  Limits limits = short_limits();
  limits.max_connections = 4;
  limits.max_connections_per_address = 4;
  limits.first_byte_timeout = milliseconds(1000);
  limits.idle_timeout = std::chrono::seconds(20);
  auto metrics = std::make_shared<Metrics>();
  TestServer server(echo_router(), limits, metrics);
  RawClient first("127.0.0.1", server.port());
  RawClient second("127.0.0.1", server.port());
  for (int i = 0; i < 100 && metrics->open_connections() < 2; ++i) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  ASSERT_EQ(metrics->open_connections(), 2);
  ASSERT_TRUE(first.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(first.read_response());
  EXPECT_TRUE(first.wait_closed(std::chrono::seconds(4)));
}

TEST(Limits, GivesOneAddressAQuarterOfTheCapUnlessConfigured) {
  Limits limits;
  limits.max_connections = 4096;
  EXPECT_EQ(limits.per_address_cap(), 1024);
  limits.max_connections = 2;
  EXPECT_EQ(limits.per_address_cap(), 1);
  limits.max_connections_per_address = 50;
  EXPECT_EQ(limits.per_address_cap(), 50);
}

TEST(Limits, RefusesAnAddressOverItsShareWhileServingAnother) {
  Limits limits = short_limits();
  limits.idle_timeout = std::chrono::seconds(10);
  limits.first_byte_timeout = std::chrono::seconds(10);
  limits.max_connections = 8;
  limits.max_connections_per_address = 2;
  TestServer server(echo_router(), limits);
  std::vector<std::unique_ptr<RawClient>> held;
  for (int i = 0; i < 2; ++i) {
    held.push_back(std::make_unique<RawClient>("127.0.0.1", server.port(), "127.0.0.2"));
    ASSERT_TRUE(held.back()->send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_TRUE(held.back()->read_response());
  }
  RawClient greedy("127.0.0.1", server.port(), "127.0.0.2");
  ASSERT_TRUE(greedy.connected());
  auto refused = greedy.read_response();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->header("retry-after"), "1");
  EXPECT_TRUE(greedy.wait_closed(std::chrono::seconds(2)));

  RawClient other("127.0.0.1", server.port(), "127.0.0.3");
  ASSERT_TRUE(other.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto served = other.read_response();
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 200);

  held.pop_back();  // a slot of 127.0.0.2's share is free again
  std::optional<keyward::testing::RawResponse> again;
  for (int i = 0; i < 50; ++i) {
    RawClient retry("127.0.0.1", server.port(), "127.0.0.2");
    retry.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    again = retry.read_response();
    if (again && again->status == 200) break;
    std::this_thread::sleep_for(milliseconds(20));
  }
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
}

// A trusted reverse proxy carries many clients on its connections: only the cap applies to it.
TEST(Limits, ExemptsTrustedProxiesFromThePerAddressShare) {
  Limits limits = short_limits();
  limits.idle_timeout = std::chrono::seconds(10);
  limits.first_byte_timeout = std::chrono::seconds(10);
  limits.max_connections = 8;
  limits.max_connections_per_address = 1;
  auto trusted = parse_cidr_list("127.0.0.2");
  ASSERT_TRUE(trusted.ok());
  TestServer server(echo_router(), limits, std::make_shared<Metrics>(), 0, *trusted);
  std::vector<std::unique_ptr<RawClient>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(std::make_unique<RawClient>("127.0.0.1", server.port(), "127.0.0.2"));
    ASSERT_TRUE(held.back()->send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto response = held.back()->read_response();
    ASSERT_TRUE(response) << i;
    EXPECT_EQ(response->status, 200) << i;
  }
  RawClient first("127.0.0.1", server.port(), "127.0.0.3");
  ASSERT_TRUE(first.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(first.read_response());
  RawClient second("127.0.0.1", server.port(), "127.0.0.3");
  auto refused = second.read_response();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
}

}  // namespace
}  // namespace keyward::http
