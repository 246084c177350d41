#include "storage/server_keys.h"

namespace keyward::storage {
namespace {

Error key_error(const std::string& message) {
  return Error::make(ErrorCode::kInternal, message, message);
}

Result<crypto::DataKey> open_row(const ServerKeyRow& row, const crypto::MasterKey& master) {
  if (row.master_key_id != master.id()) {
    return key_error("server key " + row.name + " is wrapped by master key " + row.master_key_id +
                     ", not by the configured master key (id " + master.id() + ")");
  }
  auto key =
      crypto::unwrap_server_key(master, row.name, {row.master_key_id, row.wrapped_key, row.nonce});
  if (!key) {
    return key_error("server key " + row.name +
                     " cannot be opened with the configured master key (id " + master.id() + ")");
  }
  return key;
}

ServerKeyRow row_of(std::string name, const crypto::WrappedKey& wrapped) {
  return ServerKeyRow{std::move(name), wrapped.master_key_id, wrapped.ciphertext, wrapped.nonce};
}

// Stores the fingerprint key derived from `derive_from`, wrapped by `wrap_with`, unless a
// fingerprint key is stored already.
Status store_initial_fingerprint_key(WriteTx& tx, const crypto::MasterKey& derive_from,
                                     const crypto::MasterKey& wrap_with, std::int64_t now) {
  crypto::FingerprintKey initial = crypto::FingerprintKey::derived_from(derive_from);
  KW_TRY_STATUS(tx.wrapped_keys().insert_server_key(
      row_of(kFingerprintKeyName,
             crypto::wrap_server_key(wrap_with, kFingerprintKeyName, initial.key())),
      now));
  return ok_status();
}

}  // namespace

Result<crypto::FingerprintKey> load_fingerprint_key(WriteTx& tx, const crypto::MasterKey& master,
                                                    std::int64_t now) {
  auto stored = tx.wrapped_keys().find_server_key(kFingerprintKeyName);
  if (!stored) return std::move(stored).error();
  if (!*stored) {
    // Another server starting at the same moment may store it first (then ours is not
    // inserted): read back whichever is stored.
    if (auto put = store_initial_fingerprint_key(tx, master, master, now); !put) {
      return std::move(put).error();
    }
    stored = tx.wrapped_keys().find_server_key(kFingerprintKeyName);
    if (!stored) return std::move(stored).error();
    if (!*stored) return key_error("the fingerprint key was not stored");
  }
  KW_TRY(key, open_row(**stored, master));
  return crypto::FingerprintKey::from(std::move(key));
}

Result<int> rewrap_server_keys(WriteTx& tx, const crypto::MasterKey& current,
                               const crypto::MasterKey& next, std::int64_t now) {
  KW_TRY(fingerprint, tx.wrapped_keys().find_server_key(kFingerprintKeyName));
  if (!fingerprint) {
    // Never stored (no server started since the upgrade): store the key the fingerprints were
    // computed under, i.e. the one derived from the current master key, wrapped by the next.
    if (auto put = store_initial_fingerprint_key(tx, current, next, now); !put) {
      return std::move(put).error();
    }
  }
  KW_TRY(rows, tx.wrapped_keys().all_server_keys());
  for (const auto& row : rows) {
    if (row.master_key_id == next.id()) continue;  // just stored under the next key
    KW_TRY(key, open_row(row, current));
    auto updated = tx.wrapped_keys().update_server_key(
        row_of(row.name, crypto::wrap_server_key(next, row.name, key)), now);
    if (!updated) return std::move(updated).error();
  }
  return static_cast<int>(rows.size());
}

}  // namespace keyward::storage
