#include "webhooks/endpoints.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/health.h"
#include "webhooks/events.h"

namespace keyward::webhooks {
namespace {

// The message check_url gives `url`, or "" when it passes.
std::string url_error(const std::string& url, bool allow_loopback = false) {
  FieldErrors errors;
  check_url(url, allow_loopback, errors);
  if (errors.empty()) return "";
  return errors.to_error().fields.at(0).message;
}

TEST(WebhookUrls, AcceptPublicHttpsUrls) {
  EXPECT_EQ(url_error("https://hooks.example.com/in?team=1"), "");
  EXPECT_EQ(url_error("https://203.0.113.9:8443/hook"), "");
  EXPECT_EQ(url_error("https://[2606:4700::1111]/hook"), "");
}

TEST(WebhookUrls, RefuseInternalAddressesWrittenAsLiterals) {
  for (const char* url :
       {"https://127.0.0.1/", "https://10.0.0.1/", "https://169.254.169.254/", "https://[::1]/",
        "https://192.168.1.1/", "https://[fd00:ec2::254]/", "https://[::ffff:127.0.0.1]/",
        "https://0.0.0.0/", "https://localhost/"}) {
    EXPECT_NE(url_error(url), "") << url;
  }
}

TEST(WebhookUrls, AllowPlainHttpOnlyToLoopbackAndOnlyWithTheSetting) {
  EXPECT_NE(url_error("http://127.0.0.1:9000/hook"), "");
  EXPECT_EQ(url_error("http://127.0.0.1:9000/hook", true), "");
  EXPECT_EQ(url_error("http://localhost:9000/hook", true), "");
  EXPECT_EQ(url_error("http://[::1]:9000/hook", true), "");
  EXPECT_NE(url_error("http://example.com/hook", true), "");
  EXPECT_NE(url_error("https://10.0.0.1/hook", true), "") << "only loopback is let through";
}

TEST(WebhookUrls, RefuseUserinfoFragmentsOtherSchemesAndLongUrls) {
  EXPECT_NE(url_error("https://user:pw@example.com/"), "");
  EXPECT_NE(url_error("https://example.com/#x"), "");
  EXPECT_NE(url_error("ftp://example.com/"), "");
  EXPECT_NE(url_error("not a url"), "");
  EXPECT_NE(url_error(""), "");
  EXPECT_NE(url_error("https://example.com/" + std::string(2048, 'a')), "");
}

TEST(WebhookEventTypes, AreTeamEventsOrTheTestEventSortedOnce) {
  FieldErrors errors;
  auto types = check_event_types({"webhook.test", "api_key.created", "api_key.created"}, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(types, (std::vector<std::string>{"api_key.created", "webhook.test"}));
  for (const auto& name : subscribable_names())
    EXPECT_EQ(name.rfind("session.", 0), std::string::npos);
  FieldErrors bad;
  check_event_types({"session.failed"}, bad);
  EXPECT_FALSE(bad.empty());
  FieldErrors none;
  check_event_types({}, none);
  EXPECT_FALSE(none.empty());
}

// The web app's types come from openapi.json: its WebhookEventType list is the server's.
TEST(WebhookEventTypes, AreExactlyTheApiDocumentsWebhookEventTypeEnum) {
  auto doc = boost::json::parse(api::openapi_json()).as_object();
  std::vector<std::string> documented;
  for (const auto& name :
       doc.at("components").at("schemas").at("WebhookEventType").at("enum").as_array()) {
    documented.emplace_back(name.as_string());
  }
  EXPECT_EQ(documented, subscribable_names());
}

TEST(WebhookDescriptions, AreTrimmedAndBounded) {
  FieldErrors errors;
  EXPECT_EQ(webhooks::check_description("  Ops  ", errors), "Ops");
  webhooks::check_description(std::string(201, 'x'), errors);
  EXPECT_FALSE(errors.empty());
  FieldErrors control;
  webhooks::check_description("a\x01b", control);
  EXPECT_FALSE(control.empty());
}

}  // namespace
}  // namespace keyward::webhooks
