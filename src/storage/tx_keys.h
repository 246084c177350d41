#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/api_key.h"
#include "domain/gateway_usage.h"
#include "domain/result.h"
#include "storage/page.h"

namespace keyward::storage {

// The API keys a transaction reads (tx.keys()). Every lookup is scoped to a team: a key of
// another team is a missing row. A missing row is an empty optional, never an error; errors are
// database failures only.
class KeysReader {
 public:
  virtual ~KeysReader() = default;

  // The team's key `id`; nullopt when the team has no such key.
  virtual Result<std::optional<ApiKey>> find(const std::string& team_id, const std::string& id) = 0;
  // The team's key whose secret has `fingerprint`; nullopt when none has.
  virtual Result<std::optional<ApiKey>> find_by_fingerprint(const std::string& team_id,
                                                            const std::string& fingerprint) = 0;
  // One page of the team's keys, filtered, searched and sorted as `query` says; a page past the
  // end is empty with the right total.
  virtual Result<Page<ApiKey>> list(const std::string& team_id, const ListQuery& query) = 0;
  // The team's default key of `type`, else its newest key of that type, among the enabled keys
  // carrying every one of `labels` (sorted, no duplicates; empty: every key); nullopt when there
  // is none.
  virtual Result<std::optional<ApiKey>> resolve(const std::string& team_id, const std::string& type,
                                                const std::vector<std::string>& labels) = 0;
  // Up to kMaxCandidates of the team's enabled keys of `type` carrying every one of
  // `labels` (as resolve()), the default first, then newest first: the gateway's order of trial.
  static constexpr int kMaxCandidates = 8;
  virtual Result<std::vector<ApiKey>> candidates(const std::string& team_id,
                                                 const std::string& type,
                                                 const std::vector<std::string>& labels) = 0;
  // The secret versions of the team's key `id`, newest first; empty for a key the team does not
  // have.
  virtual Result<std::vector<SecretVersion>> secret_versions(const std::string& team_id,
                                                             const std::string& id) = 0;
  // Version `version` of the team's key `id`; nullopt when there is none.
  virtual Result<std::optional<SecretVersion>> find_secret_version(const std::string& team_id,
                                                                   const std::string& id,
                                                                   std::int64_t version) = 0;
  // Every team's keys still sealed without a version (secret_version 0), by team.
  virtual Result<std::vector<ApiKey>> unversioned() = 0;
  // How many of the team's keys are not ok at `now` (expiring, expired or rotation due).
  virtual Result<std::int64_t> count_needing_attention(const std::string& team_id,
                                                       std::int64_t now) = 0;
  // Up to `limit` keys of the teams that have the scheduler check their keys
  // (reverify_every_days) whose last check is older than that period at `now`, or who were never
  // checked; the longest unchecked first.
  virtual Result<std::vector<ApiKey>> due_for_reverify(std::int64_t now, int limit) = 0;
  // Up to `limit` keys of any team whose `kind` of notice ("expiring", "expired" or
  // "rotation_due") is due at `now` and not yet recorded for its threshold (the expiry, or the
  // moment rotation fell due); oldest mark first. "expiring" leaves out keys already expired.
  virtual Result<std::vector<ApiKey>> due_for_notice(std::string_view kind, std::int64_t now,
                                                     int limit) = 0;
  // The gateway's use of the team's key `id` in [from, to) (ms), summed by UTC day and service
  // token: period_start is the day's start. Oldest day first; empty when there was none.
  virtual Result<std::vector<GatewayUsage>> gateway_usage_by_day(const std::string& team_id,
                                                                 const std::string& id,
                                                                 std::int64_t from,
                                                                 std::int64_t to) = 0;
  // The gateway's use of each of the team's keys since `from` (ms), one sum per key (token_id
  // empty); keys without use are absent.
  virtual Result<std::vector<GatewayUsage>> team_gateway_usage(const std::string& team_id,
                                                               std::int64_t from) = 0;
  // The requests the gateway sent for the service token `token_id` since `from` (ms), as written
  // so far: a token's monthly limit counts from it.
  virtual Result<std::int64_t> token_gateway_requests(const std::string& token_id,
                                                      std::int64_t from) = 0;
};

// The API keys a write transaction changes. A unique violation (an id or, for a team, a
// fingerprint or a second default of a type already stored) is ErrorCode::kConflict.
class KeysWriter : public KeysReader {
 public:
  // Stores a new key. kConflict when the id, or the team's fingerprint, is taken.
  virtual Status insert(const ApiKey& key) = 0;
  // Writes every mutable column of `key` where the stored version is `expected_version`; false
  // when no row matched (deleted, or changed meanwhile). kConflict on a unique violation.
  virtual Result<bool> update(const ApiKey& key, std::int64_t expected_version) = 0;
  // Deletes the team's key `id`; false when the team has no such key.
  virtual Result<bool> remove(const std::string& team_id, const std::string& id) = 0;
  // Clears is_default on the team's keys of `type` (bumping their version); returns how many
  // changed, 0 when none was the default.
  virtual Result<int> clear_default(const std::string& team_id, const std::string& type) = 0;
  // Records a verification result (not an edit: the version stays), only while the key still
  // has the `type` and `fingerprint` that were checked; false when it is gone or was changed
  // meanwhile (a result must never land on another secret or provider).
  virtual Result<bool> set_verify_result(const std::string& team_id, const std::string& id,
                                         const std::string& type, const std::string& fingerprint,
                                         const std::string& status, std::int64_t at) = 0;
  // Disables the team's key `id` at `at` for `reason`, or re-enables it (both nullopt), only
  // while it still holds the secret `fingerprint`; false when it is gone or its secret changed.
  virtual Result<bool> set_disabled(const std::string& team_id, const std::string& id,
                                    const std::string& fingerprint, std::optional<std::int64_t> at,
                                    const std::optional<std::string>& reason) = 0;
  // Stores a secret version. kConflict when the key already has that version (or is missing).
  virtual Status insert_secret_version(const SecretVersion& version) = 0;
  // Retention: deletes the ciphertexts of the key's versions numbered `up_to` or lower, keeping
  // their metadata; returns how many it deleted.
  virtual Result<int> prune_secret_versions(const std::string& team_id, const std::string& id,
                                            std::int64_t up_to) = 0;
  // Retention for every key of the team: keeps the ciphertexts of each key's newest `kept`
  // versions, deletes the older ones; returns how many it deleted.
  virtual Result<int> prune_team_secret_versions(const std::string& team_id, int kept) = 0;
  // Stores `sealed`, the re-sealed version 1 of an unversioned key, in its row: false when the
  // row is gone or no longer unversioned (another server re-sealed it first).
  virtual Result<bool> reseal_unversioned(const std::string& team_id, const std::string& id,
                                          const std::string& ciphertext,
                                          const std::string& nonce) = 0;
  // Adds `usage` (its period_start an hour's start) to the key's counts for that token and hour;
  // a key deleted meanwhile is no error (its usage went with it).
  virtual Status add_gateway_usage(const GatewayUsage& usage) = 0;
  // Batched usage: moves last_used_at forward to `at`, never back; a missing key is no error.
  virtual Status mark_used(const std::string& id, std::int64_t at) = 0;
  // Places every key's lifecycle marks (domain/lifecycle.h) again under the team's `policy`,
  // the rotation clock starting when each key's current secret version was made; returns how
  // many keys it changed.
  virtual Result<int> remark_team_keys(const std::string& team_id,
                                       const LifecyclePolicy& policy) = 0;
  // Records that the `kind` notice of `key` for the threshold `due_at` was emitted at `at`; false
  // (and nothing written) when it already was, by this server or another.
  virtual Result<bool> record_notice(const ApiKey& key, std::string_view kind, std::int64_t due_at,
                                     std::int64_t at) = 0;
};

}  // namespace keyward::storage
