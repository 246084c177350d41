#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace keyward::http {

// Builds the whole response. Should not throw: an exception is a bug, logged and answered 500.
using Handler = std::function<Response(Request&)>;

// Where a handler runs. I/O threads must never wait: a handler that may wait on a database lock
// runs on the blocking pool, and one that hashes a password on the CPU pool, so a burst of
// logins cannot delay other requests.
enum class Executor : std::uint8_t { kIo, kBlocking, kCpu };

// How a route runs.
struct RouteOptions {
  Executor executor = Executor::kIo;
  // The largest request body the route takes; 0: the server's Limits::max_body_bytes. Only the
  // gateway raises it (files and audio for providers).
  std::size_t max_body_bytes = 0;
  // The handler gets the body as a source it reads while the body arrives
  // (Request::body_source), not whole in Request::body: the gateway forwards uploads as they come.
  bool stream_body = false;
};

// A registered route; `id` is its index in routes().
struct Route {
  int id = 0;  // dense index, used by metrics
  Method method = Method::kGet;
  std::string pattern;  // "/api/v1/teams/{team}": the label in logs and metrics
  std::vector<std::string> segments;
  Handler handler;
  RouteOptions options;
};

// Maps a method and a path to a route. Patterns are '/'-separated segments where "{name}" captures
// one non-empty segment, and a last "{name*}" captures the rest of the path as it came (still
// percent-encoded, possibly empty: the gateway forwards it as it is). Not thread-safe while routes
// are added; safe to match concurrently after.
class Router {
 public:
  // The route matched, if any, with its captures.
  struct Match {
    const Route* route = nullptr;  // null when nothing matched
    std::vector<Method> allowed;   // methods the path accepts, when only the method was wrong
    std::vector<std::pair<std::string, std::string>> params;  // percent-decoded captures
  };

  // REQUIRES: pattern starts with '/', and (method, pattern) was not added before.
  void add(Method method, std::string_view pattern, Handler handler, RouteOptions options = {});

  // HEAD matches GET routes. A path that matches but with another method gives `allowed`.
  // A GET or HEAD that matches nothing goes to the fallback route, when one is set.
  Match match(Method method, std::string_view raw_path) const;

  // The route for GET paths no pattern claims (the web UI and its deep links). REQUIRES: called
  // once, after every add().
  void set_fallback(Handler handler, RouteOptions options = {});

  // Every route in the order added, the fallback last if set (metrics labels them).
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  int fallback_ = -1;  // index in routes_, or -1
};

// Splits "/a/b/c" into {"a","b","c"}; the root path gives no segments.
std::vector<std::string_view> split_path(std::string_view path);

// Percent-decodes one path segment; nullopt for malformed escapes or an encoded NUL.
std::optional<std::string> decode_segment(std::string_view segment);

}  // namespace keyward::http
