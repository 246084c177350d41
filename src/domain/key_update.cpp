#include "domain/key_update.h"

#include "domain/validation.h"

namespace keyward {

Error stale_version(std::int64_t current_version) {
  return Error::make(ErrorCode::kPreconditionFailed, "Someone else changed this key (now version " +
                                                         std::to_string(current_version) +
                                                         "); reload it and try again.");
}

Result<UpdatePlan> plan_update(const ApiKey& current, const KeyChanges& changes) {
  if (changes.expected_version && *changes.expected_version != current.version) {
    return stale_version(current.version);
  }
  UpdatePlan plan;
  plan.next = current;
  const KeyType* type = changes.type != nullptr ? changes.type : find_key_type(current.type);
  if (type == nullptr) return Error::make(ErrorCode::kInternal, "", "unknown stored type");
  if (changes.type != nullptr && current.type != changes.type->id) {
    // The stored key was entered for its provider: moving it to another type without the key
    // entered again would let verify (and later the gateway) send it elsewhere.
    if (changes.key.empty()) {
      FieldErrors retype;
      retype.add("key", "Enter the key again to change its type");
      return retype.to_error();
    }
    plan.next.type = std::string(changes.type->id);
    plan.fields.emplace_back("type");
  }
  if (changes.base_url && *changes.base_url != current.base_url) {
    // Like the type: whoever points the key elsewhere must hold it already.
    if (changes.key.empty()) {
      FieldErrors moved;
      moved.add("key", "Enter the key again to change its base URL");
      return moved.to_error();
    }
    plan.next.base_url = *changes.base_url;
    plan.fields.emplace_back("base_url");
  }
  if (changes.description && *changes.description != current.description) {
    plan.next.description = *changes.description;
    plan.fields.emplace_back("description");
  }
  if (!changes.key.empty()) {
    plan.next.fingerprint = changes.key_fingerprint;
    if (changes.key_fingerprint != current.fingerprint) {
      plan.reseal = true;
      plan.next.verify_status.reset();  // an earlier check says nothing about the new key
      plan.next.verified_at.reset();
      plan.fields.emplace_back("key");
    }
    plan.next.key_hint = make_key_hint(*type, changes.key);
  }
  bool want_default = changes.is_default.value_or(current.is_default);
  plan.clear_default = want_default && !(current.is_default && plan.next.type == current.type);
  if (want_default != current.is_default) plan.fields.emplace_back("is_default");
  plan.next.is_default = want_default;
  // Labels are not the secret: a new set is an edit (a new version) but no new secret version.
  if (changes.labels && *changes.labels != current.labels) {
    plan.next.labels = *changes.labels;
    plan.fields.emplace_back("labels");
  }
  if (changes.expires_at && *changes.expires_at != current.expires_at) {
    plan.next.expires_at = *changes.expires_at;
    plan.fields.emplace_back("expires_at");
  }
  if (changes.rotate_every_days && *changes.rotate_every_days != current.rotate_every_days) {
    plan.next.rotate_every_days = *changes.rotate_every_days;
    plan.fields.emplace_back("rotate_every_days");
  }
  return plan;
}

}  // namespace keyward
