#include "client/cli.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <map>
#include <memory>

#include "client/commands.h"

namespace keyward::client {
namespace {

// The options every client command takes; `json` only where output is data.
// A repeatable option takes one value each time it is given, so it never swallows the
// positional argument after it (--label env:prod KEY, --env A=openai -- cmd).
CLI::Option* one_each(CLI::Option* option) { return option->allow_extra_args(false); }

void add_common(CLI::App* command, Common& common, bool team = true, bool json = true) {
  command->add_option("--url", common.url,
                      "The keyward server (default: KEYWARD_URL, or the "
                      "profile keyward login stored last)");
  if (team) {
    command->add_option("--team", common.team,
                        "Team id or name (default: KEYWARD_TEAM, or your only team)");
  }
  if (json) command->add_flag("--json", common.json, "Print JSON for scripts");
}

}  // namespace

void add_client_commands(CLI::App& app, std::function<int()>& action) {
  // Owned here for the life of the process: the parsed values the callbacks read.
  static Common common;
  static KeyFilter filter;
  static KeyFields fields;
  static TokenFields token;
  static RunOptions run_options;
  static ImportOptions import_options;
  static ExportOptions export_options;
  static std::string key;
  static std::string id;
  static bool yes = false;
  static std::string shell;
  auto set = [&action](std::function<int()> chosen) {
    return [&action, chosen = std::move(chosen)] { action = chosen; };
  };

  auto* login_cmd = app.add_subcommand(
      "login", "Store a personal access token for a server (read from standard input or a prompt)");
  add_common(login_cmd, common, false);
  login_cmd->callback(set([] { return login(common); }));
  auto* logout_cmd = app.add_subcommand("logout", "Forget the stored token of a server");
  add_common(logout_cmd, common, false, false);
  logout_cmd->callback(set([] { return logout(common); }));

  auto* teams_cmd = app.add_subcommand("teams", "Your teams");
  teams_cmd->require_subcommand(1);
  auto* teams_list_cmd = teams_cmd->add_subcommand("list", "The teams this token reaches");
  add_common(teams_list_cmd, common, false);
  teams_list_cmd->callback(set([] { return teams_list(common); }));

  auto* keys_cmd = app.add_subcommand("keys", "A team's API keys");
  keys_cmd->require_subcommand(1);
  auto* list_cmd = keys_cmd->add_subcommand("list", "List keys (hints only, never a secret)");
  add_common(list_cmd, common);
  list_cmd->add_option("--type", filter.type, "Only keys of this type (e.g. openai)");
  list_cmd->add_option("--search", filter.search, "Only keys whose description contains this");
  one_each(
      list_cmd->add_option("--label", filter.labels, "Only keys carrying this label (repeatable)"));
  list_cmd->callback(set([] { return keys_list(common, filter); }));
  auto add_key_arg = [](CLI::App* command) {
    command->add_option("key", key, "The key's id or its exact description")->required();
  };
  auto* get_cmd = keys_cmd->add_subcommand("get", "Show one key");
  add_common(get_cmd, common);
  add_key_arg(get_cmd);
  get_cmd->callback(set([] { return keys_get(common, key); }));
  auto* create_cmd = keys_cmd->add_subcommand("create",
                                              "Create a key; the key itself is read from standard "
                                              "input or a prompt, never an argument");
  add_common(create_cmd, common);
  create_cmd->add_option("--type", fields.type, "Its type (e.g. openai)")->required();
  create_cmd->add_option("--description", fields.description, "What it is for")->required();
  one_each(
      create_cmd->add_option("--label", fields.labels, "A label such as env:prod (repeatable)"));
  create_cmd->add_flag("--default", fields.make_default, "Make it its type's default key");
  create_cmd->callback(set([] { return keys_create(common, fields); }));
  auto* update_cmd = keys_cmd->add_subcommand("update", "Change a key");
  add_common(update_cmd, common);
  add_key_arg(update_cmd);
  update_cmd->add_option("--type", fields.type, "A new type");
  update_cmd->add_option("--description", fields.description, "A new description");
  auto* labels_opt = one_each(
      update_cmd->add_option("--label", fields.labels, "Its labels, replacing them (repeatable)"));
  update_cmd->add_flag("--default", fields.make_default, "Make it its type's default key");
  update_cmd->add_flag("--new-key", fields.new_secret,
                       "Replace the secret: read from standard input or a prompt");
  update_cmd->callback(set([labels_opt] {
    fields.labels_given = labels_opt->count() > 0;
    return keys_update(common, key, fields);
  }));
  auto* delete_cmd = keys_cmd->add_subcommand("delete", "Delete a key");
  add_common(delete_cmd, common);
  add_key_arg(delete_cmd);
  delete_cmd->add_flag("--yes,-y", yes, "Do not ask");
  delete_cmd->callback(set([] { return keys_delete(common, key, yes); }));
  auto* reveal_cmd = keys_cmd->add_subcommand("reveal", "Print a key's secret (audited)");
  add_common(reveal_cmd, common);
  add_key_arg(reveal_cmd);
  reveal_cmd->callback(set([] { return keys_reveal(common, key); }));
  auto* verify_cmd = keys_cmd->add_subcommand("verify", "Ask the provider whether a key works");
  add_common(verify_cmd, common);
  add_key_arg(verify_cmd);
  verify_cmd->callback(set([] { return keys_verify(common, key); }));
  auto* history_cmd = keys_cmd->add_subcommand("history", "A key's secret versions");
  add_common(history_cmd, common);
  add_key_arg(history_cmd);
  history_cmd->callback(set([] { return keys_history(common, key); }));

  auto* tokens_cmd = app.add_subcommand("tokens", "A team's service tokens");
  tokens_cmd->require_subcommand(1);
  auto* tokens_list_cmd = tokens_cmd->add_subcommand("list", "List service tokens");
  add_common(tokens_list_cmd, common);
  tokens_list_cmd->callback(set([] { return tokens_list(common); }));
  auto* tokens_create_cmd =
      tokens_cmd->add_subcommand("create", "Create a service token (printed once)");
  add_common(tokens_create_cmd, common);
  tokens_create_cmd->add_option("--name", token.name, "Its name")->required();
  one_each(tokens_create_cmd->add_option("--type", token.types,
                                         "A key type it may resolve (repeatable)"))
      ->required();
  one_each(tokens_create_cmd->add_option("--label", token.labels,
                                         "Only keys carrying this label (repeatable)"));
  tokens_create_cmd->add_option("--expires-at", token.expires_at,
                                "RFC 3339 date-time; default: never");
  tokens_create_cmd->callback(set([] { return tokens_create(common, token); }));
  auto* tokens_revoke_cmd = tokens_cmd->add_subcommand("revoke", "Revoke a service token");
  add_common(tokens_revoke_cmd, common);
  tokens_revoke_cmd->add_option("id", id, "The token's id")->required();
  tokens_revoke_cmd->callback(set([] { return tokens_revoke(common, id); }));

  auto* run_cmd = app.add_subcommand(
      "run", "Run a program with keys in its environment, resolved with KEYWARD_SERVICE_TOKEN");
  add_common(run_cmd, common, false, false);
  one_each(run_cmd->add_option(
      "--env", run_options.env,
      "VAR=type or VAR=type@label[,label]: the key to put in VAR (repeatable)"));
  run_cmd->add_flag("--gateway", run_options.gateway,
                    "Set the SDKs' base URLs to this server's gateway and VAR to the service "
                    "token: the program never sees a key");
  run_cmd->add_option("command", run_options.command, "The program and its arguments, after --")
      ->required();
  run_cmd->callback(set([] { return run(common, run_options); }));

  auto* import_cmd =
      app.add_subcommand("import", "Import a .env file or an encrypted bundle into a team");
  add_common(import_cmd, common);
  import_cmd->add_option("file", import_options.file, "The .env file or bundle")->required();
  one_each(import_cmd->add_option(
      "--map", import_options.map,
      "NAME=type for a variable of another name, or NAME=skip (repeatable)"));
  one_each(import_cmd->add_option("--label", import_options.labels,
                                  "A label for every imported key (repeatable)"));
  import_cmd->add_flag("--dry-run", import_options.dry_run,
                       "Show what would happen, import nothing");
  import_cmd->callback(set([] { return import_file(common, import_options); }));

  auto* export_cmd = app.add_subcommand(
      "export", "Export a team's keys (each reveal is audited; needs api_keys:reveal)");
  add_common(export_cmd, common, true, false);
  export_cmd->add_option("--format", export_options.format, "dotenv or json")
      ->check(CLI::IsMember({"dotenv", "json"}))
      ->capture_default_str();
  export_cmd->add_flag("--encrypt", export_options.encrypt,
                       "Write a passphrase-protected bundle (docs/bundle-format.md)");
  export_cmd->add_option("--output,-o", export_options.output,
                         "A new file (mode 0600) instead of standard output");
  export_cmd->add_flag("--yes,-y", export_options.yes, "Print plaintext keys to a terminal");
  export_cmd->callback(set([] { return export_keys(common, export_options); }));

  auto* completion_cmd =
      app.add_subcommand("completion", "Print the bash or zsh completion script");
  completion_cmd->add_option("shell", shell, "bash or zsh")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh"}));
  completion_cmd->callback(set([&app] {
    std::cout << completion_script(app, shell);
    return 0;
  }));
}

std::string completion_script(const CLI::App& app, const std::string& shell) {
  // For each command path ("", "keys", "keys list"…): its subcommands and its options.
  std::map<std::string, std::string> words;
  std::map<std::string, std::string> subs;
  std::function<void(const CLI::App*, const std::string&)> walk = [&](const CLI::App* command,
                                                                      const std::string& path) {
    std::string& list = words[path];
    for (const CLI::App* sub : command->get_subcommands({})) {
      list += sub->get_name() + " ";
      subs[path] += sub->get_name() + " ";
      walk(sub, path.empty() ? sub->get_name() : path + " " + sub->get_name());
    }
    for (const CLI::Option* option : command->get_options()) {
      for (const auto& name : option->get_lnames()) list += "--" + name + " ";
      for (const auto& name : option->get_snames()) list += "-" + name + " ";
    }
  };
  walk(&app, "");
  std::string out;
  if (shell == "zsh") out += "#compdef keyward\nautoload -U +X bashcompinit && bashcompinit\n";
  out += "# keyward completion (generated by keyward completion " + shell + ")\n";
  out += "_keyward() {\n  local cur=\"${COMP_WORDS[COMP_CWORD]}\" path=\"\" w i subs opts\n";
  out += "  for ((i = 1; i < COMP_CWORD; i++)); do\n    w=\"${COMP_WORDS[i]}\"\n";
  out += "    case \"$path\" in\n";
  for (const auto& [path, list] : subs) {
    out.append("      \"").append(path).append("\") subs=\"").append(list).append("\" ;;\n");
  }
  out += "      *) subs=\"\" ;;\n    esac\n";
  out += "    if [[ \" $subs \" == *\" $w \"* ]]; then path=\"${path:+$path }$w\"; fi\n  done\n";
  out += "  case \"$path\" in\n";
  for (const auto& [path, list] : words) {
    out.append("    \"").append(path).append("\") opts=\"").append(list).append("\" ;;\n");
  }
  out += "    *) opts=\"\" ;;\n  esac\n";
  out += "  COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n}\n";
  out += "complete -o default -F _keyward keyward\n";
  return out;
}

}  // namespace keyward::client
