#include "app/console.h"

#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace keyward::app {

int fail(const std::string& message) {
  std::cerr << "keyward: " << message << "\n";
  return 1;
}

std::string env_or_empty(const char* name) {
  // Commands read the environment at start-up, before any thread exists (serve starts its
  // threads once its configuration is read).
  // NOLINTNEXTLINE(concurrency-mt-unsafe): read once at start-up, before any thread
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

Result<crypto::LoadedMasterKey> load_existing_master_key(const std::string& file) {
  constexpr char kDevDefault[] = "var/master.key";
  std::string inline_key = env_or_empty("KEYWARD_MASTER_KEY");
  std::error_code ec;
  if (file.empty() && inline_key.empty() && !std::filesystem::exists(kDevDefault, ec)) {
    std::string message = "no master key: set KEYWARD_MASTER_KEY_FILE or --master-key-file";
    return Error::make(ErrorCode::kInternal, message, message);
  }
  return crypto::load_master_key({file, inline_key, kDevDefault});
}

// Reads one line; without echo when standard input is a terminal.
std::string read_secret_line(const char* prompt) {
  bool tty = ::isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (tty) {
    std::cerr << prompt << std::flush;
    ::tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace keyward::app
