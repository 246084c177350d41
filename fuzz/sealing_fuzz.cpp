// The sealing format: random ciphertexts, nonces and wrapped keys must be refused cleanly, and
// any plaintext sealed must open to itself, and to nothing once a byte changes.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "crypto/master_key.h"
#include "crypto/random.h"
#include "crypto/sealing.h"

namespace {

const keyward::crypto::DataKey& data_key() {
  static const keyward::crypto::DataKey kKey = [] {
    if (!keyward::crypto::init()) std::abort();
    return keyward::crypto::DataKey::generate();
  }();
  return kKey;
}

const keyward::crypto::MasterKey& master_key() {
  // libsodium is set up here too: the first input may ask for the master key before any data
  // key (sodium_malloc aborts before sodium_init).
  static const keyward::crypto::MasterKey kKey = [] {
    if (!keyward::crypto::init()) std::abort();
    return keyward::crypto::MasterKey::from_base64("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=",
                                                   "fuzz")
        .value();
  }();
  return kKey;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace keyward::crypto;
  if (size == 0) return 0;
  std::string bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string nonce = bytes.substr(0, 24);
  std::string rest = bytes.size() > 24 ? bytes.substr(24) : "";
  switch (data[0] % 3) {
    case 0: {  // a forged or corrupted sealed key never opens
      auto opened = open_api_key(data_key(), "team", "key", 1, {rest, nonce});
      if (opened) std::abort();
      break;
    }
    case 1: {  // a forged wrapped team key never unwraps
      auto unwrapped = unwrap_team_key(master_key(), "team", {master_key().id(), rest, nonce});
      if (unwrapped) std::abort();
      break;
    }
    default: {  // round trip, bound to its team, key id and version
      Sealed sealed = seal_api_key(data_key(), "team", "key", 1, bytes);
      auto opened = open_api_key(data_key(), "team", "key", 1, sealed);
      if (!opened || opened->view() != bytes) std::abort();
      if (open_api_key(data_key(), "other-team", "key", 1, sealed)) std::abort();
      if (open_api_key(data_key(), "team", "other-key", 1, sealed)) std::abort();
      if (open_api_key(data_key(), "team", "key", 2, sealed)) std::abort();
      if (!sealed.ciphertext.empty()) {
        sealed.ciphertext[bytes.size() % sealed.ciphertext.size()] ^= 1;
        if (open_api_key(data_key(), "team", "key", 1, sealed)) std::abort();
      }
    }
  }
  return 0;
}
