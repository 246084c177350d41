#pragma once

#include <optional>
#include <string>
#include <string_view>

// The environment variables applications read their provider keys and base URLs from, per key
// type of the catalogue: what `keyward import` maps a .env by, what `keyward export` names keys
// as, and what `keyward run --gateway` points at the gateway.
namespace keyward::client {

// The key type a well-known variable holds (OPENAI_API_KEY → openai, GEMINI_API_KEY → google…);
// nullopt for any other name.
std::optional<std::string> type_for_variable(std::string_view name);

// The usual variable for a key of `type` (openai → OPENAI_API_KEY); "" for an unknown type.
std::string variable_for_type(std::string_view type);

// For `keyward run --gateway`: the variable the type's SDKs read their base URL from, and what to
// put there given the server's gateway URL (…/gateway): OPENAI_BASE_URL = <gateway>/openai/v1.
struct GatewayVariable {
  std::string name;
  std::string value;
};
GatewayVariable gateway_variable(std::string_view type, const std::string& gateway_url);

}  // namespace keyward::client
