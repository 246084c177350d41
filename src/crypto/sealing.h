#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "crypto/master_key.h"
#include "domain/result.h"

namespace keyward::crypto {

// A string that wipes its bytes when it goes away: for plaintext keys on their way out.
class SecretString {
 public:
  SecretString() = default;
  explicit SecretString(std::string value) : value_(std::move(value)) {}
  SecretString(const SecretString&) = delete;
  SecretString& operator=(const SecretString&) = delete;
  SecretString(SecretString&& other) noexcept;
  SecretString& operator=(SecretString&& other) noexcept;
  ~SecretString();

  std::string_view view() const { return value_; }

 private:
  void wipe();
  std::string value_;
};

// A team's 32-byte data-encryption key, unwrapped, in guarded memory wiped on release. Cheap to
// share: copies share the same guarded buffer.
class DataKey {
 public:
  static constexpr std::size_t kSize = 32;
  // A fresh random key.
  static DataKey generate();
  // A copy of kSize bytes into guarded memory. The caller wipes its own copy.
  static DataKey from_bytes(const unsigned char* bytes);
  const unsigned char* bytes() const;

 private:
  struct Buffer;
  explicit DataKey(std::shared_ptr<Buffer> buffer) : buffer_(std::move(buffer)) {}
  std::shared_ptr<Buffer> buffer_;
};

// A data key sealed under the master key, as the team_keys table stores it.
struct WrappedKey {
  std::string master_key_id;
  std::string ciphertext;
  std::string nonce;
};

// XChaCha20-Poly1305 under the master key, bound to the team by the associated data
// "keyward:team_key:v1:<team_id>": a wrapped key moved to another team does not open.
WrappedKey wrap_team_key(const MasterKey& master, std::string_view team_id, const DataKey& key);
// Fails (kInternal, no key material in the message) for a wrong master key, another team or a
// changed byte.
Result<DataKey> unwrap_team_key(const MasterKey& master, std::string_view team_id,
                                const WrappedKey& wrapped);

struct Sealed {
  std::string ciphertext;
  std::string nonce;
};

// Seals a credential with a fresh random nonce and the associated data
// "keyward:api_key:v1:<team_id>:<api_key_id>", so a ciphertext copied to another row or team
// fails to open.
Sealed seal_api_key(const DataKey& key, std::string_view team_id, std::string_view api_key_id,
                    std::string_view plaintext);
Result<SecretString> open_api_key(const DataKey& key, std::string_view team_id,
                                  std::string_view api_key_id, const Sealed& sealed);

// Keyed BLAKE2b of a credential within one team (key derived from the master key): finds the
// same key stored twice in a team without decrypting anything, and says nothing across teams.
std::string fingerprint(const MasterKey& master, std::string_view team_id,
                        std::string_view plaintext);

}  // namespace keyward::crypto
