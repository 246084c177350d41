#pragma once

// The JSON array of strings a service token's catalogue types and labels, and a key's labels,
// are stored as ('["openai"]'). Catalogue ids are [a-z_] only and labels [A-Za-z0-9._:/-], both
// checked before storing, so no escaping is needed or done.

#include <cstddef>
#include <string>
#include <vector>

namespace keyward::storage {

// '["a","b"]' from {"a", "b"}. REQUIRES: no value holds a quote or a backslash.
inline std::string string_list_json(const std::vector<std::string>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ",";
    out += "\"" + values[i] + "\"";
  }
  return out + "]";
}

// The strings of a list string_list_json wrote; an unterminated string ends the list.
inline std::vector<std::string> parse_string_list(const std::string& json) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while ((at = json.find('"', at)) != std::string::npos) {
    std::size_t end = json.find('"', at + 1);
    if (end == std::string::npos) break;
    out.push_back(json.substr(at + 1, end - at - 1));
    at = end + 1;
  }
  return out;
}

}  // namespace keyward::storage
