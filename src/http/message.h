#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace keyward::http {

// kOther: any method not listed; no route is registered for it.
enum class Method : std::uint8_t { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

// The upper-case name; parse_method is exact (case-sensitive), anything unknown is kOther.
std::string_view method_name(Method method);
Method parse_method(std::string_view name);

class BodySource;  // http/body_source.h: only handlers that stream their body include it

// A request as handlers see it: plain values, no Beast types, so handler files compile quickly.
struct Request {
  Method method = Method::kGet;
  std::string path;   // raw (still percent-encoded) path without the query
  std::string query;  // raw query string without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  // Instead of `body`, for a route that streams its body (RouteOptions::stream_body) and a
  // request that has one: read it from here (http/body_source.h), on the connection's thread.
  std::shared_ptr<BodySource> body_source;
  std::string remote_address;
  std::string request_id;
  std::vector<std::pair<std::string, std::string>> path_params;  // filled by the router

  // First header with this lower-case name, if any.
  std::optional<std::string_view> header(std::string_view lower_name) const;
  // Path parameter captured by the router ("{team}" -> "team"); empty when absent.
  std::string_view param(std::string_view name) const;
  // Decoded query parameter, if present.
  std::optional<std::string> query_param(std::string_view name) const;
  // Every decoded value of a repeatable query parameter, in order; empty when absent.
  std::vector<std::string> query_params(std::string_view name) const;
};

// A stream of Server-Sent Events that a handler hands to the server instead of a body. The
// server writes the headers, then whatever take() returns each time it is woken, plus a
// heartbeat when nothing came for a while. Implementations are thread-safe.
class EventSource {
 public:
  virtual ~EventSource() = default;
  // The server's way to be woken when take() has something; called once, before any take().
  virtual void attach(std::function<void()> wake) = 0;
  // Frames ready to send ("id: …\nevent: …\ndata: …\n\n"), or empty.
  virtual std::string take() = 0;
  // The connection is gone: stop waking it.
  virtual void detach() = 0;
  // True once the stream must end (its reader lost access); checked after each take().
  virtual bool finished() = 0;
};

struct BodyStream;  // http/body_stream.h: only handlers that stream include it

// A response as handlers build it; the server adds the security headers and the request id.
struct Response {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // The body holds a secret (a revealed key): the server wipes it once it has been written.
  bool wipe_body = false;
  // Set for an event stream: the body is ignored and the connection stays open.
  std::shared_ptr<EventSource> events;
  // Set for a streamed body (streamed_response in http/body_stream.h): `body` is ignored.
  std::shared_ptr<BodyStream> stream;
  // Why a 5xx happened (Error::internal), for the access log line only; never sent.
  std::string failure;

  // Adds a header (a repeated name adds another line); chains.
  Response& set_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  // Case-insensitive, as HTTP header names are.
  bool has_header(std::string_view name) const;
};

}  // namespace keyward::http
