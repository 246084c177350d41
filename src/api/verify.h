#pragma once

#include <map>
#include <string>

#include "api/app_context.h"
#include "api/auth.h"
#include "http/message.h"

namespace keyward::api {

// What a provider's answer means for a key.
// REQUIRES: status is an HTTP status code from the provider.
std::string classify_provider_status(int status);

// Reads KEYWARD_PROVIDER_<TYPE>_URL for every catalogue type from the environment.
std::map<std::string, std::string> provider_urls_from_environment();

// POST /teams/{team}/api-keys/{id}/verify: asks the provider (the catalogue's request, at the
// configured base URL) whether the key works, and keeps the result on the key.
http::Response verify_api_key(http::Request& request, AppContext& context,
                              const TeamCaller& caller);

}  // namespace keyward::api
