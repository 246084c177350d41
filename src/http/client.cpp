#include "http/client.h"

#include <openssl/ssl.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>

namespace keyward::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

// A provider's answer to "list models" is small; anything bigger is not read.
constexpr std::uint64_t kMaxResponseBody = 1 << 20;

Error unreachable(const std::string& host, const std::string& why) {
  return Error::make(ErrorCode::kUnavailable, "The provider could not be reached (" + why + ").",
                     "verify " + host + ": " + why);
}

bool is_loopback(const std::string& host) {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  return host == "localhost" || (!ec && address.is_loopback());
}

// Writes the request and reads the status, all under the stream's deadline.
template <typename Stream>
asio::awaitable<Result<ClientResponse>> exchange(Stream& stream, const ClientRequest& request,
                                                 const std::string& host,
                                                 const std::string& target) {
  bhttp::request<bhttp::empty_body> message(bhttp::string_to_verb(request.method), target, 11);
  message.set(bhttp::field::host, host);
  message.set(bhttp::field::user_agent, "keyward-verify");
  for (const auto& [name, value] : request.headers) message.set(name, value);
  auto [write_ec, written] = co_await bhttp::async_write(stream, message, kTuple);
  (void)written;
  if (write_ec)
    co_return unreachable(host, write_ec == beast::error::timeout ? "timed out" : "write failed");
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(kMaxResponseBody);
  auto [read_ec, read] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
  (void)read;
  if (read_ec && read_ec != bhttp::error::body_limit) {
    co_return unreachable(host, read_ec == beast::error::timeout ? "timed out" : "no answer");
  }
  co_return ClientResponse{static_cast<int>(parser.get().result_int())};
}

}  // namespace

Result<ClientResponse> send_request(const ClientRequest& request) {
  auto parsed = boost::urls::parse_absolute_uri(request.url);
  if (!parsed) return unreachable("?", "the provider URL is not valid");
  std::string scheme(parsed->scheme());
  std::string host(parsed->host_address());
  bool tls = scheme == "https";
  if (!tls && !(scheme == "http" && is_loopback(host))) {
    return unreachable(host, "only https URLs are allowed");
  }
  std::string port = parsed->has_port() ? std::string(parsed->port()) : (tls ? "443" : "80");
  // (Built in one expression: assigning "/" afterwards trips a false -Wrestrict in GCC 12.)
  std::string target = parsed->encoded_resource().empty() ? std::string(1, '/')
                                                          : std::string(parsed->encoded_resource());

  asio::io_context ioc;
  Result<ClientResponse> result = unreachable(host, "timed out");
  asio::co_spawn(
      ioc,
      [&]() -> asio::awaitable<void> {
        tcp::resolver resolver(ioc);
        beast::tcp_stream tcp_stream(ioc);
        // One deadline for the whole exchange: resolve, connect, handshake, write and read.
        tcp_stream.expires_after(request.timeout);
        auto [resolve_ec, endpoints] = co_await resolver.async_resolve(host, port, kTuple);
        if (resolve_ec) {
          result = unreachable(host, "name not found");
          co_return;
        }
        auto [connect_ec, endpoint] = co_await tcp_stream.async_connect(endpoints, kTuple);
        (void)endpoint;
        if (connect_ec) {
          result = unreachable(
              host, connect_ec == beast::error::timeout ? "timed out" : "connection refused");
          co_return;
        }
        if (!tls) {
          result = co_await exchange(tcp_stream, request, host, target);
          co_return;
        }
        asio::ssl::context context(asio::ssl::context::tls_client);
        context.set_default_verify_paths();
        context.set_verify_mode(asio::ssl::verify_peer);
        beast::ssl_stream<beast::tcp_stream&> stream(tcp_stream, context);
        if (!SSL_set_tlsext_host_name(stream.native_handle(), host.c_str())) {
          result = unreachable(host, "TLS setup failed");
          co_return;
        }
        stream.set_verify_callback(asio::ssl::host_name_verification(host));
        auto [handshake_ec] =
            co_await stream.async_handshake(asio::ssl::stream_base::client, kTuple);
        if (handshake_ec) {
          result = unreachable(host, handshake_ec == beast::error::timeout
                                         ? "timed out"
                                         : "TLS handshake or certificate check failed");
          co_return;
        }
        result = co_await exchange(stream, request, host, target);
      },
      asio::detached);
  ioc.run();
  return result;
}

}  // namespace keyward::http
