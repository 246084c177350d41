#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/sealing.h"

// Standard Webhooks signatures (https://www.standardwebhooks.com): what a receiver checks with
// the official libraries, e.g. `new Webhook(secret).verify(body, headers)`.
namespace keyward::webhooks {

// Every endpoint's secret starts with this; the rest is standard base64 of the key bytes.
inline constexpr char kSecretPrefix[] = "whsec_";

// A new signing secret: "whsec_" and standard base64 of 32 random bytes. Shown once.
crypto::SecretString make_secret();

// The webhook-signature header value for one message: "v1," and the standard base64 of
// HMAC-SHA256, keyed by the bytes the secret's base64 part decodes to, over
// "<msg_id>.<timestamp_seconds>.<body>". nullopt when `secret` is not a whsec_ secret.
std::optional<std::string> sign(std::string_view secret, std::string_view msg_id,
                                std::int64_t timestamp_seconds, std::string_view body);

}  // namespace keyward::webhooks
