#include <cstdlib>
#include <iostream>
#include <memory>

#include "api/routes.h"
#include "app/commands.h"
#include "crypto/master_key.h"
#include "http/server.h"
#include "log/log.h"
#include "storage/store.h"

namespace keyward::app {
namespace {

int fail(const std::string& message) {
  std::cerr << "keyward: " << message << "\n";
  return 1;
}

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

}  // namespace

int serve(const ServeConfig& config) {
  auto format = parse_log_format(config.log_format);
  if (!format) return fail(format.error().internal);
  log::init(*format);
  auto listen = parse_listen(config.listen);
  if (!listen) return fail(listen.error().internal);

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
  options.io_threads = config.threads;
  options.limits.max_connections = config.max_connections;
  int threads = config.threads > 0 ? config.threads : 2;

  auto store = storage::open_store(config.database_url, {.pool_size = threads + 4});
  if (!store) return fail(store.error().internal);
  auto migrated = (*store)->migrate();
  if (!migrated) return fail(migrated.error().internal);
  for (int version : migrated->applied) log::info("migration_applied", {{"version", version}});

  auto metrics = std::make_shared<http::Metrics>();
  api::AppContext context{**store, metrics};
  http::Router router;
  api::register_routes(router, context);

  http::Server server(options, std::move(router), metrics);
  auto port = server.listen();
  if (!port) return fail(port.error().internal);
  std::string host =
      listen->host.find(':') != std::string::npos ? "[" + listen->host + "]" : listen->host;
  log::info("listening", {{"url", "http://" + host + ":" + std::to_string(*port)},
                          {"database", (*store)->engine()},
                          {"schema_version", migrated->current_version}});
  server.run(/*handle_signals=*/true);
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
