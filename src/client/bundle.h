#pragma once

#include <boost/json/array.hpp>

#include <string>
#include <string_view>

#include "domain/result.h"

// Passphrase-protected bundles of a team's keys, for moving them between servers (format:
// docs/bundle-format.md). The passphrase is stretched with argon2id (crypto_pwhash) and the keys
// sealed with XChaCha20-Poly1305 secretstream, one message per key and a final one that says how
// many there were, the header line bound to the first message: a wrong passphrase, a changed,
// added, removed or moved byte, and a cut-off file are all refused before anything is imported.
namespace keyward::client {

// The first bytes of every bundle: how import tells one from a .env file.
inline constexpr std::string_view kBundleMagic = "keyward-bundle 1\n";

// The bundle of `keys` (JSON objects: type, description, key, labels…) under `passphrase`.
Result<std::string> seal_bundle(const boost::json::array& keys, std::string_view passphrase);

// The keys of a bundle; kValidation with a message a person can act on when the passphrase is
// wrong or the file was changed or cut off. The caller wipes the keys' values when done.
Result<boost::json::array> open_bundle(std::string_view bundle, std::string_view passphrase);

}  // namespace keyward::client
