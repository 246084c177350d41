#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace keyward::testing {

// A child process (the real keyward binary) with its stdout and stderr captured together.
class Process {
 public:
  // Starts `argv[0]` with `argv`, in `cwd`, with `env` added to (or replacing in) the environment.
  // `stdin_text`, when given, is written to the child's standard input, which is then closed.
  Process(std::vector<std::string> argv, std::string cwd,
          std::vector<std::pair<std::string, std::string>> env = {},
          std::optional<std::string> stdin_text = std::nullopt);
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  // Kills the process if it is still running.
  ~Process();

  // Reads output until a line contains `needle`; returns that line, or nullopt at exit/timeout.
  std::optional<std::string> wait_for_line(const std::string& needle,
                                           std::chrono::milliseconds timeout);
  void signal(int signo);
  // Waits for the exit; the exit code, or nullopt on timeout (or death by signal: -signo).
  std::optional<int> wait(std::chrono::milliseconds timeout);
  // Everything read so far.
  const std::string& output() const { return output_; }

 private:
  bool read_some(std::chrono::milliseconds timeout);
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string output_;
  std::size_t scanned_ = 0;
  std::optional<int> exit_code_;
};

// Runs a command to completion and returns its exit code and output.
std::pair<int, std::string> run_command(std::vector<std::string> argv, std::string cwd,
                                        std::vector<std::pair<std::string, std::string>> env = {},
                                        std::optional<std::string> stdin_text = std::nullopt);

}  // namespace keyward::testing
