#pragma once

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace keyward::client {

// Adds the client commands (login, logout, teams, keys, tokens, run, import, export, completion)
// to `app`. After a successful parse `action` holds the chosen command, ready to run; it stays
// empty when none of these was chosen.
void add_client_commands(CLI::App& app, std::function<int()>& action);

// The bash or zsh completion script for every command and option of `app` (keyward completion
// bash|zsh; make install puts both where the shells look).
std::string completion_script(const CLI::App& app, const std::string& shell);

}  // namespace keyward::client
