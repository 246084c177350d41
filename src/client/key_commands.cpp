// keyward keys … and keyward tokens …: the team's API keys and service tokens.
#include <unistd.h>

#include <sodium.h>

#include <boost/json.hpp>

#include <iostream>

#include "app/console.h"
#include "client/context.h"
#include "client/table.h"

namespace keyward::client {
namespace {

// The team's keys matching `query`, every page.
Result<boost::json::array> all_keys(Api& api, const std::string& team, Query query) {
  boost::json::array items;
  query.emplace_back("page_size", "100");
  for (int page = 1;; ++page) {
    Query paged = query;
    paged.emplace_back("page", std::to_string(page));
    KW_TRY(answer, api.call("GET", "/teams/" + team + "/api-keys", paged));
    auto& fields = answer.as_object();
    for (auto& item : fields["items"].as_array()) items.push_back(std::move(item));
    if (static_cast<std::int64_t>(items.size()) >= fields["total"].to_number<std::int64_t>() ||
        fields["items"].as_array().empty()) {
      return items;
    }
  }
}

std::string joined(const boost::json::value& list, const char* separator = ",") {
  std::string out;
  if (!list.is_array()) return out;
  for (const auto& item : list.as_array()) {
    if (!item.is_string()) continue;
    if (!out.empty()) out += separator;
    out += item.as_string();
  }
  return out;
}

std::string state_of(const boost::json::object& key) {
  if (const auto* disabled = key.if_contains("disabled_at"); disabled && disabled->is_string()) {
    return "disabled";
  }
  std::string lifecycle = text_of(key, "lifecycle_status");
  if (!lifecycle.empty() && lifecycle != "ok") return lifecycle;
  std::string verified = text_of(key, "verify_status");
  return verified.empty() ? "unchecked" : verified;
}

void print_keys(const boost::json::array& keys) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& item : keys) {
    const auto& key = item.as_object();
    rows.push_back({text_of(key, "id"), text_of(key, "type"), text_of(key, "description"),
                    text_of(key, "key_hint"), joined(key.at("labels")),
                    key.at("is_default").as_bool() ? "yes" : "", state_of(key)});
  }
  print_table(std::cout, {"ID", "TYPE", "DESCRIPTION", "KEY", "LABELS", "DEFAULT", "STATUS"}, rows);
}

void print_key(const boost::json::object& key) {
  std::vector<std::vector<std::string>> rows;
  for (const char* name :
       {"id", "type", "description", "key_hint", "fingerprint", "created_at", "updated_at",
        "last_used_at", "verify_status", "expires_at", "rotation_due_at", "base_url"}) {
    const auto* value = key.if_contains(name);
    if (value == nullptr || value->is_null()) continue;
    rows.push_back({name, value->is_string() ? std::string(value->as_string())
                                             : boost::json::serialize(*value)});
  }
  rows.push_back({"labels", joined(key.at("labels"))});
  rows.push_back({"default", key.at("is_default").as_bool() ? "yes" : "no"});
  rows.push_back({"status", state_of(key)});
  print_table(std::cout, {"FIELD", "VALUE"}, rows);
}

// The session and the chosen team, or the exit code of why there are none.
struct Scope {
  Session session;
  std::string team;
};
Result<Scope> scope(const Common& common) {
  KW_TRY(session, open_session(common));
  KW_TRY(team, choose_team(*session.api, common));
  return Scope{std::move(session), std::move(team)};
}

boost::json::array string_array(const std::vector<std::string>& values) {
  boost::json::array out;
  for (const auto& value : values) out.emplace_back(value);
  return out;
}

}  // namespace

int keys_list(const Common& common, const KeyFilter& filter) {
  auto s = scope(common);
  if (!s) return report(s.error());
  Query query;
  if (!filter.type.empty()) query.emplace_back("type", filter.type);
  if (!filter.search.empty()) query.emplace_back("search", filter.search);
  for (const auto& label : filter.labels) query.emplace_back("label", label);
  auto keys = all_keys(*s->session.api, s->team, query);
  if (!keys) return report(keys.error());
  if (common.json) {
    print_json(*keys);
  } else if (keys->empty()) {
    std::cerr << "No keys.\n";
  } else {
    print_keys(*keys);
  }
  return 0;
}

int keys_get(const Common& common, const std::string& key) {
  auto s = scope(common);
  if (!s) return report(s.error());
  auto found = find_key(*s->session.api, s->team, key);
  if (!found) return report(found.error());
  if (common.json) {
    print_json(*found);
  } else {
    print_key(*found);
  }
  return 0;
}

int keys_create(const Common& common, const KeyFields& fields) {
  if (fields.type.empty() || fields.description.empty()) {
    return report(Error::make(ErrorCode::kBadRequest, "Give --type and --description."));
  }
  auto s = scope(common);
  if (!s) return report(s.error());
  auto secret = read_secret("Key (not shown): ", "key");
  if (!secret) return report(secret.error());
  boost::json::object body{{"type", fields.type},
                           {"description", fields.description},
                           {"key", secret->view()},
                           {"labels", string_array(fields.labels)}};
  if (fields.make_default) body["is_default"] = true;
  auto made = s->session.api->call("POST", "/teams/" + s->team + "/api-keys", {}, body);
  auto& sent = body["key"].as_string();
  sodium_memzero(sent.data(), sent.size());
  if (!made) return report(made.error());
  const auto& key = made->as_object();
  if (common.json) {
    print_json(key);
    return 0;
  }
  std::cout << "Created " << text_of(key, "id") << " (" << text_of(key, "key_hint") << ")\n";
  if (const auto* warnings = key.if_contains("warnings"); warnings && warnings->is_array()) {
    for (const auto& warning : warnings->as_array()) {
      if (warning.is_string()) std::cerr << "warning: " << warning.as_string() << "\n";
    }
  }
  return 0;
}

int keys_update(const Common& common, const std::string& key, const KeyFields& fields) {
  auto s = scope(common);
  if (!s) return report(s.error());
  auto found = find_key(*s->session.api, s->team, key);
  if (!found) return report(found.error());
  boost::json::object body;
  if (!fields.type.empty()) body["type"] = fields.type;
  if (!fields.description.empty()) body["description"] = fields.description;
  if (fields.labels_given) body["labels"] = string_array(fields.labels);
  if (fields.make_default) body["is_default"] = true;
  std::optional<crypto::SecretString> secret;
  if (fields.new_secret) {
    auto read = read_secret("New key (not shown): ", "key");
    if (!read) return report(read.error());
    secret = std::move(*read);
    body["key"] = secret->view();
  }
  if (body.empty()) {
    return report(Error::make(ErrorCode::kBadRequest,
                              "Nothing to change: give --type, --description, --label, "
                              "--default or --new-key."));
  }
  auto changed = s->session.api->call(
      "PATCH", "/teams/" + s->team + "/api-keys/" + text_of(*found, "id"), {}, body);
  if (auto* sent = body.if_contains("key")) {
    sodium_memzero(sent->as_string().data(), sent->as_string().size());
  }
  if (!changed) return report(changed.error());
  if (common.json) {
    print_json(*changed);
  } else {
    std::cout << "Updated " << text_of(changed->as_object(), "id") << "\n";
  }
  return 0;
}

int keys_delete(const Common& common, const std::string& key, bool yes) {
  auto s = scope(common);
  if (!s) return report(s.error());
  auto found = find_key(*s->session.api, s->team, key);
  if (!found) return report(found.error());
  if (!yes) {
    if (::isatty(STDIN_FILENO) == 0) {
      return report(Error::make(ErrorCode::kBadRequest,
                                "Deleting needs --yes when standard input is not a terminal."));
    }
    std::cerr << "Delete \"" << text_of(*found, "description") << "\" ("
              << text_of(*found, "key_hint") << ")? Type yes: " << std::flush;
    std::string answer;
    std::getline(std::cin, answer);
    if (answer != "yes") {
      std::cerr << "Nothing was deleted.\n";
      return 1;
    }
  }
  auto deleted =
      s->session.api->call("DELETE", "/teams/" + s->team + "/api-keys/" + text_of(*found, "id"));
  if (!deleted) return report(deleted.error());
  if (!common.json) std::cout << "Deleted " << text_of(*found, "id") << "\n";
  return 0;
}

int keys_reveal(const Common& common, const std::string& key) {
  auto s = scope(common);
  if (!s) return report(s.error());
  auto found = find_key(*s->session.api, s->team, key);
  if (!found) return report(found.error());
  auto revealed = s->session.api->call(
      "POST", "/teams/" + s->team + "/api-keys/" + text_of(*found, "id") + "/reveal");
  if (!revealed) return report(revealed.error());
  auto& secret = revealed->as_object()["key"].as_string();
  if (common.json) {
    print_json(*revealed);
  } else {
    std::cout << std::string_view(secret) << "\n";
  }
  std::cout.flush();
  sodium_memzero(secret.data(), secret.size());
  return 0;
}

int keys_verify(const Common& common, const std::string& key) {
  auto s = scope(common);
  if (!s) return report(s.error());
  auto found = find_key(*s->session.api, s->team, key);
  if (!found) return report(found.error());
  auto result = s->session.api->call(
      "POST", "/teams/" + s->team + "/api-keys/" + text_of(*found, "id") + "/verify");
  if (!result) return report(result.error());
  if (common.json) {
    print_json(*result);
  } else {
    std::cout << text_of(result->as_object(), "status");
    std::string detail = text_of(result->as_object(), "detail");
    if (!detail.empty()) std::cout << ": " << detail;
    std::cout << "\n";
  }
  return 0;
}

int keys_history(const Common& common, const std::string& key) {
  auto s = scope(common);
  if (!s) return report(s.error());
  auto found = find_key(*s->session.api, s->team, key);
  if (!found) return report(found.error());
  auto versions = s->session.api->call(
      "GET", "/teams/" + s->team + "/api-keys/" + text_of(*found, "id") + "/versions");
  if (!versions) return report(versions.error());
  if (common.json) {
    print_json(*versions);
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& item : versions->as_object().at("items").as_array()) {
    const auto& v = item.as_object();
    rows.push_back({std::to_string(v.at("version").to_number<std::int64_t>()),
                    text_of(v, "key_hint"), text_of(v, "change"), text_of(v, "created_at"),
                    v.at("current").as_bool()     ? "current"
                    : v.at("available").as_bool() ? "kept"
                                                  : "pruned"});
  }
  print_table(std::cout, {"VERSION", "KEY", "CHANGE", "CREATED", "STATE"}, rows);
  return 0;
}

int tokens_list(const Common& common) {
  auto s = scope(common);
  if (!s) return report(s.error());
  auto tokens = s->session.api->call("GET", "/teams/" + s->team + "/service-tokens");
  if (!tokens) return report(tokens.error());
  const auto& items = tokens->as_object().at("items").as_array();
  if (common.json) {
    print_json(items);
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& item : items) {
    const auto& t = item.as_object();
    std::string state = t.at("revoked_at").is_string() ? "revoked" : "active";
    rows.push_back({text_of(t, "id"), text_of(t, "name"), joined(t.at("types")),
                    joined(t.at("labels")), text_of(t, "expires_at"), text_of(t, "last_used_at"),
                    state});
  }
  print_table(std::cout, {"ID", "NAME", "TYPES", "LABELS", "EXPIRES", "LAST USED", "STATE"}, rows);
  return 0;
}

int tokens_create(const Common& common, const TokenFields& fields) {
  if (fields.name.empty() || fields.types.empty()) {
    return report(Error::make(ErrorCode::kBadRequest, "Give --name and at least one --type."));
  }
  auto s = scope(common);
  if (!s) return report(s.error());
  boost::json::object body{{"name", fields.name},
                           {"types", string_array(fields.types)},
                           {"labels", string_array(fields.labels)}};
  if (!fields.expires_at.empty()) body["expires_at"] = fields.expires_at;
  auto made = s->session.api->call("POST", "/teams/" + s->team + "/service-tokens", {}, body);
  if (!made) return report(made.error());
  auto& secret = made->as_object()["token"].as_string();
  if (common.json) {
    print_json(*made);
  } else {
    std::cerr << "Service token " << text_of(made->as_object(), "id")
              << " created; it is shown this once:\n";
    std::cout << std::string_view(secret) << "\n";
  }
  std::cout.flush();
  sodium_memzero(secret.data(), secret.size());
  return 0;
}

int tokens_revoke(const Common& common, const std::string& id) {
  auto s = scope(common);
  if (!s) return report(s.error());
  auto revoked = s->session.api->call("DELETE", "/teams/" + s->team + "/service-tokens/" + id);
  if (!revoked) return report(revoked.error());
  if (!common.json) std::cout << "Revoked " << id << "\n";
  return 0;
}

}  // namespace keyward::client
