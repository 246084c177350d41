#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>

#include "api/changes.h"
#include "api/events.h"
#include "api/routes.h"
#include "api/setup.h"
#include "api/usage.h"
#include "api/verify.h"
#include "api/web.h"
#include "app/commands.h"
#include "app/console.h"
#include "audit/audit_chain.h"
#include "crypto/master_key.h"
#include "crypto/random.h"
#include "domain/validation.h"
#include "gateway/gateway.h"
#include "http/server.h"
#include "keys/team_keys.h"
#include "keys/versions.h"
#include "log/log.h"
#include "scheduler/scheduler.h"
#include "storage/store.h"
#include "tokens/token_cache.h"
#include "webhooks/deliverer.h"

namespace keyward::app {

int serve(const ServeConfig& config) {
  auto format = parse_log_format(config.log_format);
  if (!format) return fail(format.error().internal);
  log::init(*format);
  auto listen = parse_listen(config.listen);
  if (!listen) return fail(listen.error().internal);
  auto trusted_proxies = http::parse_cidr_list(config.trusted_proxies);
  if (!trusted_proxies) {
    return fail("KEYWARD_TRUSTED_PROXIES: " + trusted_proxies.error().internal);
  }
  const std::string preset_setup_token = env_or_empty("KEYWARD_SETUP_TOKEN");
  if (auto weak = setup_token_weakness(preset_setup_token); !weak.empty()) {
    return fail("KEYWARD_SETUP_TOKEN " + weak +
                "; use a random one, e.g. head -c32 /dev/urandom | base64");
  }

  auto master_key = crypto::load_master_key(
      {config.master_key_file, env_or_empty("KEYWARD_MASTER_KEY"), config.dev_master_key_file});
  if (!master_key) return fail(master_key.error().internal);
  if (master_key->generated) {
    log::warn("master_key_generated",
              {{"path", master_key->origin},
               {"note",
                "development key created with mode 0600; back it up: without it no "
                "stored key can be read. Set KEYWARD_MASTER_KEY_FILE in production."}});
  }
  log::info("master_key_loaded",
            {{"origin", master_key->origin}, {"key_id", master_key->key.id()}});

  http::ServerOptions options;
  options.host = listen->host;
  options.port = listen->port;
  // Handlers read the database on the I/O threads. SQLite answers those reads in microseconds,
  // so one thread per core is right; a PostgreSQL read waits a network round trip, during which
  // the thread serves nobody, so more threads keep the cores busy (measured: resolve went from
  // 2,300 to 8,800 requests/s on 2 cores with 16 threads instead of 2).
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bool waits_on_network = config.database_url.rfind("postgres", 0) == 0;
  int threads = config.threads > 0 ? config.threads : cores * (waits_on_network ? 8 : 1);
  options.io_threads = threads;
  options.limits.max_connections = config.max_connections;
  options.limits.max_connections_per_address = config.max_connections_per_address;
  options.trusted_proxies = *trusted_proxies;

  // One connection for every thread that may query at once: I/O, blocking and CPU pools.
  auto store = storage::open_store(
      config.database_url, {.pool_size = threads + options.blocking_threads + options.cpu_threads});
  if (!store) return fail(store.error().internal);
  auto migrated = (*store)->migrate();
  if (!migrated) return fail(migrated.error().internal);
  for (int version : migrated->applied) log::info("migration_applied", {{"version", version}});

  keys::TeamKeys team_keys(master_key->key);
  if (auto loaded = team_keys.preload(**store); !loaded) return fail(loaded.error().internal);
  // Keys stored before secret versions existed are sealed as version 1 before any is served.
  if (auto resealed = keys::reseal_unversioned_keys(**store, team_keys); !resealed) {
    return fail(resealed.error().internal);
  }
  auto audit_chain = audit::AuditChain::open(**store, master_key->key);
  if (!audit_chain) return fail(audit_chain.error().internal);
  (*store)->set_audit_sealer(audit_chain->sealer());

  auto web = api::WebAssets::load(config.web_dir);
  if (!web) return fail(web.error().internal);
  if (!web->built()) {
    log::warn("web_ui_missing", {{"dir", config.web_dir}, {"note", "run make build for the UI"}});
  }

  auto metrics = std::make_shared<http::Metrics>();
  SystemClock clock;
  api::AuthSettings auth;
  auth.secure_cookies = config.behind_tls;
  api::UsageRecorder usage(**store, clock);
  api::EventHub events(&clock);
  tokens::TokenCache tokens;
  // Every server's streams and caches hear what any server commits (one process with SQLite).
  if (auto listening = (*store)->listen(api::change_handler(&events, &tokens)); !listening) {
    return fail(listening.error().internal);
  }
  api::AppContext context{**store, metrics, clock, auth, &team_keys, &*web, &usage, &events};
  context.tokens = &tokens;
  context.provider_urls = api::provider_urls_from_environment();
  context.trusted_proxies = std::move(trusted_proxies).value();
  context.webhooks_allow_loopback = config.webhooks_allow_loopback;
  if (config.webhooks_allow_loopback) {
    log::warn("webhooks_loopback_allowed",
              {{"note", "webhooks may reach loopback addresses: for tests and development only"}});
  }
  auto gateway_networks = http::parse_cidr_list(config.gateway_allowed_cidrs);
  if (!gateway_networks) {
    return fail("KEYWARD_GATEWAY_ALLOWED_CIDRS: " + gateway_networks.error().detail);
  }
  gateway::GatewayOptions gateway_options;
  gateway_options.allowed_networks = std::move(gateway_networks).value();
  gateway_options.max_body_bytes = static_cast<std::size_t>(config.gateway_max_body_mib) << 20;
  gateway_options.extra_ca_file = config.gateway_ca_file;
  gateway::Gateway gateway(context, std::move(gateway_options));
  context.gateway = &gateway;
  webhooks::DeliveryOptions delivery_options;
  delivery_options.allow_loopback = config.webhooks_allow_loopback;
  delivery_options.retry_scale = config.webhooks_retry_scale;
  webhooks::Deliverer deliverer(**store, team_keys, clock, delivery_options);
  http::Router router;
  api::register_routes(router, context);

  http::Server server(options, std::move(router), metrics);
  server.catch_signals();  // before anything slow, so a SIGTERM during start-up is graceful too
  auto port = server.listen();
  if (!port) return fail(port.error().internal);
  std::string host =
      listen->host.find(':') != std::string::npos ? "[" + listen->host + "]" : listen->host;
  std::string url = "http://" + host + ":" + std::to_string(*port);
  context.auth.public_url = config.public_url.empty() ? url : config.public_url;
  while (!context.auth.public_url.empty() && context.auth.public_url.back() == '/') {
    context.auth.public_url.pop_back();
  }
  log::info("listening", {{"url", url},
                          {"database", (*store)->engine()},
                          {"schema_version", migrated->current_version}});

  auto setup = api::prepare_setup(context, preset_setup_token);
  if (!setup) return fail(setup.error().internal);
  if (*setup) {
    // Printed on its own, never through the log pipeline: it is a one-time secret for the
    // operator, and the token sits in the fragment so no server or proxy log ever records it.
    std::cout << "setup token: " << **setup << "\n"
              << "first run: open " << context.auth.public_url << "/setup#token=" << **setup
              << " to create the first owner and team\n"
              << std::flush;
  }
  usage.start();
  // Keys of teams that asked for it are checked again with their providers, as verify does.
  scheduler::KeyCheck check = [&context](const ApiKey& key, const crypto::SecretString& plaintext) {
    return api::ask_provider(context, key, plaintext, "scheduler").status;
  };
  scheduler::Scheduler scheduler(
      **store, clock, crypto::random_uuid(),
      {.interval = std::chrono::seconds(config.scheduler_interval_seconds),
       .lease = std::chrono::seconds(3 * config.scheduler_interval_seconds)},
      &team_keys, std::move(check));
  scheduler.start();
  deliverer.start();
  server.run();
  gateway.close();   // its provider connections live on the server's event loops
  deliverer.stop();  // lets attempts in flight end; the rest wait in the outbox
  scheduler.stop();
  usage.stop();  // writes the last counted resolves
  (*store)->stop_listening();
  log::info("stopped");
  return 0;
}

int migrate(const std::string& database_url) {
  log::init(log::Format::kText);
  auto store = storage::open_store(database_url, {.pool_size = 1});
  if (!store) return fail(store.error().internal);
  auto migrated = (*store)->migrate();
  if (!migrated) return fail(migrated.error().internal);
  if (migrated->applied.empty()) {
    std::cout << "schema is up to date at version " << migrated->current_version << "\n";
  } else {
    for (int version : migrated->applied) std::cout << "applied migration " << version << "\n";
    std::cout << "schema is now at version " << migrated->current_version << "\n";
  }
  return 0;
}

}  // namespace keyward::app
