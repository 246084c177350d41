#pragma once

#include <map>
#include <string>
#include <string_view>

#include "api/app_context.h"
#include "api/auth.h"
#include "crypto/sealing.h"
#include "domain/api_key.h"
#include "http/message.h"

namespace keyward::api {

// What a provider's answer means for a key.
// REQUIRES: status is an HTTP status code from the provider.
std::string classify_provider_status(int status);

// Reads KEYWARD_PROVIDER_<TYPE>_URL for every catalogue type from the environment.
std::map<std::string, std::string> provider_urls_from_environment();

// "KEYWARD_PROVIDER_OPENAI_URL": the variable that sets type `type_id`'s base URL.
std::string provider_url_variable(std::string_view type_id);

// Where requests of type `type_id` go: the operator's URL (context.provider_urls) or else
// `default_base_url`; `configured` says which. Empty when neither exists.
struct ProviderBase {
  std::string url;
  bool configured = false;
};
ProviderBase provider_base(const AppContext& context, std::string_view type_id,
                           std::string_view default_base_url);

// What a provider said of a key: a status of kVerifyStatuses and a sentence for people.
struct Verdict {
  std::string status;
  std::string detail;
};

// Asks the key's provider (the catalogue's request, at the base URL context.provider_urls gives,
// within context.verify_timeout) whether `plaintext` works. Blocking: run it off the I/O threads.
// The secret leaves only in the request's auth header, wiped afterwards; `request_id` tags the
// log line of an unreachable provider. Used by verify and by the scheduler's re-verify job.
Verdict ask_provider(const AppContext& context, const ApiKey& key,
                     const crypto::SecretString& plaintext, std::string_view request_id);

// POST /teams/{team}/api-keys/{id}/verify: asks the provider (the catalogue's request, at the
// configured base URL) whether the key works, and keeps the result on the key.
http::Response verify_api_key(http::Request& request, AppContext& context,
                              const TeamCaller& caller);

}  // namespace keyward::api
