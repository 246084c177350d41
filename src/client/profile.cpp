#include "client/profile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "app/console.h"

namespace keyward::client {
namespace {

void wipe(char* bytes, std::size_t size) { sodium_memzero(bytes, size); }

Error file_error(const std::string& what, const std::string& path) {
  return Error::make(ErrorCode::kInternal,
                     what + " " + path + ": " + std::generic_category().message(errno));
}

std::string env(const char* name) { return app::env_or_empty(name); }

// The stored file: {"default": url, "profiles": {url: {"token": …}}}; empty when absent.
Result<boost::json::object> read_file() {
  std::string path = credentials_path();
  std::ifstream in(path);
  if (!in) return boost::json::object{};
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && (info.st_mode & 077) != 0) {
    return Error::make(ErrorCode::kForbidden,
                       path + " may be read by other users; run chmod 600 " + path);
  }
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  auto parsed = boost::json::parse(text.str(), ec);
  if (ec || !parsed.is_object()) {
    return Error::make(ErrorCode::kInternal, path + " is not a keyward credentials file");
  }
  return std::move(parsed.as_object());
}

// Writes `file` to a temporary file of mode 0600 beside the credentials and renames it over them.
Status write_file(const boost::json::object& file) {
  std::filesystem::path path(credentials_path());
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  ::chmod(path.parent_path().c_str(), 0700);
  std::string temporary = path.string() + ".tmp";
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return file_error("cannot write", temporary);
  std::string text = boost::json::serialize(file) + "\n";
  bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                 ::fchmod(fd, 0600) == 0 && ::fsync(fd) == 0;
  wipe(text.data(), text.size());
  if (::close(fd) != 0 || !written) {
    ::unlink(temporary.c_str());
    return file_error("cannot write", temporary);
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) return file_error("cannot replace", path);
  return ok_status();
}

}  // namespace

std::string credentials_path() {
  std::string base = env("XDG_CONFIG_HOME");
  if (base.empty()) base = env("HOME") + "/.config";
  return base + "/keyward/credentials";
}

Result<std::string> normalize_server_url(std::string_view url) {
  auto invalid = [&] {
    return Error::make(ErrorCode::kValidation,
                       "The server URL must look like https://keyward.example.com or "
                       "http://127.0.0.1:8080");
  };
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return invalid();
  std::string scheme(parsed->scheme());
  if ((scheme != "https" && scheme != "http") || parsed->host().empty() || parsed->has_userinfo() ||
      parsed->has_query() || parsed->has_fragment() ||
      (!parsed->path().empty() && parsed->path() != "/")) {
    return invalid();
  }
  std::string host(parsed->host());
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string out = scheme + "://" + host;
  if (parsed->has_port()) {
    out += ':';
    out += parsed->port();
  }
  return out;
}

Status save_profile(const Profile& profile) {
  KW_TRY(file, read_file());
  if (!file.contains("profiles") || !file["profiles"].is_object()) file["profiles"] = {};
  file["profiles"].as_object()[profile.url] = {{"token", profile.token.view()}};
  file["default"] = profile.url;
  Status written = write_file(file);
  for (auto& [url, entry] : file["profiles"].as_object()) {
    if (auto* token = entry.as_object().if_contains("token"); token && token->is_string()) {
      wipe(token->as_string().data(), token->as_string().size());
    }
  }
  return written;
}

Result<bool> remove_profile(const std::string& url) {
  KW_TRY(file, read_file());
  std::string target = url;
  if (target.empty() && file.contains("default") && file["default"].is_string()) {
    target = std::string(file["default"].as_string());
  }
  auto* profiles = file.if_contains("profiles");
  if (target.empty() || profiles == nullptr || !profiles->is_object() ||
      !profiles->as_object().contains(target)) {
    return false;
  }
  profiles->as_object().erase(target);
  if (file.contains("default") && file["default"] == boost::json::value(target)) {
    file.erase("default");
    if (!profiles->as_object().empty()) file["default"] = profiles->as_object().begin()->key();
  }
  KW_TRY_STATUS(write_file(file));
  return true;
}

Result<Profile> current_profile(const std::string& url) {
  std::string env_url = env("KEYWARD_URL");
  std::string env_token = env("KEYWARD_TOKEN");
  std::string wanted = url.empty() ? env_url : url;
  if (!wanted.empty()) {
    KW_TRY(normalized, normalize_server_url(wanted));
    wanted = normalized;
  }
  if (!wanted.empty() && !env_token.empty()) {
    return Profile{wanted, crypto::SecretString(std::move(env_token))};
  }
  KW_TRY(file, read_file());
  if (wanted.empty() && file.contains("default") && file["default"].is_string()) {
    wanted = std::string(file["default"].as_string());
  }
  const auto* profiles = file.if_contains("profiles");
  const auto* entry = profiles != nullptr && profiles->is_object() && !wanted.empty()
                          ? profiles->as_object().if_contains(wanted)
                          : nullptr;
  if (!env_token.empty() && !wanted.empty()) {
    return Profile{wanted, crypto::SecretString(std::move(env_token))};
  }
  if (entry == nullptr || !entry->is_object() || !entry->as_object().contains("token")) {
    return Error::make(ErrorCode::kUnauthorized,
                       wanted.empty() ? "Not signed in: run keyward login --url URL (or set "
                                        "KEYWARD_URL and KEYWARD_TOKEN)."
                                      : "Not signed in to " + wanted +
                                            ": run keyward login --url " + wanted + ".");
  }
  std::string token(entry->as_object().at("token").as_string());
  return Profile{wanted, crypto::SecretString(std::move(token))};
}

}  // namespace keyward::client
