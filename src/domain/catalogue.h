#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace keyward {

// A heading the UI groups key types under; both strings are static.
struct KeyCategory {
  std::string_view id;
  std::string_view name;
};

// How `verify` asks a provider whether a key works: a request that needs the key and costs
// nothing (list models, list languages). The key goes in `auth_header`, after `auth_prefix`.
struct VerifyRequest {
  std::string_view method;
  std::string_view default_base_url;  // KEYWARD_PROVIDER_<TYPE>_URL replaces it
  std::string_view path;
  std::string_view auth_header;
  std::string_view auth_prefix;
  std::string_view extra_header;  // "name: value", or empty
};

// How the gateway reaches a provider and presents the key there: the way the provider's own SDK
// sends it, which is also how an application presents its service token to the gateway.
struct GatewayRoute {
  // Where provider paths are appended; empty: no public endpoint, each key needs its own.
  std::string_view default_base_url;
  // The header the key goes in ("Authorization", "x-api-key", "x-goog-api-key"), after
  // `key_prefix`; empty: the key is the query parameter `key_query`.
  std::string_view key_header;
  std::string_view key_prefix;
  std::string_view key_query;
};

// One provider of the catalogue (DESIGN.md's table): the one place that defines them.
struct KeyType {
  std::string_view id;
  std::string_view name;
  std::string_view category;
  std::string_view description;
  std::string_view key_prefix;  // what its keys usually start with; empty when unknown
  std::string_view key_url;  // the provider's page where a user creates a key (https); empty: none
  std::optional<VerifyRequest> verify;  // empty: the provider has no free check ("unsupported")
  GatewayRoute gateway;
};

// The categories and types in the order the API lists them.
const std::vector<KeyCategory>& key_categories();
const std::vector<KeyType>& key_types();

// The type with this id, or null.
const KeyType* find_key_type(std::string_view id);

}  // namespace keyward
