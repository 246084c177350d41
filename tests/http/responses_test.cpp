#include "http/responses.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>
#include <vector>

namespace keyward::http {
namespace {

TEST(Problem, RendersRfc9457WithTheTableStatusAndTitle) {
  Response response = problem(Error::make(ErrorCode::kNotFound, "No such key.", "internal x"));
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.content_type, "application/problem+json");
  auto body = boost::json::parse(response.body).as_object();
  EXPECT_EQ(body.at("type"), "urn:keyward:problem:not-found");
  EXPECT_EQ(body.at("title"), "Not found");
  EXPECT_EQ(body.at("status"), 404);
  EXPECT_EQ(body.at("detail"), "No such key.");
  EXPECT_FALSE(body.contains("errors"));
  EXPECT_EQ(response.body.find("internal x"), std::string::npos) << "internal text leaked";
}

TEST(Problem, ListsFieldErrorsForValidationFailures) {
  Error error = Error::make(ErrorCode::kValidation, "Some fields are invalid.");
  error.fields = {{"description", "Description is required"}, {"key", "Key is required"}};
  auto body = boost::json::parse(problem(error).body).as_object();
  EXPECT_EQ(body.at("status"), 422);
  auto errors = body.at("errors").as_array();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].at("field"), "description");
  EXPECT_EQ(errors[1].at("message"), "Key is required");
}

TEST(Problem, FallsBackToTheTitleWithoutDetail) {
  auto body = boost::json::parse(problem(Error::make(ErrorCode::kInternal, "")).body).as_object();
  EXPECT_EQ(body.at("detail"), "Internal server error");
}

std::vector<std::string> header_values(const Response& response, std::string_view name) {
  std::vector<std::string> values;
  for (const auto& [key, value] : response.headers) {
    if (key == name) values.push_back(value);
  }
  return values;
}

TEST(Problem, EveryUnauthorizedCarriesABearerChallenge) {
  Response response = problem(Error::make(ErrorCode::kUnauthorized, "Sign in first."));
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(header_values(response, "WWW-Authenticate"),
            std::vector<std::string>{"Bearer realm=\"keyward\""});
  EXPECT_TRUE(header_values(problem(Error::make(ErrorCode::kForbidden, "No.")), "WWW-Authenticate")
                  .empty());
}

TEST(Problem, EveryTooManyRequestsCarriesRetryAfter) {
  Response response = problem(Error::make(ErrorCode::kTooManyRequests, "Too many streams."));
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(header_values(response, "Retry-After"),
            std::vector<std::string>{std::to_string(kDefaultRetryAfterSeconds)});
}

TEST(Problem, ARefusalNamingItsWaitSendsItAsRetryAfterInWholeSeconds) {
  Error refused = Error::make(ErrorCode::kTooManyRequests, "Too many failed sign-ins.");
  refused.retry_after_ms = 90'001;
  EXPECT_EQ(header_values(problem(refused), "Retry-After"), std::vector<std::string>{"91"});
  refused.retry_after_ms = 1;
  EXPECT_EQ(header_values(problem(refused), "Retry-After"), std::vector<std::string>{"1"});
}

TEST(TooManyAttempts, SendsOneRetryAfterOfTheWaitRoundedUpToWholeSeconds) {
  EXPECT_EQ(header_values(too_many_attempts("Wait.", 1500), "Retry-After"),
            std::vector<std::string>{"2"});
  EXPECT_EQ(header_values(too_many_attempts("Wait.", 0), "Retry-After"),
            std::vector<std::string>{"1"});
}

TEST(MethodNotAllowed, NamesAllowedMethodsInAllowHeader) {
  Response response = method_not_allowed({Method::kGet, Method::kPost});
  EXPECT_EQ(response.status, 405);
  bool found = false;
  for (const auto& [name, value] : response.headers) {
    if (name == "Allow") {
      found = true;
      EXPECT_EQ(value, "GET, HEAD, POST");
    }
  }
  EXPECT_TRUE(found);
}

Request json_request(std::string content_type, std::string body) {
  Request request;
  request.headers = {{"content-type", std::move(content_type)}};
  request.body = std::move(body);
  return request;
}

TEST(ParseJsonObject, AcceptsAnObjectWithCharset) {
  auto parsed = parse_json_object(json_request("application/json; charset=utf-8", R"({"a":1})"));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->at("a"), 1);
}

TEST(ParseJsonObject, RefusesOtherMediaTypesWith415) {
  auto parsed = parse_json_object(json_request("text/plain", R"({"a":1})"));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::kUnsupportedMediaType);
}

TEST(ParseJsonObject, RefusesMalformedJsonAndNonObjectsWith400) {
  for (const char* body : {"{", "[1,2]", "\"text\"", "", "{\"a\":1} trailing"}) {
    auto parsed = parse_json_object(json_request("application/json", body));
    ASSERT_FALSE(parsed.ok()) << body;
    EXPECT_EQ(parsed.error().code, ErrorCode::kBadRequest) << body;
  }
}

}  // namespace
}  // namespace keyward::http

namespace keyward::http {
namespace {

TEST(SecretJsonResponse, IsValidJsonForAnySecretAndIsWipedAfterSending) {
  std::string secret = std::string("quote\" backslash\\ tab\t nul") + '\0' + "end ключ";
  Response response = secret_json_response({{"id", "k1"}}, "key", secret);
  auto parsed = boost::json::parse(response.body).as_object();
  EXPECT_EQ(parsed.at("id"), "k1");
  EXPECT_EQ(std::string(parsed.at("key").as_string()), secret);
  EXPECT_TRUE(response.wipe_body);
  EXPECT_TRUE(response.has_header("Cache-Control"));
}

}  // namespace
}  // namespace keyward::http
