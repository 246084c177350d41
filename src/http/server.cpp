#include "http/server.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include <sodium.h>
#include <sys/socket.h>

#include "http/body_source.h"
#include "http/body_stream.h"
#include "http/framing.h"
#include "http/responses.h"
#include "http/security_headers.h"
#include "log/log.h"

namespace keyward::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
constexpr auto kTuple = asio::as_tuple(use_awaitable);
constexpr unsigned kHttp11 = 11;  // Beast's version number for HTTP/1.1

namespace {

bool valid_request_id(std::string_view id, std::size_t max_chars) {
  if (id.empty() || id.size() > max_chars) return false;
  return std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.';
  });
}

// A fresh request id: 16 hex digits. Ids must be unique, not secret, so each thread counts up
// from a random start instead of asking the kernel for randomness on every request.
std::string new_request_id() {
  thread_local std::uint64_t next = [] {
    std::uint64_t start = 0;
    randombytes_buf(&start, sizeof start);
    return start;
  }();
  std::uint64_t id = next++;
  std::string hex(16, '0');
  static constexpr char kDigits[] = "0123456789abcdef";
  for (int i = 15; i >= 0; --i, id >>= 4) hex[static_cast<std::size_t>(i)] = kDigits[id & 0xf];
  return hex;
}

// A client's id is kept when it is short and plain, so it can be followed across services;
// otherwise (or when absent) a fresh one is made. It can never inject into a log line.
std::string request_id_for(const bhttp::request<bhttp::string_body>& message,
                           std::size_t max_chars) {
  auto incoming = message["x-request-id"];
  if (valid_request_id(incoming, max_chars)) return std::string(incoming);
  return new_request_id();
}

// The request's head as handlers see it; the body is set by the caller.
Request to_request(const bhttp::request_header<>& message, std::string remote,
                   std::string request_id) {
  Request request;
  request.method = parse_method(message.method_string());
  std::string_view target = message.target();
  auto question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
  request.headers.reserve(static_cast<std::size_t>(std::distance(message.begin(), message.end())));
  for (const auto& field : message) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    request.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  request.remote_address = std::move(remote);
  request.request_id = std::move(request_id);
  return request;
}

// The status line and the fields every answer carries: the handler's, and the request id.
void set_head(bhttp::response_header<>& head, const Response& response, unsigned version,
              const std::string& request_id) {
  head.version(version);
  head.result(static_cast<unsigned>(response.status));
  if (!response.content_type.empty()) head.set(bhttp::field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers) head.insert(name, value);
  head.set("X-Request-Id", request_id);
}

bhttp::response<bhttp::string_body> to_message(Response&& response, bool head, unsigned version,
                                               bool keep_alive, const std::string& request_id) {
  bhttp::response<bhttp::string_body> message;
  set_head(message, response, version, request_id);
  message.keep_alive(keep_alive);
  std::size_t length = response.body.size();
  message.body() = std::move(response.body);
  message.prepare_payload();
  if (head) {
    message.body().clear();
    message.content_length(length);
  }
  return message;
}

// The key a connection counts against in the per-address share: the IPv4 address (also when
// IPv4-mapped), or the /64 prefix of an IPv6 address, the block one subscriber usually holds.
std::string address_key(const asio::ip::address& address) {
  if (address.is_v4()) return address.to_v4().to_string();
  auto v6 = address.to_v6();
  if (v6.is_v4_mapped()) return asio::ip::make_address_v4(asio::ip::v4_mapped, v6).to_string();
  auto bytes = v6.to_bytes();
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  return asio::ip::address_v6(bytes).to_string() + "/64";
}

// The value of every `name` field of `message`, in order.
std::vector<std::string_view> values_of(const bhttp::request<bhttp::string_body>& message,
                                        bhttp::field name) {
  std::vector<std::string_view> values;
  auto [first, last] = message.equal_range(name);
  for (auto it = first; it != last; ++it) values.push_back(it->value());
  return values;
}

std::optional<std::string> framing_problem_of(const bhttp::request<bhttp::string_body>& message) {
  auto transfer_encodings = values_of(message, bhttp::field::transfer_encoding);
  auto content_lengths = values_of(message, bhttp::field::content_length);
  return framing_problem(transfer_encodings, content_lengths, message.version());
}

// Reads and parses a request's header (not its body), as bhttp::async_read_header would, but
// looks at the raw bytes before the parser does: the parser joins a folded line to the one
// before it, after which the fold cannot be seen. Unparsed bytes always begin at a line start.
// Sets `refused` for a folded line; otherwise returns the parser's or the socket's error.
awaitable<boost::system::error_code> read_header(beast::tcp_stream& stream,
                                                 beast::flat_buffer& buffer,
                                                 bhttp::request_parser<bhttp::string_body>& parser,
                                                 std::optional<std::string>& refused,
                                                 std::size_t read_chunk) {
  while (true) {
    if (buffer.size() > 0) {
      std::string_view unparsed(static_cast<const char*>(buffer.data().data()), buffer.size());
      auto header_end = header_block_end(unparsed).value_or(unparsed.size());
      if (has_folded_line(unparsed.substr(0, header_end))) {
        refused = "Header lines cannot be folded (start with a space or a tab).";
        co_return boost::system::error_code{};
      }
      boost::system::error_code ec;
      buffer.consume(parser.put(buffer.data(), ec));
      if (ec && ec != bhttp::error::need_more) co_return ec;
      if (parser.is_header_done()) co_return boost::system::error_code{};
    }
    auto [ec, n] = co_await stream.async_read_some(buffer.prepare(read_chunk), kTuple);
    if (ec == asio::error::eof) {
      co_return bhttp::make_error_code(parser.got_some() ? bhttp::error::partial_message
                                                         : bhttp::error::end_of_stream);
    }
    if (ec) co_return ec;
    buffer.commit(n);
  }
}

}  // namespace

// One client connection. Lives as long as its coroutine; the server keeps a set of them so a
// shutdown can close the idle ones.
struct Connection {
  explicit Connection(tcp::socket socket)
      : stream(std::move(socket)), events_timer(stream.get_executor()) {}
  beast::tcp_stream stream;
  std::string address_key;  // what it counts against, see address_key(); empty: not counted
  bool busy = false;  // a request has started arriving; only touched on the connection's thread
  bool streaming = false;           // serving an event stream; a shutdown ends it
  asio::steady_timer events_timer;  // an event stream waits on it; cancelled to wake it
};

// A request body the route reads as it arrives (RouteOptions::stream_body), through the parser
// that read its head. Lives on the connection's thread; serve() detaches it when the exchange is
// over, after which it reads nothing.
class ParserBodySource final : public BodySource {
 public:
  // Each piece must come within `idle_timeout`, and the whole body by `deadline`: a client that
  // trickles a byte now and then cannot hold the connection (and the provider's) for long.
  ParserBodySource(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                   bhttp::request_parser<bhttp::string_body>&& head,
                   std::chrono::milliseconds idle_timeout,
                   std::chrono::steady_clock::time_point deadline, std::size_t limit,
                   bool expect_continue)
      : stream_(&stream),
        buffer_(&buffer),
        parser_(std::move(head)),
        idle_timeout_(idle_timeout),
        deadline_(deadline),
        limit_(limit),
        expect_continue_(expect_continue),
        read_timer_(stream.get_executor()) {
    if (auto declared = parser_.content_length()) length_ = *declared;
    read_timer_.expires_at(asio::steady_timer::time_point::max());
  }

  std::optional<std::uint64_t> length() const override { return length_; }

  awaitable<Result<std::string_view>> next() override {
    if (failure_) co_return *failure_;
    if (stream_ == nullptr) {
      co_return Error::make(ErrorCode::kUnavailable, "The request has ended.");
    }
    if (parser_.is_done()) co_return std::string_view();
    if (expect_continue_) {
      // The client waits for this before it sends a large body (curl does past 1 MiB).
      expect_continue_ = false;
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      expire();
      auto [ec, n] = co_await asio::async_write(
          *stream_, asio::buffer(kContinue.data(), kContinue.size()), kTuple);
      (void)n;
      if (ec) co_return fail(ec);
    }
    if (piece_.empty()) piece_.resize(kPieceBytes);
    while (true) {
      parser_.get().body().data = piece_.data();
      parser_.get().body().size = piece_.size();
      expire();
      auto [ec, n] = co_await bhttp::async_read_some(*stream_, *buffer_, parser_, kTuple);
      (void)n;
      if (ec == bhttp::error::need_buffer) ec = {};
      if (ec) co_return fail(ec);
      std::size_t got = piece_.size() - parser_.get().body().size;
      if (parser_.is_done()) read_timer_.cancel();
      if (got > 0 || parser_.is_done()) {
        started_ = started_ || got > 0;
        co_return std::string_view(piece_.data(), got);
      }
    }
  }

  bool rewind() override { return !started_ && !failure_; }

  // The whole body was read: the connection may take the next request.
  bool finished() const { return parser_.is_done() && !failure_; }
  // Until the body was read whole: what the client sends after it is the client's. After a
  // failure the rest of the body is still coming, so this waits until it is cancelled.
  awaitable<void> wait_until_read() {
    if (finished()) co_return;
    auto [ec] = co_await read_timer_.async_wait(kTuple);
    (void)ec;
  }
  void detach() {
    stream_ = nullptr;
    buffer_ = nullptr;
  }

 private:
  static constexpr std::size_t kPieceBytes = std::size_t{16} * 1024;

  void expire() {
    stream_->expires_at(std::min(std::chrono::steady_clock::now() + idle_timeout_, deadline_));
  }

  Error fail(const boost::system::error_code& ec) {
    if (ec == bhttp::error::body_limit) {
      failure_ =
          Error::make(ErrorCode::kPayloadTooLarge,
                      "Request bodies must stay under " + std::to_string(limit_ / 1024) + " KiB.");
    } else if (ec.category() == bhttp::make_error_code(bhttp::error::body_limit).category() &&
               ec != bhttp::error::partial_message) {
      failure_ = Error::make(ErrorCode::kBadRequest, "The request body is not valid HTTP/1.1.");
    } else {
      failure_ = Error::make(ErrorCode::kBadRequest,
                             "The request body did not arrive whole: the client stopped sending.",
                             ec.message());
    }
    return *failure_;
  }

  beast::tcp_stream* stream_;
  beast::flat_buffer* buffer_;
  bhttp::request_parser<bhttp::buffer_body> parser_;
  std::chrono::milliseconds idle_timeout_;
  std::chrono::steady_clock::time_point deadline_;
  std::size_t limit_;
  bool expect_continue_;
  std::optional<std::uint64_t> length_;
  std::vector<char> piece_;
  bool started_ = false;
  std::optional<Error> failure_;
  asio::steady_timer read_timer_;  // cancelled once the body was read whole
};

// What reading a request's bytes gave: an error from the socket or the parser, or a refusal
// found before the parser could see it (a folded header line, ambiguous framing).
struct RequestRead {
  boost::system::error_code ec;
  std::optional<std::string> refused;
  std::size_t body_limit = 0;  // what the body was allowed, for the 413's message
  bool stream_body = false;    // the body is unread: the route reads it as it comes
};

// One request and its answer, as the metrics and the access log see it.
struct Exchange {
  explicit Exchange(int unmatched_index)
      : started(std::chrono::steady_clock::now()), route_index(unmatched_index) {}
  std::chrono::steady_clock::time_point started;
  std::chrono::steady_clock::duration elapsed{};  // until the response was ready
  int route_index;
  std::string route_label = "unmatched";
  std::string request_id;
  std::string method = "-";
  bool head = false;
  unsigned version = kHttp11;
  bool keep_alive = true;
  bool linger = false;  // refused mid-request: unread bytes, or a client still sending
};

// The head of a streamed response. Its body ends when the connection does, or with its last
// chunk; only a proxied answer keeps the connection for the next request (an application calls
// its provider many times).
bhttp::response<bhttp::empty_body> stream_head(const Response& response, const Exchange& exchange,
                                               bool chunked, bool keep_alive) {
  bhttp::response<bhttp::empty_body> head;
  set_head(head, response, exchange.version, exchange.request_id);
  if (response.events) head.set(bhttp::field::cache_control, "no-store");
  head.keep_alive(keep_alive);
  if (chunked) head.chunked(true);
  return head;
}

// How a streamed body ends: with its last chunk, or when the connection closes (an event
// stream, as browsers' EventSource reads it).
enum class BodyFraming : std::uint8_t { kChunked, kUntilClose };

// The writer a body producer gets: each chunk goes straight to the connection's socket.
// Lives on the connection's thread, like everything that touches the connection.
class SocketChunkWriter final : public ChunkWriter {
 public:
  SocketChunkWriter(beast::tcp_stream& stream, std::chrono::milliseconds write_timeout,
                    const std::atomic<bool>& draining, bool chunked)
      : stream_(stream), write_timeout_(write_timeout), draining_(draining), chunked_(chunked) {}

  awaitable<bool> write(std::string_view chunk) override {
    if (!usable() || (head_writer_ && status_ == 0)) co_return false;
    if (no_body_ || chunk.empty())
      co_return true;  // a HEAD request; an empty chunk would end
                       // a chunked body
    std::array<char, 2 * sizeof(std::size_t) + 2> size_line{};
    auto [end, ec] =
        std::to_chars(size_line.data(), size_line.data() + size_line.size() - 2, chunk.size(), 16);
    (void)ec;
    *end++ = '\r';
    *end++ = '\n';
    static constexpr std::string_view kCrlf = "\r\n";
    std::array<asio::const_buffer, 4> framed = {
        asio::buffer(pending_head_),
        asio::buffer(size_line.data(), static_cast<std::size_t>(end - size_line.data())),
        asio::buffer(chunk.data(), chunk.size()), asio::buffer(kCrlf.data(), kCrlf.size())};
    if (!chunked_) framed = {asio::buffer(pending_head_), asio::buffer(chunk.data(), chunk.size())};
    if (length_ && chunk.size() > *length_ - written_) {
      failed_ = true;  // more than the head announced: the client would misread the rest
      co_return false;
    }
    written_ += chunk.size();
    stream_.expires_after(write_timeout_);
    auto [write_ec, n] = co_await asio::async_write(stream_, framed, kTuple);
    (void)n;
    pending_head_.clear();
    if (write_ec) failed_ = true;
    co_return usable();
  }

  bool client_gone() const override { return gone_; }

  // Serializes the head a proxied response's producer decides; set only for those. The head
  // is sent with the first chunk (or the end): one write, one packet, for a small answer.
  using HeadWriter = std::function<std::string(
      int status, std::vector<std::pair<std::string, std::string>> headers,
      std::optional<std::uint64_t> content_length)>;
  void defer_head(HeadWriter head_writer) { head_writer_ = std::move(head_writer); }

  awaitable<bool> start(int status, std::vector<std::pair<std::string, std::string>> headers,
                        std::optional<std::uint64_t> content_length) override {
    if (!head_writer_ || status_ != 0 || !usable()) co_return false;
    status_ = status;
    if (content_length) {
      chunked_ = false;
      length_ = content_length;
    }
    pending_head_ = head_writer_(status, std::move(headers), content_length);
    co_return usable();
  }

  // Sends a head start() kept, followed by `tail` (the last chunk, or nothing).
  awaitable<bool> flush(std::string_view tail) {
    if (pending_head_.empty() && tail.empty()) co_return usable();
    std::array<asio::const_buffer, 2> pieces = {asio::buffer(pending_head_),
                                                asio::buffer(tail.data(), tail.size())};
    stream_.expires_after(write_timeout_);
    auto [write_ec, n] = co_await asio::async_write(stream_, pieces, kTuple);
    (void)n;
    pending_head_.clear();
    if (write_ec) failed_ = true;
    co_return usable();
  }
  // The status start() sent; 0 before.
  int status() const { return status_; }
  // Chunked framing: the body ends with a last chunk (not after a Content-Length from start()).
  bool chunked() const { return chunked_; }
  // The body announced by a Content-Length was written whole (or none was announced).
  bool complete() const { return !length_ || no_body_ || written_ == *length_; }

  // The body may be ended properly: nothing failed and the client is still there.
  bool usable() const { return !gone_ && !failed_ && !draining_; }
  void mark_gone() { gone_ = true; }
  void skip_body() { no_body_ = true; }
  void mark_failed() { failed_ = true; }

 private:
  beast::tcp_stream& stream_;
  std::chrono::milliseconds write_timeout_;
  const std::atomic<bool>& draining_;
  bool chunked_;
  bool gone_ = false;
  bool failed_ = false;
  HeadWriter head_writer_;
  std::string pending_head_;  // serialized by start(), not yet sent
  int status_ = 0;
  bool no_body_ = false;
  std::optional<std::uint64_t> length_;  // from start(): the body's exact length
  std::uint64_t written_ = 0;
};

struct Server::Impl {
  Impl(ServerOptions opts, Router r, std::shared_ptr<Metrics> m)
      : options(std::move(opts)),
        router(std::move(r)),
        metrics(std::move(m)),
        ioc(1),
        acceptor(ioc),
        blocking(static_cast<std::size_t>(std::max(1, options.blocking_threads))),
        cpu(static_cast<std::size_t>(std::max(1, options.cpu_threads))),
        signals(ioc) {
    int count = options.io_threads > 0 ? options.io_threads
                                       : static_cast<int>(std::thread::hardware_concurrency());
    for (int i = 1; i < std::max(1, count); ++i) {
      workers.push_back(std::make_unique<asio::io_context>(1));
    }
  }

  awaitable<void> accept_loop();
  awaitable<void> serve(std::shared_ptr<Connection> connection);
  // Counts a refused connection and answers it with 503 on its own loop.
  void reject(tcp::socket socket, std::string detail);
  awaitable<void> refuse(tcp::socket socket, std::string detail);
  // Counts a new connection against its address's share and the cap; false when it must be
  // refused. Thread-safe.
  bool admit(const std::string& address_key);
  awaitable<Response> dispatch(Request& request, int& route_index, std::string& route_label);

  // The steps of serving one connection, in the order serve() takes them.
  awaitable<bool> wait_for_request(Connection& connection, beast::flat_buffer& buffer, bool first);
  awaitable<RequestRead> read_request(Connection& connection, beast::flat_buffer& buffer,
                                      bhttp::request_parser<bhttp::string_body>& parser);
  // Sets `streamed` for a route that reads the body as it comes.
  awaitable<std::optional<Response>> respond(Connection& connection, beast::flat_buffer& buffer,
                                             const RequestRead& read,
                                             bhttp::request_parser<bhttp::string_body>& parser,
                                             const std::string& remote, Exchange& exchange,
                                             std::shared_ptr<ParserBodySource>& streamed);
  awaitable<bool> write_response(Connection& connection, Response response,
                                 const Exchange& exchange, const std::string& remote);
  void log_exchange(const Exchange& exchange, int status, const std::string& remote,
                    const std::string& failure);
  awaitable<void> close(std::shared_ptr<Connection> connection, bool linger);

  // Streamed responses: the head, then the event stream or the body producer until it ends.
  awaitable<bool> write_stream_head(Connection& connection, const Response& response,
                                    const Exchange& exchange, bool chunked);
  awaitable<void> stream_events(std::shared_ptr<Connection> connection, Response response,
                                const Exchange& exchange);
  // True when the connection may take another request: a proxied body that ended whole.
  // `request_body`: the request's streamed body, if it has one; the client is watched for
  // leaving only once it was read.
  awaitable<bool> stream_body(std::shared_ptr<Connection> connection, Response response,
                              const Exchange& exchange, BodyFraming framing,
                              ParserBodySource* request_body = nullptr);
  awaitable<void> drain();
  void begin_shutdown();

  ServerOptions options;
  Router router;
  std::shared_ptr<Metrics> metrics;
  // The largest body any route takes (Limits::max_body_bytes, or a route's own).
  std::size_t largest_body_limit = 0;
  // One event loop per I/O thread, each serving its own share of the connections: no strands,
  // no lock shared by every socket operation (one io_context run by all threads spent more time
  // handing work between threads than serving it). `ioc` also holds the acceptor, the signals
  // and the shutdown; `workers` are the other threads' loops.
  asio::io_context ioc;
  std::vector<std::unique_ptr<asio::io_context>> workers;
  std::size_t next_loop = 0;  // round robin of new connections; touched by the acceptor only
  tcp::acceptor acceptor;
  asio::thread_pool blocking;
  asio::thread_pool cpu;
  asio::signal_set signals;
  std::atomic<bool> draining{false};
  std::atomic<bool> shutdown_started{false};
  std::mutex connections_mutex;
  std::unordered_set<std::shared_ptr<Connection>> connections;
  std::unordered_map<std::string, int> connections_per_address;  // under connections_mutex
};

Server::Server(ServerOptions options, Router router, std::shared_ptr<Metrics> metrics)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router), std::move(metrics))) {
  std::vector<Metrics::RouteLabel> labels;
  impl_->largest_body_limit = impl_->options.limits.max_body_bytes;
  for (const auto& route : impl_->router.routes()) {
    labels.push_back({std::string(method_name(route.method)), route.pattern});
    impl_->largest_body_limit = std::max(impl_->largest_body_limit, route.options.max_body_bytes);
  }
  impl_->metrics->set_routes(std::move(labels));
}

Server::~Server() { impl_->blocking.join(); }

Result<std::uint16_t> Server::listen() {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec) {
    return Error::make(ErrorCode::kInternal, "",
                       "listen address '" + impl_->options.host + "' is not an IP address");
  }
  tcp::endpoint endpoint(address, impl_->options.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Error::make(ErrorCode::kInternal, "",
                       "cannot listen on " + impl_->options.host + ":" +
                           std::to_string(impl_->options.port) + ": " + ec.message());
  }
  return acceptor.local_endpoint().port();
}

void Server::catch_signals() {
  Impl& impl = *impl_;
  impl.signals.add(SIGINT);
  impl.signals.add(SIGTERM);
  impl.signals.async_wait([&impl](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    log::info("shutdown", {{"signal", signal == SIGINT ? "SIGINT" : "SIGTERM"}});
    impl.begin_shutdown();
  });
}

void Server::run() {
  Impl& impl = *impl_;
  // The analyzer follows accept_loop into Asio and reports a null resume_context_ in
  // awaitable.hpp, which Asio sets before any resumption: a known false positive on coroutines.
  // NOLINTNEXTLINE(clang-analyzer-core.NullDereference)
  asio::co_spawn(impl.ioc, impl.accept_loop(), asio::detached);
  if (impl.draining) impl.begin_shutdown();  // stop() came before run()

  // The workers run until ioc's loop ends (the shutdown has drained every connection).
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  std::vector<std::thread> threads;
  for (auto& worker : impl.workers) {
    keep_running.push_back(asio::make_work_guard(*worker));
    threads.emplace_back([&loop = *worker] { loop.run(); });
  }
  impl.ioc.run();
  for (auto& guard : keep_running) guard.reset();
  for (auto& thread : threads) thread.join();
}

void Server::stop() {
  impl_->draining = true;
  asio::post(impl_->ioc, [impl = impl_.get()] { impl->begin_shutdown(); });
}

void Server::Impl::begin_shutdown() {
  draining = true;
  if (shutdown_started.exchange(true)) return;
  boost::system::error_code ignored;
  acceptor.close(ignored);
  // Idle connections close now; busy ones close after writing their response.
  {
    std::lock_guard lock(connections_mutex);
    for (const auto& connection : connections) {
      asio::post(connection->stream.get_executor(), [connection] {
        if (!connection->busy) connection->stream.cancel();
        if (connection->streaming) connection->events_timer.cancel();
      });
    }
  }
  // Outside the lock: co_spawn may start drain() inline, and drain() takes the lock.
  asio::co_spawn(ioc, drain(), asio::detached);
}

awaitable<void> Server::Impl::drain() {
  asio::steady_timer timer(ioc);
  auto deadline = std::chrono::steady_clock::now() + options.limits.shutdown_grace;
  bool forced = false;
  while (true) {
    {
      std::lock_guard lock(connections_mutex);
      if (connections.empty()) break;
      if (!forced && std::chrono::steady_clock::now() >= deadline) {
        forced = true;
        log::warn("shutdown_forced", {{"open_connections", static_cast<int>(connections.size())}});
        for (const auto& connection : connections) {
          asio::post(connection->stream.get_executor(), [connection] {
            boost::system::error_code ignored;
            connection->stream.socket().close(ignored);
          });
        }
      }
    }
    timer.expires_after(options.limits.drain_poll);
    co_await timer.async_wait(kTuple);
  }
  boost::system::error_code ignored;
  signals.cancel(ignored);  // nothing is left to run: io_context::run returns in every thread
}

awaitable<void> Server::Impl::accept_loop() {
  while (!draining) {
    std::size_t loop = next_loop++ % (workers.size() + 1);
    asio::io_context& context = loop == 0 ? ioc : *workers[loop - 1];
    auto [ec, socket] = co_await acceptor.async_accept(context, kTuple);
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) break;
      // Out of file descriptors or a similar transient failure: pause instead of spinning.
      log::warn("accept_failed", {{"error", ec.message()}});
      asio::steady_timer pause(ioc, options.limits.accept_retry_pause);
      co_await pause.async_wait(kTuple);
      continue;
    }
    if (metrics->open_connections() >= options.limits.max_connections) {
      reject(std::move(socket), "The server is at its connection limit; retry shortly.");
      continue;
    }
    boost::system::error_code peer_ec;
    auto peer = socket.remote_endpoint(peer_ec);
    if (peer_ec) continue;  // already gone
    std::string key = address_key(peer.address());
    bool shared = in_ranges(peer.address().to_string(), options.trusted_proxies);
    if (shared) key.clear();  // the empty key is never counted
    if (!shared && !admit(key)) {
      reject(std::move(socket), "Too many connections from your address; retry shortly.");
      continue;
    }
    // Answers go out as several writes (a streamed head, its chunks, the last chunk): without
    // this, Nagle's algorithm holds the last one for the client's delayed ACK (40 ms).
    boost::system::error_code nodelay_ec;
    socket.set_option(tcp::no_delay(true), nodelay_ec);
    auto connection = std::make_shared<Connection>(std::move(socket));
    connection->address_key = std::move(key);
    {
      std::lock_guard lock(connections_mutex);
      connections.insert(connection);
    }
    metrics->connection_opened();
    asio::co_spawn(connection->stream.get_executor(), serve(connection), asio::detached);
  }
}

bool Server::Impl::admit(const std::string& address_key) {
  std::lock_guard lock(connections_mutex);
  int& count = connections_per_address[address_key];
  if (count >= options.limits.per_address_cap()) return false;
  ++count;
  return true;
}

void Server::Impl::reject(tcp::socket socket, std::string detail) {
  metrics->connection_rejected();
  auto executor = socket.get_executor();
  asio::co_spawn(executor, refuse(std::move(socket), std::move(detail)), asio::detached);
}

awaitable<void> Server::Impl::refuse(tcp::socket socket, std::string detail) {
  beast::tcp_stream stream(std::move(socket));
  Response response = problem(Error::make(ErrorCode::kUnavailable, std::move(detail)));
  response.set_header("Retry-After", std::to_string(options.limits.refusal_retry_after_seconds));
  apply_security_headers(response);
  auto message = to_message(std::move(response), false, kHttp11, false, new_request_id());
  stream.expires_after(options.limits.refusal_write_timeout);
  co_await bhttp::async_write(stream, message, kTuple);
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

awaitable<Response> Server::Impl::dispatch(Request& request, int& route_index,
                                           std::string& route_label) {
  auto match = router.match(request.method, request.path);
  if (match.route == nullptr) {
    if (!match.allowed.empty()) co_return method_not_allowed(match.allowed);
    co_return problem(Error::make(ErrorCode::kNotFound, "No such resource."));
  }
  const Route& route = *match.route;
  route_index = route.id;
  route_label = route.pattern;
  request.path_params = std::move(match.params);
  // Exceptions are programmer errors: caught here, once, logged without the request's content.
  auto call = [&route, &request]() -> Response {
    try {
      return route.handler(request);
    } catch (const std::exception& e) {
      log::error(
          "handler_exception",
          {{"route", route.pattern}, {"request_id", request.request_id}, {"what", e.what()}});
    } catch (...) {
      log::error("handler_exception",
                 {{"route", route.pattern}, {"request_id", request.request_id}});
    }
    return problem(Error::make(ErrorCode::kInternal, "Something went wrong on our side."));
  };
  switch (route.options.executor) {
    case Executor::kIo:
      break;
    case Executor::kBlocking:
      co_return co_await asio::co_spawn(
          blocking, [&call]() -> awaitable<Response> { co_return call(); }, use_awaitable);
    case Executor::kCpu:
      co_return co_await asio::co_spawn(
          cpu, [&call]() -> awaitable<Response> { co_return call(); }, use_awaitable);
  }
  co_return call();
}

awaitable<bool> Server::Impl::write_stream_head(Connection& connection, const Response& response,
                                                const Exchange& exchange, bool chunked) {
  auto head = stream_head(response, exchange, chunked, false);
  bhttp::response_serializer<bhttp::empty_body> serializer(head);
  connection.stream.expires_after(options.limits.write_timeout);
  auto [ec, n] = co_await bhttp::async_write_header(connection.stream, serializer, kTuple);
  (void)n;
  co_return !ec;
}

awaitable<void> Server::Impl::stream_events(std::shared_ptr<Connection> connection,
                                            Response response, const Exchange& exchange) {
  std::shared_ptr<EventSource> events = std::move(response.events);
  response.content_type = "text/event-stream";
  // The event stream is a body producer: frames as the hub wakes it, a heartbeat when nothing
  // came for a while. The body ends when the connection does (no chunked framing), and a
  // client that leaves or sends anything ends it at once and frees its place (a user may hold
  // only a few).
  auto producer = [this, &connection, &events](ChunkWriter& writer) -> awaitable<void> {
    connection->streaming = true;
    connection->busy = false;  // the head is out: a shutdown may end the stream at once
    std::weak_ptr<Connection> weak = connection;
    events->attach([weak] {
      if (auto alive = weak.lock()) {
        asio::post(alive->stream.get_executor(), [alive] { alive->events_timer.cancel(); });
      }
    });
    std::string pending = events->take();
    while (!draining && !writer.client_gone()) {
      if (pending.empty()) {
        connection->events_timer.expires_after(options.limits.event_heartbeat);
        auto [wait_ec] = co_await connection->events_timer.async_wait(kTuple);
        if (draining || writer.client_gone() || events->finished()) break;
        pending = events->take();
        if (pending.empty() && !wait_ec) pending = ": heartbeat\n\n";
        if (pending.empty()) continue;
      }
      if (events->finished()) break;
      if (!co_await writer.write(pending)) break;
      pending = events->take();
      if (events->finished()) break;
    }
  };
  response.stream = std::make_shared<BodyStream>(BodyStream{producer});
  co_await stream_body(connection, std::move(response), exchange, BodyFraming::kUntilClose);
  events->detach();
  connection->streaming = false;
}

awaitable<bool> Server::Impl::stream_body(std::shared_ptr<Connection> connection, Response response,
                                          const Exchange& exchange, BodyFraming framing,
                                          ParserBodySource* request_body) {
  std::shared_ptr<BodyStream> body = std::move(response.stream);
  // HTTP/1.0 has no chunked encoding: its body ends when the connection closes.
  bool chunked = framing == BodyFraming::kChunked && exchange.version >= kHttp11;
  const bool deferred = body->head_from_producer;
  const bool keep_alive = deferred && chunked && exchange.keep_alive && !draining;
  if (!deferred) {
    if (!co_await write_stream_head(*connection, response, exchange, chunked)) co_return false;
    // The head says what a GET would get; no body follows. (An event stream keeps its old way:
    // it streams either way.)
    if (exchange.head && framing == BodyFraming::kChunked) co_return false;
  }

  SocketChunkWriter writer(connection->stream, options.limits.write_timeout, draining, chunked);
  if (deferred) {
    if (exchange.head) writer.skip_body();
    // Counted and logged when the head goes out: the time to the provider's first byte.
    writer.defer_head([this, &exchange, chunked, keep_alive](
                          int status, std::vector<std::pair<std::string, std::string>> headers,
                          std::optional<std::uint64_t> content_length) {
      Response answer;
      answer.status = status;
      answer.headers = std::move(headers);
      apply_security_headers(answer);
      metrics->observe(exchange.route_index, status,
                       std::chrono::steady_clock::now() - exchange.started);
      auto head = stream_head(answer, exchange, chunked && !content_length, keep_alive);
      if (content_length) head.content_length(*content_length);
      std::ostringstream text;
      text << head.base();
      return std::move(text).str();
    });
  }
  const std::string& request_id = exchange.request_id;
  const std::string& route = exchange.route_label;
  bool produced = false;  // the producer returned normally
  // The producer runs beside a read on the bare socket (no timeout applies to it). Whichever
  // ends first cancels the other: a client that leaves stops the producer at once; a producer
  // that is done stops the read.
  auto run_producer = [&]() -> awaitable<void> {
    try {
      co_await body->producer(writer);
      produced = true;
    } catch (const std::exception& e) {
      if (!writer.client_gone()) {
        log::error("stream_exception",
                   {{"route", route}, {"request_id", request_id}, {"what", e.what()}});
      }
    }
  };
  auto watch_client = [&]() -> awaitable<void> {
    // The request's own body comes first: the producer reads it.
    if (request_body != nullptr) co_await request_body->wait_until_read();
    auto& socket = connection->stream.socket();
    if (deferred) {
      // A proxied answer may keep the connection, and a client that has its whole answer (one
      // with a Content-Length) may send the next request before the producer returns: that
      // request is only looked at, never read, and the watch ends there. Only an end of stream
      // or an error says the client left.
      while (true) {
        auto [wait_ec] = co_await socket.async_wait(tcp::socket::wait_read, kTuple);
        if (wait_ec == asio::error::operation_aborted) co_return;
        char peeked = 0;
        ssize_t got = ::recv(socket.native_handle(), &peeked, 1, MSG_PEEK | MSG_DONTWAIT);
        if (got > 0) break;  // the next request
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
        writer.mark_gone();
        co_return;
      }
      asio::steady_timer until_cancelled(socket.get_executor(),
                                         asio::steady_timer::time_point::max());
      co_await until_cancelled.async_wait(kTuple);
      co_return;
    }
    std::vector<char> sink(options.limits.stream_watch_bytes);
    auto [ec, n] = co_await socket.async_read_some(asio::buffer(sink), kTuple);
    (void)n;
    if (ec != asio::error::operation_aborted) writer.mark_gone();
  };
  auto executor = co_await asio::this_coro::executor;
  co_await asio::experimental::make_parallel_group(
      asio::co_spawn(executor, run_producer(), asio::deferred),
      asio::co_spawn(executor, watch_client(), asio::deferred))
      .async_wait(asio::experimental::wait_for_one(), use_awaitable);
  if (deferred && writer.status() == 0) {
    // The producer never decided a head: a bug, or a client that left first (counted as 499,
    // nginx's "client closed request"; nothing can be sent to it).
    int status = writer.usable() ? 502 : 499;
    metrics->observe(exchange.route_index, status,
                     std::chrono::steady_clock::now() - exchange.started);
    if (writer.usable()) {
      Response failed =
          problem(Error::make(ErrorCode::kBadGateway, "The upstream gave no answer."));
      apply_security_headers(failed);
      auto message = to_message(std::move(failed), exchange.head, exchange.version, false,
                                exchange.request_id);
      connection->stream.expires_after(options.limits.write_timeout);
      co_await bhttp::async_write(connection->stream, message, kTuple);
    }
    co_return false;
  }
  if (!produced || !writer.usable()) co_return false;
  static constexpr std::string_view kLastChunk = "0\r\n\r\n";
  // (Its own statement: GCC 12 mishandles co_await inside a condition.)
  bool ended =
      co_await writer.flush(writer.chunked() && !exchange.head ? kLastChunk : std::string_view());
  if (!ended || !writer.complete()) co_return false;
  // The client's socket was only watched, never read from (the watch was cancelled before it
  // got a byte): the next request starts clean.
  co_return keep_alive&& writer.status() != 0;
}

awaitable<bool> Server::Impl::wait_for_request(Connection& connection, beast::flat_buffer& buffer,
                                               bool first) {
  if (buffer.size() > 0) co_return true;  // a pipelined request is already here
  // A shutdown may cancel this wait. A new connection has a short time to start; an idle
  // keep-alive one a longer time, unless the server is filling up.
  const auto& limits = options.limits;
  bool crowded = 2 * metrics->open_connections() >= limits.max_connections;
  connection.stream.expires_after(first || crowded
                                      ? std::min(limits.first_byte_timeout, limits.idle_timeout)
                                      : limits.idle_timeout);
  auto [ec, n] =
      co_await connection.stream.async_read_some(buffer.prepare(limits.read_chunk_bytes), kTuple);
  if (ec) co_return false;
  buffer.commit(n);
  co_return true;
}

awaitable<RequestRead> Server::Impl::read_request(
    Connection& connection, beast::flat_buffer& buffer,
    bhttp::request_parser<bhttp::string_body>& parser) {
  parser.header_limit(static_cast<std::uint32_t>(options.limits.max_header_bytes));
  // The parser refuses a Content-Length over its limit while it reads the header, before the
  // route is known: it gets the largest any route takes, and the route's own after the header.
  parser.body_limit(largest_body_limit);
  connection.stream.expires_after(options.limits.read_timeout);
  // The header first, then the framing checks, then the body: a body whose end is ambiguous
  // is never read, so what follows it can never run as a request of its own.
  RequestRead read;
  read.ec = co_await read_header(connection.stream, buffer, parser, read.refused,
                                 options.limits.read_chunk_bytes);
  if (!read.ec && !read.refused) read.refused = framing_problem_of(parser.get());
  read.body_limit = options.limits.max_body_bytes;
  // A request with a body may be for a route that takes more than the default, or that reads
  // its body as it comes: only then is the route looked up here, so a bodiless request pays
  // nothing. (A Content-Length over even the largest limit is refused while the header is read:
  // the start line is parsed by then, so the refusal still names the route's own limit.)
  const bool over_largest = read.ec == bhttp::error::body_limit;
  if (over_largest || (!read.ec && !read.refused &&
                       (parser.chunked() || parser.content_length().value_or(0) > 0))) {
    const auto& head = parser.get();
    std::string_view target = head.target();
    auto match =
        router.match(parse_method(head.method_string()), target.substr(0, target.find('?')));
    if (match.route != nullptr && match.route->options.max_body_bytes > 0) {
      read.body_limit = match.route->options.max_body_bytes;
    }
    read.stream_body = match.route != nullptr && match.route->options.stream_body;
    if (read.body_limit > options.limits.max_body_bytes && !read.stream_body) {
      connection.stream.expires_after(
          std::max(options.limits.read_timeout, options.limits.large_body_read_timeout));
    }
  }
  if (!read.ec && !read.refused) {
    parser.body_limit(read.body_limit);
    if (parser.content_length().value_or(0) > read.body_limit) {
      read.ec = bhttp::error::body_limit;  // refused before a byte of it is read
    }
  }
  if (!read.ec && !read.refused && !read.stream_body) {
    auto [body_ec, body_n] = co_await bhttp::async_read(connection.stream, buffer, parser, kTuple);
    (void)body_n;
    read.ec = body_ec;
  }
  co_return read;
}

awaitable<std::optional<Response>> Server::Impl::respond(
    Connection& connection, beast::flat_buffer& buffer, const RequestRead& read,
    bhttp::request_parser<bhttp::string_body>& parser, const std::string& remote,
    Exchange& exchange, std::shared_ptr<ParserBodySource>& streamed) {
  const auto& ec = read.ec;
  auto refuse_with = [&exchange](const Error& error) {
    exchange.keep_alive = false;
    exchange.linger = true;  // the rest of the request is unread: closing now would reset it
    return std::optional<Response>(problem(error));
  };
  if (read.refused) co_return refuse_with(Error::make(ErrorCode::kBadRequest, *read.refused));
  if (ec == bhttp::error::header_limit) {
    co_return refuse_with(Error::make(ErrorCode::kHeadersTooLarge,
                                      "Request headers must stay under " +
                                          std::to_string(options.limits.max_header_bytes / 1024) +
                                          " KiB."));
  }
  if (ec == bhttp::error::body_limit) {
    co_return refuse_with(Error::make(
        ErrorCode::kPayloadTooLarge,
        "Request bodies must stay under " + std::to_string(read.body_limit / 1024) + " KiB."));
  }
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message)
    co_return std::nullopt;
  if (ec && ec.category() == bhttp::make_error_code(bhttp::error::header_limit).category()) {
    co_return refuse_with(
        Error::make(ErrorCode::kBadRequest, "The request is not valid HTTP/1.1."));
  }
  // Timeout, reset or shutdown: the socket is gone, nothing can be answered.
  if (ec) co_return std::nullopt;

  auto& message = parser.get();
  exchange.head = message.method() == bhttp::verb::head;
  exchange.method = std::string(message.method_string());
  exchange.version = message.version();
  exchange.keep_alive = message.keep_alive();
  exchange.request_id = request_id_for(message, options.limits.max_request_id_chars);
  if (message.target().empty() || message.target().front() != '/') {
    co_return problem(Error::make(ErrorCode::kBadRequest, "The request target must be a path."));
  }
  Request request = to_request(message.base(), remote, exchange.request_id);
  if (read.stream_body) {
    bool expect_continue = beast::iequals(message[bhttp::field::expect], "100-continue");
    auto deadline = std::chrono::steady_clock::now() +
                    std::max(options.limits.read_timeout, options.limits.large_body_read_timeout);
    streamed = std::make_shared<ParserBodySource>(
        connection.stream, buffer, std::move(parser), options.limits.read_timeout, deadline,
        read.body_limit, expect_continue && exchange.version >= kHttp11);
    request.body_source = streamed;
  } else {
    request.body = std::move(message.body());
  }
  co_return co_await dispatch(request, exchange.route_index, exchange.route_label);
}

awaitable<bool> Server::Impl::write_response(Connection& connection, Response response,
                                             const Exchange& exchange, const std::string& remote) {
  int status = response.status;
  bool wipe_body = response.wipe_body;
  std::string failure = std::move(response.failure);
  auto message = to_message(std::move(response), exchange.head, exchange.version,
                            exchange.keep_alive, exchange.request_id);
  connection.stream.expires_after(options.limits.write_timeout);
  auto [write_ec, written] = co_await bhttp::async_write(connection.stream, message, kTuple);
  (void)written;
  if (wipe_body) sodium_memzero(message.body().data(), message.body().size());
  log_exchange(exchange, status, remote, failure);
  co_return !write_ec;
}

void Server::Impl::log_exchange(const Exchange& exchange, int status, const std::string& remote,
                                const std::string& failure) {
  double duration_ms = std::chrono::duration<double, std::milli>(exchange.elapsed).count();
  log::Level level = status >= 500 ? log::Level::kWarn : log::Level::kInfo;
  if (failure.empty()) {
    log::access(level, {{"method", exchange.method},
                        {"route", exchange.route_label},
                        {"status", status},
                        {"duration_ms", duration_ms},
                        {"request_id", exchange.request_id},
                        {"remote", remote}});
  } else {
    // A server-side failure says why, from Error::internal (never a secret, by rule).
    log::access(level, {{"method", exchange.method},
                        {"route", exchange.route_label},
                        {"status", status},
                        {"duration_ms", duration_ms},
                        {"request_id", exchange.request_id},
                        {"remote", remote},
                        {"error", failure}});
  }
}

awaitable<void> Server::Impl::close(std::shared_ptr<Connection> connection, bool linger) {
  auto& stream = connection->stream;
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  if (linger) {
    // Closing on a client that is still sending a refused body makes its kernel answer with a
    // reset, and the client never reads our 413. Read and drop what it sends for a moment (bounded
    // in time and bytes, in a fixed buffer) so it sees the answer first.
    std::vector<char> sink(options.limits.linger_chunk_bytes);
    std::size_t drained = 0;
    stream.expires_after(options.limits.linger_timeout);
    while (drained < options.limits.linger_max_bytes) {
      auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), kTuple);
      if (ec) break;
      drained += n;
    }
  }
  stream.close();
  metrics->connection_closed();
  std::lock_guard lock(connections_mutex);
  connections.erase(connection);
  auto it = connections_per_address.find(connection->address_key);
  if (it != connections_per_address.end() && --it->second <= 0) connections_per_address.erase(it);
}

// Serves one connection: wait for a request, read it, dispatch it, write the answer and log it,
// until the client or the server ends the connection.
awaitable<void> Server::Impl::serve(std::shared_ptr<Connection> connection) {
  boost::system::error_code ignored;
  std::string remote = connection->stream.socket().remote_endpoint(ignored).address().to_string();
  beast::flat_buffer buffer;
  bool keep_alive = true;
  bool linger = false;
  for (bool first = true; keep_alive && !draining; first = false) {
    connection->busy = false;
    if (!co_await wait_for_request(*connection, buffer, first)) break;
    connection->busy = true;
    Exchange exchange(metrics->unmatched_index());
    bhttp::request_parser<bhttp::string_body> parser;
    auto read = co_await read_request(*connection, buffer, parser);
    std::shared_ptr<ParserBodySource> streamed;
    // However this exchange ends, a body source the handler kept reads nothing more.
    struct Detach {
      explicit Detach(std::shared_ptr<ParserBodySource>& held) : source(held) {}
      Detach(const Detach&) = delete;
      Detach& operator=(const Detach&) = delete;
      ~Detach() {
        if (source) source->detach();
      }
      std::shared_ptr<ParserBodySource>& source;
    } detach(streamed);
    auto response = co_await respond(*connection, buffer, read, parser, remote, exchange, streamed);
    if (!response) break;
    if (exchange.request_id.empty()) exchange.request_id = new_request_id();
    if (draining) exchange.keep_alive = false;
    const bool proxied = response->stream && response->stream->head_from_producer;
    if (streamed && !proxied && !streamed->finished()) {
      // Answered without reading the body (a refusal): what is left of it is not a request.
      exchange.keep_alive = false;
      exchange.linger = true;
    }
    keep_alive = exchange.keep_alive;
    linger = exchange.linger;
    apply_security_headers(*response);
    // Counted before the write, so a client that reads this response and then asks /metrics
    // always finds it counted.
    exchange.elapsed = std::chrono::steady_clock::now() - exchange.started;
    // A proxied response is counted when its producer sends the head (stream_body).
    if (!proxied) metrics->observe(exchange.route_index, response->status, exchange.elapsed);
    // A proxied answer's producer logs its own line, with the status it learnt.
    if ((response->events || response->stream) && !proxied) {
      log::info("request", {{"method", exchange.method},
                            {"route", exchange.route_label},
                            {"status", response->status},
                            {"request_id", exchange.request_id},
                            {"remote", remote},
                            {"stream", response->events ? "events" : "body"}});
    }
    if (response->events || response->stream) {
      if (response->events) {
        co_await stream_events(connection, std::move(*response), exchange);
        break;  // an event stream ends its connection
      }
      // A streamed body ends its connection, unless it was a proxied answer that ended whole
      // (with the request's own body read whole).
      bool reusable = co_await stream_body(connection, std::move(*response), exchange,
                                           BodyFraming::kChunked, streamed.get());
      if (streamed && !streamed->finished()) {
        linger = true;
        break;
      }
      if (!reusable) break;
      continue;
    }
    if (!co_await write_response(*connection, std::move(*response), exchange, remote)) break;
  }
  co_await close(connection, linger);
}

}  // namespace keyward::http
