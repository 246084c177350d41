#pragma once

#include "domain/error.h"

namespace keyward::http {

// The HTTP status a problem response of `code` carries: the one place an ErrorCode meets HTTP.
// Every code maps to a 4xx or 5xx status. REQUIRES: code != ErrorCode::kCount.
int http_status(ErrorCode code);

}  // namespace keyward::http
