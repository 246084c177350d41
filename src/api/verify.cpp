#include "api/verify.h"

#include <sodium.h>
#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "api/api_keys.h"
#include "api/verify_slots.h"
#include "domain/catalogue.h"
#include "http/client.h"
#include "http/responses.h"
#include "keys/keys.h"
#include "log/log.h"

namespace keyward::api {

std::string classify_provider_status(int status) {
  if (status >= 200 && status < 300) return "valid";
  if (status == 429 || status == 402) return "limited";  // accepted, but out of quota or rate
  if (status == 401 || status == 403) return "invalid";
  if (status >= 500) return "unreachable";
  return "invalid";
}

std::string provider_url_variable(std::string_view type_id) {
  std::string name = "KEYWARD_PROVIDER_" + std::string(type_id) + "_URL";
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return name;
}

ProviderBase provider_base(const AppContext& context, std::string_view type_id,
                           std::string_view default_base_url) {
  auto configured = context.provider_urls.find(std::string(type_id));
  if (configured != context.provider_urls.end()) return {configured->second, true};
  return {std::string(default_base_url), false};
}

std::map<std::string, std::string> provider_urls_from_environment() {
  std::map<std::string, std::string> urls;
  for (const auto& type : key_types()) {
    std::string name = provider_url_variable(type.id);
    // NOLINTNEXTLINE(concurrency-mt-unsafe): serve reads it once at start-up, before its threads
    if (const char* value = std::getenv(name.c_str()); value != nullptr && *value != '\0') {
      urls[std::string(type.id)] = value;
    }
  }
  return urls;
}

Verdict ask_provider(const AppContext& context, const ApiKey& key,
                     const crypto::SecretString& plaintext, std::string_view request_id) {
  const KeyType* type = find_key_type(key.type);
  if (type == nullptr || !type->verify) {
    return {"unsupported",
            std::string(type ? type->name : "This provider") + " has no free way to check a key."};
  }
  const VerifyRequest& how = *type->verify;
  // A key with its own base URL is checked there, where the gateway sends it.
  auto base = key.base_url ? ProviderBase{*key.base_url, false}
                           : provider_base(context, key.type, how.default_base_url);
  std::string url = base.url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  http::ClientRequest outgoing;
  outgoing.method = std::string(how.method);
  outgoing.url = url + std::string(how.path);
  outgoing.timeout = context.verify_timeout;
  outgoing.headers.reserve(2);  // the key's header is never moved by a later emplace
  {
    // One buffer holding the key, wiped below: no unwiped temporary.
    std::string value;
    value.reserve(how.auth_prefix.size() + plaintext.view().size());
    value += how.auth_prefix;
    value += plaintext.view();
    outgoing.headers.emplace_back(std::string(how.auth_header), std::move(value));
  }
  if (!how.extra_header.empty()) {
    auto colon = how.extra_header.find(':');
    outgoing.headers.emplace_back(std::string(how.extra_header.substr(0, colon)),
                                  std::string(how.extra_header.substr(colon + 2)));
  }
  // A stored key goes to public addresses only, checked on the address dialled (a provider name
  // that resolves inside the network is refused); loopback only when the operator set the URL.
  http::ClientOptions options;
  options.public_addresses_only = true;
  options.allow_loopback = base.configured;
  auto answer = http::send_request(outgoing, options);
  auto& secret_header = outgoing.headers.front().second;
  sodium_memzero(secret_header.data(), secret_header.size());
  if (!answer) {
    log::warn("verify_unreachable",
              {{"request_id", request_id}, {"type", key.type}, {"error", answer.error().internal}});
    return {"unreachable", answer.error().detail};
  }
  Verdict verdict{classify_provider_status(answer->status), ""};
  std::string code = " (HTTP " + std::to_string(answer->status) + ")";
  std::string name(type->name);
  if (verdict.status == "valid") verdict.detail = name + " accepted the key" + code + ".";
  if (verdict.status == "invalid") verdict.detail = name + " rejected the key" + code + ".";
  if (verdict.status == "limited") {
    verdict.detail = name + " accepted the key but refused for quota or rate" + code + ".";
  }
  if (verdict.status == "unreachable") verdict.detail = name + " failed to answer" + code + ".";
  return verdict;
}

http::Response verify_api_key(http::Request& request, AppContext& context,
                              const TeamCaller& caller) {
  std::string id(request.param("id"));
  Actor actor = actor_of(caller, request);
  auto opened = storage::read<keys::OpenedKey>(context.store, [&](storage::ReadTx& tx) {
    return keys::open_for_verification(tx, actor, *context.team_keys, id);
  });
  if (!opened) return http::problem(opened.error());
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
  Verdict verdict = ask_provider(context, opened->key, opened->plaintext, request.request_id);
  slot.reset();
  std::int64_t checked_at = context.clock.now_ms();
  keys::Verification result{id, opened->key.type, opened->key.fingerprint, verdict.status};
  auto done = context.store.write([&](storage::WriteTx& tx) {
    return keys::record_verification(tx, actor, result, checked_at);
  });
  if (!done) return http::problem(done.error());
  return http::json_response(200, boost::json::object{{"status", verdict.status},
                                                      {"detail", verdict.detail},
                                                      {"checked_at", format_rfc3339(checked_at)}});
}

}  // namespace keyward::api
