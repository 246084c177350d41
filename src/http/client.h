#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/result.h"
#include "http/client_address.h"
#include "http/limits.h"

namespace keyward::http {

class BodySource;  // http/body_source.h

// One outgoing request (provider verification, later webhooks and proxying). Headers and body
// may hold a secret: they are never logged, and the caller wipes its copy.
struct ClientRequest {
  ClientRequest() = default;
  // Everything the usual call sets; the rest keep their defaults.
  ClientRequest(std::string method_, std::string url_,
                std::vector<std::pair<std::string, std::string>> headers_,
                std::chrono::milliseconds timeout_ = ClientLimits{}.default_timeout)
      : method(std::move(method_)),
        url(std::move(url_)),
        headers(std::move(headers_)),
        timeout(timeout_) {}

  std::string method = "GET";
  std::string url;  // https://host[:port]/path, or http:// for a loopback test provider
  std::vector<std::pair<std::string, std::string>> headers;
  // The whole exchange: resolve, connect, TLS handshake, write and read.
  std::chrono::milliseconds timeout = ClientLimits{}.default_timeout;
  // Sent with a Content-Length; empty sends none on GET, HEAD, DELETE and OPTIONS.
  std::string body;
  // Instead of `body` (stream() only): a body sent as the source gives it, not held whole (the
  // gateway forwards an upload as it arrives). REQUIRES: outlives the call.
  BodySource* body_source = nullptr;
  // Resolve, connect and TLS handshake only; 0: bounded by `timeout` alone.
  std::chrono::milliseconds connect_timeout{0};
  // Writing the request and reading the whole response; 0: bounded by `timeout` alone.
  std::chrono::milliseconds read_timeout{0};
};

// A whole response, read within the request's deadlines.
struct ClientResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names as the server sent them
  // Empty when it was over ClientLimits::max_response_body_bytes (the status still counts).
  std::string body;
};

// What receives a streamed response (Client::stream). Each runs on the calling coroutine and
// may await (a slow reader slows the upstream read: back-pressure).
struct ResponseSink {
  // The status and headers (body empty); false: the body is not wanted and the connection is
  // dropped (the gateway tries another key instead).
  std::function<boost::asio::awaitable<bool>(const ClientResponse& head)> on_head;
  // A piece of the body as it arrives; false stops reading and drops the connection.
  std::function<boost::asio::awaitable<bool>(std::string_view piece)> on_body;
};

// What a Client may reach and how it names itself; fixed for the client's life.
struct ClientOptions {
  ClientLimits limits;
  // Refuse every destination address that is not public (private ranges, loopback, link-local
  // with the cloud metadata service, carrier-grade NAT, multicast, unspecified), checked on the
  // resolved address at connect time so a name cannot be pointed elsewhere after a check. For
  // every request that carries a stored key (verification, the gateway) and for destinations a
  // user chooses (webhooks).
  bool public_addresses_only = false;
  // With public_addresses_only: loopback is still allowed. Only for a loopback URL the operator
  // configured (tests' upstreams, a local relay).
  bool allow_loopback = false;
  // With public_addresses_only: these non-public ranges are allowed too (operators' on-premises
  // model servers, KEYWARD_GATEWAY_ALLOWED_CIDRS).
  std::vector<Cidr> allowed_networks;
  // Extra trusted certificates (PEM), besides the system's CAs. For tests' TLS upstreams.
  std::string extra_ca_file;
  // How the far end and the log tag are named in errors: "The provider could not be reached
  // (…)" and "verify host: …".
  std::string peer_name = "The provider";
  std::string log_tag = "verify";
};

// True when `address` (an IP literal) is on the public internet, per
// ClientOptions::public_addresses_only; false for anything else, including non-addresses.
bool is_public_address(std::string_view address);

// An asynchronous HTTP/1.1 client with TLS, deadlines, cancellation and a small pool of
// keep-alive connections per scheme, host and port. It never follows a redirect: a 3xx is
// returned as it is. HTTPS verifies the certificate chain (system CAs plus extra_ca_file) and
// the host name, and sends the host as SNI. Plain http:// is refused unless the host is a
// loopback address. Errors are kUnavailable with a detail that names the host, never a header.
// Thread-safe; its sockets run on `executor`, so that executor must be running while a call
// is in flight.
class Client {
 public:
  // REQUIRES: `executor` outlives the client.
  explicit Client(boost::asio::any_io_executor executor, ClientOptions options = {});
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  ~Client();

  // Sends the request and reads the whole response within its deadlines. Reuses an idle
  // connection to the same scheme, host and port when one is open (an idempotent request that
  // finds it closed by the server is sent once more on a fresh one). A terminal cancellation of
  // the awaiting coroutine (its cancellation slot) ends the call at once with an error and
  // closes the socket. REQUIRES: the Client outlives the call.
  boost::asio::awaitable<Result<ClientResponse>> send(ClientRequest request);

  // Sends the request and hands the response to `sink` as it arrives: the head once, then the
  // body piece by piece, without a size limit (the sink bounds memory by awaiting). `timeout`
  // bounds everything up to the response head; `read_timeout` each wait for more of the body.
  // Returns the head (body empty), or an error; sink.on_head was called iff a head was returned
  // or the body failed midway. Cancellation, reuse and address checks are as for send(). The
  // body is sent from `request` without a copy (a retry with another key sends it again); its
  // headers and URL are wiped before the call returns. REQUIRES: `request` outlives the call.
  boost::asio::awaitable<Result<ClientResponse>> stream(ClientRequest& request, ResponseSink sink);

  // Connections opened so far and idle connections held now (tests, metrics).
  std::size_t connections_opened() const;
  std::size_t idle_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Sends one request on a client of its own, with `options`, and waits for the answer. Blocking:
// run it off the I/O threads.
Result<ClientResponse> send_request(const ClientRequest& request, ClientOptions options = {});

}  // namespace keyward::http
