#pragma once

#include <cstdint>

#include "domain/result.h"
#include "storage/store.h"

// The scheduler's lifecycle job: tells a team, once per key and threshold, that a key is about
// to expire, has expired, or is due for rotation.
namespace keyward::scheduler {

// How many keys one transaction handles; a pass runs transactions until none is left.
inline constexpr int kNoticeBatch = 100;

// Emits every notice due at `now`: api_key.expiring (a key inside its team's warning window,
// not yet expired), api_key.expired and api_key.rotation_due, each as an audit event by the
// server in the key's team and a change notice, in the transaction that records it in
// api_key_notices. A notice already recorded for that key, kind and threshold (the expiry, or
// the moment rotation fell due) is skipped, so two servers racing emit it once. Returns how many
// it emitted.
Result<int> emit_lifecycle_notices(storage::Store& store, std::int64_t now,
                                   int batch = kNoticeBatch);

}  // namespace keyward::scheduler
