#pragma once

#include <string>
#include <vector>

// The client side of the `keyward` binary: commands that talk to a keyward server over its API
// (docs/cli.md). Each returns the process exit code (client/api.h's exit_code_for); secrets come
// only from standard input or a prompt without echo, never from an argument.
namespace keyward::client {

// What every client command may be given.
struct Common {
  std::string url;    // --url, else KEYWARD_URL, else the default profile
  std::string team;   // --team (id or name), else KEYWARD_TEAM, else the only team
  bool json = false;  // --json: machine-readable output
};

// keyward login --url URL: a personal access token from standard input or a prompt, checked
// against the server, stored as the URL's profile.
int login(const Common& common);
// keyward logout [--url URL]
int logout(const Common& common);
// keyward teams list
int teams_list(const Common& common);

struct KeyFilter {
  std::string type;
  std::string search;
  std::vector<std::string> labels;
};
struct KeyFields {
  std::string type;
  std::string description;
  std::vector<std::string> labels;
  bool labels_given = false;
  bool make_default = false;
  bool new_secret = false;  // update: read a new key from standard input or a prompt
};
int keys_list(const Common& common, const KeyFilter& filter);
int keys_get(const Common& common, const std::string& key);
int keys_create(const Common& common, const KeyFields& fields);
int keys_update(const Common& common, const std::string& key, const KeyFields& fields);
int keys_delete(const Common& common, const std::string& key, bool yes);
int keys_reveal(const Common& common, const std::string& key);
int keys_verify(const Common& common, const std::string& key);
int keys_history(const Common& common, const std::string& key);

struct TokenFields {
  std::string name;
  std::vector<std::string> types;
  std::vector<std::string> labels;
  std::string expires_at;  // RFC 3339; empty: never
};
int tokens_list(const Common& common);
int tokens_create(const Common& common, const TokenFields& fields);
int tokens_revoke(const Common& common, const std::string& id);

// keyward run --env VAR=type[@label,…]… [--gateway] -- command args…
struct RunOptions {
  std::vector<std::string> env;
  bool gateway = false;
  std::vector<std::string> command;
};
int run(const Common& common, const RunOptions& options);

// keyward import FILE and keyward export.
struct ImportOptions {
  std::string file;
  std::vector<std::string> map;  // NAME=type
  std::vector<std::string> labels;
  bool dry_run = false;
};
int import_file(const Common& common, const ImportOptions& options);
struct ExportOptions {
  std::string format = "dotenv";  // dotenv or json
  bool encrypt = false;
  std::string output;  // a new file (mode 0600); empty: standard output
  bool yes = false;    // write secrets to a terminal anyway
};
int export_keys(const Common& common, const ExportOptions& options);

}  // namespace keyward::client
