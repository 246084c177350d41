#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace keyward::crypto {

// Standard base64 with padding, for binary values inside JSON (exports, wrapped keys).
std::string to_base64(std::string_view bytes);
// nullopt when `text` is not valid base64.
std::optional<std::string> from_base64(std::string_view text);

// Lower-case hex, for hashes shown to operators.
std::string to_hex(std::string_view bytes);

}  // namespace keyward::crypto
