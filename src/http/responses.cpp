#include "http/responses.h"

#include <boost/json.hpp>

#include <string>

namespace keyward::http {

Response problem(const Error& error) {
  const ErrorInfo& info = error_info(error.code);
  boost::json::object body;
  body["type"] = "urn:keyward:problem:" + std::string(info.name);
  body["title"] = info.title;
  body["status"] = info.status;
  body["detail"] = error.detail.empty() ? info.title : std::string_view(error.detail);
  if (!error.fields.empty()) {
    boost::json::array fields;
    for (const auto& field : error.fields) {
      fields.push_back(boost::json::object{{"field", field.field}, {"message", field.message}});
    }
    body["errors"] = std::move(fields);
  }
  Response response;
  response.status = info.status;
  response.content_type = "application/problem+json";
  response.body = boost::json::serialize(body);
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
