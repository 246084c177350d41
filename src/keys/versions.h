#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crypto/sealing.h"
#include "domain/actor.h"
#include "domain/api_key.h"
#include "domain/result.h"
#include "keys/team_keys.h"
#include "storage/store.h"
#include "storage/tx.h"

// The secret versions of a key: every change of its secret is a version (keys::create_key and
// keys::update_key write them), each sealed with its version number in the associated data. These
// operations list them, reveal and restore one, and bring rows stored before versions existed to
// the versioned seal. Like keys/keys.h, each runs in the transaction it is given and may run again:
// it keeps its state in locals.
namespace keyward::keys {

// A key with its secret versions, newest first (the first is the current one).
struct KeyVersions {
  ApiKey key;
  std::vector<SecretVersion> versions;
  int secret_versions_kept = kDefaultSecretVersionsKept;  // the team's retention
};

// Restore version `version` of the key `id`: its value becomes a new secret version.
struct RestoreVersion {
  std::string id;
  std::int64_t version = 0;
  std::optional<std::int64_t> expected_version;  // If-Match on the edit version; nullopt: none
};

// The team's key `id` and its secret versions (never a secret: hints and fingerprints only).
// REQUIRES: actor may api_keys:read. kNotFound when the team has no such key.
Result<KeyVersions> list_versions(storage::ReadTx& tx, const Actor& actor, const std::string& id);

// The secret of version `version` of the team's key `id`. REQUIRES: actor may api_keys:reveal.
// kNotFound for an unknown key or version; kConflict when retention deleted that version's
// ciphertext. Audited as api_key.revealed with the version in its details.
Result<crypto::SecretString> reveal_version(storage::WriteTx& tx, const Actor& actor,
                                            TeamKeys& team_keys, const std::string& id,
                                            std::int64_t version, std::int64_t now);

// Makes the value of an earlier version the key's secret again, as a new secret version (an
// update of the key's secret: a new edit version, audited and announced as api_key.updated with
// fields ["key"] and restored_from). The key unchanged when that value is already its secret.
// REQUIRES: actor may api_keys:update. kNotFound for an unknown key or version, kConflict when
// the version's ciphertext was deleted or its value is now another key of the team,
// kPreconditionFailed for a stale If-Match.
Result<ApiKey> restore_version(storage::WriteTx& tx, const Actor& actor, TeamKeys& team_keys,
                               const RestoreVersion& command, std::int64_t now);

// At start-up, after migrations and TeamKeys::preload: every key still sealed as it was before
// versions existed (secret_version 0, associated data without a version) is opened in memory,
// sealed again as version 1 and given its version row, all in one transaction; the plaintext is
// wiped and never written anywhere. A key whose team key cannot be unwrapped stays as it is (and
// is logged). Returns how many keys were re-sealed; 0 on every start after the first.
Result<int> reseal_unversioned_keys(storage::Store& store, TeamKeys& team_keys);

}  // namespace keyward::keys
