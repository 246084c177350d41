#include "http/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "http/responses.h"
#include "log/log.h"
#include "support/raw_client.h"
#include "support/test_server.h"

namespace keyward::http {
namespace {

using keyward::testing::http_request;
using keyward::testing::RawClient;
using keyward::testing::TestServer;

Response text(std::string body) {
  Response response;
  response.content_type = "text/plain";
  response.body = std::move(body);
  return response;
}

Router basic_router() {
  Router router;
  router.add(Method::kGet, "/hello", [](Request&) { return text("hello"); });
  router.add(Method::kPost, "/echo-size",
             [](Request& r) { return text(std::to_string(r.body.size())); });
  router.add(Method::kGet, "/teams/{team}",
             [](Request& r) { return text(std::string(r.param("team"))); });
  router.add(Method::kGet, "/query",
             [](Request& r) { return text(r.query_param("q").value_or("-")); });
  router.add(Method::kGet, "/throws", [](Request&) -> Response {
    throw std::runtime_error("boom with sensitive-looking detail");
  });
  router.add(Method::kGet, "/offloaded", [](Request&) { return text("from the pool"); },
             {.executor = Executor::kBlocking});
  return router;
}

TEST(Server, ServesSeveralRequestsOnOneKeepAliveConnection) {
  TestServer server(basic_router());
  RawClient client("127.0.0.1", server.port());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto response = client.read_response();
    ASSERT_TRUE(response) << i;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "hello");
  }
}

TEST(Server, AnswersPipelinedRequestsInOrder) {
  TestServer server(basic_router());
  RawClient client("127.0.0.1", server.port());
  ASSERT_TRUE(client.send(
      "GET /teams/a HTTP/1.1\r\nHost: x\r\n\r\nGET /teams/b HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(client.read_response()->body, "a");
  EXPECT_EQ(client.read_response()->body, "b");
}

TEST(Server, PutsSecurityHeadersOnEveryResponseIncludingErrors) {
  TestServer server(basic_router());
  for (const char* target : {"/hello", "/missing", "/throws"}) {
    auto response = http_request(server.port(), "GET", target);
    ASSERT_TRUE(response) << target;
    EXPECT_EQ(response->header("x-content-type-options"), "nosniff") << target;
    EXPECT_EQ(response->header("referrer-policy"), "no-referrer") << target;
    EXPECT_EQ(response->header("x-frame-options"), "DENY") << target;
    EXPECT_TRUE(response->header("content-security-policy").has_value()) << target;
    EXPECT_TRUE(response->header("x-request-id").has_value()) << target;
  }
}

TEST(Server, AnswersUnknownPathsWithA404Problem) {
  TestServer server(basic_router());
  auto response = http_request(server.port(), "GET", "/missing");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->header("content-type"), "application/problem+json");
  EXPECT_NE(response->body.find("\"status\":404"), std::string::npos);
}

TEST(Server, AnswersAWrongMethodWith405AndAllow) {
  TestServer server(basic_router());
  auto response = http_request(server.port(), "DELETE", "/hello");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 405);
  EXPECT_EQ(response->header("allow"), "GET, HEAD");
}

TEST(Server, PassesPathAndQueryParametersToHandlers) {
  TestServer server(basic_router());
  EXPECT_EQ(http_request(server.port(), "GET", "/teams/t%2D1")->body, "t-1");
  EXPECT_EQ(http_request(server.port(), "GET", "/query?q=a+b%21&x=1")->body, "a b!");
  EXPECT_EQ(http_request(server.port(), "GET", "/query?q=%zz")->body, "-");
}

TEST(Server, TurnsAHandlerExceptionIntoA500WithoutItsMessage) {
  TestServer server(basic_router());
  auto response = http_request(server.port(), "GET", "/throws");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
  EXPECT_EQ(response->body.find("sensitive-looking"), std::string::npos);
  // The server keeps serving.
  EXPECT_EQ(http_request(server.port(), "GET", "/hello")->status, 200);
}

TEST(Server, RunsOffloadedHandlersOnTheBlockingPool) {
  TestServer server(basic_router());
  auto response = http_request(server.port(), "GET", "/offloaded");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "from the pool");
}

TEST(Server, AnswersHeadWithHeadersButNoBody) {
  TestServer server(basic_router());
  RawClient client("127.0.0.1", server.port());
  ASSERT_TRUE(
      client.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto head = client.read_response(std::chrono::seconds(5), /*head_request=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("content-length"), "5");
  EXPECT_TRUE(head->body.empty());
  // No body bytes were sent after the HEAD response: the next response parses cleanly.
  auto get = client.read_response();
  ASSERT_TRUE(get);
  EXPECT_EQ(get->body, "hello");
}

TEST(Server, KeepsAPlainClientRequestIdAndReplacesAnUnsafeOne) {
  TestServer server(basic_router());
  auto kept = http_request(server.port(), "GET", "/hello", {}, {{"X-Request-Id", "abc-123"}});
  EXPECT_EQ(kept->header("x-request-id"), "abc-123");
  auto replaced =
      http_request(server.port(), "GET", "/hello", {}, {{"X-Request-Id", "evil\" injected=1"}});
  EXPECT_NE(replaced->header("x-request-id"), "evil\" injected=1");
  EXPECT_EQ(replaced->header("x-request-id")->size(), 16u);
}

TEST(Server, AnswersMalformedRequestsWith400AndCloses) {
  TestServer server(basic_router());
  RawClient client("127.0.0.1", server.port());
  ASSERT_TRUE(client.send("GET /hello HTTP/1.1\r\nBad Header Without Colon\r\n\r\n"));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_TRUE(client.wait_closed(std::chrono::seconds(2)));
}

TEST(Server, RefusesAbsoluteFormTargets) {
  TestServer server(basic_router());
  auto response = http_request(server.port(), "GET", "http://elsewhere/hello");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
}

TEST(Server, LogsMethodRouteStatusAndIdButNeverBodiesCookiesOrAuthorization) {
  std::ostringstream captured;
  log::init_for_testing(captured, log::Format::kJson);
  {
    TestServer server(basic_router());
    auto response = http_request(server.port(), "POST", "/echo-size", "body-secret-123",
                                 {{"Authorization", "Bearer token-secret-456"},
                                  {"Cookie", "keyward_session=cookie-secret-789"},
                                  {"Content-Type", "application/json"}});
    ASSERT_TRUE(response);
    EXPECT_EQ(response->body, "15");
  }
  std::string logs = captured.str();
  static std::ostringstream discarded;
  log::init_for_testing(discarded, log::Format::kText);
  EXPECT_NE(logs.find(R"("event":"request")"), std::string::npos) << logs;
  EXPECT_NE(logs.find(R"("method":"POST")"), std::string::npos) << logs;
  EXPECT_NE(logs.find(R"("route":"/echo-size")"), std::string::npos) << logs;
  EXPECT_NE(logs.find(R"("status":200)"), std::string::npos) << logs;
  EXPECT_NE(logs.find(R"("request_id":")"), std::string::npos) << logs;
  EXPECT_NE(logs.find(R"("duration_ms":)"), std::string::npos) << logs;
  for (const char* secret : {"body-secret-123", "token-secret-456", "cookie-secret-789"}) {
    EXPECT_EQ(logs.find(secret), std::string::npos) << secret << " leaked into " << logs;
  }
}

TEST(Server, ListensOnAFreePortWhenAskedForPortZero) {
  TestServer first(basic_router());
  TestServer second(basic_router());
  EXPECT_NE(first.port(), 0);
  EXPECT_NE(first.port(), second.port());
  EXPECT_EQ(http_request(second.port(), "GET", "/hello")->status, 200);
}

// A handler that blocks until the test lets it go, to hold a request in flight.
struct Gate {
  std::mutex mutex;
  std::condition_variable cv;
  bool entered = false;
  bool open = false;

  void wait_entered() {
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return entered; });
  }
  void release() {
    std::lock_guard lock(mutex);
    open = true;
    cv.notify_all();
  }
  Response handle() {
    std::unique_lock lock(mutex);
    entered = true;
    cv.notify_all();
    cv.wait(lock, [&] { return open; });
    return text("finished");
  }
};

TEST(Server, ShutdownFinishesTheRequestInFlightAndClosesIdleConnections) {
  auto gate = std::make_shared<Gate>();
  Router router = basic_router();
  router.add(Method::kGet, "/slow", [gate](Request&) { return gate->handle(); },
             {.executor = Executor::kBlocking});
  TestServer server(std::move(router));

  RawClient idle("127.0.0.1", server.port());
  ASSERT_TRUE(idle.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(idle.read_response());  // now idle on a keep-alive connection

  RawClient busy("127.0.0.1", server.port());
  ASSERT_TRUE(busy.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"));  // keep-alive
  auto in_flight =
      std::async(std::launch::async, [&] { return busy.read_response(std::chrono::seconds(10)); });
  gate->wait_entered();

  auto stopped = std::async(std::launch::async, [&] { server.stop_and_wait(); });
  EXPECT_TRUE(idle.wait_closed(std::chrono::seconds(2))) << "idle connection kept open";
  EXPECT_EQ(stopped.wait_for(std::chrono::milliseconds(200)), std::future_status::timeout)
      << "server stopped before its request finished";

  gate->release();
  auto response = in_flight.get();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "finished");
  EXPECT_EQ(response->header("connection"), "close");  // told not to send another request
  EXPECT_TRUE(busy.wait_closed(std::chrono::seconds(2)));
  EXPECT_EQ(stopped.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  // Nothing listens any more.
  EXPECT_FALSE(http_request(server.port(), "GET", "/hello"));
}

}  // namespace
}  // namespace keyward::http
