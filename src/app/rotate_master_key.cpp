#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "app/commands.h"
#include "app/console.h"
#include "audit/audit_chain.h"
#include "crypto/master_key.h"
#include "crypto/sealing.h"
#include "domain/clock.h"
#include "keys/team_keys.h"
#include "storage/server_keys.h"
#include "storage/store.h"

namespace keyward::app {
int rotate_master_key(const std::string& database_url, const std::string& current_key_file,
                      const std::string& new_key_file) {
  auto current = load_existing_master_key(current_key_file);
  if (!current) return fail(current.error().internal);
  auto next = crypto::load_master_key({new_key_file, "", ""});
  if (!next) return fail(next.error().internal);
  if (next->key.id() == current->key.id()) return fail("the new key is the current key");

  auto store = storage::open_store(database_url, {.pool_size = 1});
  if (!store) return fail(store.error().internal);
  if (auto migrated = (*store)->migrate(); !migrated) return fail(migrated.error().internal);

  // One transaction: every team key is re-wrapped, or none is. Readers (a running server) go on
  // reading the old rows until the commit; the credentials themselves are not touched, and
  // neither are their fingerprints: the fingerprint key is stored (server_keys), so it is only
  // re-wrapped, and a server still running on the current key computes the same fingerprints
  // as one started on the new key.
  int rewrapped = 0;
  int server_keys = 0;
  auto done = (*store)->write([&](storage::WriteTx& tx) -> Status {
    rewrapped = 0;  // a write may run more than once
    KW_TRY(recorded, tx.settings().get(keys::kMasterKeyIdSetting));
    if (recorded && *recorded != current->key.id()) {
      std::string message = "the database uses master key " + *recorded +
                            ", not the configured current key " + current->key.id();
      return Error::make(ErrorCode::kInternal, message, message);
    }
    KW_TRY(rows, tx.wrapped_keys().all_team_keys());
    std::int64_t at = SystemClock().now_ms();
    for (const auto& row : rows) {
      KW_TRY(key, crypto::unwrap_team_key(current->key, row.team_id,
                                          {row.master_key_id, row.wrapped_key, row.nonce}));
      crypto::WrappedKey wrapped = crypto::wrap_team_key(next->key, row.team_id, key);
      auto updated = tx.wrapped_keys().update_team_key(
          {row.team_id, wrapped.master_key_id, wrapped.ciphertext, wrapped.nonce}, at);
      if (!updated) return updated;
      ++rewrapped;
    }
    KW_TRY(rewrapped_server_keys, storage::rewrap_server_keys(tx, current->key, next->key, at));
    server_keys = rewrapped_server_keys;
    if (auto audit = audit::AuditChain::rewrap(tx, current->key, next->key); !audit) return audit;
    return tx.settings().put(keys::kMasterKeyIdSetting, next->key.id());
  });
  if (!done) return fail(done.error().internal);
  std::cout << "re-wrapped " << rewrapped << " team key(s), " << server_keys
            << " server key(s) and the audit chain key under master key " << next->key.id()
            << "\nnow point KEYWARD_MASTER_KEY_FILE at " << new_key_file
            << " and restart every server; running servers keep serving the teams they hold\n";
  return 0;
}

}  // namespace keyward::app
