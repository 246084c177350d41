#include "keys/versions.h"

#include <boost/json/object.hpp>

#include <utility>

#include "audit/record.h"
#include "domain/key_update.h"
#include "domain/require.h"
#include "keys/keys.h"
#include "log/log.h"

namespace keyward::keys {
namespace {

Error no_version(std::int64_t version) {
  return Error::make(ErrorCode::kNotFound,
                     "This key has no version " + std::to_string(version) + ".");
}

Error version_deleted(std::int64_t version) {
  return Error::make(ErrorCode::kConflict,
                     "The secret of version " + std::to_string(version) +
                         " is no longer stored: the team keeps only its newest versions' secrets "
                         "(secret_versions_kept). Its details are still listed.");
}

Result<ApiKey> find_key(storage::ReadTx& tx, const Actor& actor, const std::string& id) {
  KW_TRY(found, tx.keys().find(actor.team_id, id));
  if (!found) return no_key();
  return std::move(*found);
}

// Version `version` of `key`, still holding its ciphertext.
Result<SecretVersion> stored_version(storage::ReadTx& tx, const ApiKey& key, std::int64_t version) {
  KW_TRY(found, tx.keys().find_secret_version(key.team_id, key.id, version));
  if (!found) return no_version(version);
  if (!found->available()) return version_deleted(version);
  return std::move(*found);
}

Result<crypto::SecretString> open_version(const crypto::DataKey& data_key,
                                          const SecretVersion& version) {
  return crypto::open_api_key(data_key, version.team_id, version.api_key_id, version.version,
                              {version.ciphertext, version.nonce});
}

}  // namespace

Result<KeyVersions> list_versions(storage::ReadTx& tx, const Actor& actor, const std::string& id) {
  KW_TRY_STATUS(require(actor, Permission::kApiKeysRead));
  KW_TRY(key, find_key(tx, actor, id));
  KW_TRY(versions, tx.keys().secret_versions(actor.team_id, id));
  KW_TRY(team, tx.identity().find_team(actor.team_id));
  return KeyVersions{std::move(key), std::move(versions),
                     team ? team->secret_versions_kept : kDefaultSecretVersionsKept};
}

Result<crypto::SecretString> reveal_version(storage::WriteTx& tx, const Actor& actor,
                                            TeamKeys& team_keys, const std::string& id,
                                            std::int64_t version, std::int64_t now) {
  KW_TRY_STATUS(require(actor, Permission::kApiKeysReveal));
  KW_TRY(key, find_key(tx, actor, id));
  KW_TRY(found, stored_version(tx, key, version));
  KW_TRY(data_key, team_keys.for_team(tx, actor.team_id, now));
  KW_TRY(plaintext, open_version(data_key, found));
  KW_TRY_STATUS(audit::record(tx, actor, audit::EventName::kApiKeyRevealed, now, id,
                              {{"description", key.description}, {"version", version}}));
  return plaintext;
}

Result<ApiKey> restore_version(storage::WriteTx& tx, const Actor& actor, TeamKeys& team_keys,
                               const RestoreVersion& command, std::int64_t now) {
  KW_TRY_STATUS(require(actor, Permission::kApiKeysUpdate));
  KW_TRY(key, find_key(tx, actor, command.id));
  if (command.expected_version && *command.expected_version != key.version) {
    return stale_version(key.version);
  }
  KW_TRY(found, stored_version(tx, key, command.version));
  KW_TRY(data_key, team_keys.for_team(tx, actor.team_id, now));
  KW_TRY(plaintext, open_version(data_key, found));
  // An update with the old value: the same checks (a duplicate of another key, the edit version)
  // and the same new secret version, audit event and notice as entering it again.
  UpdateKey update;
  update.id = command.id;
  update.expected_version = key.version;
  update.key = std::move(plaintext);
  update.restored_from = command.version;
  return update_key(tx, actor, team_keys, update, now);
}

namespace {

// What a re-seal transaction did; logged only once it committed (it may run more than once).
struct ResealOutcome {
  int resealed = 0;
  std::vector<std::pair<std::string, std::string>> skipped;  // key id, reason (no secret)
};

// Re-seals one unversioned key as version 1 in `tx`: false when another server did it first.
Result<bool> reseal_one(storage::WriteTx& tx, const crypto::DataKey& data_key, const ApiKey& key,
                        const crypto::SecretString& plaintext) {
  crypto::Sealed sealed = crypto::seal_api_key(data_key, key.team_id, key.id, 1, plaintext.view());
  KW_TRY(changed,
         tx.keys().reseal_unversioned(key.team_id, key.id, sealed.ciphertext, sealed.nonce));
  if (!changed) return false;
  // A key never edited got its secret when it was made; one edited since may have changed it at
  // any edit, so its version says only "held when versions began".
  const bool never_edited = key.version == 1;
  KW_TRY_STATUS(tx.keys().insert_secret_version(
      SecretVersion{.api_key_id = key.id,
                    .version = 1,
                    .team_id = key.team_id,
                    .ciphertext = std::move(sealed.ciphertext),
                    .nonce = std::move(sealed.nonce),
                    .key_hint = key.key_hint,
                    .fingerprint = key.fingerprint,
                    .created_at = never_edited ? key.created_at : key.updated_at,
                    .created_by = never_edited ? key.created_by : key.updated_by,
                    .change = never_edited ? SecretChange::kCreated : SecretChange::kMigrated,
                    .restored_from = std::nullopt}));
  return true;
}

Result<ResealOutcome> reseal_all(storage::WriteTx& tx, TeamKeys& team_keys) {
  ResealOutcome out;
  KW_TRY(keys, tx.keys().unversioned());
  for (const ApiKey& key : keys) {
    auto data_key = team_keys.stored_for_team(tx, key.team_id);
    if (!data_key) {
      out.skipped.emplace_back(key.id, data_key.error().internal);
      continue;
    }
    auto plaintext = crypto::open_unversioned_api_key(*data_key, key.team_id, key.id,
                                                      {key.ciphertext, key.nonce});
    if (!plaintext) {
      out.skipped.emplace_back(key.id, plaintext.error().internal);
      continue;
    }
    KW_TRY(resealed, reseal_one(tx, *data_key, key, *plaintext));
    if (resealed) ++out.resealed;
  }
  return out;
}

}  // namespace

Result<int> reseal_unversioned_keys(storage::Store& store, TeamKeys& team_keys) {
  KW_TRY(outcome, storage::write<ResealOutcome>(
                      store, [&](storage::WriteTx& tx) { return reseal_all(tx, team_keys); }));
  for (const auto& [id, reason] : outcome.skipped) {
    log::error("api_key_not_resealed", {{"api_key_id", id}, {"error", reason}});
  }
  if (outcome.resealed > 0) log::info("api_keys_resealed", {{"count", outcome.resealed}});
  return outcome.resealed;
}

}  // namespace keyward::keys
