#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>

#include "api/audit_chain.h"
#include "api/team_keys.h"
#include "app/commands.h"
#include "app/console.h"
#include "crypto/master_key.h"
#include "crypto/sealing.h"
#include "domain/clock.h"
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
  // reading the old rows until the commit; the credentials themselves are not touched.
  int rewrapped = 0;
  int refingerprinted = 0;
  std::map<std::string, crypto::DataKey> data_keys;
  auto done = (*store)->write([&](storage::Tx& tx) -> Status {
    rewrapped = 0;  // a PostgreSQL write may run more than once
    data_keys.clear();
    auto recorded = tx.get_setting(api::kMasterKeyIdSetting);
    if (!recorded) return std::move(recorded).error();
    if (*recorded && **recorded != current->key.id()) {
      std::string message = "the database uses master key " + **recorded +
                            ", not the configured current key " + current->key.id();
      return Error::make(ErrorCode::kInternal, message, message);
    }
    auto rows = tx.all_team_keys();
    if (!rows) return std::move(rows).error();
    std::int64_t at = SystemClock().now_ms();
    for (const auto& row : *rows) {
      auto key = crypto::unwrap_team_key(current->key, row.team_id,
                                         {row.master_key_id, row.wrapped_key, row.nonce});
      if (!key) return std::move(key).error();
      crypto::WrappedKey wrapped = crypto::wrap_team_key(next->key, row.team_id, *key);
      auto updated = tx.update_team_key(
          {row.team_id, wrapped.master_key_id, wrapped.ciphertext, wrapped.nonce}, at);
      if (!updated) return updated;
      data_keys.insert_or_assign(row.team_id, std::move(key).value());
      ++rewrapped;
    }
    // Fingerprints are keyed by a key derived from the master key: recompute each, or the same
    // credential stored again after the rotation would not be recognised.
    std::vector<std::pair<std::string, std::string>> fingerprints;  // (team, key id) order
    std::vector<std::string> new_fingerprints;
    const storage::TableSpec* api_keys = nullptr;
    for (const auto& table : storage::data_tables()) {
      if (table.name == "api_keys") api_keys = &table;
    }
    auto scanned = tx.scan_table(*api_keys, [&](const storage::Row& row) -> Status {
      const std::string& id = row[0].bytes;
      const std::string& team = row[1].bytes;
      auto found = data_keys.find(team);
      if (found == data_keys.end()) {
        return Error::make(ErrorCode::kInternal, "", "no team key for team " + team);
      }
      auto plaintext = crypto::open_api_key(found->second, team, id, {row[4].bytes, row[5].bytes});
      if (!plaintext) return std::move(plaintext).error();
      fingerprints.emplace_back(team, id);
      new_fingerprints.push_back(crypto::fingerprint(next->key, team, plaintext->view()));
      return ok_status();
    });
    if (!scanned) return scanned;
    for (std::size_t i = 0; i < fingerprints.size(); ++i) {
      auto set =
          tx.set_fingerprint(fingerprints[i].first, fingerprints[i].second, new_fingerprints[i]);
      if (!set) return set;
    }
    refingerprinted = static_cast<int>(fingerprints.size());
    if (auto audit = api::AuditChain::rewrap(tx, current->key, next->key); !audit) return audit;
    return tx.put_setting(api::kMasterKeyIdSetting, next->key.id());
  });
  if (!done) return fail(done.error().internal);
  std::cout << "re-wrapped " << rewrapped
            << " team key(s) and the audit chain key under master key " << next->key.id()
            << "; recomputed " << refingerprinted << " key fingerprint(s)"
            << "\nnow point KEYWARD_MASTER_KEY_FILE at " << new_key_file
            << " and restart every server; running servers keep serving the teams they hold\n";
  return 0;
}

}  // namespace keyward::app
