#pragma once

#include <cstdint>

#include "crypto/master_key.h"
#include "crypto/sealing.h"
#include "storage/store.h"

namespace keyward::storage {

// The name of the fingerprint key in server_keys.
inline constexpr char kFingerprintKeyName[] = "fingerprint";

// In `tx`: the stored fingerprint key, opened with `master`. When none is stored yet (a new
// database, or the first start after the upgrade that added server_keys), stores the key
// fingerprints used to be computed under, derived from `master`, so every stored fingerprint
// stays valid. Fails (kInternal, a message for the operator) when the stored key is wrapped by
// another master key or does not open.
Result<crypto::FingerprintKey> load_fingerprint_key(WriteTx& tx, const crypto::MasterKey& master,
                                                    std::int64_t now);

// In `tx`, for `keyward rotate-master-key`: re-wraps every server key from `current` to `next`
// (storing the fingerprint key first if it is missing, as load_fingerprint_key would). The keys
// themselves do not change. Returns how many were re-wrapped.
Result<int> rewrap_server_keys(WriteTx& tx, const crypto::MasterKey& current,
                               const crypto::MasterKey& next, std::int64_t now);

}  // namespace keyward::storage
