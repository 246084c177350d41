// keyward import and keyward export: a team's keys in and out of .env files, JSON and encrypted
// bundles.
#include <fcntl.h>
#include <unistd.h>

#include <sodium.h>

#include <boost/json.hpp>

#include <cerrno>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <system_error>

#include "app/console.h"
#include "client/bundle.h"
#include "client/context.h"
#include "client/dotenv.h"
#include "client/env_names.h"
#include "client/table.h"
#include "domain/catalogue.h"

namespace keyward::client {
namespace {

void wipe(std::string& text) { sodium_memzero(text.data(), text.size()); }

// One key to import: from a .env line (variable, value) or a bundle entry (its fields).
struct Candidate {
  std::string source;  // the variable name, or the bundle entry's description
  std::string type;    // "" when unknown
  std::string description;
  std::vector<std::string> labels;
  bool make_default = false;
  crypto::SecretString key;
  std::string skip;  // why it is not imported; "" when it is
};

// "▕████░░░░▏ 12/30" on standard error, rewritten in place; only on a terminal.
void progress(std::size_t done, std::size_t total) {
  if (::isatty(STDERR_FILENO) == 0 || total < 5) return;
  constexpr std::size_t kWidth = 30;
  std::size_t filled = total == 0 ? kWidth : done * kWidth / total;
  std::cerr << "\r[" << std::string(filled, '#') << std::string(kWidth - filled, '.') << "] "
            << done << "/" << total << (done == total ? "\n" : "") << std::flush;
}

Result<std::string> read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error::make(ErrorCode::kNotFound,
                       "Cannot read " + path + ": " + std::generic_category().message(errno));
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The .env's variables as candidates: --map first, then the well-known names; unknown names are
// asked for on a terminal, else skipped. A name given twice keeps its last value.
Result<std::vector<Candidate>> from_dotenv(std::string_view text, const ImportOptions& options) {
  KW_TRY(entries, parse_dotenv(text));
  std::map<std::string, std::string> mapped;
  for (const auto& pair : options.map) {
    std::size_t eq = pair.find('=');
    std::string type = eq == std::string::npos ? "" : pair.substr(eq + 1);
    if (eq == std::string::npos || (type != "skip" && find_key_type(type) == nullptr)) {
      return Error::make(ErrorCode::kBadRequest,
                         "--map " + pair + ": give NAME=type (a catalogue type, or skip)");
    }
    mapped[pair.substr(0, eq)] = type;
  }
  std::map<std::string, std::size_t> last;
  for (std::size_t i = 0; i < entries.size(); ++i) last[entries[i].name] = i;
  const bool ask = ::isatty(STDIN_FILENO) != 0 && !options.dry_run;
  std::vector<Candidate> out;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    auto& entry = entries[i];
    Candidate c;
    c.source = entry.name;
    c.description = entry.name;
    c.labels = options.labels;
    c.key = crypto::SecretString(std::move(entry.value));
    if (last[entry.name] != i) {
      c.skip = "repeated later in the file";
    } else if (auto found = mapped.find(entry.name); found != mapped.end()) {
      if (found->second == "skip") c.skip = "skipped by --map";
      c.type = found->second == "skip" ? "" : found->second;
    } else if (auto known = type_for_variable(entry.name)) {
      c.type = *known;
    } else if (ask) {
      std::cerr << "Type of " << entry.name << " (e.g. openai; Enter to skip): " << std::flush;
      std::string answer;
      std::getline(std::cin, answer);
      if (find_key_type(answer) != nullptr) {
        c.type = answer;
      } else {
        c.skip = "unknown variable";
      }
    } else {
      c.skip = "unknown variable (map it with --map " + entry.name + "=TYPE)";
    }
    if (c.skip.empty() && c.key.view().empty()) c.skip = "empty value";
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<Candidate> from_bundle(boost::json::array& keys) {
  std::vector<Candidate> out;
  for (auto& entry : keys) {
    auto& fields = entry.as_object();
    Candidate c;
    c.description = text_of(fields, "description");
    c.source = c.description;
    c.type = text_of(fields, "type");
    if (const auto* labels = fields.if_contains("labels"); labels && labels->is_array()) {
      for (const auto& label : labels->as_array()) {
        if (label.is_string()) c.labels.emplace_back(label.as_string());
      }
    }
    if (const auto* d = fields.if_contains("is_default"); d && d->is_bool()) {
      c.make_default = d->as_bool();
    }
    if (auto* key = fields.if_contains("key"); key && key->is_string()) {
      c.key = crypto::SecretString(std::string(key->as_string()));
      sodium_memzero(key->as_string().data(), key->as_string().size());
    }
    if (find_key_type(c.type) == nullptr) c.skip = "unknown key type";
    out.push_back(std::move(c));
  }
  return out;
}

// Writes `text` to `path`, a new file of mode 0600 (never over an existing one).
Status write_new_file(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Error::make(errno == EEXIST ? ErrorCode::kConflict : ErrorCode::kInternal,
                       "Cannot create " + path + ": " + std::generic_category().message(errno));
  }
  bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  if (::close(fd) != 0 || !written) {
    return Error::make(ErrorCode::kInternal,
                       "Cannot write " + path + ": " + std::generic_category().message(errno));
  }
  return ok_status();
}

// A passphrase from the prompt (twice, when `confirm`) or one line of standard input.
Result<crypto::SecretString> read_passphrase(bool confirm) {
  KW_TRY(passphrase, read_secret("Bundle passphrase: ", "passphrase"));
  if (confirm && ::isatty(STDIN_FILENO) != 0) {
    crypto::SecretString again(app::read_secret_line("Repeat it: "));
    if (again.view() != passphrase.view()) {
      return Error::make(ErrorCode::kValidation,
                         "The two passphrases differ; nothing was written.");
    }
  }
  if (passphrase.view().size() < 12) {
    return Error::make(ErrorCode::kValidation, "Use a passphrase of at least 12 characters.");
  }
  return passphrase;
}

}  // namespace

int import_file(const Common& common, const ImportOptions& options) {
  auto text = read_whole(options.file);
  if (!text) return report(text.error());
  std::vector<Candidate> candidates;
  boost::json::array bundle_keys;
  if (text->rfind(kBundleMagic, 0) == 0) {
    auto passphrase = read_secret("Bundle passphrase: ", "passphrase");
    if (!passphrase) return report(passphrase.error());
    auto opened = open_bundle(*text, passphrase->view());
    if (!opened) return report(opened.error());
    bundle_keys = std::move(*opened);
    candidates = from_bundle(bundle_keys);
  } else {
    auto parsed = from_dotenv(*text, options);
    wipe(*text);
    if (!parsed) return report(parsed.error());
    candidates = std::move(*parsed);
  }

  std::vector<std::vector<std::string>> preview;
  preview.reserve(candidates.size());
  for (const auto& c : candidates) {
    preview.push_back(
        {c.source, c.type.empty() ? "-" : c.type, c.skip.empty() ? "create" : "skip: " + c.skip});
  }
  if (options.dry_run) {
    if (common.json) {
      boost::json::array out;
      for (const auto& row : preview) {
        out.push_back({{"name", row[0]}, {"type", row[1]}, {"action", row[2]}});
      }
      print_json(out);
    } else {
      print_table(std::cout, {"NAME", "TYPE", "ACTION"}, preview);
      std::cout << "Dry run: nothing was imported.\n";
    }
    return 0;
  }

  auto session = open_session(common);
  if (!session) return report(session.error());
  auto team = choose_team(*session->api, common);
  if (!team) return report(team.error());
  if (!common.json) print_table(std::cerr, {"NAME", "TYPE", "ACTION"}, preview);
  std::size_t total = 0;
  for (const auto& c : candidates) total += c.skip.empty() ? 1 : 0;
  std::size_t done = 0, created = 0, already = 0, failed = 0;
  boost::json::array results;
  for (auto& c : candidates) {
    if (!c.skip.empty()) {
      results.push_back({{"name", c.source}, {"result", "skipped"}, {"reason", c.skip}});
      continue;
    }
    boost::json::array labels;
    for (const auto& label : c.labels) labels.emplace_back(label);
    boost::json::object body{{"type", c.type},
                             {"description", c.description},
                             {"key", c.key.view()},
                             {"labels", std::move(labels)}};
    if (c.make_default) body["is_default"] = true;
    auto made = session->api->call("POST", "/teams/" + *team + "/api-keys", {}, body);
    sodium_memzero(body["key"].as_string().data(), body["key"].as_string().size());
    progress(++done, total);
    if (made) {
      ++created;
      results.push_back(
          {{"name", c.source}, {"result", "created"}, {"id", text_of(made->as_object(), "id")}});
    } else if (made.error().code == ErrorCode::kConflict) {
      ++already;
      results.push_back({{"name", c.source},
                         {"result", "skipped"},
                         {"reason", "the team already holds this key"}});
    } else {
      ++failed;
      results.push_back(
          {{"name", c.source}, {"result", "failed"}, {"reason", made.error().detail}});
    }
  }
  std::size_t skipped = candidates.size() - created - failed;
  if (common.json) {
    print_json(boost::json::object{{"created", created},
                                   {"skipped", skipped},
                                   {"failed", failed},
                                   {"results", std::move(results)}});
  } else {
    for (const auto& r : results) {
      const auto& o = r.as_object();
      if (text_of(o, "result") == "created") continue;
      std::cout << text_of(o, "name") << ": " << text_of(o, "result") << ", "
                << text_of(o, "reason") << "\n";
    }
    std::cout << created << " created, " << skipped << " skipped (" << already << " already held), "
              << failed << " failed\n";
  }
  return failed > 0 ? 1 : 0;
}

int export_keys(const Common& common, const ExportOptions& options) {
  if (options.format != "dotenv" && options.format != "json") {
    return report(Error::make(ErrorCode::kBadRequest, "--format is dotenv or json."));
  }
  if (options.output.empty() && ::isatty(STDOUT_FILENO) != 0 && !options.yes) {
    return report(Error::make(ErrorCode::kBadRequest,
                              "This writes the keys in plaintext: give --output FILE, redirect "
                              "standard output, or add --yes to print them here."));
  }
  std::optional<crypto::SecretString> passphrase;
  if (options.encrypt) {
    auto read = read_passphrase(true);
    if (!read) return report(read.error());
    passphrase = std::move(*read);
  }
  auto session = open_session(common);
  if (!session) return report(session.error());
  auto team = choose_team(*session->api, common);
  if (!team) return report(team.error());
  Api& api = *session->api;

  // Every key, each revealed (and so audited) one by one.
  boost::json::array keys;
  for (int page = 1;; ++page) {
    auto answer = api.call("GET", "/teams/" + *team + "/api-keys",
                           {{"page_size", "100"}, {"page", std::to_string(page)}});
    if (!answer) return report(answer.error());
    auto& items = answer->as_object()["items"].as_array();
    for (auto& item : items) keys.push_back(std::move(item));
    if (items.empty() || static_cast<std::int64_t>(keys.size()) >=
                             answer->as_object()["total"].to_number<std::int64_t>()) {
      break;
    }
  }
  boost::json::array out;
  std::string dotenv;
  std::map<std::string, int> used;
  auto wipe_all = [&] {
    for (auto& entry : out) {
      auto& secret = entry.as_object()["key"].as_string();
      sodium_memzero(secret.data(), secret.size());
    }
    wipe(dotenv);
  };
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto& key = keys[i].as_object();
    auto revealed =
        api.call("POST", "/teams/" + *team + "/api-keys/" + text_of(key, "id") + "/reveal");
    if (!revealed) {
      wipe_all();
      return report(revealed.error());
    }
    auto& secret = revealed->as_object()["key"].as_string();
    boost::json::object entry{{"type", key.at("type")},
                              {"description", key.at("description")},
                              {"labels", key.at("labels")},
                              {"is_default", key.at("is_default")},
                              {"key", secret}};
    std::string name = variable_for_type(text_of(key, "type"));
    int n = ++used[name];
    if (n > 1) name += "_" + std::to_string(n);
    entry["variable"] = name;
    dotenv += "# " + text_of(key, "description") + "\n" + dotenv_line(name, secret) + "\n";
    sodium_memzero(secret.data(), secret.size());
    out.push_back(std::move(entry));
    progress(i + 1, keys.size());
  }
  std::string text;
  if (options.encrypt) {
    auto sealed = seal_bundle(out, passphrase->view());
    if (!sealed) {
      wipe_all();
      return report(sealed.error());
    }
    text = std::move(*sealed);
  } else {
    text = options.format == "json" ? boost::json::serialize(out) + "\n" : dotenv;
  }
  wipe_all();
  if (options.output.empty()) {
    std::cout << text << std::flush;
  } else if (auto written = write_new_file(options.output, text); !written) {
    wipe(text);
    return report(written.error());
  }
  wipe(text);
  std::cerr << "Exported " << keys.size() << " keys" << (options.encrypt ? " (encrypted)" : "")
            << (options.output.empty() ? "" : " to " + options.output) << "\n";
  return 0;
}

}  // namespace keyward::client
