#include "http/client.h"

#include <openssl/ssl.h>
#include <sodium.h>
#include <sys/socket.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/span_body.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <deque>
#include <limits>
#include <map>
#include <mutex>
#include <optional>

#include "http/body_source.h"
#include "http/client_address.h"

namespace keyward::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr unsigned kHttp11 = 11;  // Beast's version number for HTTP/1.1

// Where a request goes, from its URL.
struct Destination {
  bool tls = false;
  std::string host;  // without the brackets of an IPv6 literal
  std::uint16_t port = 0;
  std::string host_header;
  std::string target;    // path and query
  std::string pool_key;  // scheme://host:port: what an idle connection is reused for
};

bool is_loopback_host(const std::string& host) {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  return host == "localhost" || (!ec && address.is_loopback());
}

bool is_public(const asio::ip::address& address) {
  // Every range off the public internet. An IPv4 range also covers the IPv4-mapped IPv6 form.
  static const std::vector<Cidr> kNotPublic = *parse_cidr_list(
      "0.0.0.0/8,"       // "this network"
      "10.0.0.0/8,"      // private
      "100.64.0.0/10,"   // carrier-grade NAT (Alibaba's metadata service is 100.100.100.200)
      "127.0.0.0/8,"     // loopback
      "169.254.0.0/16,"  // link-local, with the cloud metadata service 169.254.169.254
      "172.16.0.0/12,"   // private
      "192.0.0.0/24,"    // IETF protocol assignments
      "192.168.0.0/16,"  // private
      "198.18.0.0/15,"   // benchmarking
      "224.0.0.0/4,"     // multicast
      "240.0.0.0/4,"     // reserved, and the broadcast address
      "::/96,"           // unspecified, loopback and the old IPv4-compatible form
      "fc00::/7,"        // unique local addresses (AWS's metadata service is fd00:ec2::254)
      "fe80::/10,"       // link-local
      "fec0::/10,"       // site-local
      "ff00::/8");       // multicast
  if (address.is_v4()) return !in_ranges(address.to_string(), kNotPublic);
  auto bytes = address.to_v6().to_bytes();
  // 64:ff9b::/96 (NAT64) carries an IPv4 address: that one decides.
  static constexpr std::uint8_t kNat64[12] = {0, 0x64, 0xff, 0x9b};
  if (std::equal(std::begin(kNat64), std::end(kNat64), bytes.begin())) {
    return is_public(asio::ip::address_v4({bytes[12], bytes[13], bytes[14], bytes[15]}));
  }
  // Without a scope id (fe80::1%eth0), which the range check would not take for an address.
  return !in_ranges(asio::ip::address_v6(bytes).to_string(), kNotPublic);
}

bool idempotent(const std::string& method) {
  return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" ||
         method == "OPTIONS";
}

// One connection: the TCP stream and, for https, the TLS stream over it.
struct Connection {
  explicit Connection(const asio::any_io_executor& executor) : tcp(executor) {}
  beast::tcp_stream tcp;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream&>> tls;  // declared after `tcp`: uses it
  SteadyClock::time_point idle_since;

  // Still open and silent. A server that closed it, or sent anything unasked (a late byte, a
  // TLS alert), makes it unusable for the next request.
  bool still_usable() {
    char byte = 0;
    // Under the pool's lock, but it never blocks (MSG_DONTWAIT).
    // NOLINTNEXTLINE(clang-analyzer-unix.BlockInCriticalSection)
    auto n = ::recv(tcp.socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
};

// What one request on one connection gave.
struct Exchange {
  Result<ClientResponse> result = Error::make(ErrorCode::kUnavailable, "");
  bool reusable = false;          // the response was read whole and the server keeps it open
  bool nothing_received = false;  // failed before a byte of the answer: safe to send again
  bool body_failed = false;       // the request's body source failed, not the far end
};

bool cancelled(const asio::cancellation_state& state) {
  return state.cancelled() != asio::cancellation_type::none;
}

// Why a connect or a handshake failed, as the error says it.
const char* failure(const asio::cancellation_state& state, const boost::system::error_code& ec,
                    const char* otherwise) {
  if (cancelled(state)) return "cancelled";
  return ec == beast::error::timeout ? "timed out" : otherwise;
}

// The target may carry the key (a provider that takes it in the query).
void wipe_target(const bhttp::request_header<>& head) {
  auto target = head.target();
  sodium_memzero(const_cast<char*>(target.data()), target.size());
}

Error write_failed(const boost::system::error_code& ec) {
  return Error::make(ErrorCode::kUnavailable,
                     ec == beast::error::timeout ? "timed out" : "write failed");
}

// Writes `head` with the whole body of `request`, sent from the caller's string, not copied (a
// retry sends it again). An error's detail says why, for unreachable().
template <typename Stream>
asio::awaitable<Result<bool>> write_whole(Stream& stream, bhttp::request_header<> head,
                                          const ClientRequest& request, bhttp::verb verb) {
  bhttp::request<bhttp::span_body<const char>> message(std::move(head));
  if (!request.body.empty() || verb == bhttp::verb::post || verb == bhttp::verb::put ||
      verb == bhttp::verb::patch) {
    message.body() = boost::span<const char>(request.body.data(), request.body.size());
    message.content_length(request.body.size());
  }
  auto [ec, written] = co_await bhttp::async_write(stream, message, kTuple);
  (void)written;
  wipe_target(message.base());
  if (ec) co_return write_failed(ec);
  co_return true;
}

// Writes `head`, then the body as `source` gives it: with its Content-Length when it knows it,
// else chunked. A failure of the source is its own error (never kUnavailable).
template <typename Stream>
asio::awaitable<Result<bool>> write_streamed(Stream& stream, bhttp::request_header<> head,
                                             BodySource& source) {
  auto length = source.length();
  bhttp::request<bhttp::empty_body> message(std::move(head));
  if (length) {
    message.content_length(*length);
  } else {
    message.chunked(true);
  }
  bhttp::request_serializer<bhttp::empty_body> serializer(message);
  auto [head_ec, head_n] = co_await bhttp::async_write_header(stream, serializer, kTuple);
  (void)head_n;
  wipe_target(message.base());
  if (head_ec) co_return write_failed(head_ec);
  static constexpr std::string_view kCrlf = "\r\n";
  static constexpr std::string_view kLastChunk = "0\r\n\r\n";
  std::uint64_t sent = 0;
  while (true) {
    auto piece = co_await source.next();
    if (!piece) co_return std::move(piece).error();
    if (piece->empty()) break;
    sent += piece->size();
    boost::system::error_code ec;
    if (length) {
      auto [write_ec, n] = co_await asio::async_write(stream, asio::buffer(*piece), kTuple);
      (void)n;
      ec = write_ec;
    } else {
      std::array<char, 2 * sizeof(std::size_t) + 2> size_line{};
      auto [end, to_ec] = std::to_chars(size_line.data(), size_line.data() + size_line.size() - 2,
                                        piece->size(), 16);
      (void)to_ec;
      *end++ = '\r';
      *end++ = '\n';
      std::array<asio::const_buffer, 3> framed = {
          asio::buffer(size_line.data(), static_cast<std::size_t>(end - size_line.data())),
          asio::buffer(piece->data(), piece->size()), asio::buffer(kCrlf.data(), kCrlf.size())};
      auto [write_ec, n] = co_await asio::async_write(stream, framed, kTuple);
      (void)n;
      ec = write_ec;
    }
    if (ec) co_return write_failed(ec);
  }
  if (length && sent != *length) {
    co_return Error::make(ErrorCode::kBadRequest, "The request body did not match its length.");
  }
  if (!length) {
    auto [ec, n] = co_await asio::async_write(
        stream, asio::buffer(kLastChunk.data(), kLastChunk.size()), kTuple);
    (void)n;
    if (ec) co_return write_failed(ec);
  }
  co_return true;
}

}  // namespace

bool is_public_address(std::string_view address) {
  boost::system::error_code ec;
  auto parsed = asio::ip::make_address(std::string(address), ec);
  return !ec && is_public(parsed);
}

struct Client::Impl {
  Impl(asio::any_io_executor executor_, ClientOptions options_)
      : executor(std::move(executor_)),
        options(std::move(options_)),
        tls_context(asio::ssl::context::tls_client) {
    tls_context.set_default_verify_paths();
    if (!options.extra_ca_file.empty()) {
      boost::system::error_code ec;
      tls_context.load_verify_file(options.extra_ca_file, ec);
      extra_ca_failed = static_cast<bool>(ec);
    }
    tls_context.set_verify_mode(asio::ssl::verify_peer);
  }

  Error unreachable(const std::string& host, const std::string& why) const {
    return Error::make(ErrorCode::kUnavailable,
                       options.peer_name + " could not be reached (" + why + ").",
                       options.log_tag + " " + host + ": " + why);
  }

  bool allowed(const asio::ip::address& address) const {
    if (!options.public_addresses_only) return true;
    if (options.allow_loopback && address.is_loopback()) return true;
    if (!options.allowed_networks.empty() &&
        in_ranges(address.to_string(), options.allowed_networks)) {
      return true;
    }
    return is_public(address);
  }

  Result<Destination> destination_of(const std::string& url) const;
  // The attempts of one call: on a pooled connection or a new one, `run(connection, destination,
  // deadline)` makes the exchange (an awaitable<Exchange>); it runs once more on a fresh
  // connection when a reused one turned out closed before any answer.
  template <typename Run>
  asio::awaitable<Result<ClientResponse>> call(ClientRequest& request, Run run);
  asio::awaitable<Result<ClientResponse>> send(ClientRequest& request);
  asio::awaitable<Result<std::vector<tcp::endpoint>>> resolve(const Destination& destination,
                                                              SteadyClock::time_point deadline);
  asio::awaitable<Result<std::unique_ptr<Connection>>> open(const Destination& destination,
                                                            SteadyClock::time_point deadline);
  template <typename Stream>
  asio::awaitable<Exchange> exchange(Stream& stream, beast::tcp_stream& lower,
                                     const ClientRequest& request, const Destination& destination,
                                     SteadyClock::time_point deadline);
  asio::awaitable<Result<ClientResponse>> stream(ClientRequest& request, ResponseSink& sink);
  template <typename Stream>
  asio::awaitable<Exchange> stream_exchange(Stream& stream, beast::tcp_stream& lower,
                                            const ClientRequest& request,
                                            const Destination& destination,
                                            SteadyClock::time_point deadline, ResponseSink& sink);
  std::unique_ptr<Connection> take(const std::string& key);
  void give_back(const std::string& key, std::unique_ptr<Connection> connection);

  asio::any_io_executor executor;
  ClientOptions options;
  asio::ssl::context tls_context;
  bool extra_ca_failed = false;
  std::atomic<std::size_t> opened{0};
  mutable std::mutex mutex;
  // Idle connections by pool key, oldest first; idle_count is their total. Under `mutex`.
  std::map<std::string, std::deque<std::unique_ptr<Connection>>> idle;
  std::size_t idle_count = 0;
};

Result<Destination> Client::Impl::destination_of(const std::string& url) const {
  auto parsed = boost::urls::parse_absolute_uri(url);
  std::string noun = options.peer_name;
  if (!noun.empty()) noun[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(noun[0])));
  if (!parsed) return unreachable("?", noun + " URL is not valid");
  Destination destination;
  std::string scheme(parsed->scheme());
  destination.host = std::string(parsed->host_address());
  destination.tls = scheme == "https";
  if (!destination.tls && !(scheme == "http" && is_loopback_host(destination.host))) {
    return unreachable(destination.host, "only https URLs are allowed");
  }
  std::uint16_t default_port = destination.tls ? 443 : 80;
  destination.port = default_port;
  if (parsed->has_port()) {
    auto digits = parsed->port();
    auto [end, ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), destination.port);
    if (ec != std::errc() || end != digits.data() + digits.size() || destination.port == 0) {
      return unreachable(destination.host, noun + " URL is not valid");
    }
  }
  destination.host_header = std::string(parsed->encoded_host_and_port());
  if (destination.port == default_port)
    destination.host_header = std::string(parsed->encoded_host());
  // (Built in one expression: assigning "/" afterwards trips a false -Wrestrict in GCC 12.)
  destination.target = parsed->encoded_resource().empty() ? std::string(1, '/')
                                                          : std::string(parsed->encoded_resource());
  destination.pool_key =
      scheme + "://" + destination.host_header + ":" + std::to_string(destination.port);
  return destination;
}

Client::Client(asio::any_io_executor executor, ClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(executor), std::move(options))) {}

Client::~Client() = default;

std::size_t Client::connections_opened() const {
  return impl_->opened.load(std::memory_order_relaxed);
}

std::size_t Client::idle_connections() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->idle_count;
}

asio::awaitable<Result<ClientResponse>> Client::send(ClientRequest request) {
  bool aborted = false;
  std::optional<Result<ClientResponse>> result;
  try {
    result = co_await impl_->send(request);
  } catch (const boost::system::system_error& e) {
    // A co_await after a cancellation throws; the sockets are already closed by then.
    if (e.code() != asio::error::operation_aborted) throw;
    aborted = true;
  }
  for (auto& [name, value] : request.headers) sodium_memzero(value.data(), value.size());
  sodium_memzero(request.body.data(), request.body.size());
  if (aborted) co_return impl_->unreachable("?", "cancelled");
  co_return std::move(*result);
}

template <typename Run>
asio::awaitable<Result<ClientResponse>> Client::Impl::call(ClientRequest& request, Run run) {
  auto destination = destination_of(request.url);
  if (!destination) co_return std::move(destination).error();
  auto start = SteadyClock::now();
  auto deadline = start + request.timeout;
  auto connect_deadline = request.connect_timeout.count() > 0
                              ? std::min(deadline, start + request.connect_timeout)
                              : deadline;
  Exchange outcome;
  for (bool first_attempt = true;; first_attempt = false) {
    auto connection = take(destination->pool_key);
    bool reused = connection != nullptr;
    if (!connection) {
      auto made = co_await open(*destination, connect_deadline);
      if (!made) {
        outcome.result = std::move(made).error();
        break;
      }
      connection = std::move(made).value();
    }
    outcome = co_await run(*connection, *destination, deadline);
    auto state = co_await asio::this_coro::cancellation_state;
    if (cancelled(state)) {
      outcome.result = unreachable(destination->host, "cancelled");
      break;
    }
    // A server may close an idle connection just as it is reused; nothing was done with the
    // request then, so an idempotent one is sent once more on a fresh connection (a streamed
    // body only from its first byte).
    if (!outcome.result && reused && outcome.nothing_received && !outcome.body_failed &&
        first_attempt && idempotent(request.method) &&
        (request.body_source == nullptr || request.body_source->rewind())) {
      continue;
    }
    if (outcome.reusable) give_back(destination->pool_key, std::move(connection));
    break;
  }
  // The target may carry the key (a provider that takes it in the query).
  sodium_memzero(destination->target.data(), destination->target.size());
  co_return std::move(outcome.result);
}

asio::awaitable<Result<ClientResponse>> Client::Impl::send(ClientRequest& request) {
  co_return co_await call(
      request,
      [this, &request](Connection& connection, const Destination& destination,
                       SteadyClock::time_point deadline) -> asio::awaitable<Exchange> {
        auto exchange_deadline = request.read_timeout.count() > 0
                                     ? std::min(deadline, SteadyClock::now() + request.read_timeout)
                                     : deadline;
        if (connection.tls) {
          co_return co_await exchange(*connection.tls, connection.tcp, request, destination,
                                      exchange_deadline);
        }
        co_return co_await exchange(connection.tcp, connection.tcp, request, destination,
                                    exchange_deadline);
      });
}

asio::awaitable<Result<std::vector<tcp::endpoint>>> Client::Impl::resolve(
    const Destination& destination, SteadyClock::time_point deadline) {
  // The system resolver cannot be interrupted, so the lookup runs on its own and this call waits
  // on a timer that its answer cancels: the deadline and a cancellation end the wait at once.
  struct Lookup {
    explicit Lookup(const asio::any_io_executor& executor) : resolver(executor), done(executor) {}
    tcp::resolver resolver;
    asio::steady_timer done;
    bool answered = false;
    boost::system::error_code ec;
    std::vector<tcp::endpoint> endpoints;
  };
  auto lookup = std::make_shared<Lookup>(executor);
  lookup->done.expires_at(deadline);
  lookup->resolver.async_resolve(
      destination.host, std::to_string(destination.port),
      [lookup](const boost::system::error_code& ec, const tcp::resolver::results_type& results) {
        lookup->answered = true;
        lookup->ec = ec;
        for (const auto& entry : results) lookup->endpoints.push_back(entry.endpoint());
        lookup->done.cancel();
      });
  co_await lookup->done.async_wait(kTuple);
  if (!lookup->answered) {
    lookup->resolver.cancel();
    auto state = co_await asio::this_coro::cancellation_state;
    co_return unreachable(destination.host, cancelled(state) ? "cancelled" : "timed out");
  }
  if (lookup->ec || lookup->endpoints.empty()) {
    co_return unreachable(destination.host, "name not found");
  }
  co_return std::move(lookup->endpoints);
}

asio::awaitable<Result<std::unique_ptr<Connection>>> Client::Impl::open(
    const Destination& destination, SteadyClock::time_point deadline) {
  boost::system::error_code literal_ec;
  auto literal = asio::ip::make_address(destination.host, literal_ec);
  std::vector<tcp::endpoint> endpoints;
  if (!literal_ec) {
    endpoints.emplace_back(literal, destination.port);
  } else {
    auto resolved = co_await resolve(destination, deadline);
    if (!resolved) co_return std::move(resolved).error();
    endpoints = std::move(resolved).value();
  }
  // Checked on the addresses that are dialled, not on the name: a name that resolves to an
  // internal address is refused even when it looked public when the URL was saved.
  std::erase_if(endpoints, [this](const tcp::endpoint& e) { return !allowed(e.address()); });
  if (endpoints.empty()) co_return unreachable(destination.host, "the address is not allowed");

  auto connection = std::make_unique<Connection>(executor);
  connection->tcp.expires_at(deadline);
  auto [connect_ec, endpoint] = co_await connection->tcp.async_connect(endpoints, kTuple);
  (void)endpoint;
  if (connect_ec) {
    auto state = co_await asio::this_coro::cancellation_state;
    co_return unreachable(destination.host, failure(state, connect_ec, "connection refused"));
  }
  opened.fetch_add(1, std::memory_order_relaxed);
  boost::system::error_code nodelay_ec;  // a request is one write; no reason to wait for ACKs
  connection->tcp.socket().set_option(tcp::no_delay(true), nodelay_ec);
  if (!destination.tls) co_return connection;

  if (extra_ca_failed) co_return unreachable(destination.host, "TLS setup failed");
  connection->tls =
      std::make_unique<beast::ssl_stream<beast::tcp_stream&>>(connection->tcp, tls_context);
  // SNI carries names only (RFC 6066): an address is checked against the certificate alone.
  if (literal_ec &&
      !SSL_set_tlsext_host_name(connection->tls->native_handle(), destination.host.c_str())) {
    co_return unreachable(destination.host, "TLS setup failed");
  }
  connection->tls->set_verify_callback(asio::ssl::host_name_verification(destination.host));
  auto [handshake_ec] =
      co_await connection->tls->async_handshake(asio::ssl::stream_base::client, kTuple);
  if (handshake_ec) {
    auto state = co_await asio::this_coro::cancellation_state;
    co_return unreachable(destination.host, failure(state, handshake_ec,
                                                    "TLS handshake or certificate check failed"));
  }
  co_return connection;
}

template <typename Stream>
asio::awaitable<Exchange> Client::Impl::exchange(Stream& stream, beast::tcp_stream& lower,
                                                 const ClientRequest& request,
                                                 const Destination& destination,
                                                 SteadyClock::time_point deadline) {
  Exchange outcome;
  auto verb = bhttp::string_to_verb(request.method);
  bhttp::request<bhttp::string_body> message(verb, destination.target, kHttp11);
  message.set(bhttp::field::host, destination.host_header);
  message.set(bhttp::field::user_agent, "keyward-" + options.log_tag);
  for (const auto& [name, value] : request.headers) message.set(name, value);
  if (!request.body.empty() || verb == bhttp::verb::post || verb == bhttp::verb::put ||
      verb == bhttp::verb::patch) {
    message.body() = request.body;
    message.content_length(request.body.size());
  }
  lower.expires_at(deadline);
  auto [write_ec, written] = co_await bhttp::async_write(stream, message, kTuple);
  (void)written;
  sodium_memzero(message.body().data(), message.body().size());
  if (write_ec) {
    outcome.nothing_received = true;
    outcome.result = unreachable(destination.host,
                                 write_ec == beast::error::timeout ? "timed out" : "write failed");
    co_return outcome;
  }
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.header_limit(options.limits.max_response_header_bytes);
  parser.body_limit(options.limits.max_response_body_bytes);
  if (verb == bhttp::verb::head) parser.skip(true);
  auto [read_ec, read] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
  (void)read;
  if (read_ec && read_ec != bhttp::error::body_limit) {
    outcome.nothing_received = !parser.got_some();
    outcome.result =
        unreachable(destination.host, read_ec == beast::error::timeout ? "timed out" : "no answer");
    co_return outcome;
  }
  auto& answer = parser.get();
  ClientResponse response;
  response.status = static_cast<int>(answer.result_int());
  for (const auto& field : answer) {
    response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  if (!read_ec) response.body = std::move(answer.body());
  outcome.reusable = !read_ec && parser.is_done() && answer.keep_alive() && buffer.size() == 0;
  outcome.result = std::move(response);
  co_return outcome;
}

asio::awaitable<Result<ClientResponse>> Client::stream(ClientRequest& request, ResponseSink sink) {
  bool aborted = false;
  std::optional<Result<ClientResponse>> result;
  try {
    result = co_await impl_->stream(request, sink);
  } catch (const boost::system::system_error& e) {
    // A co_await after a cancellation throws; the sockets are already closed by then.
    if (e.code() != asio::error::operation_aborted) throw;
    aborted = true;
  }
  // The key may be in a header or, for a provider that takes it so, in the query.
  for (auto& [name, value] : request.headers) sodium_memzero(value.data(), value.size());
  sodium_memzero(request.url.data(), request.url.size());
  if (aborted) co_return impl_->unreachable("?", "cancelled");
  co_return std::move(*result);
}

asio::awaitable<Result<ClientResponse>> Client::Impl::stream(ClientRequest& request,
                                                             ResponseSink& sink) {
  co_return co_await call(
      request,
      [this, &request, &sink](Connection& connection, const Destination& destination,
                              SteadyClock::time_point deadline) -> asio::awaitable<Exchange> {
        if (connection.tls) {
          co_return co_await stream_exchange(*connection.tls, connection.tcp, request, destination,
                                             deadline, sink);
        }
        co_return co_await stream_exchange(connection.tcp, connection.tcp, request, destination,
                                           deadline, sink);
      });
}

template <typename Stream>
asio::awaitable<Exchange> Client::Impl::stream_exchange(Stream& stream, beast::tcp_stream& lower,
                                                        const ClientRequest& request,
                                                        const Destination& destination,
                                                        SteadyClock::time_point deadline,
                                                        ResponseSink& sink) {
  Exchange outcome;
  auto verb = bhttp::string_to_verb(request.method);
  bhttp::request_header<> request_head;
  request_head.version(kHttp11);
  if (verb == bhttp::verb::unknown) {
    request_head.method_string(request.method);
  } else {
    request_head.method(verb);
  }
  request_head.target(destination.target);
  request_head.set(bhttp::field::host, destination.host_header);
  request_head.set(bhttp::field::user_agent, "keyward-" + options.log_tag);
  for (const auto& [name, value] : request.headers) {
    // Repeated names are kept (several anthropic-beta lines); the user agent replaces ours.
    if (beast::iequals(name, "user-agent")) {
      request_head.set(bhttp::field::user_agent, value);
    } else {
      request_head.insert(name, value);
    }
  }
  lower.expires_at(deadline);
  Result<bool> sent = true;
  // (Two statements: GCC 12 mishandles co_await inside a conditional expression.)
  if (request.body_source != nullptr) {
    sent = co_await write_streamed(stream, std::move(request_head), *request.body_source);
  } else {
    sent = co_await write_whole(stream, std::move(request_head), request, verb);
  }
  if (!sent) {
    outcome.nothing_received = true;
    // The source's own failure (the client's body broke off, or was too large) is its error;
    // anything else is the far end's.
    outcome.body_failed = sent.error().code != ErrorCode::kUnavailable;
    outcome.result = outcome.body_failed ? std::move(sent).error()
                                         : unreachable(destination.host, sent.error().detail);
    co_return outcome;
  }
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::buffer_body> parser;
  parser.header_limit(options.limits.max_response_header_bytes);
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  if (verb == bhttp::verb::head) parser.skip(true);
  auto [head_ec, head_n] = co_await bhttp::async_read_header(stream, buffer, parser, kTuple);
  (void)head_n;
  if (head_ec) {
    outcome.nothing_received = !parser.got_some();
    outcome.result =
        unreachable(destination.host, head_ec == beast::error::timeout ? "timed out" : "no answer");
    co_return outcome;
  }
  ClientResponse head;
  head.status = static_cast<int>(parser.get().result_int());
  for (const auto& field : parser.get()) {
    head.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  outcome.result = head;
  // (Awaited in statements of their own: GCC 12 mishandles co_await inside a condition.)
  bool wanted = co_await sink.on_head(head);
  if (!wanted) co_return outcome;  // dropped: not reusable

  std::array<char, 16 * 1024> piece{};
  while (!parser.is_done()) {
    parser.get().body().data = piece.data();
    parser.get().body().size = piece.size();
    if (request.read_timeout.count() > 0) {
      lower.expires_after(request.read_timeout);
    } else {
      lower.expires_at(deadline);
    }
    auto [ec, n] = co_await bhttp::async_read_some(stream, buffer, parser, kTuple);
    (void)n;
    if (ec == bhttp::error::need_buffer) ec = {};
    std::size_t got = piece.size() - parser.get().body().size;
    if (got > 0) {
      bool more = co_await sink.on_body(std::string_view(piece.data(), got));
      if (!more) co_return outcome;
    }
    if (ec) {
      outcome.result =
          unreachable(destination.host, ec == beast::error::timeout ? "timed out mid-answer"
                                                                    : "the answer broke off");
      co_return outcome;
    }
  }
  outcome.reusable = parser.get().keep_alive() && buffer.size() == 0;
  co_return outcome;
}

std::unique_ptr<Connection> Client::Impl::take(const std::string& key) {
  std::vector<std::unique_ptr<Connection>> stale;  // closed after the lock is released
  std::unique_ptr<Connection> found;
  auto now = SteadyClock::now();
  std::lock_guard lock(mutex);
  auto it = idle.find(key);
  if (it == idle.end()) return nullptr;
  auto& list = it->second;
  while (!list.empty() && !found) {
    auto candidate = std::move(list.back());
    list.pop_back();
    --idle_count;
    if (now - candidate->idle_since < options.limits.idle_keep && candidate->still_usable()) {
      found = std::move(candidate);
    } else {
      stale.push_back(std::move(candidate));
    }
  }
  if (list.empty()) idle.erase(it);
  return found;
}

void Client::Impl::give_back(const std::string& key, std::unique_ptr<Connection> connection) {
  std::vector<std::unique_ptr<Connection>> dropped;  // closed after the lock is released
  auto now = SteadyClock::now();
  connection->idle_since = now;
  std::lock_guard lock(mutex);
  auto& list = idle[key];
  list.push_back(std::move(connection));
  ++idle_count;
  if (list.size() > options.limits.max_idle_per_host) {
    dropped.push_back(std::move(list.front()));
    list.pop_front();
    --idle_count;
  }
  // Beyond the total, the connection idle the longest goes first.
  while (idle_count > options.limits.max_idle_total) {
    auto oldest = idle.end();
    for (auto at = idle.begin(); at != idle.end(); ++at) {
      if (!at->second.empty() && (oldest == idle.end() || at->second.front()->idle_since <
                                                              oldest->second.front()->idle_since)) {
        oldest = at;
      }
    }
    dropped.push_back(std::move(oldest->second.front()));
    oldest->second.pop_front();
    --idle_count;
  }
  std::erase_if(idle, [](const auto& entry) { return entry.second.empty(); });
}

Result<ClientResponse> send_request(const ClientRequest& request, ClientOptions options) {
  asio::io_context context;
  Client client(context.get_executor(), std::move(options));
  std::optional<Result<ClientResponse>> result;
  asio::co_spawn(
      context, [&]() -> asio::awaitable<void> { result = co_await client.send(request); },
      [](const std::exception_ptr&) {});
  context.run();
  if (!result) {
    return Error::make(ErrorCode::kUnavailable, "The provider could not be reached (no answer).",
                       "verify: the exchange ended without a result");
  }
  return std::move(*result);
}

}  // namespace keyward::http
