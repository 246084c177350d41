#include "client/api.h"

#include <sodium.h>

#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <chrono>
#include <iostream>

#include "http/client.h"

namespace keyward::client {
namespace {

ErrorCode code_for_status(int status) {
  switch (status) {
    case 400:
      return ErrorCode::kBadRequest;
    case 401:
      return ErrorCode::kUnauthorized;
    case 403:
      return ErrorCode::kForbidden;
    case 404:
      return ErrorCode::kNotFound;
    case 409:
      return ErrorCode::kConflict;
    case 412:
      return ErrorCode::kPreconditionFailed;
    case 413:
      return ErrorCode::kPayloadTooLarge;
    case 422:
      return ErrorCode::kValidation;
    case 429:
      return ErrorCode::kTooManyRequests;
    case 502:
      return ErrorCode::kBadGateway;
    case 503:
      return ErrorCode::kUnavailable;
    default:
      return ErrorCode::kInternal;
  }
}

// The server's problem+json as an Error: "Title: detail", with its field messages.
Error problem_of(const http::ClientResponse& response) {
  Error error = Error::make(code_for_status(response.status),
                            "The server answered " + std::to_string(response.status) + ".");
  boost::system::error_code ec;
  auto parsed = boost::json::parse(response.body, ec);
  const auto* fields = parsed.if_object();
  if (ec || fields == nullptr) return error;
  std::string title, detail;
  if (const auto* t = fields->if_contains("title"); t && t->is_string()) title = t->as_string();
  if (const auto* d = fields->if_contains("detail"); d && d->is_string()) detail = d->as_string();
  if (!title.empty() || !detail.empty()) {
    error.detail = title.empty() ? detail : detail.empty() ? title : title + ": " + detail;
  }
  if (const auto* list = fields->if_contains("errors"); list && list->is_array()) {
    for (const auto& item : list->as_array()) {
      const auto* entry = item.if_object();
      if (entry == nullptr) continue;
      const auto* field = entry->if_contains("field");
      const auto* message = entry->if_contains("message");
      if (field && field->is_string() && message && message->is_string()) {
        error.fields.push_back(
            {std::string(field->as_string()), std::string(message->as_string())});
      }
    }
  }
  return error;
}

}  // namespace

Api::Api(std::string base_url, std::string_view token)
    : base_url_(std::move(base_url)), token_(std::string(token)) {}

std::string query_string(const Query& query) {
  std::string out;
  for (const auto& [name, value] : query) {
    out += out.empty() ? '?' : '&';
    out += boost::urls::encode(name, boost::urls::unreserved_chars);
    out += '=';
    out += boost::urls::encode(value, boost::urls::unreserved_chars);
  }
  return out;
}

Result<boost::json::value> Api::call(const std::string& method, const std::string& path,
                                     const Query& query,
                                     const std::optional<boost::json::value>& body) {
  http::ClientRequest request(method, base_url_ + "/api/v1" + path + query_string(query),
                              {{"Authorization", "Bearer " + std::string(token_.view())},
                               {"Accept", "application/json"},
                               {"User-Agent", "keyward-cli"}},
                              std::chrono::seconds(60));
  if (body) {
    request.body = boost::json::serialize(*body);
    request.headers.emplace_back("Content-Type", "application/json");
  }
  http::ClientOptions options;
  options.peer_name = "The keyward server";
  options.log_tag = "cli";
  auto answered = http::send_request(request, options);
  sodium_memzero(request.headers[0].second.data(), request.headers[0].second.size());
  sodium_memzero(request.body.data(), request.body.size());
  if (!answered) return answered.error();
  http::ClientResponse& response = *answered;
  if (response.status < 200 || response.status >= 300) {
    Error problem = problem_of(response);
    sodium_memzero(response.body.data(), response.body.size());
    return problem;
  }
  if (response.status == 204 || response.body.empty()) return boost::json::value(nullptr);
  boost::system::error_code ec;
  auto parsed = boost::json::parse(response.body, ec);
  sodium_memzero(response.body.data(), response.body.size());
  if (ec) {
    return Error::make(ErrorCode::kInternal,
                       "The server's answer is not JSON: is " + base_url_ + " a keyward server?");
  }
  return parsed;
}

int exit_code_for(const Error& error) {
  switch (error.code) {
    case ErrorCode::kBadRequest:
    case ErrorCode::kValidation:
    case ErrorCode::kPayloadTooLarge:
      return 2;
    case ErrorCode::kNotFound:
      return 3;
    case ErrorCode::kUnauthorized:
    case ErrorCode::kForbidden:
      return 4;
    case ErrorCode::kConflict:
    case ErrorCode::kPreconditionFailed:
      return 5;
    default:
      return 1;
  }
}

int report(const Error& error) {
  std::cerr << "keyward: " << (error.detail.empty() ? error.internal : error.detail) << "\n";
  for (const auto& field : error.fields)
    std::cerr << "  " << field.field << ": " << field.message << "\n";
  return exit_code_for(error);
}

}  // namespace keyward::client
