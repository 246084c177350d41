#include "api/verify.h"

#include <sodium.h>
#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "api/api_keys.h"
#include "api/team_keys.h"
#include "api/verify_slots.h"
#include "changes/notices.h"
#include "crypto/sealing.h"
#include "domain/catalogue.h"
#include "http/client.h"
#include "http/responses.h"
#include "log/log.h"

namespace keyward::api {

std::string classify_provider_status(int status) {
  if (status >= 200 && status < 300) return "valid";
  if (status == 429 || status == 402) return "limited";  // accepted, but out of quota or rate
  if (status == 401 || status == 403) return "invalid";
  if (status >= 500) return "unreachable";
  return "invalid";
}

std::map<std::string, std::string> provider_urls_from_environment() {
  std::map<std::string, std::string> urls;
  for (const auto& type : key_types()) {
    std::string name = "KEYWARD_PROVIDER_" + std::string(type.id) + "_URL";
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (const char* value = std::getenv(name.c_str()); value != nullptr && *value != '\0') {
      urls[std::string(type.id)] = value;
    }
  }
  return urls;
}

http::Response verify_api_key(http::Request& request, AppContext& context,
                              const TeamCaller& caller) {
  std::string id(request.param("id"));
  std::optional<ApiKey> key;
  crypto::SecretString plaintext;
  auto read = context.store.read([&](storage::ReadTx& tx) -> Status {
    KW_TRY(found, tx.keys().find(caller.team_id, id));
    if (!found) return Error::make(ErrorCode::kNotFound, "No such API key in this team.");
    key = std::move(found);
    KW_TRY(data_key, context.team_keys->stored_for_team(tx, caller.team_id));
    auto opened = crypto::open_api_key(data_key, caller.team_id, id, {key->ciphertext, key->nonce});
    if (!opened) return std::move(opened).error();
    plaintext = std::move(opened).value();
    return ok_status();
  });
  if (!read) return http::problem(read.error());

  const KeyType* type = find_key_type(key->type);
  // Held while the provider is asked: a burst of checks cannot take the blocking threads that
  // other teams' writes need.
  static VerifySlots process_slots;
  auto slot = (context.verify_slots != nullptr ? *context.verify_slots : process_slots)
                  .try_take(caller.team_id);
  if (!slot) {
    return http::too_many_attempts(
        "Too many provider checks are running; try again in a few seconds.",
        static_cast<std::int64_t>(context.verify_timeout.count()));
  }
  std::string status;
  std::string detail;
  if (type == nullptr || !type->verify) {
    status = "unsupported";
    detail = std::string(type ? type->name : "This provider") + " has no free way to check a key.";
  } else {
    const VerifyRequest& how = *type->verify;
    auto base = context.provider_urls.find(key->type);
    std::string url =
        base != context.provider_urls.end() ? base->second : std::string(how.default_base_url);
    while (!url.empty() && url.back() == '/') url.pop_back();
    http::ClientRequest outgoing;
    outgoing.method = std::string(how.method);
    outgoing.url = url + std::string(how.path);
    outgoing.timeout = context.verify_timeout;
    outgoing.headers.emplace_back(std::string(how.auth_header),
                                  std::string(how.auth_prefix) + std::string(plaintext.view()));
    if (!how.extra_header.empty()) {
      auto colon = how.extra_header.find(':');
      outgoing.headers.emplace_back(std::string(how.extra_header.substr(0, colon)),
                                    std::string(how.extra_header.substr(colon + 2)));
    }
    auto answer = http::send_request(outgoing);
    auto& secret_header = outgoing.headers.front().second;
    sodium_memzero(secret_header.data(), secret_header.size());
    if (!answer) {
      status = "unreachable";
      detail = answer.error().detail;
      log::warn("verify_unreachable", {{"request_id", request.request_id},
                                       {"type", key->type},
                                       {"error", answer.error().internal}});
    } else {
      status = classify_provider_status(answer->status);
      std::string code = " (HTTP " + std::to_string(answer->status) + ")";
      if (status == "valid") detail = std::string(type->name) + " accepted the key" + code + ".";
      if (status == "invalid") detail = std::string(type->name) + " rejected the key" + code + ".";
      if (status == "limited") {
        detail = std::string(type->name) + " accepted the key but refused for quota or rate" +
                 code + ".";
      }
      if (status == "unreachable")
        detail = std::string(type->name) + " failed to answer" + code + ".";
    }
  }

  slot.reset();
  std::int64_t checked_at = context.clock.now_ms();
  auto done = context.store.write([&](storage::WriteTx& tx) -> Status {
    auto updated = tx.keys().set_verify_result(caller.team_id, id, key->type, key->fingerprint,
                                               status, checked_at);
    if (!updated) return std::move(updated).error();
    if (!*updated) {
      return Error::make(ErrorCode::kConflict,
                         "The key was changed or deleted while it was being checked; check it "
                         "again.");
    }
    // The version a client compares with its copy: a verify leaves it as it is, but an edit may
    // have moved it since the key was read above.
    KW_TRY(current, tx.keys().find(caller.team_id, id));
    if (!current)
      return Error::make(ErrorCode::kConflict, "The key was deleted while it was being checked.");
    if (auto published = changes::publish(tx, caller.team_id, audit::EventName::kApiKeyUpdated,
                                          {{"id", id},
                                           {"version", current->version},
                                           {"fields", boost::json::array{"verify_status"}}});
        !published)
      return published;
    return tx.audit().append(audit_event(
        request, context, "api_key.verified", caller.team_id, "user", caller.caller.user.id, id,
        boost::json::serialize(boost::json::object{{"status", status}})));
  });
  if (!done) return http::problem(done.error());
  return http::json_response(
      200, boost::json::object{
               {"status", status}, {"detail", detail}, {"checked_at", format_rfc3339(checked_at)}});
}

}  // namespace keyward::api
