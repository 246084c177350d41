#pragma once

#include "http/message.h"

namespace keyward::http {

// Adds DESIGN.md's headers to every response unless the handler set its own (the UI sets a CSP
// that allows its scripts): nosniff, no referrer, no framing, and a deny-all CSP for API data.
void apply_security_headers(Response& response);

}  // namespace keyward::http
