#include "keys/team_keys.h"

#include <cstdlib>
#include <vector>

#include "domain/clock.h"
#include "log/log.h"
#include "storage/server_keys.h"

namespace keyward::keys {

Result<crypto::DataKey> TeamKeys::unwrap(const storage::TeamKeyRow& row) {
  if (row.master_key_id != master_.id()) {
    return Error::make(ErrorCode::kUnavailable,
                       "The master key was changed; restart keyward with the new key.",
                       "team key of " + row.team_id + " is wrapped by master key " +
                           row.master_key_id + ", this server holds " + master_.id());
  }
  return crypto::unwrap_team_key(master_, row.team_id,
                                 {row.master_key_id, row.wrapped_key, row.nonce});
}

Status TeamKeys::preload(storage::Store& store) {
  // What the transaction read; kept only once it committed (it may run more than once).
  struct Loaded {
    std::vector<storage::TeamKeyRow> rows;
    crypto::FingerprintKey fingerprint_key;
  };
  KW_TRY(loaded, storage::write<Loaded>(store, [&](storage::WriteTx& tx) -> Result<Loaded> {
           KW_TRY(recorded, tx.settings().get(kMasterKeyIdSetting));
           if (recorded && *recorded != master_.id()) {
             std::string message = "the configured master key (id " + master_.id() +
                                   ") is not the key this database uses (id " + *recorded +
                                   "); point KEYWARD_MASTER_KEY_FILE at the right key";
             return Error::make(ErrorCode::kInternal, message, message);
           }
           KW_TRY(rows, tx.wrapped_keys().all_team_keys());
           KW_TRY(fingerprint_key,
                  storage::load_fingerprint_key(tx, master_, SystemClock().now_ms()));
           if (!recorded) KW_TRY_STATUS(tx.settings().put(kMasterKeyIdSetting, master_.id()));
           return Loaded{std::move(rows), std::move(fingerprint_key)};
         }));
  std::lock_guard lock(mutex_);
  for (const auto& row : loaded.rows) {
    auto key = unwrap(row);
    if (!key) {
      // One damaged row costs its own team, not every team: that team's key requests answer
      // 500 (each retries the unwrap), the others are served. The log names it for the
      // operator (restore that row from a backup).
      log::error("team_key_unreadable", {{"team_id", row.team_id},
                                         {"master_key_id", master_.id()},
                                         {"error", key.error().internal}});
      continue;
    }
    cache_.insert_or_assign(row.team_id, std::move(key).value());
  }
  fingerprint_key_ = std::move(loaded.fingerprint_key);
  return ok_status();
}

std::string TeamKeys::fingerprint(std::string_view team_id, std::string_view plaintext) const {
  if (!fingerprint_key_) std::abort();  // preload() was not called: a programming error
  return crypto::fingerprint(*fingerprint_key_, team_id, plaintext);
}

Result<std::optional<crypto::DataKey>> TeamKeys::lookup(storage::ReadTx& tx,
                                                        const std::string& team_id) {
  {
    std::lock_guard lock(mutex_);
    auto found = cache_.find(team_id);
    if (found != cache_.end()) return std::optional<crypto::DataKey>(found->second);
  }
  KW_TRY(row, tx.wrapped_keys().find_team_key(team_id));
  if (!row) return std::optional<crypto::DataKey>();
  KW_TRY(key, unwrap(*row));
  std::lock_guard lock(mutex_);
  cache_.insert_or_assign(team_id, key);
  return std::optional<crypto::DataKey>(std::move(key));
}

Result<crypto::DataKey> TeamKeys::stored_for_team(storage::ReadTx& tx, const std::string& team_id) {
  KW_TRY(found, lookup(tx, team_id));
  if (!found) {
    return Error::make(ErrorCode::kInternal, "The team's data key is missing.",
                       "team " + team_id + " has keys but no stored data key");
  }
  return std::move(*found);
}

Result<crypto::DataKey> TeamKeys::for_team(storage::WriteTx& tx, const std::string& team_id,
                                           std::int64_t now) {
  KW_TRY(found, lookup(tx, team_id));
  if (found) return std::move(*found);
  // A new data key: only if no rotation has moved the database to another master key.
  KW_TRY(recorded, tx.settings().get(kMasterKeyIdSetting));
  if (recorded && *recorded != master_.id()) {
    return Error::make(ErrorCode::kUnavailable,
                       "The master key was changed; restart keyward with the new key.",
                       "database master key id " + *recorded + ", this server " + master_.id());
  }
  crypto::DataKey key = crypto::DataKey::generate();
  crypto::WrappedKey wrapped = crypto::wrap_team_key(master_, team_id, key);
  KW_TRY_STATUS(tx.wrapped_keys().insert_team_key(
      {team_id, wrapped.master_key_id, wrapped.ciphertext, wrapped.nonce}, now));
  tx.after_commit([this, team_id, key] {
    std::lock_guard lock(mutex_);
    cache_.insert_or_assign(team_id, key);
  });
  return key;
}

}  // namespace keyward::keys
