#pragma once

#include <map>
#include <string>

#include "domain/result.h"
#include "http/message.h"

namespace keyward::api {

// The built web UI (web/dist), read into memory at start. Serves each file with its type, hashed
// assets as immutable, and index.html for every other path so deep links open the app. Never
// answers under /api/, where a missing route stays a 404 problem. Thread-safe after load.
class WebAssets {
 public:
  // Reads every file under `dir`. A missing dir is not an error: the UI is then "not built".
  static Result<WebAssets> load(const std::string& dir);

  // Whether the UI was built (dist/ holds index.html), and how many files it has.
  bool built() const { return files_.count("/index.html") != 0; }
  std::size_t file_count() const { return files_.size(); }

  // GET or HEAD of any path no route claimed.
  http::Response serve(const http::Request& request) const;

 private:
  struct File {
    std::string content;
    std::string content_type;
  };
  std::map<std::string, File, std::less<>> files_;
};

// The CSP of the app's pages: its own scripts and nothing else; styles may be inline because the
// toast library injects its stylesheet at run time (scripts never may).
inline constexpr char kAppContentSecurityPolicy[] =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' "
    "data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

}  // namespace keyward::api
