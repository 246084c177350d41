#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "crypto/master_key.h"
#include "crypto/sealing.h"
#include "storage/store.h"

namespace keyward::keys {

// The teams' data keys, unwrapped once and kept in guarded memory. Keys already loaded keep
// working while `keyward rotate-master-key` re-wraps the rows, so a running server serves
// through a rotation. Thread-safe.
class TeamKeys {
 public:
  // REQUIRES: `master` outlives this.
  explicit TeamKeys(const crypto::MasterKey& master) : master_(master) {}

  // At start: checks that the database's team keys are wrapped by this master key (refusing a
  // wrong key with a clear message), records the key id for later rotations, unwraps every team
  // key into the cache, and loads the fingerprint key (storing it on the first start).
  Status preload(storage::Store& store);

  // The team's data key; on a team's first key, a new data key is wrapped and stored in `tx`.
  // A key made in `tx` is cached only once `tx` commits, so a rolled-back transaction can never
  // leave a key in memory that the database does not have.
  Result<crypto::DataKey> for_team(storage::WriteTx& tx, const std::string& team_id,
                                   std::int64_t now);

  // The data key of a team that has one (a team with keys has), for a read: from memory, else
  // unwrapped from `tx` and cached. kInternal when the team has no data key stored.
  Result<crypto::DataKey> stored_for_team(storage::ReadTx& tx, const std::string& team_id);

  // The master key this cache unwraps with (the one given at construction).
  const crypto::MasterKey& master() const { return master_; }

  // The fingerprint of a credential of the team, under the fingerprint key stored in the
  // database (storage/server_keys.h), loaded by preload(): a master key rotation while this
  // server runs does not change it. REQUIRES: preload() succeeded.
  std::string fingerprint(std::string_view team_id, std::string_view plaintext) const;

 private:
  Result<crypto::DataKey> unwrap(const storage::TeamKeyRow& row);
  // The team's data key from memory or `tx`; nullopt when the team has none yet.
  Result<std::optional<crypto::DataKey>> lookup(storage::ReadTx& tx, const std::string& team_id);

  const crypto::MasterKey& master_;
  std::mutex mutex_;
  std::unordered_map<std::string, crypto::DataKey> cache_;
  std::optional<crypto::FingerprintKey> fingerprint_key_;  // set by preload(), then read-only
};

// The settings key naming the master key that wraps every team key.
inline constexpr char kMasterKeyIdSetting[] = "master_key_id";

}  // namespace keyward::keys
