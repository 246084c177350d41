#pragma once

#include <cstdint>
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
  // Takes ownership of `value`; the caller's moved-from string is not wiped.
  explicit SecretString(std::string value) : value_(std::move(value)) {}
  SecretString(const SecretString&) = delete;
  SecretString& operator=(const SecretString&) = delete;
  // The moved-from string is left empty, so only one copy is ever wiped.
  SecretString(SecretString&& other) noexcept;
  SecretString& operator=(SecretString&& other) noexcept;
  ~SecretString();

  // Valid while this object lives; do not copy it into a string that outlives it.
  std::string_view view() const { return value_; }

 private:
  void wipe();
  std::string value_;
};

// A team's 32-byte data-encryption key, unwrapped, in guarded memory wiped on release. Cheap to
// share: copies share the same guarded buffer.
class DataKey {
 public:
  // Bytes of key material (a XChaCha20-Poly1305 key).
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

// A sealed credential as api_keys stores it: ciphertext with its tag, and a 24-byte nonce.
struct Sealed {
  std::string ciphertext;
  std::string nonce;
};

// Seals one secret version of a credential with a fresh random nonce and the associated data
// "keyward:api_key:v2:<team_id>:<api_key_id>:<secret_version>" (the version in decimal), so a
// ciphertext copied to another row, team or version fails to open.
Sealed seal_api_key(const DataKey& key, std::string_view team_id, std::string_view api_key_id,
                    std::int64_t secret_version, std::string_view plaintext);
// The plaintext, wiped when released. Fails (kInternal, no secret in the message) for a wrong
// key, another team, key id or secret version, or a changed byte.
Result<SecretString> open_api_key(const DataKey& key, std::string_view team_id,
                                  std::string_view api_key_id, std::int64_t secret_version,
                                  const Sealed& sealed);

// Seals a webhook endpoint's signing secret with a fresh random nonce and the associated data
// "keyward:webhook_secret:v1:<team_id>:<endpoint_id>", so it opens only for that endpoint.
Sealed seal_webhook_secret(const DataKey& key, std::string_view team_id,
                           std::string_view endpoint_id, std::string_view secret);
// The secret, wiped when released. Fails (kInternal, no secret in the message) for a wrong key,
// another team or endpoint, or a changed byte.
Result<SecretString> open_webhook_secret(const DataKey& key, std::string_view team_id,
                                         std::string_view endpoint_id, const Sealed& sealed);

// The scheme before secret versions: associated data "keyward:api_key:v1:<team_id>:<api_key_id>".
// Only the start-up step that re-seals such rows as version 1 opens them
// (keys/versions.h); the seal exists for its tests.
Sealed seal_unversioned_api_key(const DataKey& key, std::string_view team_id,
                                std::string_view api_key_id, std::string_view plaintext);
Result<SecretString> open_unversioned_api_key(const DataKey& key, std::string_view team_id,
                                              std::string_view api_key_id, const Sealed& sealed);

// The key of every fingerprint. Stored in the database (server_keys, wrapped by the master key
// like a team key), so it does not change when the master key does: a server still running on
// the old master key after `keyward rotate-master-key` computes the same fingerprints as one
// started on the new key. Guarded memory, cheap to copy (copies share the buffer).
class FingerprintKey {
 public:
  // The same size as a data key.
  static constexpr std::size_t kSize = DataKey::kSize;
  // The key every fingerprint was computed under before it was stored: derived from the master
  // key (BLAKE2b KDF, context "kwfprint", subkey 1). A database's stored key starts as this, so
  // the fingerprints already there stay valid without decrypting anything.
  static FingerprintKey derived_from(const MasterKey& master);
  static FingerprintKey from(DataKey key) { return FingerprintKey(std::move(key)); }
  const DataKey& key() const { return key_; }

 private:
  explicit FingerprintKey(DataKey key) : key_(std::move(key)) {}
  DataKey key_;
};

// Keyed BLAKE2b of a credential within one team: finds the same key stored twice in a team
// without decrypting anything, and says nothing across teams.
std::string fingerprint(const FingerprintKey& key, std::string_view team_id,
                        std::string_view plaintext);

// A server-wide key (server_keys: the fingerprint key) sealed under the master key, bound to its
// name by the associated data "keyward:server_key:v1:<name>".
WrappedKey wrap_server_key(const MasterKey& master, std::string_view name, const DataKey& key);
Result<DataKey> unwrap_server_key(const MasterKey& master, std::string_view name,
                                  const WrappedKey& wrapped);

// The MAC of a portable export: keyed BLAKE2b-256 over every byte of the file before its last
// line, under a key derived from the master key the export was made with (BLAKE2b KDF, context
// "kwexport", subkey 1). Without that master key nobody can re-sign an edited export.
class ExportMac {
 public:
  // Starts a MAC under the key derived from `master`; the derived key is wiped with the state.
  explicit ExportMac(const MasterKey& master);
  ExportMac(const ExportMac&) = delete;
  ExportMac& operator=(const ExportMac&) = delete;
  ~ExportMac();

  // Feeds `bytes` in order; call it for every byte the MAC covers.
  void update(std::string_view bytes);
  // The MAC so far, as lowercase hex (64 characters). Leaves the state as it was.
  std::string hex() const;
  // Constant-time comparison of hex() with `expected`.
  bool matches(std::string_view expected) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace keyward::crypto
