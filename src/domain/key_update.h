#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/api_key.h"
#include "domain/catalogue.h"
#include "domain/result.h"

namespace keyward {

// What an edit of a key asks for, already validated (check_key_type, check_description,
// check_key). Absent fields keep their value.
struct KeyChanges {
  // The version the editor saw (If-Match); nullopt: no precondition.
  std::optional<std::int64_t> expected_version;
  const KeyType* type = nullptr;  // nullptr: keep the type
  std::optional<std::string> description;
  // The secret entered again; empty keeps the current one (as the edit form's blank field does).
  // A view: the plan keeps only its hint, never the secret.
  std::string_view key;
  // The fingerprint of `key` under the team's fingerprint key; REQUIRES: set when `key` is.
  std::string key_fingerprint;
  std::optional<bool> is_default;
  // The whole new label set, as check_labels returns it (sorted, no duplicates); nullopt: keep.
  std::optional<std::vector<std::string>> labels;
  // A new expiry or rotation period (an inner nullopt clears it); nullopt: keep.
  std::optional<std::optional<std::int64_t>> expires_at = std::nullopt;
  std::optional<std::optional<int>> rotate_every_days = std::nullopt;
  // A new base URL (an inner nullopt: back to the type's), checked by check_base_url; changing it
  // needs `key` entered again.
  std::optional<std::optional<std::string>> base_url = std::nullopt;
};

// What applying KeyChanges to a stored key does. Pure: no clock, no database, no secret kept.
struct UpdatePlan {
  // The key as it will be stored: the changed fields applied, the hint recomputed when a key was
  // entered, the verification reset when the secret changes. Version, updated_at/_by and the
  // sealed secret are the caller's to set.
  ApiKey next;
  // The fields that change, in the order the audit trail and the change notice list them
  // ("type", "description", "key", "is_default", "labels", "expires_at", "rotate_every_days",
  // "base_url");
  // empty: nothing changes, nothing is
  // written.
  std::vector<std::string> fields;
  // The secret differs from the stored one: seal `KeyChanges::key` for `next`.
  bool reseal = false;
  // `next` becomes its type's default: clear the team's other default of `next.type` first.
  bool clear_default = false;

  // True when the update is a no-op: nothing is written or audited.
  bool changes_nothing() const { return fields.empty(); }
};

// Plans the edit `changes` of `current`. Errors: kPreconditionFailed when `expected_version` is
// not the current version; kValidation (field "key") when the type or the base URL changes
// without the key entered again (a key entered for one provider must never be sent to another,
// by someone who could not read it); kInternal when
// the stored type is not in the catalogue.
Result<UpdatePlan> plan_update(const ApiKey& current, const KeyChanges& changes);

// The 412 answer to an edit based on an older version than `current_version`.
Error stale_version(std::int64_t current_version);

}  // namespace keyward
