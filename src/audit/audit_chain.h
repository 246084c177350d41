#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "crypto/master_key.h"
#include "crypto/sealing.h"
#include "domain/identity.h"
#include "storage/store.h"

namespace keyward::audit {

// The tamper-evident audit trail. Every event is sealed with a keyed BLAKE2b-256 over the hash
// of the previous event of its team and its own fields, so editing, deleting, inserting or
// reordering an event breaks the chain at that point; without the chain key nobody can re-seal
// what they changed. The key is random, stored in settings wrapped by the master key (a master
// key rotation re-wraps it, so old chains stay verifiable). Deleting the newest events of a chain
// leaves a shorter valid chain: `keyward audit verify` prints each chain's head so it can be
// recorded elsewhere and compared later.
class AuditChain {
 public:
  // Loads the chain key from `store`, creating it on first use. Fails when the master key cannot
  // unwrap it (the wrong key).
  static Result<AuditChain> open(storage::Store& store, const crypto::MasterKey& master);

  // The event's chain hash (32 bytes) after `prev_hash` (empty for a chain's first event).
  std::string seal(const std::string& prev_hash, const AuditEvent& event) const;

  // For Store::set_audit_sealer. The sealer shares the key; it outlives this object.
  storage::AuditSealer sealer() const;

  // In `tx`, for checking a restored trail: the stored chain key, never creating one. With no
  // key stored, a key nobody has: every chained event then fails to verify (unchained ones
  // still count as unchained). Fails when the stored key does not open under `master`.
  static Result<AuditChain> load_for_verify(storage::ReadTx& tx, const crypto::MasterKey& master);

  // Re-wraps the stored chain key from `current` to `next`, in `tx` (rotate-master-key).
  static Status rewrap(storage::WriteTx& tx, const crypto::MasterKey& current,
                       const crypto::MasterKey& next);

 private:
  explicit AuditChain(crypto::DataKey key) : key_(std::move(key)) {}
  crypto::DataKey key_;
};

// One chain's state after verification: the events of one team (team empty: events outside a
// team, such as failed sign-ins).
struct ChainReport {
  std::string team;
  std::int64_t events = 0;     // chained events checked
  std::int64_t unchained = 0;  // events written before the chain existed
  std::string head;            // hex of the newest event's hash
  std::string problem;         // empty when intact
  std::string event_id;        // where the problem is
};

// Walks every chain in insertion order, recomputing each hash and link.
Result<std::vector<ChainReport>> verify_audit_chains(storage::Store& store,
                                                     const AuditChain& chain);
// The same inside an open transaction (restore checks the rows it is about to commit).
Result<std::vector<ChainReport>> verify_audit_chains(storage::ReadTx& tx, const AuditChain& chain);

// The settings key holding the wrapped chain key.
inline constexpr char kAuditChainKeySetting[] = "audit_chain_key";

}  // namespace keyward::audit
