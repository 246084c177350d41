#include "client/bundle.h"

#include <sodium.h>

#include <boost/json.hpp>

#include <vector>

#include "crypto/encoding.h"

namespace keyward::client {
namespace {

using Bytes = std::vector<unsigned char>;

// What a bundle may ask of the machine that opens it: a changed header must not make import
// spend gigabytes or minutes before the passphrase is even checked.
constexpr std::uint64_t kMaxOpsLimit = 10;
constexpr std::uint64_t kMaxMemLimit = std::uint64_t{1} << 30;

Error refused(const std::string& why) { return Error::make(ErrorCode::kValidation, why); }

Error tampered() {
  return refused(
      "The bundle could not be opened: the passphrase is wrong, or the file was changed after it "
      "was made. Nothing was imported.");
}

// The secretstream key for `passphrase` and `salt`, in locked memory the caller frees.
Result<unsigned char*> derive_key(std::string_view passphrase, const std::string& salt,
                                  std::uint64_t opslimit, std::uint64_t memlimit) {
  auto* key =
      static_cast<unsigned char*>(sodium_malloc(crypto_secretstream_xchacha20poly1305_KEYBYTES));
  if (key == nullptr) return Error::make(ErrorCode::kInternal, "out of memory");
  if (crypto_pwhash(key, crypto_secretstream_xchacha20poly1305_KEYBYTES, passphrase.data(),
                    passphrase.size(), reinterpret_cast<const unsigned char*>(salt.data()),
                    opslimit, static_cast<std::size_t>(memlimit),
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    sodium_free(key);
    return Error::make(ErrorCode::kInternal,
                       "Not enough memory to derive the bundle's key from the passphrase.");
  }
  return key;
}

struct KeyGuard {
  unsigned char* key;
  ~KeyGuard() { sodium_free(key); }
};

}  // namespace

Result<std::string> seal_bundle(const boost::json::array& keys, std::string_view passphrase) {
  std::string salt(crypto_pwhash_SALTBYTES, '\0');
  randombytes_buf(salt.data(), salt.size());
  const std::uint64_t opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
  const std::uint64_t memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
  KW_TRY(key, derive_key(passphrase, salt, opslimit, memlimit));
  KeyGuard guard{key};
  crypto_secretstream_xchacha20poly1305_state state;
  std::string header(crypto_secretstream_xchacha20poly1305_HEADERBYTES, '\0');
  crypto_secretstream_xchacha20poly1305_init_push(
      &state, reinterpret_cast<unsigned char*>(header.data()), key);

  boost::json::object head{{"kdf", "argon2id13"},
                           {"opslimit", opslimit},
                           {"memlimit", memlimit},
                           {"salt", crypto::to_base64(salt)},
                           {"cipher", "xchacha20poly1305-secretstream"},
                           {"header", crypto::to_base64(header)}};
  std::string out(kBundleMagic);
  std::string head_line = boost::json::serialize(head);
  out += head_line + "\n";

  // One message per key, then the final one with the count; the first is bound to the header.
  auto push = [&](std::string plaintext, unsigned char tag, bool first) {
    Bytes sealed(plaintext.size() + crypto_secretstream_xchacha20poly1305_ABYTES);
    const auto* ad = first ? reinterpret_cast<const unsigned char*>(head_line.data()) : nullptr;
    crypto_secretstream_xchacha20poly1305_push(
        &state, sealed.data(), nullptr, reinterpret_cast<const unsigned char*>(plaintext.data()),
        plaintext.size(), ad, first ? head_line.size() : 0, tag);
    sodium_memzero(plaintext.data(), plaintext.size());
    out += crypto::to_base64(
        std::string_view(reinterpret_cast<const char*>(sealed.data()), sealed.size()));
    out += "\n";
  };
  bool first = true;
  for (const auto& entry : keys) {
    push(boost::json::serialize(entry), 0, first);
    first = false;
  }
  push(boost::json::serialize(boost::json::object{{"end", true}, {"count", keys.size()}}),
       crypto_secretstream_xchacha20poly1305_TAG_FINAL, first);
  return out;
}

Result<boost::json::array> open_bundle(std::string_view bundle, std::string_view passphrase) {
  if (bundle.substr(0, kBundleMagic.size()) != kBundleMagic) {
    return refused("Not a keyward bundle (version 1).");
  }
  bundle.remove_prefix(kBundleMagic.size());
  std::vector<std::string_view> lines;
  while (!bundle.empty()) {
    std::size_t end = bundle.find('\n');
    lines.push_back(bundle.substr(0, end));
    bundle.remove_prefix(end == std::string_view::npos ? bundle.size() : end + 1);
  }
  if (lines.size() < 2) return refused("The bundle is cut off. Nothing was imported.");
  boost::system::error_code ec;
  auto parsed = boost::json::parse(lines[0], ec);
  const auto* head = parsed.if_object();
  auto text = [&](const char* name) -> std::string {
    const auto* v = head == nullptr ? nullptr : head->if_contains(name);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  auto number = [&](const char* name) -> std::uint64_t {
    const auto* v = head == nullptr ? nullptr : head->if_contains(name);
    return v != nullptr && v->is_number() ? v->to_number<std::uint64_t>(ec) : 0;
  };
  auto salt = crypto::from_base64(text("salt"));
  auto header = crypto::from_base64(text("header"));
  std::uint64_t opslimit = number("opslimit");
  std::uint64_t memlimit = number("memlimit");
  if (ec || head == nullptr || text("kdf") != "argon2id13" ||
      text("cipher") != "xchacha20poly1305-secretstream" || !salt ||
      salt->size() != crypto_pwhash_SALTBYTES || !header ||
      header->size() != crypto_secretstream_xchacha20poly1305_HEADERBYTES ||
      opslimit < crypto_pwhash_OPSLIMIT_MIN || opslimit > kMaxOpsLimit ||
      memlimit < crypto_pwhash_MEMLIMIT_MIN || memlimit > kMaxMemLimit) {
    return tampered();
  }
  KW_TRY(key, derive_key(passphrase, *salt, opslimit, memlimit));
  KeyGuard guard{key};
  crypto_secretstream_xchacha20poly1305_state state;
  if (crypto_secretstream_xchacha20poly1305_init_pull(
          &state, reinterpret_cast<const unsigned char*>(header->data()), key) != 0) {
    return tampered();
  }
  boost::json::array keys;
  auto wipe_keys = [&] {
    for (auto& entry : keys) {
      if (auto* k = entry.as_object().if_contains("key"); k && k->is_string()) {
        sodium_memzero(k->as_string().data(), k->as_string().size());
      }
    }
  };
  for (std::size_t i = 1; i < lines.size(); ++i) {
    auto sealed = crypto::from_base64(lines[i]);
    if (!sealed || sealed->size() < crypto_secretstream_xchacha20poly1305_ABYTES) {
      wipe_keys();
      return tampered();
    }
    Bytes opened(sealed->size() - crypto_secretstream_xchacha20poly1305_ABYTES);
    Bytes input(sealed->begin(), sealed->end());
    unsigned char tag = 0;
    const bool first = i == 1;
    const auto* ad = first ? reinterpret_cast<const unsigned char*>(lines[0].data()) : nullptr;
    const int failed = crypto_secretstream_xchacha20poly1305_pull(&state, opened.data(), nullptr,
                                                                  &tag, input.data(), input.size(),
                                                                  ad, first ? lines[0].size() : 0);
    std::string plain(opened.begin(), opened.end());
    sodium_memzero(opened.data(), opened.size());
    if (failed != 0) {
      wipe_keys();
      return tampered();
    }
    auto message = boost::json::parse(plain, ec);
    sodium_memzero(plain.data(), plain.size());
    if (ec || !message.is_object()) {
      wipe_keys();
      return tampered();
    }
    if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
      const auto* count = message.as_object().if_contains("count");
      if (i + 1 != lines.size() || count == nullptr || !count->is_number() ||
          count->to_number<std::size_t>(ec) != keys.size()) {
        wipe_keys();
        return tampered();
      }
      return keys;
    }
    keys.push_back(std::move(message));
  }
  wipe_keys();
  return refused("The bundle is cut off (its last part is missing). Nothing was imported.");
}

}  // namespace keyward::client
