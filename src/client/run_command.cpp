// keyward run: a program started with its keys (or the gateway's settings) in its environment.
#include <unistd.h>

#include <sodium.h>

#include <boost/json.hpp>

#include <cerrno>
#include <cstdlib>
#include <iostream>
#include <system_error>

#include "app/console.h"
#include "client/context.h"
#include "client/env_names.h"
#include "domain/catalogue.h"
#include "tokens/tokens.h"

namespace keyward::client {
namespace {

// One --env VAR=type[@label,label…].
struct Wanted {
  std::string variable;
  std::string type;
  std::vector<std::string> labels;
};

Result<Wanted> parse_wanted(const std::string& text) {
  auto bad = [&](const std::string& why) {
    return Error::make(ErrorCode::kBadRequest, "--env " + text + ": " + why);
  };
  std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return bad("give VAR=type or VAR=type@label");
  Wanted wanted{text.substr(0, eq), text.substr(eq + 1), {}};
  std::size_t at = wanted.type.find('@');
  if (at != std::string::npos) {
    std::string labels = wanted.type.substr(at + 1);
    wanted.type.resize(at);
    std::size_t start = 0;
    while (start <= labels.size()) {
      std::size_t comma = labels.find(',', start);
      std::string label = labels.substr(start, comma - start);
      if (!label.empty()) wanted.labels.push_back(label);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  if (find_key_type(wanted.type) == nullptr) return bad("unknown key type \"" + wanted.type + "\"");
  return wanted;
}

// Where the server is: --url, KEYWARD_URL, or the stored default profile's.
Result<std::string> server_url(const Common& common) {
  std::string url = common.url.empty() ? app::env_or_empty("KEYWARD_URL") : common.url;
  if (!url.empty()) return normalize_server_url(url);
  auto profile = current_profile();
  if (!profile) {
    return Error::make(ErrorCode::kBadRequest,
                       "Name the server: --url URL, KEYWARD_URL, or keyward login first.");
  }
  return profile->url;
}

// setenv copies the value; the copy made here for its terminating NUL is wiped.
void set_variable(const std::string& name, std::string_view value) {
  std::string copy(value);
  ::setenv(name.c_str(), copy.c_str(), 1);  // NOLINT(concurrency-mt-unsafe): one thread, pre-exec
  sodium_memzero(copy.data(), copy.size());
}

}  // namespace

int run(const Common& common, const RunOptions& options) {
  if (options.command.empty()) {
    return report(Error::make(ErrorCode::kBadRequest,
                              "Give the command after --: keyward run "
                              "--env OPENAI_API_KEY=openai -- python "
                              "app.py"));
  }
  std::vector<Wanted> wanted;
  for (const auto& text : options.env) {
    auto parsed = parse_wanted(text);
    if (!parsed) return report(parsed.error());
    wanted.push_back(std::move(*parsed));
  }
  crypto::SecretString token(app::env_or_empty("KEYWARD_SERVICE_TOKEN"));
  if (token.view().rfind(tokens::kServiceTokenPrefix, 0) != 0) {
    return report(Error::make(ErrorCode::kUnauthorized,
                              "Set KEYWARD_SERVICE_TOKEN to a service token (kw_st_…)."));
  }
  auto url = server_url(common);
  if (!url) return report(url.error());

  if (options.gateway) {
    // The program gets the token and the gateway's address, never a key.
    for (const auto& w : wanted) {
      if (!w.labels.empty()) {
        return report(Error::make(ErrorCode::kBadRequest,
                                  "--gateway uses the token's own label scope: drop @" +
                                      w.labels.front() + " from --env " + w.variable));
      }
      GatewayVariable base = gateway_variable(w.type, *url + "/gateway");
      set_variable(w.variable, token.view());
      if (!base.name.empty()) set_variable(base.name, base.value);
    }
  } else {
    // Every key first: one that cannot be resolved stops the run before anything starts.
    Api api(*url, token.view());
    std::vector<std::pair<std::string, crypto::SecretString>> values;
    for (const auto& w : wanted) {
      Query query{{"type", w.type}};
      for (const auto& label : w.labels) query.emplace_back("label", label);
      auto resolved = api.call("GET", "/resolve", query);
      if (!resolved) {
        Error error = resolved.error();
        error.detail = w.variable + " (" + w.type + "): " + error.detail;
        return report(error);
      }
      auto& key = resolved->as_object()["key"].as_string();
      values.emplace_back(w.variable, crypto::SecretString(std::string(key)));
      sodium_memzero(key.data(), key.size());
    }
    for (const auto& [name, value] : values) set_variable(name, value.view());
  }
  ::unsetenv("KEYWARD_TOKEN");  // NOLINT(concurrency-mt-unsafe): single-threaded, before exec
  if (!options.gateway) ::unsetenv("KEYWARD_SERVICE_TOKEN");  // NOLINT(concurrency-mt-unsafe)

  std::vector<char*> argv;
  argv.reserve(options.command.size() + 1);
  for (const auto& part : options.command) argv.push_back(const_cast<char*>(part.c_str()));
  argv.push_back(nullptr);
  std::cout.flush();
  ::execvp(argv[0], argv.data());
  // Only reached when the program could not be started: the shell's exit codes for that.
  const int failure = errno;
  std::cerr << "keyward: cannot run " << options.command.front() << ": "
            << std::generic_category().message(failure) << "\n";
  return failure == ENOENT ? 127 : 126;
}

}  // namespace keyward::client
