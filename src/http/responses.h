#pragma once

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.h"
#include "domain/result.h"
#include "http/message.h"

namespace keyward::http {

// The challenge every 401 carries (RFC 9110 §11.6.1): the API takes a bearer token (a session
// or service token) or the session cookie, in the one realm.
inline constexpr std::string_view kAuthenticateChallenge = "Bearer realm=\"keyward\"";

// How long a 429 asks the client to wait when the refusal names no time of its own (seconds).
inline constexpr std::int64_t kDefaultRetryAfterSeconds = 5;

// An application/problem+json response (RFC 9457) for the error; field errors become "errors".
// A 401 carries WWW-Authenticate; a 429 carries Retry-After (the error's retry_after_ms in whole
// seconds, at least 1, else kDefaultRetryAfterSeconds).
Response problem(const Error& error);

// A JSON response with Cache-Control: no-store (API data is never cached).
Response json_response(int status, const boost::json::value& body);

// A 204 with Cache-Control: no-store: a change that answers nothing.
Response no_content();

// A 200 JSON response of `fields` plus the member `name` holding `secret` (a plaintext key),
// written straight into the one body buffer, which the server wipes after sending; no-store.
// REQUIRES: `secret` is valid UTF-8 without control characters (as stored keys are).
Response secret_json_response(const boost::json::object& fields, std::string_view name,
                              std::string_view secret);

// 429 with Retry-After (whole seconds, at least 1) for a throttle that opens again in `wait_ms`.
Response too_many_attempts(std::string detail, std::int64_t wait_ms);

// 405 with the Allow header listing the methods the path accepts.
Response method_not_allowed(const std::vector<Method>& allowed);

// Parses the body as a JSON object: 415 unless the content type is JSON, 400 when malformed.
Result<boost::json::object> parse_json_object(const Request& request);

}  // namespace keyward::http
