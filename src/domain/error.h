#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace keyward {

// Every failure keyward can report. error_info() maps each code to its stable machine name and
// the title a client sees; http/error_status.h maps it to an HTTP status. Both are switches over
// the code (a missing case is a compile error under -Werror) and tests assert every code is
// mapped.
enum class ErrorCode : std::uint8_t {
  kBadRequest,
  kUnauthorized,
  kForbidden,
  kNotFound,
  kMethodNotAllowed,
  kRequestTimeout,
  kConflict,
  kGone,
  kPreconditionFailed,
  kPayloadTooLarge,
  kUnsupportedMediaType,
  kValidation,
  kTooManyRequests,
  kHeadersTooLarge,
  kInternal,
  kUnavailable,
  kBadGateway,  // the gateway's provider could not be reached or broke off
  kCount,       // not an error: the number of codes
};

// What a client is told for one code (the problem type and title).
struct ErrorInfo {
  std::string_view name;   // stable machine name, e.g. "not-found"
  std::string_view title;  // short human summary, the same for every occurrence
};

// The one table from error code to what a client is told about it, keyed by the code.
// REQUIRES: code != kCount.
ErrorInfo error_info(ErrorCode code);

// A validation failure tied to a request field, shown beside that field in the UI.
struct FieldError {
  std::string field;
  std::string message;
};

// An error travelling up to the edge. `detail` may be shown to the client; `internal` goes to the
// log only. Neither may ever contain a secret.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string detail;
  std::string internal;
  std::vector<FieldError> fields;
  // kTooManyRequests: how long the caller must wait before trying again (0: a short default).
  std::int64_t retry_after_ms = 0;

  // An error without field errors. REQUIRES: neither string holds a secret.
  static Error make(ErrorCode code, std::string detail, std::string internal = {}) {
    return Error{code, std::move(detail), std::move(internal), {}, 0};
  }
};

}  // namespace keyward
