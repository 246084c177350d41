#pragma once

#include <string>

namespace keyward::app {

// Prints "keyward: <message>" to standard error and returns the failing exit code (1).
int fail(const std::string& message);

// The value of an environment variable, or "" when it is not set.
std::string env_or_empty(const char* name);

}  // namespace keyward::app
