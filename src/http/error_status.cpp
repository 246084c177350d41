#include "http/error_status.h"

#include <cstddef>

namespace keyward::http {
namespace {

// Keyed by the code: a code added to ErrorCode without a status here is a -Wswitch error.
constexpr int status_of(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest:
      return 400;
    case ErrorCode::kUnauthorized:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kMethodNotAllowed:
      return 405;
    case ErrorCode::kRequestTimeout:
      return 408;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kGone:
      return 410;
    case ErrorCode::kPreconditionFailed:
      return 412;
    case ErrorCode::kPayloadTooLarge:
      return 413;
    case ErrorCode::kUnsupportedMediaType:
      return 415;
    case ErrorCode::kValidation:
      return 422;
    case ErrorCode::kTooManyRequests:
      return 429;
    case ErrorCode::kHeadersTooLarge:
      return 431;
    case ErrorCode::kInternal:
      return 500;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kBadGateway:
      return 502;
    case ErrorCode::kCount:
      break;
  }
  return 0;
}

constexpr bool every_code_has_an_error_status() {
  for (std::size_t i = 0; i < static_cast<std::size_t>(ErrorCode::kCount); ++i) {
    const int status = status_of(static_cast<ErrorCode>(i));
    if (status < 400 || status > 599) return false;
  }
  return true;
}
static_assert(every_code_has_an_error_status(), "every ErrorCode needs a 4xx or 5xx status");

}  // namespace

int http_status(ErrorCode code) { return status_of(code); }

}  // namespace keyward::http
