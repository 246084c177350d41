#include "gateway/gateway.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/execution/context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "api/app_context.h"
#include "api/usage.h"
#include "api/verify.h"
#include "crypto/sealing.h"
#include "domain/catalogue.h"
#include "domain/lifecycle.h"
#include "gateway/forwarding.h"
#include "gateway/gateway_metrics.h"
#include "gateway/replay_body.h"
#include "gateway/token_counts.h"
#include "gateway/token_limits.h"
#include "http/body_stream.h"
#include "http/client.h"
#include "http/error_status.h"
#include "http/responses.h"
#include "http/router.h"
#include "keys/keys.h"
#include "log/log.h"
#include "tokens/tokens.h"

namespace keyward::gateway {

namespace asio = boost::asio;
using SteadyClock = std::chrono::steady_clock;

namespace {

// At most one other key after the first: a failing request costs one extra upstream attempt.
constexpr std::size_t kKeysTried = 2;

// A path segment "." or ".." (also percent-encoded) could climb out of a base URL's path.
bool has_dot_segment(std::string_view path) {
  const std::string whole = "/" + std::string(path);
  for (auto segment : http::split_path(whole)) {
    auto decoded = http::decode_segment(segment);
    if (!decoded || *decoded == "." || *decoded == "..") return true;
  }
  return false;
}

Error limit_reached(std::int64_t wait_ms) {
  Error limited = Error::make(ErrorCode::kTooManyRequests,
                              "This service token has reached its gateway request limit (per "
                              "minute or per month); Retry-After says when it lifts.");
  limited.retry_after_ms = wait_ms;
  return limited;
}

std::string how_to_present(const KeyType& type) {
  const auto& route = type.gateway;
  if (!route.key_header.empty()) {
    return std::string(route.key_header) + ": " + std::string(route.key_prefix) + "kw_st_…";
  }
  return "?" + std::string(route.key_query) + "=kw_st_…";
}

// One gateway call, owned by its producer.
struct Call {
  std::string request_id;
  std::string remote;
  std::string type;
  const GatewayRoute* route = nullptr;
  std::string method;
  std::string base_url;  // the type's; a key's own base URL goes first
  std::string path;
  std::string query;
  Headers headers;                   // to forward, without any credential
  std::shared_ptr<ReplayBody> body;  // null for a call without one
  Actor actor;
  std::vector<keys::OpenedKey> keys;
  SteadyClock::time_point started;
};

}  // namespace

struct Gateway::Impl {
  Impl(api::AppContext& context_, GatewayOptions options_)
      : context(context_), options(std::move(options_)) {
    client_options.public_addresses_only = true;
    client_options.allowed_networks = options.allowed_networks;
    client_options.extra_ca_file = options.extra_ca_file;
    client_options.peer_name = "The provider";
    client_options.log_tag = "gateway";
    // Providers' heads carry rate-limit and tracing fields; many calls go to one provider at
    // once, so more idle connections are kept than verify needs.
    client_options.limits.max_response_header_bytes = 64 * 1024;
    client_options.limits.max_idle_per_host = 256;
    client_options.limits.max_idle_total = 1024;
  }

  http::Client* client_for(const asio::any_io_executor& executor);
  bool cooling(const std::string& key_id, std::int64_t now) const;
  void cool(const std::string& key_id, std::int64_t until);
  asio::awaitable<void> forward(Call& call, http::ChunkWriter& writer);
  // Counts a provider's verdict on a key: 401/403 in a row disable it (as many as the team's
  // gateway_disable_after), a 2xx forgives.
  void judge(const Call& call, const ApiKey& key, int status);
  // On the writes pool: disables the key when its streak reached the team's setting.
  void disable_if_rejected(const std::string& request_id, const std::string& type,
                           const std::string& team_id, const std::string& id,
                           const std::string& fingerprint, int status, std::int64_t now);
  http::Response refuse(const std::string& type, const Error& error);
  // Counts one attempt with `key` in the usage recorder: the key's use (its audit row), its
  // answer's status (0: none came), time to the head, bytes each way and the provider's token
  // counts.
  void record_use(const Call& call, const ApiKey& key, bool expired, int status,
                  SteadyClock::duration to_head, std::uint64_t bytes_in, std::uint64_t bytes_out,
                  TokenCounts tokens);

  api::AppContext& context;
  GatewayOptions options;
  http::ClientOptions client_options;
  GatewayMetrics metrics;
  TokenLimits limits;
  // One client per event loop: a call's upstream sockets live on the loop of its client
  // connection, so nothing hops between threads. Keyed by the loop's address.
  std::mutex clients_mutex;
  std::map<const void*, std::unique_ptr<http::Client>> clients;
  bool closed = false;  // under clients_mutex
  // Keys answered 429: skipped until then (ms since the epoch).
  mutable std::mutex cool_mutex;
  std::unordered_map<std::string, std::int64_t> cooling_until;
  // Consecutive 401/403 answers per key id, and the keys with a check queued.
  std::mutex rejections_mutex;
  std::unordered_map<std::string, int> rejections;
  std::unordered_set<std::string> checking;
  // Disabling writes: off the I/O threads (a write may wait for the database's lock).
  asio::thread_pool writes{1};
};

void Gateway::Impl::judge(const Call& call, const ApiKey& key, int status) {
  if (status >= 200 && status < 300) {
    std::lock_guard lock(rejections_mutex);
    rejections.erase(key.id);
    return;
  }
  if (status != 401 && status != 403) return;
  {
    std::lock_guard lock(rejections_mutex);
    ++rejections[key.id];
    // One check in the queue per key reads the count as it is then: a flood of 401s queues no
    // more work than one.
    if (!checking.insert(key.id).second) return;
  }
  std::int64_t now = context.clock.now_ms();
  asio::post(writes, [this, request_id = call.request_id, type = call.type, team_id = key.team_id,
                      id = key.id, fingerprint = key.fingerprint, status, now] {
    disable_if_rejected(request_id, type, team_id, id, fingerprint, status, now);
  });
}

void Gateway::Impl::disable_if_rejected(const std::string& request_id, const std::string& type,
                                        const std::string& team_id, const std::string& id,
                                        const std::string& fingerprint, int status,
                                        std::int64_t now) {
  int count = 0;
  {
    std::lock_guard lock(rejections_mutex);
    checking.erase(id);
    auto found = rejections.find(id);
    if (found == rejections.end()) return;  // a 2xx came meanwhile
    count = found->second;
  }
  // The team's streak length, read here, off the I/O threads and only after a rejection.
  auto limit = storage::read<int>(context.store, [&](storage::ReadTx& tx) -> Result<int> {
    KW_TRY(team, tx.identity().find_team(team_id));
    return team ? team->gateway_disable_after : kDefaultGatewayDisableAfter;
  });
  if (!limit) {
    log::error("gateway_disable_failed", {{"key_id", id}, {"error", limit.error().internal}});
    return;
  }
  if (count < *limit) return;
  Actor server = Actor::system();
  server.team_id = team_id;
  auto done = context.store.write([&](storage::WriteTx& tx) {
    return keys::disable_key(tx, server, id, fingerprint, count, status, now);
  });
  if (!done) {
    log::error("gateway_disable_failed", {{"key_id", id}, {"error", done.error().internal}});
    return;
  }
  {
    std::lock_guard lock(rejections_mutex);
    rejections.erase(id);
  }
  log::warn("gateway_key_disabled", {{"request_id", request_id},
                                     {"type", type},
                                     {"key_id", id},
                                     {"status", status},
                                     {"rejections", count}});
}

void Gateway::Impl::record_use(const Call& call, const ApiKey& key, bool expired, int status,
                               SteadyClock::duration to_head, std::uint64_t bytes_in,
                               std::uint64_t bytes_out, TokenCounts tokens) {
  if (context.usage == nullptr) return;
  GatewayUsage use;
  use.api_key_id = key.id;
  use.token_id = call.actor.id;
  use.team_id = key.team_id;
  use.requests = 1;
  switch (status / 100) {
    case 2:
      use.status_2xx = 1;
      break;
    case 3:
      use.status_3xx = 1;
      break;
    case 4:
      use.status_4xx = 1;
      break;
    case 5:
      use.status_5xx = 1;
      break;
    default:
      use.failed = 1;
      break;
  }
  use.bytes_in = static_cast<std::int64_t>(bytes_in);
  use.bytes_out = static_cast<std::int64_t>(bytes_out);
  use.latency_us = std::chrono::duration_cast<std::chrono::microseconds>(to_head).count();
  use.input_tokens = tokens.input;
  use.output_tokens = tokens.output;
  context.usage->record_gateway(std::move(use), call.remote, expired);
}

http::Client* Gateway::Impl::client_for(const asio::any_io_executor& executor) {
  const void* loop = &asio::query(executor, asio::execution::context);
  std::lock_guard lock(clients_mutex);
  if (closed) return nullptr;
  auto& client = clients[loop];
  if (!client) client = std::make_unique<http::Client>(executor, client_options);
  return client.get();
}

bool Gateway::Impl::cooling(const std::string& key_id, std::int64_t now) const {
  std::lock_guard lock(cool_mutex);
  auto it = cooling_until.find(key_id);
  return it != cooling_until.end() && it->second > now;
}

void Gateway::Impl::cool(const std::string& key_id, std::int64_t until) {
  std::lock_guard lock(cool_mutex);
  // Bounded by the keys that exist; those whose time passed are dropped on the way.
  std::int64_t now = context.clock.now_ms();
  std::erase_if(cooling_until, [now](const auto& entry) { return entry.second <= now; });
  cooling_until[key_id] = until;
}

http::Response Gateway::Impl::refuse(const std::string& type, const Error& error) {
  http::Response response = http::problem(error);
  metrics.observe(type, response.status, std::nullopt);
  return response;
}

Gateway::Gateway(api::AppContext& context, GatewayOptions options)
    : impl_(std::make_shared<Impl>(context, std::move(options))) {}

Gateway::~Gateway() { impl_->writes.join(); }

const GatewayOptions& Gateway::options() const { return impl_->options; }

std::string Gateway::render_metrics() const { return impl_->metrics.render(); }

void Gateway::close() {
  std::map<const void*, std::unique_ptr<http::Client>> closing;
  {
    std::lock_guard lock(impl_->clients_mutex);
    impl_->closed = true;
    closing.swap(impl_->clients);
  }
  impl_->writes.join();  // a disabling decided before the stop is written
}

http::Response Gateway::handle(http::Request& request) {
  Impl& impl = *impl_;
  std::string type_id(request.param("type"));
  const KeyType* type = find_key_type(type_id);
  if (type == nullptr) {
    return impl.refuse(type_id, Error::make(ErrorCode::kNotFound,
                                            "No such key type: the gateway serves "
                                            "/gateway/{type}/… for the types of "
                                            "GET /api/v1/api-key-types."));
  }
  const GatewayRoute& route = type->gateway;
  auto presented = presented_token(request, route);
  if (!presented) {
    return impl.refuse(type_id,
                       Error::make(ErrorCode::kUnauthorized,
                                   "Send a service token where " + std::string(type->name) +
                                       "'s SDK sends its key: " + how_to_present(*type) + "."));
  }
  const crypto::SecretString token(std::move(*presented));  // wiped when the handler returns
  std::string path(request.param("path"));
  if (has_dot_segment(path)) {
    return impl.refuse(type_id, Error::make(ErrorCode::kBadRequest,
                                            "The provider path cannot hold \".\" or \"..\" "
                                            "segments."));
  }
  // The type's URL; a key may carry its own (and must, for a type without one).
  std::string base_url = api::provider_base(impl.context, type_id, route.default_base_url).url;

  std::int64_t now = impl.context.clock.now_ms();
  struct Chosen {
    Actor actor;
    std::vector<keys::OpenedKey> keys;
    std::optional<std::int64_t> month_count;  // read when the token's monthly count is due
  };
  auto skip = [&impl, now](const std::string& key_id) { return impl.cooling(key_id, now); };
  auto chosen =
      storage::read<Chosen>(impl.context.store, [&](storage::ReadTx& tx) -> Result<Chosen> {
        KW_TRY(actor, tokens::authenticate(tx, token.view(), now, impl.context.tokens));
        // A token past its minute's limit stops here, before any key is opened.
        if (std::int64_t wait_ms = impl.limits.minute_wait(actor, now); wait_ms > 0) {
          return limit_reached(wait_ms);
        }
        std::optional<std::int64_t> month_count;
        if (actor.requests_per_month && impl.limits.needs_month_count(actor.id, now)) {
          KW_TRY(count, tx.keys().token_gateway_requests(actor.id, TokenLimits::month_start(now)));
          month_count = count;
        }
        KW_TRY(opened, keys::open_for_gateway(tx, actor, *impl.context.team_keys, type_id, now,
                                              skip, kKeysTried));
        return Chosen{std::move(actor), std::move(opened), month_count};
      });
  if (!chosen) {
    http::Response refused = impl.refuse(type_id, chosen.error());
    return refused;
  }
  if (chosen->month_count) {
    impl.limits.set_month_count(chosen->actor.id, *chosen->month_count, now);
  }
  if (std::int64_t wait_ms = impl.limits.admit(chosen->actor, now); wait_ms > 0) {
    return impl.refuse(type_id, limit_reached(wait_ms));
  }
  if (base_url.empty()) {
    std::erase_if(chosen->keys, [](const keys::OpenedKey& opened) { return !opened.key.base_url; });
    if (chosen->keys.empty()) {
      return impl.refuse(type_id,
                         Error::make(ErrorCode::kUnavailable,
                                     std::string(type->name) +
                                         " has no public endpoint: give the key a base URL, or the "
                                         "operator sets one for the server with " +
                                         api::provider_url_variable(type_id) + "."));
    }
  }

  auto call = std::make_shared<Call>();
  call->request_id = request.request_id;
  call->remote = request.remote_address;
  call->type = type_id;
  call->route = &route;
  call->method = std::string(http::method_name(request.method));
  if (request.method == http::Method::kOther) {
    return impl.refuse(type_id, Error::make(ErrorCode::kMethodNotAllowed, "Method not allowed."));
  }
  call->base_url = std::move(base_url);
  call->path = std::move(path);
  call->query = query_without_token(request.query, token.view());
  call->headers = upstream_headers(request.headers, token.view());
  if (request.body_source) {
    call->body = std::make_shared<ReplayBody>(request.body_source, impl.options.replay_bytes);
  }
  call->actor = std::move(chosen->actor);
  call->keys = std::move(chosen->keys);
  call->started = SteadyClock::now();
  return http::proxied_response(
      [impl = impl_, call](http::ChunkWriter& writer) -> asio::awaitable<void> {
        // The analyzer follows the co_await into Asio and reports an uninitialised
        // attached_thread_ in awaitable.hpp, which Asio sets before any resumption: the false
        // positive of server.cpp and the deliverer.
        // NOLINTNEXTLINE(clang-analyzer-core.CallAndMessage)
        co_await impl->forward(*call, writer);
      });
}

namespace {

// Sends a whole problem answer through a proxied response's writer.
asio::awaitable<void> send_problem(http::ChunkWriter& writer, const Error& error) {
  http::Response answer = http::problem(error);
  Headers headers = answer.headers;
  headers.emplace_back("Content-Type", answer.content_type);
  // (Awaited in statements of their own: GCC 12 mishandles co_await inside a condition.)
  // NOLINTNEXTLINE(clang-analyzer-core.CallAndMessage): the false positive of handle()
  bool started = co_await writer.start(answer.status, std::move(headers), answer.body.size());
  if (started) co_await writer.write(answer.body);
}

}  // namespace

asio::awaitable<void> Gateway::Impl::forward(Call& call, http::ChunkWriter& writer) {
  // NOLINTNEXTLINE(clang-analyzer-core.CallAndMessage): as in handle()
  http::Client* client = client_for(co_await asio::this_coro::executor);
  if (client == nullptr) {
    metrics.observe(call.type, 503, std::nullopt);
    co_await send_problem(writer,
                          Error::make(ErrorCode::kUnavailable, "The server is shutting down."));
    co_return;
  }
  const GatewayRoute& route = *call.route;
  for (std::size_t attempt = 0; attempt < call.keys.size(); ++attempt) {
    const keys::OpenedKey& opened = call.keys[attempt];
    const ApiKey& key = opened.key;
    // Whether the next key may take the call: there is one, and the body can be sent again
    // whole (ReplayBody), from its start, which this prepares.
    auto ready_for_another = [&] {
      return attempt + 1 < call.keys.size() && (!call.body || call.body->rewind());
    };
    http::ClientRequest upstream;
    upstream.method = call.method;
    upstream.url = upstream_url(key.base_url ? *key.base_url : call.base_url, call.path, call.query,
                                route, opened.plaintext.view());
    upstream.headers.reserve(call.headers.size() + 1);  // no move of the key's header later
    upstream.headers = call.headers;
    if (!route.key_header.empty()) {
      // One buffer holding the key, which the client wipes: no unwiped temporary.
      std::string value;
      value.reserve(route.key_prefix.size() + opened.plaintext.view().size());
      value += route.key_prefix;
      value += opened.plaintext.view();
      upstream.headers.emplace_back(std::string(route.key_header), std::move(value));
    }
    upstream.body_source = call.body.get();
    upstream.connect_timeout = options.connect_timeout;
    upstream.timeout = options.head_timeout;
    upstream.read_timeout = options.idle_timeout;

    bool started = false;
    bool passed_over = false;
    std::uint64_t sent_before_head = 0;  // the body this attempt sent, before a rewind
    int status = 0;
    std::uint64_t bytes_out = 0;
    auto attempt_started = SteadyClock::now();
    SteadyClock::duration to_head{};
    std::optional<TokenCounter> token_counter;  // on a success only
    http::ResponseSink sink;
    sink.on_head = [&](const http::ClientResponse& head) -> asio::awaitable<bool> {
      status = head.status;
      to_head = SteadyClock::now() - attempt_started;
      if (call.body) sent_before_head = call.body->sent();
      if (status >= 200 && status < 300) {
        token_counter.emplace(header_value(head.headers, "content-type"));
      }
      judge(call, key, head.status);
      if (head.status == 429) {
        cool(key.id, context.clock.now_ms() +
                         cool_down_ms(head.headers, options.default_cool_down.count()));
      }
      if (worth_another_key(head.status) && ready_for_another()) {
        passed_over = true;
        co_return false;
      }
      Headers headers = downstream_headers(head.headers);
      headers.emplace_back("Keyward-Key-Id", key.id);
      if (opened.expired) {
        headers.emplace_back("Keyward-Warning", keys::expired_warning(key));
      }
      started = true;
      metrics.observe(call.type, head.status, SteadyClock::now() - call.started);
      bool sent = co_await writer.start(head.status, std::move(headers),
                                        declared_length(head.status, head.headers));
      co_return sent;
    };
    sink.on_body = [&](std::string_view piece) -> asio::awaitable<bool> {
      bytes_out += piece.size();
      if (token_counter) token_counter->feed(piece);
      // NOLINTNEXTLINE(clang-analyzer-core.CallAndMessage): as in handle()
      bool sent = co_await writer.write(piece);
      co_return sent;
    };
    auto answer = co_await client->stream(upstream, sink);
    const std::uint64_t bytes_in =
        passed_over ? sent_before_head : (call.body ? call.body->sent() : 0);
    record_use(call, key, opened.expired, status, to_head, bytes_in, bytes_out,
               token_counter ? token_counter->finish() : TokenCounts{});
    auto upstream_ms =
        std::chrono::duration<double, std::milli>(SteadyClock::now() - attempt_started).count();
    if (started || writer.client_gone()) {
      log::info("gateway", {{"request_id", call.request_id},
                            {"method", call.method},
                            {"remote", call.remote},
                            {"type", call.type},
                            {"key_id", key.id},
                            {"status", status},
                            {"attempt", static_cast<int>(attempt + 1)},
                            {"bytes_out", static_cast<std::int64_t>(bytes_out)},
                            {"upstream_ms", upstream_ms},
                            {"complete", started && answer.ok() && !writer.client_gone()}});
      co_return;
    }
    if (call.body && call.body->failure()) {
      // The application's body broke off or was too large: no provider is to blame.
      if (!writer.client_gone()) {
        metrics.observe(call.type, http::http_status(call.body->failure()->code), std::nullopt);
        co_await send_problem(writer, *call.body->failure());
      }
      co_return;
    }
    if (passed_over || (!answer && ready_for_another())) {
      log::info("gateway_failover", {{"request_id", call.request_id},
                                     {"type", call.type},
                                     {"key_id", key.id},
                                     {"status", status},
                                     {"error", answer ? std::string() : answer.error().internal}});
      metrics.failed_over(call.type);
      continue;
    }
    if (!answer) {
      log::warn("gateway_unreachable", {{"request_id", call.request_id},
                                        {"type", call.type},
                                        {"key_id", key.id},
                                        {"error", answer.error().internal}});
      metrics.observe(call.type, 502, std::nullopt);
      co_await send_problem(writer, Error::make(ErrorCode::kBadGateway, answer.error().detail));
    }
    co_return;
  }
}

}  // namespace keyward::gateway
