#pragma once

#include <string>

#include "crypto/master_key.h"

namespace keyward::app {

// Prints "keyward: <message>" to standard error and returns the failing exit code (1).
int fail(const std::string& message);

// Reads one line of standard input: after `prompt` and without echo when it is a terminal, else
// as it comes (a pipe, a file). A trailing CR is dropped.
std::string read_secret_line(const char* prompt);

// The value of an environment variable, or "" when it is not set.
std::string env_or_empty(const char* name);

// The master key an admin command works with: from `file`, KEYWARD_MASTER_KEY or the dev default
// var/master.key, as `serve` reads it, but never generated (a command that made a new key would
// only fail later, or worse).
Result<crypto::LoadedMasterKey> load_existing_master_key(const std::string& file);

}  // namespace keyward::app
