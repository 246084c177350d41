#pragma once

#include <string>

#include "app/config.h"

namespace keyward::app {

// `keyward serve`: loads the master key, opens and migrates the store, serves until SIGTERM.
// Returns the process exit code.
int serve(const ServeConfig& config);

// `keyward migrate`: applies pending migrations and prints what it did.
int migrate(const std::string& database_url);

// Parses the command line and runs the chosen command; returns the exit code.
int run_cli(int argc, char** argv);

}  // namespace keyward::app
