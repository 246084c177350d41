#include "crypto/password.h"

#include <sodium.h>

#include <array>

namespace keyward::crypto {
namespace {

constexpr unsigned long long kOpsLimit = 2;
constexpr std::size_t kMemLimit = std::size_t{19} * 1024 * 1024;
constexpr char kTokenContext[] = "keyward:token:v1";

const std::string& dummy_hash() {
  // Computed once, with the same parameters as real hashes, so verifying against it costs the same.
  static const std::string kHash = [] {
    auto hash = hash_password("keyward dummy password for unknown accounts");
    return hash.ok() ? hash.value() : std::string();
  }();
  return kHash;
}

}  // namespace

Result<std::string> hash_password(std::string_view password) {
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), kOpsLimit, kMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error::make(ErrorCode::kUnavailable, "The server is out of memory; try again.",
                       "crypto_pwhash_str_alg failed");
  }
  return std::string(out.data());
}

bool verify_password(std::string_view hash, std::string_view password) {
  std::string terminated(hash);  // libsodium wants a NUL-terminated string
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

void burn_password_verification(std::string_view password) {
  (void)verify_password(dummy_hash(), password);
}

std::string hash_token(std::string_view token) {
  std::array<unsigned char, 32> out{};
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, out.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(kTokenContext),
                            sizeof kTokenContext - 1);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(token.data()),
                            token.size());
  crypto_generichash_final(&state, out.data(), out.size());
  return std::string(reinterpret_cast<const char*>(out.data()), out.size());
}

std::string csrf_token_for(std::string_view session_token) {
  constexpr char kCsrfContext[] = "keyward:csrf:v1";
  std::array<unsigned char, 32> out{};
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, out.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(kCsrfContext),
                            sizeof kCsrfContext - 1);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(session_token.data()),
                            session_token.size());
  crypto_generichash_final(&state, out.data(), out.size());
  std::string text(sodium_base64_ENCODED_LEN(out.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                   '\0');
  sodium_bin2base64(text.data(), text.size(), out.data(), out.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  text.resize(text.size() - 1);
  return text;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace keyward::crypto
