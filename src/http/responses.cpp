#include "http/responses.h"

#include "http/error_status.h"

#include <boost/json.hpp>

#include <algorithm>
#include <string>

namespace keyward::http {

Response problem(const Error& error) {
  const ErrorInfo info = error_info(error.code);
  const int status = http_status(error.code);
  boost::json::object body;
  body["type"] = "urn:keyward:problem:" + std::string(info.name);
  body["title"] = info.title;
  body["status"] = status;
  body["detail"] = error.detail.empty() ? info.title : std::string_view(error.detail);
  if (!error.fields.empty()) {
    boost::json::array fields;
    for (const auto& field : error.fields) {
      fields.push_back(boost::json::object{{"field", field.field}, {"message", field.message}});
    }
    body["errors"] = std::move(fields);
  }
  Response response;
  response.status = status;
  response.content_type = "application/problem+json";
  response.body = boost::json::serialize(body);
  response.set_header("Cache-Control", "no-store");
  if (status == 401) response.set_header("WWW-Authenticate", std::string(kAuthenticateChallenge));
  if (status == 429) {
    std::int64_t seconds = error.retry_after_ms > 0
                               ? std::max<std::int64_t>(1, (error.retry_after_ms + 999) / 1000)
                               : kDefaultRetryAfterSeconds;
    response.set_header("Retry-After", std::to_string(seconds));
  }
  if (status >= 500) response.failure = error.internal.empty() ? info.title : error.internal;
  return response;
}

Response no_content() {
  Response response;
  response.status = 204;
  response.set_header("Cache-Control", "no-store");
  return response;
}

Response json_response(int status, const boost::json::value& body) {
  Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = boost::json::serialize(body);
  response.set_header("Cache-Control", "no-store");
  return response;
}

Response secret_json_response(const boost::json::object& fields, std::string_view name,
                              std::string_view secret) {
  Response response;
  response.content_type = "application/json";
  response.body = boost::json::serialize(fields);
  response.body.pop_back();  // the closing brace: the secret member goes last
  if (!fields.empty()) response.body += ',';
  response.body += boost::json::serialize(boost::json::string_view(name));
  response.body += ":\"";
  for (char c : secret) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20) {  // stored keys never hold control characters; stay valid JSON anyway
      static constexpr char kHex[] = "0123456789abcdef";
      response.body += "\\u00";
      response.body.push_back(kHex[byte >> 4]);
      response.body.push_back(kHex[byte & 15]);
      continue;
    }
    if (c == '"' || c == '\\') response.body.push_back('\\');
    response.body.push_back(c);
  }
  response.body += "\"}";
  response.wipe_body = true;
  response.set_header("Cache-Control", "no-store");
  return response;
}

Response too_many_attempts(std::string detail, std::int64_t wait_ms) {
  Error refused = Error::make(ErrorCode::kTooManyRequests, std::move(detail));
  refused.retry_after_ms = std::max<std::int64_t>(1, wait_ms);  // problem() rounds it up
  return problem(refused);
}

Response method_not_allowed(const std::vector<Method>& allowed) {
  std::string allow;
  for (Method method : allowed) {
    if (!allow.empty()) allow += ", ";
    allow += method_name(method);
    if (method == Method::kGet) allow += ", HEAD";
  }
  Response response =
      problem(Error::make(ErrorCode::kMethodNotAllowed, "This path accepts: " + allow + "."));
  response.set_header("Allow", allow);
  return response;
}

Result<boost::json::object> parse_json_object(const Request& request) {
  auto content_type = request.header("content-type").value_or("");
  auto media_type = content_type.substr(0, content_type.find(';'));
  while (!media_type.empty() && media_type.back() == ' ') media_type.remove_suffix(1);
  if (media_type != "application/json") {
    return Error::make(ErrorCode::kUnsupportedMediaType,
                       "Send the request body as application/json.");
  }
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(request.body, ec);
  if (ec) return Error::make(ErrorCode::kBadRequest, "The request body is not valid JSON.");
  if (!value.is_object()) {
    return Error::make(ErrorCode::kBadRequest, "The request body must be a JSON object.");
  }
  return std::move(value.as_object());
}

}  // namespace keyward::http
