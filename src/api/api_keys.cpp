#include "api/api_keys.h"

#include <boost/json.hpp>

#include <charconv>

#include "api/events.h"
#include "api/views.h"
#include "audit/list_filter.h"
#include "domain/api_key.h"
#include "domain/labels.h"
#include "domain/lifecycle.h"
#include "http/outbound_url.h"
#include "http/responses.h"
#include "keys/keys.h"
#include "keys/versions.h"

namespace keyward::api {
namespace {

std::string etag(std::int64_t version) {
  // Appended in place: "\"" + std::to_string(…) trips a false -Wrestrict in GCC 12.
  std::string tag(1, '"');
  tag += std::to_string(version);
  tag += '"';
  return tag;
}

http::Response key_response(int status, const ApiKey& key, std::int64_t now,
                            const boost::json::object& extra = {}) {
  boost::json::object body = api_key_view(key, now);
  for (const auto& [name, value] : extra) body[name] = value;
  http::Response response = http::json_response(status, body);
  response.set_header("ETag", etag(key.version));
  return response;
}

// Parses If-Match: "3", W/"3", 3 or *. nullopt when absent or "*" (no precondition).
Result<std::optional<std::int64_t>> if_match(const http::Request& request) {
  auto header = request.header("if-match");
  if (!header || *header == "*") return std::optional<std::int64_t>();
  std::string_view value = *header;
  if (value.substr(0, 2) == "W/") value.remove_prefix(2);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  std::int64_t version = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), version);
  if (ec != std::errc() || end != value.data() + value.size()) {
    return Error::make(ErrorCode::kBadRequest,
                       "If-Match must be an ETag from this API, like \"3\".");
  }
  return std::optional<std::int64_t>(version);
}

std::optional<std::optional<std::int64_t>> expiry_field(const boost::json::object& body,
                                                        FieldErrors& errors) {
  return optional_time_field(body, "expires_at", "Expiry", errors);
}

std::optional<std::optional<int>> rotation_field(const boost::json::object& body,
                                                 FieldErrors& errors) {
  return optional_int_field(body, "rotate_every_days", kMinRotateEveryDays, kMaxRotateEveryDays,
                            "Rotate every 1 to 3650 days, or null for the team's period", errors);
}

// "base_url": an https:// URL without a query or fragment (trailing slashes dropped), or null or
// "" for the type's; nullopt when absent. Private addresses are refused when the gateway
// connects (unless the operator allowed them), not here.
std::optional<std::optional<std::string>> base_url_field(const boost::json::object& body,
                                                         FieldErrors& errors) {
  const auto* value = body.if_contains("base_url");
  if (value == nullptr) return std::nullopt;
  if (value->is_null()) return std::optional<std::string>();
  if (!value->is_string()) {
    errors.add("base_url", "Base URL must be a string, or null for the type's");
    return std::nullopt;
  }
  std::string url = trim(std::string_view(value->as_string()));
  while (url.ends_with('/')) url.pop_back();
  if (url.empty()) return std::optional<std::string>();
  http::check_outbound_url(url,
                           {.field = "base_url",
                            .noun = "base URL",
                            .example = "https://example-resource.openai.azure.com/openai",
                            .public_literals_only = false,
                            .query_allowed = false},
                           errors);
  return std::optional<std::string>(std::move(url));
}

// The body of POST /api-keys as a command; 422 with the fields' errors.
Result<keys::CreateKey> parse_create(http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return body.error();
  FieldErrors errors;
  keys::CreateKey command;
  command.type = check_key_type(string_field(*body, "type", "Type", errors), errors);
  command.description =
      check_description(string_field(*body, "description", "Description", errors), errors);
  command.key = secret_field(*body, "key", "Key", errors, request.body);
  check_key(command.key.view(), errors);
  auto labels = string_list_field(*body, "labels", "Labels", errors);
  if (labels) command.labels = check_labels(*labels, "labels", errors);
  if (auto expires = expiry_field(*body, errors)) command.expires_at = *expires;
  if (auto every = rotation_field(*body, errors)) command.rotate_every_days = *every;
  if (auto base = base_url_field(*body, errors)) command.base_url = *base;
  if (!errors.empty()) return errors.to_error();
  return command;
}

// The body and If-Match of PATCH /api-keys/{id} as a command; 422 with the fields' errors, 400
// for a body that asks for nothing or an If-Match that is not ours.
Result<keys::UpdateKey> parse_update(http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return body.error();
  KW_TRY(expected, if_match(request));
  FieldErrors errors;
  keys::UpdateKey command;
  command.id = std::string(request.param("id"));
  command.expected_version = expected;
  if (body->contains("type")) {
    command.type = check_key_type(string_field(*body, "type", "Type", errors), errors);
  }
  if (body->contains("description")) {
    command.description =
        check_description(string_field(*body, "description", "Description", errors), errors);
  }
  if (body->contains("key")) {
    command.key = secret_field(*body, "key", "Key", errors, request.body);
    // An empty key keeps the current one, as the edit form's blank field does.
    if (!command.key.view().empty()) check_key(command.key.view(), errors);
  }
  if (body->contains("is_default")) {
    const auto& value = body->at("is_default");
    if (!value.is_bool()) {
      errors.add("is_default", "Default must be true or false");
    } else {
      command.is_default = value.as_bool();
    }
  }
  // The whole new set: [] removes every label.
  auto labels = string_list_field(*body, "labels", "Labels", errors);
  if (labels) command.labels = check_labels(*labels, "labels", errors);
  command.expires_at = expiry_field(*body, errors);
  command.rotate_every_days = rotation_field(*body, errors);
  command.base_url = base_url_field(*body, errors);
  if (!errors.empty()) return errors.to_error();
  if (!command.type && !command.description && command.key.view().empty() && !command.is_default &&
      !command.labels && !command.expires_at && !command.rotate_every_days && !command.base_url) {
    return Error::make(ErrorCode::kBadRequest,
                       "Send at least one of type, description, key, is_default, labels, "
                       "expires_at, rotate_every_days, base_url.");
  }
  return command;
}

// The {version} of a versions route; nullopt when it is not a positive number (no such version).
std::optional<std::int64_t> version_param(const http::Request& request) {
  std::string_view text = request.param("version");
  std::int64_t version = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (ec != std::errc() || end != text.data() + text.size() || version < 1) return std::nullopt;
  return version;
}

Error no_such_version(const http::Request& request) {
  return Error::make(ErrorCode::kNotFound,
                     "This key has no version " + std::string(request.param("version")) + ".");
}

}  // namespace

http::Response team_events(http::Request& request, AppContext& context, const TeamCaller& caller) {
  if (context.events == nullptr) {
    return http::problem(Error::make(ErrorCode::kUnavailable, "Live events are off."));
  }
  if (caller.caller.personal_token) {
    // The stream is rechecked against its session; the web app is its only client.
    return http::problem(
        Error::make(ErrorCode::kForbidden, "Live events need a signed-in session, not a token."));
  }
  if (request.method == http::Method::kHead) {
    // The headers a stream would have, without opening one (or taking one of the user's slots).
    http::Response head;
    head.content_type = "text/event-stream";
    head.set_header("Cache-Control", "no-store");
    return head;
  }
  std::uint64_t last = 0;
  std::string_view header = request.header("last-event-id").value_or("");
  std::from_chars(header.data(), header.data() + header.size(), last);
  // Asked before events are sent and at least every EventHub::kRecheckMs while the stream is
  // open: the session still exists (a password reset ends them all) and has not expired, and its
  // member may still read the team's keys. A failing database keeps the stream: an outage is no
  // reason to drop every browser.
  auto still_allowed = [&context, token_hash = caller.caller.session.token_hash,
                        team_id = caller.team_id, user_id = caller.caller.user.id]() {
    auto allowed = storage::read<bool>(context.store, [&](storage::ReadTx& tx) -> Result<bool> {
      KW_TRY(session, tx.identity().find_session(token_hash));
      if (!session || session_expired(*session, context, context.clock.now_ms())) return false;
      KW_TRY(role, tx.identity().find_role(team_id, user_id));
      return role && has_permission(*role, Permission::kApiKeysRead);
    });
    return !allowed || *allowed;
  };
  auto stream = context.events->subscribe(
      caller.team_id, caller.caller.user.id, last, caller.caller.session.id,
      caller.caller.session.expires_at, std::move(still_allowed));
  if (!stream) return http::problem(stream.error());
  http::Response response;
  response.status = 200;
  response.events = std::move(stream).value();
  return response;
}

http::Response list_key_types(http::Request& /*request*/, AppContext& /*context*/,
                              const Caller& /*caller*/) {
  return http::json_response(200, catalogue_view());
}

http::Response list_api_keys(http::Request& request, AppContext& context,
                             const TeamCaller& caller) {
  auto query = parse_list_query(request.query_param("search"), request.query_param("sort"),
                                request.query_param("order"), request.query_param("page"),
                                request.query_param("page_size"), request.query_param("type"),
                                request.query_param("status"), request.query_params("label"),
                                request.query_param("lifecycle"));
  if (!query) return http::problem(query.error());
  Actor actor = actor_of(caller, request);
  query->now = context.clock.now_ms();
  auto listed = storage::read<keys::KeyList>(
      context.store, [&](storage::ReadTx& tx) { return keys::list_keys(tx, actor, *query); });
  if (!listed) return http::problem(listed.error());
  boost::json::array items;
  for (const auto& key : listed->page.items) items.push_back(api_key_view(key, query->now));
  return http::json_response(200,
                             boost::json::object{{"items", std::move(items)},
                                                 {"page", query->page},
                                                 {"page_size", query->page_size},
                                                 {"total", listed->page.total},
                                                 {"needs_attention", listed->needs_attention}});
}

http::Response create_api_key(http::Request& request, AppContext& context,
                              const TeamCaller& caller) {
  auto command = parse_create(request);
  if (!command) return http::problem(command.error());
  Actor actor = actor_of(caller, request);
  std::int64_t now = context.clock.now_ms();
  auto key = storage::write<ApiKey>(context.store, [&](storage::WriteTx& tx) {
    return keys::create_key(tx, actor, *context.team_keys, *command, now);
  });
  if (!key) return http::problem(key.error());
  boost::json::array warnings;
  for (auto& warning : key_warnings(*command->type, command->key.view())) {
    warnings.emplace_back(warning);
  }
  http::Response response = key_response(201, *key, now, {{"warnings", std::move(warnings)}});
  response.set_header("Location", "/api/v1/teams/" + caller.team_id + "/api-keys/" + key->id);
  return response;
}

http::Response get_api_key(http::Request& request, AppContext& context, const TeamCaller& caller) {
  std::string id(request.param("id"));
  Actor actor = actor_of(caller, request);
  auto key = storage::read<ApiKey>(
      context.store, [&](storage::ReadTx& tx) { return keys::get_key(tx, actor, id); });
  if (!key) return http::problem(key.error());
  return key_response(200, *key, context.clock.now_ms());
}

http::Response update_api_key(http::Request& request, AppContext& context,
                              const TeamCaller& caller) {
  auto command = parse_update(request);
  if (!command) return http::problem(command.error());
  Actor actor = actor_of(caller, request);
  std::int64_t now = context.clock.now_ms();
  auto key = storage::write<ApiKey>(context.store, [&](storage::WriteTx& tx) {
    return keys::update_key(tx, actor, *context.team_keys, *command, now);
  });
  if (!key) return http::problem(key.error());
  return key_response(200, *key, context.clock.now_ms());
}

http::Response delete_api_key(http::Request& request, AppContext& context,
                              const TeamCaller& caller) {
  std::string id(request.param("id"));
  Actor actor = actor_of(caller, request);
  std::int64_t now = context.clock.now_ms();
  auto done = context.store.write(
      [&](storage::WriteTx& tx) { return keys::delete_key(tx, actor, id, now); });
  if (!done) return http::problem(done.error());
  return http::no_content();
}

http::Response reveal_api_key(http::Request& request, AppContext& context,
                              const TeamCaller& caller) {
  std::string id(request.param("id"));
  Actor actor = actor_of(caller, request);
  std::int64_t now = context.clock.now_ms();
  auto plaintext = storage::write<crypto::SecretString>(context.store, [&](storage::WriteTx& tx) {
    return keys::reveal_key(tx, actor, *context.team_keys, id, now);
  });
  if (!plaintext) return http::problem(plaintext.error());
  return http::secret_json_response({}, "key", plaintext->view());
}

http::Response list_api_key_versions(http::Request& request, AppContext& context,
                                     const TeamCaller& caller) {
  std::string id(request.param("id"));
  Actor actor = actor_of(caller, request);
  auto listed = storage::read<keys::KeyVersions>(
      context.store, [&](storage::ReadTx& tx) { return keys::list_versions(tx, actor, id); });
  if (!listed) return http::problem(listed.error());
  boost::json::array items;
  for (const auto& version : listed->versions) {
    items.push_back(secret_version_view(version, listed->key.secret_version));
  }
  http::Response response = http::json_response(
      200, boost::json::object{{"items", std::move(items)},
                               {"secret_versions_kept", listed->secret_versions_kept}});
  response.set_header("ETag", etag(listed->key.version));
  return response;
}

http::Response reveal_api_key_version(http::Request& request, AppContext& context,
                                      const TeamCaller& caller) {
  std::string id(request.param("id"));
  auto version = version_param(request);
  if (!version) return http::problem(no_such_version(request));
  Actor actor = actor_of(caller, request);
  std::int64_t now = context.clock.now_ms();
  auto plaintext = storage::write<crypto::SecretString>(context.store, [&](storage::WriteTx& tx) {
    return keys::reveal_version(tx, actor, *context.team_keys, id, *version, now);
  });
  if (!plaintext) return http::problem(plaintext.error());
  return http::secret_json_response({{"version", *version}}, "key", plaintext->view());
}

http::Response restore_api_key_version(http::Request& request, AppContext& context,
                                       const TeamCaller& caller) {
  auto version = version_param(request);
  if (!version) return http::problem(no_such_version(request));
  auto expected = if_match(request);
  if (!expected) return http::problem(expected.error());
  keys::RestoreVersion command{std::string(request.param("id")), *version, *expected};
  Actor actor = actor_of(caller, request);
  std::int64_t now = context.clock.now_ms();
  auto key = storage::write<ApiKey>(context.store, [&](storage::WriteTx& tx) {
    return keys::restore_version(tx, actor, *context.team_keys, command, now);
  });
  if (!key) return http::problem(key.error());
  return key_response(200, *key, context.clock.now_ms());
}

http::Response enable_api_key(http::Request& request, AppContext& context,
                              const TeamCaller& caller) {
  std::string id(request.param("id"));
  Actor actor = actor_of(caller, request);
  std::int64_t now = context.clock.now_ms();
  auto key = storage::write<ApiKey>(
      context.store, [&](storage::WriteTx& tx) { return keys::enable_key(tx, actor, id, now); });
  if (!key) return http::problem(key.error());
  return key_response(200, *key, context.clock.now_ms());
}

http::Response list_audit_events(http::Request& request, AppContext& context,
                                 const TeamCaller& caller) {
  auto query = parse_list_query(std::nullopt, std::nullopt, std::nullopt,
                                request.query_param("page"), request.query_param("page_size"));
  auto filter =
      audit::parse_audit_filter(request.query_param("action"), request.query_param("actor"));
  if (!query || !filter) {
    // Every invalid parameter in one answer.
    Error error = query ? filter.error() : query.error();
    if (!query && !filter) {
      for (const auto& field : filter.error().fields) error.fields.push_back(field);
    }
    return http::problem(error);
  }
  auto page = storage::read<storage::Page<storage::ListedAuditEvent>>(
      context.store, [&](storage::ReadTx& tx) {
        return tx.audit().list(caller.team_id, *filter, query->page, query->page_size);
      });
  if (!page) return http::problem(page.error());
  boost::json::array items;
  for (const auto& listed : page->items) items.push_back(audit_event_view(listed));
  return http::json_response(200, boost::json::object{{"items", std::move(items)},
                                                      {"page", query->page},
                                                      {"page_size", query->page_size},
                                                      {"total", page->total}});
}

}  // namespace keyward::api
