#include "support/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>

namespace keyward::testing {

Process::Process(std::vector<std::string> argv, std::string cwd,
                 std::vector<std::pair<std::string, std::string>> env,
                 std::optional<std::string> stdin_text) {
  int fds[2];
  int in[2] = {-1, -1};
  if (::pipe2(fds, O_CLOEXEC) != 0) return;
  if (stdin_text && ::pipe2(in, O_CLOEXEC) != 0) return;
  pid_ = ::fork();
  if (pid_ == 0) {
    if (stdin_text) ::dup2(in[0], STDIN_FILENO);
    ::dup2(fds[1], STDOUT_FILENO);
    ::dup2(fds[1], STDERR_FILENO);
    if (::chdir(cwd.c_str()) != 0) ::_exit(126);
    // The developer's own KEYWARD_* settings must not leak into the binary under test.
    std::vector<std::string> inherited;
    for (char** entry = environ; *entry != nullptr; ++entry) {
      std::string text(*entry);
      if (text.rfind("KEYWARD_", 0) == 0) inherited.push_back(text.substr(0, text.find('=')));
    }
    for (const auto& name : inherited) ::unsetenv(name.c_str());
    for (const auto& [name, value] : env) ::setenv(name.c_str(), value.c_str(), 1);
    std::vector<char*> args;
    for (auto& arg : argv) args.push_back(arg.data());
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  out_fd_ = fds[0];
  if (stdin_text) {
    ::close(in[0]);
    // Small inputs fit in the pipe buffer, so this cannot block on the child.
    ssize_t written = ::write(in[1], stdin_text->data(), stdin_text->size());
    (void)written;
    ::close(in[1]);
  }
}

Process::~Process() {
  if (pid_ > 0 && !exit_code_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (out_fd_ >= 0) ::close(out_fd_);
}

bool Process::read_some(std::chrono::milliseconds timeout) {
  pollfd pfd{out_fd_, POLLIN, 0};
  if (::poll(&pfd, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char buffer[4096];
  ssize_t n = ::read(out_fd_, buffer, sizeof buffer);
  if (n <= 0) return false;
  output_.append(buffer, static_cast<std::size_t>(n));
  return true;
}

std::optional<std::string> Process::wait_for_line(const std::string& needle,
                                                  std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    std::size_t newline;
    while ((newline = output_.find('\n', scanned_)) != std::string::npos) {
      std::string line = output_.substr(scanned_, newline - scanned_);
      scanned_ = newline + 1;
      if (line.find(needle) != std::string::npos) return line;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !read_some(left)) return std::nullopt;
  }
}

void Process::signal(int signo) {
  if (pid_ > 0 && !exit_code_) ::kill(pid_, signo);
}

std::optional<int> Process::wait(std::chrono::milliseconds timeout) {
  if (exit_code_) return exit_code_;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
      while (read_some(std::chrono::milliseconds(10))) {
      }
      return exit_code_;
    }
    read_some(std::chrono::milliseconds(10));
  }
  return std::nullopt;
}

std::pair<int, std::string> run_command(std::vector<std::string> argv, std::string cwd,
                                        std::vector<std::pair<std::string, std::string>> env,
                                        std::optional<std::string> stdin_text) {
  Process process(std::move(argv), std::move(cwd), std::move(env), std::move(stdin_text));
  auto code = process.wait(std::chrono::seconds(60));
  return {code.value_or(-1), process.output()};
}

}  // namespace keyward::testing
