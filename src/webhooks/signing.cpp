#include "webhooks/signing.h"

#include <sodium.h>

#include <array>

#include "crypto/encoding.h"

namespace keyward::webhooks {

crypto::SecretString make_secret() {
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::string encoded = crypto::to_base64(
      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  sodium_memzero(bytes.data(), bytes.size());
  crypto::SecretString secret(kSecretPrefix + encoded);
  sodium_memzero(encoded.data(), encoded.size());
  return secret;
}

std::optional<std::string> sign(std::string_view secret, std::string_view msg_id,
                                std::int64_t timestamp_seconds, std::string_view body) {
  constexpr std::string_view kPrefix = kSecretPrefix;
  if (secret.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  auto decoded = crypto::from_base64(secret.substr(kPrefix.size()));
  if (!decoded || decoded->empty()) return std::nullopt;
  std::string key = std::move(*decoded);
  std::string content;
  content.reserve(msg_id.size() + body.size() + 24);
  content.append(msg_id).append(".").append(std::to_string(timestamp_seconds)).append(".");
  content.append(body);
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(content.data()),
                                content.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  sodium_memzero(key.data(), key.size());
  return "v1," +
         crypto::to_base64(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
}

}  // namespace keyward::webhooks
