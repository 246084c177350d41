#include "keys/keys.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <algorithm>
#include <utility>
#include <vector>

#include "audit/record.h"
#include "changes/notices.h"
#include "crypto/random.h"
#include "domain/clock.h"
#include "domain/key_update.h"
#include "domain/labels.h"
#include "domain/lifecycle.h"
#include "domain/require.h"

namespace keyward::keys {
namespace {

using audit::EventName;

Error duplicate_of(const ApiKey& existing) {
  return Error::make(ErrorCode::kConflict, "This key is already stored in this team as \"" +
                                               existing.description + "\".");
}

Error forbidden_type(const std::string& type) {
  return Error::make(ErrorCode::kForbidden,
                     "This service token may not resolve keys of type " + type + ".");
}

Error forbidden_labels(const std::vector<std::string>& labels) {
  std::string listed;
  for (const auto& label : labels) listed += (listed.empty() ? "" : ", ") + label;
  return Error::make(ErrorCode::kForbidden,
                     "This service token may only resolve keys labelled " + listed + ".");
}

Result<ApiKey> find_key(storage::ReadTx& tx, const Actor& actor, const std::string& id) {
  KW_TRY(found, tx.keys().find(actor.team_id, id));
  if (!found) return no_key();
  return std::move(*found);
}

Result<crypto::SecretString> open(const crypto::DataKey& data_key, const ApiKey& key) {
  return crypto::open_api_key(data_key, key.team_id, key.id, key.secret_version,
                              {key.ciphertext, key.nonce});
}

// The version row of `key`'s current secret, as it was just stored by `actor` at `now`.
SecretVersion current_version_of(const ApiKey& key, const Actor& actor, SecretChange change,
                                 std::optional<std::int64_t> restored_from, std::int64_t now) {
  return SecretVersion{.api_key_id = key.id,
                       .version = key.secret_version,
                       .team_id = key.team_id,
                       .ciphertext = key.ciphertext,
                       .nonce = key.nonce,
                       .key_hint = key.key_hint,
                       .fingerprint = key.fingerprint,
                       .created_at = now,
                       .created_by = actor.id,
                       .change = change,
                       .restored_from = restored_from};
}

boost::json::array names(const std::vector<std::string>& fields) {
  boost::json::array out;
  for (const auto& field : fields) out.emplace_back(field);
  return out;
}

// Retention, in the transaction that made `key`'s newest secret version: deletes the ciphertexts
// of its versions older than the newest the team keeps (their metadata stays).
Status keep_newest_secret_versions(storage::WriteTx& tx, const ApiKey& key) {
  KW_TRY(team, tx.identity().find_team(key.team_id));
  const int kept = team ? team->secret_versions_kept : kDefaultSecretVersionsKept;
  if (key.secret_version <= kept) return ok_status();
  KW_TRY_STATUS(tx.keys().prune_secret_versions(key.team_id, key.id, key.secret_version - kept));
  return ok_status();
}

// The team's lifecycle settings; the defaults for a team gone meanwhile (its keys go with it).
Result<LifecyclePolicy> lifecycle_policy_of(storage::ReadTx& tx, const std::string& team_id) {
  KW_TRY(team, tx.identity().find_team(team_id));
  return team ? team->lifecycle_policy() : LifecyclePolicy{};
}

// When `key`'s current secret was set: its version row's time; a key not yet re-sealed as a
// version has none, and its last edit stands in.
Result<std::int64_t> secret_set_at(storage::ReadTx& tx, const ApiKey& key) {
  KW_TRY(version, tx.keys().find_secret_version(key.team_id, key.id, key.secret_version));
  return version ? version->created_at : key.updated_at;
}

}  // namespace

Error no_key() { return Error::make(ErrorCode::kNotFound, "No such API key in this team."); }

Result<ApiKey> create_key(storage::WriteTx& tx, const Actor& actor, TeamKeys& team_keys,
                          const CreateKey& command, std::int64_t now) {
  KW_TRY_STATUS(require(actor, Permission::kApiKeysCreate));
  const std::string& team_id = actor.team_id;
  ApiKey key;
  key.id = crypto::random_uuid();
  key.team_id = team_id;
  key.type = std::string(command.type->id);
  key.description = command.description;
  key.labels = command.labels;
  key.expires_at = command.expires_at;
  key.rotate_every_days = command.rotate_every_days;
  key.base_url = command.base_url;
  key.key_hint = make_key_hint(*command.type, command.key.view());
  key.created_at = key.updated_at = now;
  key.created_by = key.updated_by = actor.id;
  KW_TRY(data_key, team_keys.for_team(tx, team_id, now));
  key.fingerprint = team_keys.fingerprint(team_id, command.key.view());
  KW_TRY(existing, tx.keys().find_by_fingerprint(team_id, key.fingerprint));
  if (existing) return duplicate_of(*existing);
  key.secret_version = 1;
  crypto::Sealed sealed =
      crypto::seal_api_key(data_key, team_id, key.id, key.secret_version, command.key.view());
  key.ciphertext = std::move(sealed.ciphertext);
  key.nonce = std::move(sealed.nonce);
  KW_TRY(policy, lifecycle_policy_of(tx, team_id));
  mark_lifecycle(key, policy, now);
  KW_TRY_STATUS(tx.keys().insert(key));
  KW_TRY_STATUS(tx.keys().insert_secret_version(
      current_version_of(key, actor, SecretChange::kCreated, std::nullopt, now)));
  KW_TRY_STATUS(changes::publish(tx, team_id, EventName::kApiKeyCreated,
                                 {{"id", key.id}, {"type", key.type}}));
  boost::json::object details{{"type", key.type}, {"description", key.description}};
  if (!key.labels.empty()) details["labels"] = names(key.labels);
  if (key.expires_at) details["expires_at"] = format_rfc3339(*key.expires_at);
  if (key.rotate_every_days) details["rotate_every_days"] = *key.rotate_every_days;
  if (key.base_url) details["base_url"] = *key.base_url;
  KW_TRY_STATUS(audit::record(tx, actor, EventName::kApiKeyCreated, now, key.id, details));
  return key;
}

Result<ApiKey> get_key(storage::ReadTx& tx, const Actor& actor, const std::string& id) {
  KW_TRY_STATUS(require(actor, Permission::kApiKeysRead));
  return find_key(tx, actor, id);
}

Result<KeyList> list_keys(storage::ReadTx& tx, const Actor& actor, const ListQuery& query) {
  KW_TRY_STATUS(require(actor, Permission::kApiKeysRead));
  KW_TRY(page, tx.keys().list(actor.team_id, query));
  KW_TRY(attention, tx.keys().count_needing_attention(actor.team_id, query.now));
  return KeyList{std::move(page), attention};
}

Result<ApiKey> update_key(storage::WriteTx& tx, const Actor& actor, TeamKeys& team_keys,
                          const UpdateKey& command, std::int64_t now) {
  KW_TRY_STATUS(require(actor, Permission::kApiKeysUpdate));
  const std::string& team_id = actor.team_id;
  KW_TRY(current, find_key(tx, actor, command.id));
  KeyChanges changes{.expected_version = command.expected_version,
                     .type = command.type,
                     .description = command.description,
                     .key = command.key.view(),
                     .key_fingerprint = {},
                     .is_default = command.is_default,
                     .labels = command.labels,
                     .expires_at = command.expires_at,
                     .rotate_every_days = command.rotate_every_days,
                     .base_url = command.base_url};
  if (!changes.key.empty()) changes.key_fingerprint = team_keys.fingerprint(team_id, changes.key);
  KW_TRY(plan, plan_update(current, changes));
  KW_TRY(data_key, team_keys.for_team(tx, team_id, now));
  if (!changes.key.empty()) {
    KW_TRY(other, tx.keys().find_by_fingerprint(team_id, changes.key_fingerprint));
    if (other && other->id != current.id) return duplicate_of(*other);
  }
  if (plan.clear_default) KW_TRY_STATUS(tx.keys().clear_default(team_id, plan.next.type));
  if (plan.changes_nothing()) return current;  // no new version, no audit event, no notice
  ApiKey& next = plan.next;
  if (plan.reseal) {
    // A new secret is a new secret version, sealed for it.
    next.secret_version = current.secret_version + 1;
    crypto::Sealed sealed =
        crypto::seal_api_key(data_key, team_id, current.id, next.secret_version, changes.key);
    next.ciphertext = std::move(sealed.ciphertext);
    next.nonce = std::move(sealed.nonce);
  }
  next.version = current.version + 1;
  next.updated_at = now;
  next.updated_by = actor.id;
  // A new secret restarts the rotation clock; the marks follow any change of the dates too.
  KW_TRY(policy, lifecycle_policy_of(tx, team_id));
  std::int64_t set_at = now;
  if (!plan.reseal) {
    KW_TRY(stored_at, secret_set_at(tx, current));
    set_at = stored_at;
  }
  mark_lifecycle(next, policy, set_at);
  KW_TRY(updated, tx.keys().update(next, current.version));
  if (!updated) return stale_version(current.version);
  if (plan.reseal) {
    KW_TRY_STATUS(tx.keys().insert_secret_version(current_version_of(
        next, actor, command.restored_from ? SecretChange::kRestored : SecretChange::kKeyChanged,
        command.restored_from, now)));
    KW_TRY_STATUS(keep_newest_secret_versions(tx, next));
  }
  KW_TRY_STATUS(changes::publish(
      tx, team_id, EventName::kApiKeyUpdated,
      {{"id", current.id}, {"version", next.version}, {"fields", names(plan.fields)}}));
  boost::json::object details{{"fields", names(plan.fields)}, {"description", next.description}};
  if (command.restored_from && plan.reseal) details["restored_from"] = *command.restored_from;
  if (std::find(plan.fields.begin(), plan.fields.end(), "labels") != plan.fields.end()) {
    details["labels"] = names(next.labels);  // labels are no secret: the trail shows the new set
  }
  if (std::find(plan.fields.begin(), plan.fields.end(), "expires_at") != plan.fields.end()) {
    details["expires_at"] = next.expires_at ? boost::json::value(format_rfc3339(*next.expires_at))
                                            : boost::json::value(nullptr);
  }
  if (std::find(plan.fields.begin(), plan.fields.end(), "rotate_every_days") != plan.fields.end()) {
    details["rotate_every_days"] = next.rotate_every_days
                                       ? boost::json::value(*next.rotate_every_days)
                                       : boost::json::value(nullptr);
  }
  if (std::find(plan.fields.begin(), plan.fields.end(), "base_url") != plan.fields.end()) {
    // Where the key is sent: the trail shows every move.
    details["base_url"] =
        next.base_url ? boost::json::value(*next.base_url) : boost::json::value(nullptr);
  }
  KW_TRY_STATUS(audit::record(tx, actor, EventName::kApiKeyUpdated, now, current.id, details));
  return std::move(next);
}

Status delete_key(storage::WriteTx& tx, const Actor& actor, const std::string& id,
                  std::int64_t now) {
  KW_TRY_STATUS(require(actor, Permission::kApiKeysDelete));
  KW_TRY(found, find_key(tx, actor, id));
  KW_TRY_STATUS(tx.keys().remove(actor.team_id, id));
  KW_TRY_STATUS(changes::publish(tx, actor.team_id, EventName::kApiKeyDeleted, {{"id", id}}));
  return audit::record(tx, actor, EventName::kApiKeyDeleted, now, id,
                       {{"type", found.type}, {"description", found.description}});
}

Result<crypto::SecretString> reveal_key(storage::WriteTx& tx, const Actor& actor,
                                        TeamKeys& team_keys, const std::string& id,
                                        std::int64_t now) {
  KW_TRY_STATUS(require(actor, Permission::kApiKeysReveal));
  KW_TRY(found, find_key(tx, actor, id));
  KW_TRY(data_key, team_keys.for_team(tx, actor.team_id, now));
  KW_TRY(plaintext, open(data_key, found));
  // The description names the key in the audit log's sentence, even after it is renamed.
  KW_TRY_STATUS(audit::record(tx, actor, EventName::kApiKeyRevealed, now, id,
                              {{"description", found.description}}));
  return plaintext;
}

Result<OpenedKey> open_for_verification(storage::ReadTx& tx, const Actor& actor,
                                        TeamKeys& team_keys, const std::string& id) {
  KW_TRY_STATUS(require(actor, Permission::kApiKeysUpdate));
  KW_TRY(found, find_key(tx, actor, id));
  KW_TRY(data_key, team_keys.stored_for_team(tx, actor.team_id));
  KW_TRY(plaintext, open(data_key, found));
  return OpenedKey{std::move(found), std::move(plaintext)};
}

Result<OpenedKey> open_for_scheduled_check(storage::ReadTx& tx, TeamKeys& team_keys,
                                           const ApiKey& key) {
  KW_TRY(found, tx.keys().find(key.team_id, key.id));
  if (!found) return no_key();
  KW_TRY(data_key, team_keys.stored_for_team(tx, key.team_id));
  KW_TRY(plaintext, open(data_key, *found));
  return OpenedKey{std::move(*found), std::move(plaintext)};
}

Status record_verification(storage::WriteTx& tx, const Actor& actor,
                           const Verification& verification, std::int64_t now) {
  // The server's own checks (the scheduler) hold no permission but may record theirs.
  if (actor.kind != Actor::Kind::kSystem) {
    KW_TRY_STATUS(require(actor, Permission::kApiKeysUpdate));
  }
  const std::string& team_id = actor.team_id;
  KW_TRY(updated, tx.keys().set_verify_result(team_id, verification.id, verification.type,
                                              verification.fingerprint, verification.status, now));
  if (!updated) {
    return Error::make(ErrorCode::kConflict,
                       "The key was changed or deleted while it was being checked; check it "
                       "again.");
  }
  // The version a client compares with its copy: a verify leaves it as it is, but an edit may
  // have moved it since the key was opened.
  KW_TRY(current, tx.keys().find(team_id, verification.id));
  if (!current) {
    return Error::make(ErrorCode::kConflict, "The key was deleted while it was being checked.");
  }
  KW_TRY_STATUS(changes::publish(tx, team_id, EventName::kApiKeyUpdated,
                                 {{"id", verification.id},
                                  {"version", current->version},
                                  {"fields", boost::json::array{"verify_status"}}}));
  return audit::record(tx, actor, EventName::kApiKeyVerified, now, verification.id,
                       {{"status", verification.status}, {"description", current->description}});
}

Result<OpenedKey> resolve_key(storage::ReadTx& tx, const Actor& actor, TeamKeys& team_keys,
                              const ResolveKey& command, std::int64_t now) {
  const bool by_id = command.id && !command.id->empty();
  // The one scope check: the type named, before anything is looked up; else the type found.
  if (command.type && !actor.may_resolve(*command.type)) return forbidden_type(*command.type);
  // By type, a token restricted to labels only ever sees the keys carrying them.
  KW_TRY(chosen, by_id ? tx.keys().find(actor.team_id, *command.id)
                       : tx.keys().resolve(actor.team_id, command.type.value_or(""),
                                           merge_labels(command.labels, actor.key_labels)));
  if (!chosen || (command.type && chosen->type != *command.type) ||
      !carries_all(chosen->labels, command.labels)) {
    return Error::make(ErrorCode::kNotFound, "No such key in this token's team.");
  }
  if (!command.type && !actor.may_resolve(chosen->type)) return forbidden_type(chosen->type);
  if (chosen->disabled_at) {
    return Error::make(ErrorCode::kConflict,
                       "The API key \"" + chosen->description + "\" (" + chosen->id +
                           ") is disabled: " + chosen->disabled_reason.value_or("") +
                           " Re-enable it once it works again.");
  }
  if (!actor.may_resolve_labelled(chosen->labels)) return forbidden_labels(actor.key_labels);
  // Only an expired key costs the read of its team's policy.
  const bool expired = chosen->expires_at && *chosen->expires_at <= now;
  if (expired) {
    KW_TRY(team, tx.identity().find_team(chosen->team_id));
    if (team && team->expired_key_policy == ExpiredKeyPolicy::kRefuse) {
      return Error::make(ErrorCode::kGone, "The API key \"" + chosen->description + "\" (" +
                                               chosen->id + ") expired at " +
                                               format_rfc3339(*chosen->expires_at) +
                                               "; its team refuses expired keys.");
    }
  }
  // The team key comes from memory (loaded at start); this read only misses for a team whose
  // first key was made by another process.
  KW_TRY(data_key, team_keys.stored_for_team(tx, chosen->team_id));
  KW_TRY(plaintext, open(data_key, *chosen));
  return OpenedKey{std::move(*chosen), std::move(plaintext), expired};
}

std::string expired_warning(const ApiKey& key) {
  return "expired; the API key \"" + key.id + "\" expired at " +
         format_rfc3339(key.expires_at.value_or(0));
}

Status disable_key(storage::WriteTx& tx, const Actor& actor, const std::string& id,
                   const std::string& fingerprint, int rejections, int last_status,
                   std::int64_t now) {
  const std::string& team_id = actor.team_id;
  KW_TRY(current, tx.keys().find(team_id, id));
  if (!current || current->disabled_at || current->fingerprint != fingerprint) return Ok{};
  std::string reason =
      "The provider rejected the key" +
      (rejections > 1 ? " " + std::to_string(rejections) + " times in a row" : "") + " (HTTP " +
      std::to_string(last_status) + ").";
  KW_TRY(updated, tx.keys().set_disabled(team_id, id, fingerprint, now, reason));
  if (!updated) return Ok{};
  KW_TRY_STATUS(changes::publish(tx, team_id, EventName::kApiKeyUpdated,
                                 {{"id", id},
                                  {"version", current->version + 1},
                                  {"fields", boost::json::array{"disabled_at"}}}));
  return audit::record(tx, actor, EventName::kApiKeyDisabled, now, id,
                       {{"description", current->description},
                        {"type", current->type},
                        {"reason", reason},
                        {"rejections", rejections},
                        {"status", last_status}});
}

Result<ApiKey> enable_key(storage::WriteTx& tx, const Actor& actor, const std::string& id,
                          std::int64_t now) {
  KW_TRY_STATUS(require(actor, Permission::kApiKeysUpdate));
  const std::string& team_id = actor.team_id;
  KW_TRY(current, tx.keys().find(team_id, id));
  if (!current) return no_key();
  if (!current->disabled_at) return std::move(*current);
  KW_TRY(updated,
         tx.keys().set_disabled(team_id, id, current->fingerprint, std::nullopt, std::nullopt));
  if (!updated) return Error::make(ErrorCode::kConflict, "The key changed; try again.");
  KW_TRY_STATUS(changes::publish(tx, team_id, EventName::kApiKeyUpdated,
                                 {{"id", id},
                                  {"version", current->version + 1},
                                  {"fields", boost::json::array{"disabled_at"}}}));
  KW_TRY_STATUS(audit::record(tx, actor, EventName::kApiKeyEnabled, now, id,
                              {{"description", current->description}, {"type", current->type}}));
  current->version += 1;
  current->disabled_at.reset();
  current->disabled_reason.reset();
  return std::move(*current);
}

Result<std::vector<OpenedKey>> open_for_gateway(
    storage::ReadTx& tx, const Actor& actor, TeamKeys& team_keys, const std::string& type,
    std::int64_t now, const std::function<bool(const std::string& key_id)>& skip,
    std::size_t want) {
  if (!actor.may_resolve(type)) return forbidden_type(type);
  KW_TRY(found, tx.keys().candidates(actor.team_id, type, actor.key_labels));
  if (found.empty()) {
    return Error::make(ErrorCode::kNotFound, "This token's team has no key of this type.");
  }
  std::optional<ExpiredKeyPolicy> policy;  // read only if an expired key is met
  const ApiKey* first_expired = nullptr;
  std::vector<OpenedKey> chosen;
  bool cooling = false;
  for (auto& key : found) {
    if (chosen.size() >= want) break;
    if (skip(key.id)) {
      cooling = true;
      continue;
    }
    const bool expired = key.expires_at && *key.expires_at <= now;
    if (expired) {
      if (!policy) {
        KW_TRY(team, tx.identity().find_team(key.team_id));
        policy = team ? team->expired_key_policy : ExpiredKeyPolicy::kWarn;
      }
      if (*policy == ExpiredKeyPolicy::kRefuse) {
        if (first_expired == nullptr) first_expired = &key;
        continue;
      }
    }
    KW_TRY(data_key, team_keys.stored_for_team(tx, key.team_id));
    KW_TRY(plaintext, open(data_key, key));
    chosen.push_back(OpenedKey{std::move(key), std::move(plaintext), expired});
  }
  if (!chosen.empty()) return chosen;
  if (cooling) {
    return Error::make(ErrorCode::kTooManyRequests,
                       "Every key of this type was rate-limited by the provider; retry shortly.");
  }
  return Error::make(ErrorCode::kGone, "The API key \"" + first_expired->description + "\" (" +
                                           first_expired->id + ") expired at " +
                                           format_rfc3339(first_expired->expires_at.value_or(0)) +
                                           "; its team refuses expired keys.");
}

}  // namespace keyward::keys
