#include "gateway/forwarding.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace keyward::gateway {
namespace {

const GatewayRoute kBearer{"https://api.openai.com", "Authorization", "Bearer ", ""};
const GatewayRoute kAnthropic{"https://api.anthropic.com", "x-api-key", "", ""};
const GatewayRoute kQuery{"https://translation.googleapis.com", "", "", "key"};

http::Request request_with(Headers headers, std::string query = "") {
  http::Request request;
  request.headers = std::move(headers);
  request.query = std::move(query);
  return request;
}

bool has(const Headers& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& header) { return header.first == name; });
}

TEST(PresentedToken, IsReadWhereTheTypesSdkSendsAKey) {
  EXPECT_EQ(presented_token(request_with({{"authorization", "Bearer kw_st_a"}}), kBearer),
            "kw_st_a");
  EXPECT_EQ(presented_token(request_with({{"x-api-key", "kw_st_b"}}), kAnthropic), "kw_st_b");
  EXPECT_EQ(presented_token(request_with({}, "q=hi&key=kw_st_c"), kQuery), "kw_st_c");
}

TEST(PresentedToken, AcceptsAnyCredentialHeaderForAHeaderTypeButNotTheQuery) {
  // Anthropic's SDK now sends Authorization: Bearer.
  EXPECT_EQ(presented_token(request_with({{"authorization", "Bearer kw_st_a"}}), kAnthropic),
            "kw_st_a");
  EXPECT_EQ(presented_token(request_with({{"x-goog-api-key", "kw_st_g"}}), kBearer), "kw_st_g");
  EXPECT_FALSE(presented_token(request_with({}, "key=kw_st_c"), kBearer));
  EXPECT_FALSE(presented_token(request_with({{"authorization", "Basic abc"}}), kBearer));
  EXPECT_FALSE(presented_token(request_with({{"authorization", "Bearer "}}), kBearer));
  EXPECT_FALSE(presented_token(request_with({{"x-api-key", "kw_st_b"}}), kQuery));
}

TEST(UpstreamHeaders, DropEveryCredentialHopByHopAndKeywardHeader) {
  Headers in = {{"authorization", "Bearer kw_st_a"},
                {"x-api-key", "kw_st_a"},
                {"x-goog-api-key", "kw_st_a"},
                {"cookie", "session=1"},
                {"host", "keyward"},
                {"content-length", "12"},
                {"transfer-encoding", "chunked"},
                {"connection", "keep-alive, x-private"},
                {"x-private", "hop"},
                {"keyward-label", "env:prod"},
                {"x-forwarded-for", "10.0.0.7"},
                {"content-type", "application/json"},
                {"anthropic-version", "2023-06-01"},
                {"anthropic-beta", "a"},
                {"anthropic-beta", "b"}};
  Headers out = upstream_headers(in, "kw_st_a");
  EXPECT_EQ(out, (Headers{{"content-type", "application/json"},
                          {"anthropic-version", "2023-06-01"},
                          {"anthropic-beta", "a"},
                          {"anthropic-beta", "b"}}));
}

TEST(UpstreamHeaders, DropAnyHeaderCarryingTheToken) {
  Headers out = upstream_headers(
      {{"x-custom-auth", "token kw_st_secret-1"}, {"openai-organization", "org-1"}},
      "kw_st_secret-1");
  EXPECT_EQ(out, (Headers{{"openai-organization", "org-1"}}));
}

TEST(QueryWithoutToken, DropsEveryParameterHoldingTheToken) {
  EXPECT_EQ(query_without_token("a=1&api_key=kw_st_x&b=%6Bw_st_x&c=2", "kw_st_x"), "a=1&c=2");
  EXPECT_EQ(query_without_token("a=1&bad=%zz&flag", "kw_st_x"), "a=1&flag");
  EXPECT_EQ(query_without_token("", "kw_st_x"), "");
}

TEST(DownstreamHeaders, KeepTheProvidersButNotCookiesFramingOrHopByHop) {
  Headers out = downstream_headers({{"Content-Type", "text/event-stream"},
                                    {"Set-Cookie", "__cf_bm=1"},
                                    {"Content-Length", "10"},
                                    {"Transfer-Encoding", "chunked"},
                                    {"Connection", "close"},
                                    {"x-ratelimit-remaining-requests", "99"},
                                    {"openai-processing-ms", "12"},
                                    {"Keyward-Key-Id", "forged"}});
  EXPECT_TRUE(has(out, "Content-Type"));
  EXPECT_TRUE(has(out, "x-ratelimit-remaining-requests"));
  EXPECT_TRUE(has(out, "openai-processing-ms"));
  EXPECT_FALSE(has(out, "Set-Cookie"));
  EXPECT_FALSE(has(out, "Content-Length"));
  EXPECT_FALSE(has(out, "Transfer-Encoding"));
  EXPECT_FALSE(has(out, "Connection"));
  EXPECT_FALSE(has(out, "Keyward-Key-Id"));
}

TEST(UpstreamUrl, AppendsThePathToTheBaseAndKeepsTheQuery) {
  EXPECT_EQ(upstream_url("https://api.openai.com/", "v1/chat/completions", "", kBearer, "sk-x"),
            "https://api.openai.com/v1/chat/completions");
  EXPECT_EQ(
      upstream_url("http://127.0.0.1:9/base", "v1/models", "limit=2&after=a%20b", kBearer, "sk-x"),
      "http://127.0.0.1:9/base/v1/models?limit=2&after=a%20b");
}

TEST(UpstreamUrl, SwapsTheTokenForTheKeyInTheQuery) {
  EXPECT_EQ(
      upstream_url("https://translation.googleapis.com", "language/translate/v2",
                   "q=hi&key=kw_st_c&target=es&%6Bey=kw_st_c", kQuery, "AIza+/x"),
      "https://translation.googleapis.com/language/translate/v2?q=hi&target=es&key=AIza%2B%2Fx");
}

TEST(Failover, IsWorthAnotherKeyOnlyFor429And5xx) {
  EXPECT_TRUE(worth_another_key(429));
  EXPECT_TRUE(worth_another_key(500));
  EXPECT_TRUE(worth_another_key(503));
  EXPECT_FALSE(worth_another_key(200));
  EXPECT_FALSE(worth_another_key(400));
  EXPECT_FALSE(worth_another_key(401));
}

TEST(CoolDown, FollowsRetryAfterSecondsCappedAtAnHour) {
  EXPECT_EQ(cool_down_ms({{"Retry-After", "2"}}, 30'000), 2'000);
  EXPECT_EQ(cool_down_ms({{"retry-after", "999999"}}, 30'000), 3'600'000);
  EXPECT_EQ(cool_down_ms({{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"}}, 30'000), 30'000);
  EXPECT_EQ(cool_down_ms({}, 30'000), 30'000);
}

TEST(StatusClass, NamesTheHundreds) {
  EXPECT_EQ(status_class(204), "2xx");
  EXPECT_EQ(status_class(429), "4xx");
  EXPECT_EQ(status_class(502), "5xx");
  EXPECT_EQ(status_class(0), "5xx");
}

}  // namespace
}  // namespace keyward::gateway
