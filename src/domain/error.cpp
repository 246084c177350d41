#include "domain/error.h"

#include <cstddef>

namespace keyward {
namespace {

// Keyed by the code, so reordering the enum cannot shift a row onto another code.
constexpr ErrorInfo info_of(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest:
      return {"bad-request", "Bad request"};
    case ErrorCode::kUnauthorized:
      return {"unauthorized", "Authentication required"};
    case ErrorCode::kForbidden:
      return {"forbidden", "Not allowed"};
    case ErrorCode::kNotFound:
      return {"not-found", "Not found"};
    case ErrorCode::kMethodNotAllowed:
      return {"method-not-allowed", "Method not allowed"};
    case ErrorCode::kRequestTimeout:
      return {"request-timeout", "Request timeout"};
    case ErrorCode::kConflict:
      return {"conflict", "Conflict"};
    case ErrorCode::kGone:
      return {"gone", "Gone"};
    case ErrorCode::kPreconditionFailed:
      return {"precondition-failed", "Precondition failed"};
    case ErrorCode::kPayloadTooLarge:
      return {"payload-too-large", "Request body too large"};
    case ErrorCode::kUnsupportedMediaType:
      return {"unsupported-media-type", "Unsupported media type"};
    case ErrorCode::kValidation:
      return {"validation", "Invalid fields"};
    case ErrorCode::kTooManyRequests:
      return {"too-many-requests", "Too many requests"};
    case ErrorCode::kHeadersTooLarge:
      return {"headers-too-large", "Request header fields too large"};
    case ErrorCode::kInternal:
      return {"internal", "Internal server error"};
    case ErrorCode::kUnavailable:
      return {"unavailable", "Service unavailable"};
    case ErrorCode::kBadGateway:
      return {"bad-gateway", "Bad gateway"};
    case ErrorCode::kCount:
      break;
  }
  return {};
}

constexpr bool every_code_mapped() {
  for (std::size_t i = 0; i < static_cast<std::size_t>(ErrorCode::kCount); ++i) {
    const ErrorInfo info = info_of(static_cast<ErrorCode>(i));
    if (info.name.empty() || info.title.empty()) return false;
  }
  return true;
}
static_assert(every_code_mapped(), "every ErrorCode needs a name and a title");

}  // namespace

ErrorInfo error_info(ErrorCode code) { return info_of(code); }

}  // namespace keyward
