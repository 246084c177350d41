#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/api_key.h"
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
  // The team's default key of `type`, else its newest key of that type; nullopt when the team
  // has no key of that type.
  virtual Result<std::optional<ApiKey>> resolve(const std::string& team_id,
                                                const std::string& type) = 0;
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
  // Batched usage: moves last_used_at forward to `at`, never back; a missing key is no error.
  virtual Status mark_used(const std::string& id, std::int64_t at) = 0;
};

}  // namespace keyward::storage
