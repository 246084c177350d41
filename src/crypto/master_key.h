#pragma once

#include <cstddef>
#include <string>

#include "domain/result.h"

namespace keyward::crypto {

// The 32-byte key that wraps every team's data key. Held in guarded, locked memory that is wiped
// when the object goes away; never copied, never logged.
class MasterKey {
 public:
  // Bytes of key material; from_base64 refuses any other length.
  static constexpr std::size_t kSize = 32;

  MasterKey(const MasterKey&) = delete;
  MasterKey& operator=(const MasterKey&) = delete;
  // The moved-from key holds no bytes (bytes() is null) and wipes nothing.
  MasterKey(MasterKey&& other) noexcept;
  MasterKey& operator=(MasterKey&& other) noexcept;
  ~MasterKey();

  // REQUIRES: the key was loaded (not moved from).
  const unsigned char* bytes() const { return bytes_; }
  // Public identifier of this key (hex of a hash), stored beside each wrapped team key so a
  // rotation can tell which key wrapped which row. Reveals nothing about the key.
  const std::string& id() const { return id_; }

  // Parses base64 text (surrounding whitespace and a trailing newline are fine).
  static Result<MasterKey> from_base64(std::string_view text, std::string_view origin);

 private:
  MasterKey() = default;
  unsigned char* bytes_ = nullptr;
  std::string id_;
};

// Where the master key comes from, in order of precedence as DESIGN.md says.
struct MasterKeySource {
  std::string file;          // KEYWARD_MASTER_KEY_FILE: must exist, mode 0600 or stricter
  std::string inline_value;  // KEYWARD_MASTER_KEY: base64 in the environment
  std::string dev_default;   // used when neither is set: generated with mode 0600 if missing
};

// A key that load_master_key found, with where it came from (never the key itself).
struct LoadedMasterKey {
  MasterKey key;
  std::string origin;      // a path or "KEYWARD_MASTER_KEY", for the start-up message
  bool generated = false;  // true when the dev default was created just now
};

// Loads the master key, or explains exactly why it cannot (missing, unreadable, readable by group
// or others, not base64, wrong length, or both sources set). The message never holds key bytes.
Result<LoadedMasterKey> load_master_key(const MasterKeySource& source);

}  // namespace keyward::crypto
