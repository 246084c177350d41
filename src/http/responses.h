#pragma once

#include <boost/json/fwd.hpp>

#include <vector>

#include "domain/error.h"
#include "domain/result.h"
#include "http/message.h"

namespace keyward::http {

// An application/problem+json response (RFC 9457) for the error; field errors become "errors".
Response problem(const Error& error);

// A JSON response with Cache-Control: no-store (API data is never cached).
Response json_response(int status, const boost::json::value& body);

// 405 with the Allow header listing the methods the path accepts.
Response method_not_allowed(const std::vector<Method>& allowed);

// Parses the body as a JSON object: 415 unless the content type is JSON, 400 when malformed.
Result<boost::json::object> parse_json_object(const Request& request);

}  // namespace keyward::http
