#include "api/api_keys.h"

#include <boost/json.hpp>

#include <charconv>

#include "api/events.h"
#include "api/team_keys.h"
#include "api/views.h"
#include "changes/notices.h"
#include "crypto/random.h"
#include "crypto/sealing.h"
#include "domain/api_key.h"
#include "http/responses.h"

namespace keyward::api {
namespace {

Error no_key() { return Error::make(ErrorCode::kNotFound, "No such API key in this team."); }

Error duplicate_of(const ApiKey& existing) {
  return Error::make(ErrorCode::kConflict, "This key is already stored in this team as \"" +
                                               existing.description + "\".");
}

std::string etag(std::int64_t version) {
  // Appended in place: "\"" + std::to_string(…) trips a false -Wrestrict in GCC 12.
  std::string tag(1, '"');
  tag += std::to_string(version);
  tag += '"';
  return tag;
}

http::Response key_response(int status, const ApiKey& key, boost::json::object extra = {}) {
  boost::json::object body = api_key_view(key);
  for (auto& [name, value] : extra) body[name] = std::move(value);
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

Error stale(std::int64_t version) {
  return Error::make(ErrorCode::kPreconditionFailed, "Someone else changed this key (now version " +
                                                         std::to_string(version) +
                                                         "); reload it and try again.");
}

}  // namespace

http::Response team_events(http::Request& request, AppContext& context, const TeamCaller& caller) {
  if (context.events == nullptr) {
    return http::problem(Error::make(ErrorCode::kUnavailable, "Live events are off."));
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
  // Asked now and then while the stream is open: the session still exists (a password reset
  // ends them all) and its member may still read the team's keys. A failing database keeps
  // the stream: an outage is no reason to drop every browser.
  auto still_allowed = [&context, token_hash = caller.caller.session.token_hash,
                        team_id = caller.team_id, user_id = caller.caller.user.id]() {
    auto allowed = storage::read<bool>(context.store, [&](storage::ReadTx& tx) -> Result<bool> {
      KW_TRY(session, tx.identity().find_session(token_hash));
      if (!session) return false;
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
                                request.query_param("page_size"));
  if (!query) return http::problem(query.error());
  auto page = storage::read<storage::Page<ApiKey>>(
      context.store, [&](storage::ReadTx& tx) { return tx.keys().list(caller.team_id, *query); });
  if (!page) return http::problem(page.error());
  boost::json::array items;
  for (const auto& key : page->items) items.push_back(api_key_view(key));
  return http::json_response(200, boost::json::object{{"items", std::move(items)},
                                                      {"page", query->page},
                                                      {"page_size", query->page_size},
                                                      {"total", page->total}});
}

http::Response create_api_key(http::Request& request, AppContext& context,
                              const TeamCaller& caller) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem(body.error());
  FieldErrors errors;
  const KeyType* type = check_key_type(string_field(*body, "type", "Type", errors), errors);
  std::string description =
      check_description(string_field(*body, "description", "Description", errors), errors);
  crypto::SecretString plaintext = secret_field(*body, "key", "Key", errors, request.body);
  check_key(plaintext.view(), errors);
  if (!errors.empty()) return http::problem(errors.to_error());

  std::int64_t now = context.clock.now_ms();
  ApiKey key;
  key.id = crypto::random_uuid();
  key.team_id = caller.team_id;
  key.type = std::string(type->id);
  key.description = description;
  key.key_hint = make_key_hint(*type, plaintext.view());
  key.created_at = key.updated_at = now;
  key.created_by = key.updated_by = caller.caller.user.id;
  auto done = context.store.write([&](storage::WriteTx& tx) -> Status {
    KW_TRY(data_key, context.team_keys->for_team(tx, caller.team_id, now));
    key.fingerprint = context.team_keys->fingerprint(caller.team_id, plaintext.view());
    KW_TRY(existing, tx.keys().find_by_fingerprint(caller.team_id, key.fingerprint));
    if (existing) return duplicate_of(*existing);
    crypto::Sealed sealed =
        crypto::seal_api_key(data_key, caller.team_id, key.id, plaintext.view());
    key.ciphertext = std::move(sealed.ciphertext);
    key.nonce = std::move(sealed.nonce);
    if (auto s = tx.keys().insert(key); !s) return s;
    if (auto published = changes::publish(tx, caller.team_id, audit::EventName::kApiKeyCreated,
                                          {{"id", key.id}, {"type", key.type}});
        !published)
      return published;
    boost::json::object details{{"type", key.type}, {"description", key.description}};
    return tx.audit().append(audit_event(request, context, "api_key.created", caller.team_id,
                                         "user", caller.caller.user.id, key.id,
                                         boost::json::serialize(details)));
  });
  if (!done) return http::problem(done.error());
  boost::json::array warnings;
  for (auto& warning : key_warnings(*type, plaintext.view())) warnings.emplace_back(warning);
  http::Response response = key_response(201, key, {{"warnings", std::move(warnings)}});
  response.set_header("Location", "/api/v1/teams/" + caller.team_id + "/api-keys/" + key.id);
  return response;
}

http::Response get_api_key(http::Request& request, AppContext& context, const TeamCaller& caller) {
  std::string id(request.param("id"));
  auto key = storage::read<std::optional<ApiKey>>(
      context.store, [&](storage::ReadTx& tx) { return tx.keys().find(caller.team_id, id); });
  if (!key) return http::problem(key.error());
  if (!*key) return http::problem(no_key());
  return key_response(200, **key);
}

http::Response update_api_key(http::Request& request, AppContext& context,
                              const TeamCaller& caller) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem(body.error());
  auto expected = if_match(request);
  if (!expected) return http::problem(expected.error());

  FieldErrors errors;
  const KeyType* new_type = nullptr;
  std::optional<std::string> new_description;
  crypto::SecretString new_plaintext;
  std::optional<bool> new_default;
  if (body->contains("type")) {
    new_type = check_key_type(string_field(*body, "type", "Type", errors), errors);
  }
  if (body->contains("description")) {
    new_description =
        check_description(string_field(*body, "description", "Description", errors), errors);
  }
  if (body->contains("key")) {
    new_plaintext = secret_field(*body, "key", "Key", errors, request.body);
    // An empty key keeps the current one, as the edit form's blank field does.
    if (!new_plaintext.view().empty()) check_key(new_plaintext.view(), errors);
  }
  if (body->contains("is_default")) {
    const auto& value = body->at("is_default");
    if (!value.is_bool()) {
      errors.add("is_default", "Default must be true or false");
    } else {
      new_default = value.as_bool();
    }
  }
  if (!errors.empty()) return http::problem(errors.to_error());
  if (!new_type && !new_description && new_plaintext.view().empty() && !new_default) {
    return http::problem(Error::make(ErrorCode::kBadRequest,
                                     "Send at least one of type, description, key, is_default."));
  }

  std::string id(request.param("id"));
  std::int64_t now = context.clock.now_ms();
  ApiKey next;
  auto done = context.store.write([&](storage::WriteTx& tx) -> Status {
    std::vector<std::string> fields;  // built afresh on every run of this lambda
    KW_TRY(found, tx.keys().find(caller.team_id, id));
    if (!found) return no_key();
    const ApiKey& current = *found;
    if (*expected && **expected != current.version) return stale(current.version);
    next = current;
    const KeyType* type = new_type ? new_type : find_key_type(current.type);
    if (type == nullptr) return Error::make(ErrorCode::kInternal, "", "unknown stored type");
    if (new_type && current.type != new_type->id) {
      // The stored key was entered for its provider: moving it to another type without the
      // key entered again would let verify (and later the gateway) send it elsewhere.
      if (new_plaintext.view().empty()) {
        FieldErrors retype;
        retype.add("key", "Enter the key again to change its type");
        return retype.to_error();
      }
      next.type = std::string(new_type->id);
      fields.emplace_back("type");
    }
    if (new_description && *new_description != current.description) {
      next.description = *new_description;
      fields.emplace_back("description");
    }
    KW_TRY(data_key, context.team_keys->for_team(tx, caller.team_id, now));
    if (!new_plaintext.view().empty()) {
      next.fingerprint = context.team_keys->fingerprint(caller.team_id, new_plaintext.view());
      KW_TRY(other, tx.keys().find_by_fingerprint(caller.team_id, next.fingerprint));
      if (other && other->id != current.id) return duplicate_of(*other);
      if (next.fingerprint != current.fingerprint) {
        crypto::Sealed sealed =
            crypto::seal_api_key(data_key, caller.team_id, current.id, new_plaintext.view());
        next.ciphertext = std::move(sealed.ciphertext);
        next.nonce = std::move(sealed.nonce);
        next.verify_status.reset();  // an earlier check says nothing about the new key
        next.verified_at.reset();
        fields.emplace_back("key");
      }
      next.key_hint = make_key_hint(*type, new_plaintext.view());
    }
    bool want_default = new_default.value_or(current.is_default);
    if (want_default && !(current.is_default && next.type == current.type)) {
      KW_TRY_STATUS(tx.keys().clear_default(caller.team_id, next.type));
    }
    if (want_default != current.is_default) fields.emplace_back("is_default");
    next.is_default = want_default;
    if (fields.empty()) return ok_status();  // nothing changed: no new version, no audit row
    next.version = current.version + 1;
    next.updated_at = now;
    next.updated_by = caller.caller.user.id;
    KW_TRY(updated, tx.keys().update(next, current.version));
    if (!updated) return stale(current.version);
    boost::json::array changed;
    for (const auto& field : fields) changed.emplace_back(field);
    if (auto published =
            changes::publish(tx, caller.team_id, audit::EventName::kApiKeyUpdated,
                             {{"id", current.id}, {"version", next.version}, {"fields", changed}});
        !published)
      return published;
    return tx.audit().append(audit_event(
        request, context, "api_key.updated", caller.team_id, "user", caller.caller.user.id,
        current.id, boost::json::serialize(boost::json::object{{"fields", std::move(changed)}})));
  });
  if (!done) return http::problem(done.error());
  return key_response(200, next);
}

http::Response delete_api_key(http::Request& request, AppContext& context,
                              const TeamCaller& caller) {
  std::string id(request.param("id"));
  auto done = context.store.write([&](storage::WriteTx& tx) -> Status {
    KW_TRY(found, tx.keys().find(caller.team_id, id));
    if (!found) return no_key();
    KW_TRY_STATUS(tx.keys().remove(caller.team_id, id));
    if (auto published =
            changes::publish(tx, caller.team_id, audit::EventName::kApiKeyDeleted, {{"id", id}});
        !published)
      return published;
    boost::json::object details{{"type", found->type}, {"description", found->description}};
    return tx.audit().append(audit_event(request, context, "api_key.deleted", caller.team_id,
                                         "user", caller.caller.user.id, id,
                                         boost::json::serialize(details)));
  });
  if (!done) return http::problem(done.error());
  http::Response response;
  response.status = 204;
  response.set_header("Cache-Control", "no-store");
  return response;
}

http::Response reveal_api_key(http::Request& request, AppContext& context,
                              const TeamCaller& caller) {
  std::string id(request.param("id"));
  std::int64_t now = context.clock.now_ms();
  crypto::SecretString plaintext;
  auto done = context.store.write([&](storage::WriteTx& tx) -> Status {
    KW_TRY(found, tx.keys().find(caller.team_id, id));
    if (!found) return no_key();
    KW_TRY(data_key, context.team_keys->for_team(tx, caller.team_id, now));
    KW_TRY(opened,
           crypto::open_api_key(data_key, caller.team_id, id, {found->ciphertext, found->nonce}));
    plaintext = std::move(opened);
    return tx.audit().append(audit_event(request, context, "api_key.revealed", caller.team_id,
                                         "user", caller.caller.user.id, id));
  });
  if (!done) return http::problem(done.error());
  return http::secret_json_response({}, "key", plaintext.view());
}

http::Response list_audit_events(http::Request& request, AppContext& context,
                                 const TeamCaller& caller) {
  auto query = parse_list_query(std::nullopt, std::nullopt, std::nullopt,
                                request.query_param("page"), request.query_param("page_size"));
  if (!query) return http::problem(query.error());
  auto page = storage::read<storage::Page<AuditEvent>>(context.store, [&](storage::ReadTx& tx) {
    return tx.audit().list(caller.team_id, query->page, query->page_size);
  });
  if (!page) return http::problem(page.error());
  boost::json::array items;
  for (const auto& event : page->items) items.push_back(audit_event_view(event));
  return http::json_response(200, boost::json::object{{"items", std::move(items)},
                                                      {"page", query->page},
                                                      {"page_size", query->page_size},
                                                      {"total", page->total}});
}

}  // namespace keyward::api
