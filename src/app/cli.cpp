#include <CLI/CLI.hpp>

#include <iostream>

#include "app/commands.h"
#include "client/cli.h"

#ifndef KEYWARD_VERSION
#define KEYWARD_VERSION "0.0.0"
#endif

namespace keyward::app {

int run_cli(int argc, char** argv) {
  CLI::App app{
      "keyward: a team-scoped API key manager. Stores the credentials a team's "
      "application uses, sealed at rest, and serves them through an audited API."};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show the help of every command");

  ServeConfig config;
  auto* serve_cmd = app.add_subcommand("serve", "Run the HTTP server (JSON API under /api/v1)");
  serve_cmd
      ->add_option("--listen", config.listen,
                   "Address and port to listen on, host:port; port 0 picks a free one")
      ->envname("KEYWARD_LISTEN")
      ->capture_default_str();
  serve_cmd
      ->add_option("--database-url", config.database_url,
                   "Database: sqlite:PATH (the file and its directory are created)")
      ->envname("KEYWARD_DATABASE_URL")
      ->capture_default_str();
  serve_cmd
      ->add_option("--master-key-file", config.master_key_file,
                   "File with the base64 32-byte master key, mode 0600 or stricter. Instead, the "
                   "key itself may be given in KEYWARD_MASTER_KEY. With neither, a development "
                   "key is generated at var/master.key")
      ->envname("KEYWARD_MASTER_KEY_FILE");
  serve_cmd->add_option("--log-format", config.log_format, "Log lines as text or json")
      ->envname("KEYWARD_LOG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  serve_cmd
      ->add_option("--threads", config.threads,
                   "I/O threads; 0 means one per core (eight per core with PostgreSQL)")
      ->envname("KEYWARD_THREADS")
      ->check(CLI::Range(0, 256))
      ->capture_default_str();
  serve_cmd
      ->add_option("--max-connections", config.max_connections,
                   "Open client connections allowed; more get 503")
      ->envname("KEYWARD_MAX_CONNECTIONS")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  serve_cmd
      ->add_option("--max-connections-per-address", config.max_connections_per_address,
                   "Open connections allowed from one client address (IPv6: one /64); more get "
                   "503. 0 means a quarter of --max-connections. --trusted-proxies count against "
                   "--max-connections only; behind another reverse proxy every client has its "
                   "address: raise this to --max-connections")
      ->envname("KEYWARD_MAX_CONNECTIONS_PER_ADDRESS")
      ->check(CLI::Range(0, 1'000'000))
      ->capture_default_str();

  serve_cmd
      ->add_flag("--behind-tls", config.behind_tls,
                 "A TLS-terminating proxy serves keyward: mark the session cookie Secure")
      ->envname("KEYWARD_BEHIND_TLS");
  serve_cmd
      ->add_option("--public-url", config.public_url,
                   "Base URL people use to reach keyward, for links in invitations (default: "
                   "http://<listen address>)")
      ->envname("KEYWARD_PUBLIC_URL");
  serve_cmd
      ->add_option("--trusted-proxies", config.trusted_proxies,
                   "Comma-separated addresses or CIDRs of reverse proxies whose X-Forwarded-For "
                   "names the client (for sign-in throttling and the audit trail); empty: none")
      ->envname("KEYWARD_TRUSTED_PROXIES");
  serve_cmd
      ->add_option("--scheduler-interval", config.scheduler_interval_seconds,
                   "Seconds between the scheduler's rounds (expiry and rotation notices)")
      ->envname("KEYWARD_SCHEDULER_INTERVAL")
      ->check(CLI::Range(1, 86'400))
      ->capture_default_str();
  serve_cmd
      ->add_flag("--webhooks-allow-loopback", config.webhooks_allow_loopback,
                 "Tests and development only: webhook URLs may be http:// to a loopback host, "
                 "and deliveries may reach loopback addresses")
      ->envname("KEYWARD_WEBHOOKS_ALLOW_LOOPBACK");
  serve_cmd
      ->add_option("--webhooks-retry-scale", config.webhooks_retry_scale,
                   "Tests only: multiplies every webhook retry delay (1 is the real schedule)")
      ->envname("KEYWARD_WEBHOOKS_RETRY_SCALE")
      ->check(CLI::Range(0.0001, 1.0))
      ->capture_default_str();
  serve_cmd
      ->add_option("--gateway-allowed-cidrs", config.gateway_allowed_cidrs,
                   "Comma-separated private addresses or CIDRs the gateway may reach (on-premises "
                   "model servers); every other internal address is refused")
      ->envname("KEYWARD_GATEWAY_ALLOWED_CIDRS");
  serve_cmd
      ->add_option("--gateway-ca-file", config.gateway_ca_file,
                   "PEM file of extra certificate authorities the gateway trusts (an on-premises "
                   "model server's internal CA), besides the system's")
      ->envname("KEYWARD_GATEWAY_CA_FILE")
      ->check(CLI::ExistingFile);
  serve_cmd
      ->add_option("--gateway-max-body-mib", config.gateway_max_body_mib,
                   "The largest request body the gateway forwards, in MiB")
      ->envname("KEYWARD_GATEWAY_MAX_BODY_MIB")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  serve_cmd->add_option("--web-dir", config.web_dir, "Directory of the built web UI")
      ->envname("KEYWARD_WEB_DIR")
      ->capture_default_str();
  serve_cmd->footer(
      "Environment only (secrets never go in flags, which other users can see in ps):\n"
      "  KEYWARD_MASTER_KEY    the base64 master key itself, instead of a key file\n"
      "  KEYWARD_SETUP_TOKEN   preset the one-time setup token for automated installs");

  std::string migrate_url = ServeConfig{}.database_url;
  auto* migrate_cmd =
      app.add_subcommand("migrate", "Apply pending database migrations and exit (idempotent)");
  migrate_cmd->add_option("--database-url", migrate_url, "Database: sqlite:PATH or postgresql://…")
      ->envname("KEYWARD_DATABASE_URL")
      ->capture_default_str();

  std::string reset_url = ServeConfig{}.database_url;
  std::string reset_email;
  auto* reset_cmd = app.add_subcommand("reset-password",
                                       "Set a user's password from the terminal, end their "
                                       "sessions and revoke their personal access tokens");
  reset_cmd->add_option("email", reset_email, "The user's email address")->required();
  reset_cmd->add_option("--database-url", reset_url, "Database: sqlite:PATH or postgresql://…")
      ->envname("KEYWARD_DATABASE_URL")
      ->capture_default_str();

  std::string rotate_url = ServeConfig{}.database_url;
  std::string rotate_current;
  std::string rotate_new;
  auto* rotate_cmd = app.add_subcommand(
      "rotate-master-key",
      "Re-wrap every team key under a new master key (the credentials stay as they are)");
  rotate_cmd
      ->add_option("--new-key-file", rotate_new, "File with the new base64 master key, mode 0600")
      ->required();
  rotate_cmd
      ->add_option("--master-key-file", rotate_current,
                   "File with the current master key (or KEYWARD_MASTER_KEY; default "
                   "var/master.key)")
      ->envname("KEYWARD_MASTER_KEY_FILE");
  rotate_cmd->add_option("--database-url", rotate_url, "Database: sqlite:PATH or postgresql://…")
      ->envname("KEYWARD_DATABASE_URL")
      ->capture_default_str();

  std::string backup_url = ServeConfig{}.database_url;
  std::string backup_out;
  std::string backup_format;
  auto* backup_cmd = app.add_subcommand(
      "backup", "Write a backup of the database to a new file (keys stay sealed)");
  backup_cmd->add_option("file", backup_out, "The file to create (mode 0600)")->required();
  backup_cmd
      ->add_option("--format", backup_format,
                   "sqlite: SQLite online backup (default for SQLite); export: portable JSON "
                   "lines any engine can restore (default for PostgreSQL)")
      ->check(CLI::IsMember({"sqlite", "export"}));
  backup_cmd->add_option("--database-url", backup_url, "Database: sqlite:PATH or postgresql://…")
      ->envname("KEYWARD_DATABASE_URL")
      ->capture_default_str();
  std::string backup_key_file;
  backup_cmd
      ->add_option("--master-key-file", backup_key_file,
                   "File with the master key the backup is signed under (or KEYWARD_MASTER_KEY; "
                   "default var/master.key)")
      ->envname("KEYWARD_MASTER_KEY_FILE");

  std::string restore_url = ServeConfig{}.database_url;
  std::string restore_in;
  auto* restore_cmd = app.add_subcommand(
      "restore", "Load a backup or export into an empty database (SQLite or PostgreSQL)");
  restore_cmd->add_option("file", restore_in, "A SQLite backup file or an export")->required();
  restore_cmd->add_option("--database-url", restore_url, "Database: sqlite:PATH or postgresql://…")
      ->envname("KEYWARD_DATABASE_URL")
      ->capture_default_str();
  std::string restore_key_file;
  bool restore_accept_broken_audit = false;
  restore_cmd
      ->add_option("--master-key-file", restore_key_file,
                   "File with the master key the backup was made under (or KEYWARD_MASTER_KEY; "
                   "default var/master.key): checks the export's signature and the audit trail")
      ->envname("KEYWARD_MASTER_KEY_FILE");
  restore_cmd->add_flag("--accept-broken-audit", restore_accept_broken_audit,
                        "Restore even when an audit chain in the backup does not verify (it was "
                        "changed outside keyward); the broken chains are listed");

  std::string audit_url = ServeConfig{}.database_url;
  std::string audit_key_file;
  auto* audit_cmd = app.add_subcommand("audit", "Work with the audit trail");
  audit_cmd->require_subcommand(1);
  auto* verify_cmd = audit_cmd->add_subcommand(
      "verify", "Check every team's audit hash chain; exit code 1 when an event was changed");
  verify_cmd
      ->add_option("--master-key-file", audit_key_file,
                   "File with the master key (or KEYWARD_MASTER_KEY; default var/master.key)")
      ->envname("KEYWARD_MASTER_KEY_FILE");
  verify_cmd->add_option("--database-url", audit_url, "Database: sqlite:PATH or postgresql://…")
      ->envname("KEYWARD_DATABASE_URL")
      ->capture_default_str();

  auto* version_cmd = app.add_subcommand("version", "Print the version");

  // The client commands: talk to a keyward server over its API (docs/cli.md).
  std::function<int()> client_action;
  client::add_client_commands(app, client_action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version answer 0; any other mistake in the command line is a usage error (2).
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (client_action) return client_action();
  if (*serve_cmd) return serve(config);
  if (*migrate_cmd) return migrate(migrate_url);
  if (*reset_cmd) return reset_password(reset_url, reset_email);
  if (*rotate_cmd) return rotate_master_key(rotate_url, rotate_current, rotate_new);
  if (*backup_cmd) return backup(backup_url, backup_out, backup_format, backup_key_file);
  if (*restore_cmd) {
    return restore(restore_url, restore_in, restore_key_file, restore_accept_broken_audit);
  }
  if (*verify_cmd) return audit_verify(audit_url, audit_key_file);
  if (*version_cmd) {
    std::cout << "keyward " << KEYWARD_VERSION << "\n";
    return 0;
  }
  return 1;
}

}  // namespace keyward::app
