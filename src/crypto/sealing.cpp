#include "crypto/sealing.h"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <new>
#include <optional>
#include <vector>

namespace keyward::crypto {
namespace {

constexpr char kFingerprintContext[8] = {'k', 'w', 'f', 'p', 'r', 'i', 'n', 't'};
constexpr std::uint64_t kFingerprintSubkeyId = 1;
constexpr char kExportMacContext[8] = {'k', 'w', 'e', 'x', 'p', 'o', 'r', 't'};
constexpr std::uint64_t kExportMacSubkeyId = 1;
constexpr std::size_t kExportMacBytes = 32;

std::string team_key_ad(std::string_view team_id) {
  return "keyward:team_key:v1:" + std::string(team_id);
}

std::string api_key_ad(std::string_view team_id, std::string_view api_key_id,
                       std::int64_t secret_version) {
  return "keyward:api_key:v2:" + std::string(team_id) + ":" + std::string(api_key_id) + ":" +
         std::to_string(secret_version);
}

std::string unversioned_api_key_ad(std::string_view team_id, std::string_view api_key_id) {
  return "keyward:api_key:v1:" + std::string(team_id) + ":" + std::string(api_key_id);
}

Error unopenable(std::string_view team_id, std::string_view api_key_id) {
  return Error::make(ErrorCode::kInternal, "A stored key cannot be opened.",
                     "api key " + std::string(api_key_id) + " of team " + std::string(team_id) +
                         " fails authentication");
}

std::string webhook_secret_ad(std::string_view team_id, std::string_view endpoint_id) {
  return "keyward:webhook_secret:v1:" + std::string(team_id) + ":" + std::string(endpoint_id);
}

std::string server_key_ad(std::string_view name) {
  return "keyward:server_key:v1:" + std::string(name);
}

std::string random_nonce() {
  std::string nonce(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, '\0');
  randombytes_buf(nonce.data(), nonce.size());
  return nonce;
}

const unsigned char* bytes_of(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::string seal(const unsigned char* key, std::string_view ad, std::string_view plaintext,
                 const std::string& nonce) {
  std::string ciphertext(plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      reinterpret_cast<unsigned char*>(ciphertext.data()), &written, bytes_of(plaintext),
      plaintext.size(), bytes_of(ad), ad.size(), nullptr, bytes_of(nonce), key);
  ciphertext.resize(written);
  return ciphertext;
}

// Opens into `out`; false when the tag does not verify (wrong key, AD, nonce or a changed byte).
bool open(const unsigned char* key, std::string_view ad, const std::string& ciphertext,
          const std::string& nonce, std::string& out) {
  if (nonce.size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES ||
      ciphertext.size() < crypto_aead_xchacha20poly1305_ietf_ABYTES) {
    return false;
  }
  out.assign(ciphertext.size() - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long written = 0;
  int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
      reinterpret_cast<unsigned char*>(out.data()), &written, nullptr, bytes_of(ciphertext),
      ciphertext.size(), bytes_of(ad), ad.size(), bytes_of(nonce), key);
  if (rc != 0) {
    sodium_memzero(out.data(), out.size());
    out.clear();
    return false;
  }
  out.resize(written);
  return true;
}

}  // namespace

SecretString::SecretString(SecretString&& other) noexcept : value_(std::move(other.value_)) {
  other.wipe();
}

SecretString& SecretString::operator=(SecretString&& other) noexcept {
  if (this != &other) {
    wipe();
    value_ = std::move(other.value_);
    other.wipe();
  }
  return *this;
}

SecretString::~SecretString() { wipe(); }

void SecretString::wipe() {
  if (!value_.empty()) sodium_memzero(value_.data(), value_.size());
  value_.clear();
}

namespace {

// Data keys live in slots of a few large guarded blocks (sodium_malloc: guard pages around the
// block, locked in memory, left out of core dumps) instead of a guarded allocation each: one
// guarded allocation costs at least two resident pages and several system calls, which for the
// 9,000 teams of the 1,000,000-key benchmark was 70 MB of memory and most of the start-up time.
class KeySlots {
 public:
  static KeySlots& instance() {
    static auto* slots = new KeySlots;  // never destroyed: keys may outlive static destructors
    return *slots;
  }

  unsigned char* take() {
    std::lock_guard lock(mutex_);
    if (free_.empty()) {
      auto* block = static_cast<unsigned char*>(sodium_malloc(kSlotsPerBlock * DataKey::kSize));
      if (block == nullptr) throw std::bad_alloc();
      blocks_.push_back(block);
      for (std::size_t i = kSlotsPerBlock; i-- > 0;) free_.push_back(block + i * DataKey::kSize);
    }
    unsigned char* slot = free_.back();
    free_.pop_back();
    return slot;
  }

  void give_back(unsigned char* slot) {
    sodium_memzero(slot, DataKey::kSize);
    std::lock_guard lock(mutex_);
    free_.push_back(slot);
  }

 private:
  static constexpr std::size_t kSlotsPerBlock = 2048;  // 64 KiB per block
  std::mutex mutex_;
  std::vector<unsigned char*> blocks_;  // kept for the lifetime of the process
  std::vector<unsigned char*> free_;
};

}  // namespace

struct DataKey::Buffer {
  Buffer() : bytes(KeySlots::instance().take()) {}
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer() { KeySlots::instance().give_back(bytes); }
  unsigned char* bytes;
};

DataKey DataKey::generate() {
  auto buffer = std::make_shared<Buffer>();
  randombytes_buf(buffer->bytes, kSize);
  return DataKey(std::move(buffer));
}

DataKey DataKey::from_bytes(const unsigned char* bytes) {
  auto buffer = std::make_shared<Buffer>();
  std::memcpy(buffer->bytes, bytes, kSize);
  return DataKey(std::move(buffer));
}

const unsigned char* DataKey::bytes() const { return buffer_->bytes; }

WrappedKey wrap_team_key(const MasterKey& master, std::string_view team_id, const DataKey& key) {
  WrappedKey wrapped;
  wrapped.master_key_id = master.id();
  wrapped.nonce = random_nonce();
  wrapped.ciphertext = seal(
      master.bytes(), team_key_ad(team_id),
      std::string_view(reinterpret_cast<const char*>(key.bytes()), DataKey::kSize), wrapped.nonce);
  return wrapped;
}

Result<DataKey> unwrap_team_key(const MasterKey& master, std::string_view team_id,
                                const WrappedKey& wrapped) {
  std::string plain;
  if (!open(master.bytes(), team_key_ad(team_id), wrapped.ciphertext, wrapped.nonce, plain) ||
      plain.size() != DataKey::kSize) {
    sodium_memzero(plain.data(), plain.size());
    return Error::make(ErrorCode::kInternal, "A stored key cannot be opened.",
                       "team key of " + std::string(team_id) + " does not open under master key " +
                           master.id() + " (wrapped under " + wrapped.master_key_id + ")");
  }
  DataKey key = DataKey::from_bytes(reinterpret_cast<const unsigned char*>(plain.data()));
  sodium_memzero(plain.data(), plain.size());
  return key;
}

namespace {

// A secret sealed under a team's data key for `ad`, with a fresh nonce.
Sealed seal_for(const DataKey& key, const std::string& ad, std::string_view plaintext) {
  Sealed sealed;
  sealed.nonce = random_nonce();
  sealed.ciphertext = seal(key.bytes(), ad, plaintext, sealed.nonce);
  return sealed;
}

// The secret `sealed` holds for `ad`; nullopt when it does not open (another key, row or AD).
std::optional<SecretString> open_for(const DataKey& key, const std::string& ad,
                                     const Sealed& sealed) {
  std::string plain;
  if (!open(key.bytes(), ad, sealed.ciphertext, sealed.nonce, plain)) return std::nullopt;
  return SecretString(std::move(plain));
}

}  // namespace

Sealed seal_api_key(const DataKey& key, std::string_view team_id, std::string_view api_key_id,
                    std::int64_t secret_version, std::string_view plaintext) {
  return seal_for(key, api_key_ad(team_id, api_key_id, secret_version), plaintext);
}

Result<SecretString> open_api_key(const DataKey& key, std::string_view team_id,
                                  std::string_view api_key_id, std::int64_t secret_version,
                                  const Sealed& sealed) {
  auto plain = open_for(key, api_key_ad(team_id, api_key_id, secret_version), sealed);
  if (!plain) return unopenable(team_id, api_key_id);
  return std::move(*plain);
}

Sealed seal_webhook_secret(const DataKey& key, std::string_view team_id,
                           std::string_view endpoint_id, std::string_view secret) {
  return seal_for(key, webhook_secret_ad(team_id, endpoint_id), secret);
}

Result<SecretString> open_webhook_secret(const DataKey& key, std::string_view team_id,
                                         std::string_view endpoint_id, const Sealed& sealed) {
  auto plain = open_for(key, webhook_secret_ad(team_id, endpoint_id), sealed);
  if (!plain) {
    return Error::make(ErrorCode::kInternal, "A stored webhook secret cannot be opened.",
                       "webhook endpoint " + std::string(endpoint_id) + " of team " +
                           std::string(team_id) + " fails authentication");
  }
  return std::move(*plain);
}

Sealed seal_unversioned_api_key(const DataKey& key, std::string_view team_id,
                                std::string_view api_key_id, std::string_view plaintext) {
  return seal_for(key, unversioned_api_key_ad(team_id, api_key_id), plaintext);
}

Result<SecretString> open_unversioned_api_key(const DataKey& key, std::string_view team_id,
                                              std::string_view api_key_id, const Sealed& sealed) {
  auto plain = open_for(key, unversioned_api_key_ad(team_id, api_key_id), sealed);
  if (!plain) return unopenable(team_id, api_key_id);
  return std::move(*plain);
}

FingerprintKey FingerprintKey::derived_from(const MasterKey& master) {
  std::array<unsigned char, kSize> subkey{};
  crypto_kdf_derive_from_key(subkey.data(), subkey.size(), kFingerprintSubkeyId,
                             kFingerprintContext, master.bytes());
  DataKey key = DataKey::from_bytes(subkey.data());
  sodium_memzero(subkey.data(), subkey.size());
  return FingerprintKey(std::move(key));
}

std::string fingerprint(const FingerprintKey& key, std::string_view team_id,
                        std::string_view plaintext) {
  std::array<unsigned char, 32> out{};
  crypto_generichash_state state;
  crypto_generichash_init(&state, key.key().bytes(), FingerprintKey::kSize, out.size());
  // Length-prefix the team id so no (team, key) pair can collide with another.
  std::uint32_t team_length = static_cast<std::uint32_t>(team_id.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(&team_length),
                            sizeof team_length);
  crypto_generichash_update(&state, bytes_of(team_id), team_id.size());
  crypto_generichash_update(&state, bytes_of(plaintext), plaintext.size());
  crypto_generichash_final(&state, out.data(), out.size());
  sodium_memzero(&state, sizeof state);
  return std::string(reinterpret_cast<const char*>(out.data()), out.size());
}

WrappedKey wrap_server_key(const MasterKey& master, std::string_view name, const DataKey& key) {
  WrappedKey wrapped;
  wrapped.master_key_id = master.id();
  wrapped.nonce = random_nonce();
  wrapped.ciphertext = seal(
      master.bytes(), server_key_ad(name),
      std::string_view(reinterpret_cast<const char*>(key.bytes()), DataKey::kSize), wrapped.nonce);
  return wrapped;
}

Result<DataKey> unwrap_server_key(const MasterKey& master, std::string_view name,
                                  const WrappedKey& wrapped) {
  std::string plain;
  if (!open(master.bytes(), server_key_ad(name), wrapped.ciphertext, wrapped.nonce, plain) ||
      plain.size() != DataKey::kSize) {
    sodium_memzero(plain.data(), plain.size());
    return Error::make(ErrorCode::kInternal, "A stored key cannot be opened.",
                       "server key " + std::string(name) + " does not open under master key " +
                           master.id() + " (wrapped under " + wrapped.master_key_id + ")");
  }
  DataKey key = DataKey::from_bytes(reinterpret_cast<const unsigned char*>(plain.data()));
  sodium_memzero(plain.data(), plain.size());
  return key;
}

struct ExportMac::State {
  crypto_generichash_state hash;
};

ExportMac::ExportMac(const MasterKey& master) : state_(std::make_unique<State>()) {
  std::array<unsigned char, 32> subkey{};
  crypto_kdf_derive_from_key(subkey.data(), subkey.size(), kExportMacSubkeyId, kExportMacContext,
                             master.bytes());
  crypto_generichash_init(&state_->hash, subkey.data(), subkey.size(), kExportMacBytes);
  sodium_memzero(subkey.data(), subkey.size());
}

ExportMac::~ExportMac() {
  if (state_) sodium_memzero(&state_->hash, sizeof state_->hash);
}

void ExportMac::update(std::string_view bytes) {
  crypto_generichash_update(&state_->hash, bytes_of(bytes), bytes.size());
}

std::string ExportMac::hex() const {
  crypto_generichash_state copy = state_->hash;
  std::array<unsigned char, kExportMacBytes> out{};
  crypto_generichash_final(&copy, out.data(), out.size());
  sodium_memzero(&copy, sizeof copy);
  char text[2 * kExportMacBytes + 1];
  sodium_bin2hex(text, sizeof text, out.data(), out.size());
  return text;
}

bool ExportMac::matches(std::string_view expected) const {
  std::string actual = hex();
  return expected.size() == actual.size() &&
         sodium_memcmp(expected.data(), actual.data(), actual.size()) == 0;
}

}  // namespace keyward::crypto
