#include "app/console.h"

#include <cstdlib>
#include <iostream>

namespace keyward::app {

int fail(const std::string& message) {
  std::cerr << "keyward: " << message << "\n";
  return 1;
}

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

}  // namespace keyward::app
