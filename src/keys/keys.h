#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "crypto/sealing.h"
#include "domain/actor.h"
#include "domain/api_key.h"
#include "domain/catalogue.h"
#include "domain/result.h"
#include "keys/team_keys.h"
#include "storage/page.h"
#include "storage/tx.h"

// The API key operations, shared by the HTTP API and, later, the gateway, the scheduler and the
// command line. Each runs inside the transaction it is given and MAY RUN AGAIN if the engine
// retries it: it keeps its state in locals and returns what it made. Each checks the actor's
// permission itself (403), acts in the actor's team (a key of another team is a missing key,
// 404), and writes its audit event and change notice in the same transaction.
namespace keyward::keys {

// A new key, validated by the caller (check_key_type, check_description, check_key).
struct CreateKey {
  const KeyType* type = nullptr;  // REQUIRES: a catalogue type
  std::string description;
  crypto::SecretString key;
  std::vector<std::string> labels;  // checked by check_labels: sorted, no duplicates
  std::optional<std::int64_t> expires_at = std::nullopt;  // nullopt: never expires
  std::optional<int> rotate_every_days = std::nullopt;    // nullopt: the team's period
  std::optional<std::string> base_url = std::nullopt;  // checked https:// URL; nullopt: the type's
};

// An edit of the key `id`; absent fields keep their value (see KeyChanges).
struct UpdateKey {
  std::string id;
  std::optional<std::int64_t> expected_version;  // If-Match; nullopt: no precondition
  const KeyType* type = nullptr;                 // nullptr: keep
  std::optional<std::string> description;
  crypto::SecretString key;  // empty: keep the current secret
  std::optional<bool> is_default;
  // The whole new label set (check_labels'); nullopt: keep. Not a new secret version.
  std::optional<std::vector<std::string>> labels;
  // A new expiry or rotation period (an inner nullopt clears it); nullopt: keep.
  std::optional<std::optional<std::int64_t>> expires_at = std::nullopt;
  std::optional<std::optional<int>> rotate_every_days = std::nullopt;
  // A new base URL (an inner nullopt: the type's again); needs `key` entered again.
  std::optional<std::optional<std::string>> base_url = std::nullopt;
  // Set by restore_version (keys/versions.h): `key` is the value of this earlier secret version,
  // and the new version says so (its change, and the audit event's restored_from).
  std::optional<std::int64_t> restored_from;
};

// Which key an application resolves: the team's default (else newest) of `type` among the keys
// carrying every one of `labels`, or the key `id` (which must then be of `type` when both are
// named, and carry `labels`). At least one of type and id is set.
struct ResolveKey {
  std::optional<std::string> type;
  std::optional<std::string> id;
  std::vector<std::string> labels;  // checked by check_labels; empty: any
};

// A key with its secret, opened for the one who may read it.
struct OpenedKey {
  ApiKey key;
  crypto::SecretString plaintext;
  // Resolve served an expired key under its team's "warn" policy: the caller says so to the
  // application (Keyward-Warning) and in the audit trail.
  bool expired = false;
};

// A provider's verdict on a key, as checked: it lands only on the key still holding the type
// and secret (fingerprint) that were sent.
struct Verification {
  std::string id;
  std::string type;
  std::string fingerprint;
  std::string status;  // "valid", "invalid", "limited", "unreachable" or "unsupported"
};

// 404 "No such API key in this team."
Error no_key();

// Stores a new key, sealed under the team's data key (made on the team's first key). REQUIRES:
// actor may api_keys:create. kConflict when the team already stores this secret. Audited as
// api_key.created; announced as api_key.created.
Result<ApiKey> create_key(storage::WriteTx& tx, const Actor& actor, TeamKeys& team_keys,
                          const CreateKey& command, std::int64_t now);

// The team's key `id`. REQUIRES: actor may api_keys:read. kNotFound when the team has none.
Result<ApiKey> get_key(storage::ReadTx& tx, const Actor& actor, const std::string& id);

// A page of a team's keys, and how many of all its keys need attention (not ok) at query.now.
struct KeyList {
  storage::Page<ApiKey> page;
  std::int64_t needs_attention = 0;
};

// One page of the team's keys, read in one snapshot with the team's count of keys needing
// attention (the tab's badge). REQUIRES: actor may api_keys:read.
Result<KeyList> list_keys(storage::ReadTx& tx, const Actor& actor, const ListQuery& query);

// Applies `command` as plan_update() decides: the key as stored afterwards, or unchanged (no new
// version, no audit event, no notice) when nothing differs. A different secret is a new secret
// version (sealed for it, its row in the key's versions), and the team's retention then deletes
// the ciphertexts of versions older than the newest it keeps. Making a key its type's default
// clears the team's other default of that type. REQUIRES: actor may api_keys:update.
// kNotFound, kPreconditionFailed (stale If-Match, or changed meanwhile), kValidation (type
// changed without the key), kConflict (the new secret is another key of the team). Audited and
// announced as api_key.updated with the changed fields.
Result<ApiKey> update_key(storage::WriteTx& tx, const Actor& actor, TeamKeys& team_keys,
                          const UpdateKey& command, std::int64_t now);

// Deletes the team's key `id`. REQUIRES: actor may api_keys:delete. kNotFound when none.
// Audited and announced as api_key.deleted.
Status delete_key(storage::WriteTx& tx, const Actor& actor, const std::string& id,
                  std::int64_t now);

// The secret of the team's key `id`, for a member who may see it. REQUIRES: actor may
// api_keys:reveal. kNotFound when none. Audited as api_key.revealed (written, so a reveal that
// cannot be audited reveals nothing).
Result<crypto::SecretString> reveal_key(storage::WriteTx& tx, const Actor& actor,
                                        TeamKeys& team_keys, const std::string& id,
                                        std::int64_t now);

// The team's key `id` with its secret, to send to its provider. REQUIRES: actor may
// api_keys:update (checking a key records its status on it). kNotFound when none.
Result<OpenedKey> open_for_verification(storage::ReadTx& tx, const Actor& actor,
                                        TeamKeys& team_keys, const std::string& id);

// The key `key` names (re-read, so its current secret) with its secret, for the server's own
// scheduled check. No permission: only the scheduler calls it, for teams that asked for it.
Result<OpenedKey> open_for_scheduled_check(storage::ReadTx& tx, TeamKeys& team_keys,
                                           const ApiKey& key);

// Keeps a provider's verdict on the key (not an edit: its version stays). REQUIRES: actor may
// api_keys:update, or is the server (Actor::system() in the key's team). kConflict when the key was
// deleted, or its type or secret changed, since it was opened. Audited as api_key.verified;
// announced as api_key.updated (field verify_status).
Status record_verification(storage::WriteTx& tx, const Actor& actor,
                           const Verification& verification, std::int64_t now);

// The key a service token asks for, with its secret. REQUIRES: actor is a service token; its
// scope is checked once here: kForbidden for a type it may not resolve (the named type before
// any lookup, else the found key's type). A token restricted to labels chooses by type only among
// the keys carrying all of them (its labels join the command's), and is refused (kForbidden) a
// key named by id that lacks one. kNotFound when the token's team has no such key. A key expired
// at `now` is refused (kGone, naming the key) when its team's policy is "refuse", else served
// marked `expired`. Reads only: usage is counted by the caller.
Result<OpenedKey> resolve_key(storage::ReadTx& tx, const Actor& actor, TeamKeys& team_keys,
                              const ResolveKey& command, std::int64_t now);

// The gateway disables the key `id` of the actor's team (Actor::system in it): its provider
// rejected it `rejections` times in a row (401/403), for the secret `fingerprint`. Nothing
// happens when the key is already disabled, gone or holds another secret since. Audited as
// api_key.disabled (with the reason; a webhook for endpoints that subscribe); announced as
// api_key.updated (field disabled_at).
Status disable_key(storage::WriteTx& tx, const Actor& actor, const std::string& id,
                   const std::string& fingerprint, int rejections, int last_status,
                   std::int64_t now);

// Re-enables the team's key `id` (someone fixed it at the provider). REQUIRES: actor may
// api_keys:update. kNotFound when the team has no such key; a key that is not disabled is left
// as it is. Audited as api_key.enabled when it was disabled. Returns the key as it now is.
Result<ApiKey> enable_key(storage::WriteTx& tx, const Actor& actor, const std::string& id,
                          std::int64_t now);

// The Keyward-Warning value for a key served past its expiry (the team's "warn" policy), by
// resolve and by the gateway: `expired; the API key "<id>" expired at <RFC 3339 time>`.
std::string expired_warning(const ApiKey& key);

// The keys a service token's gateway call may use, in the order they are tried: the team's keys
// of `type` carrying the token's labels, the default first, then newest first, without those
// `skip` names (cooling down after a 429), at most `want`, each with its secret. REQUIRES: actor
// is a service token; kForbidden for a type it may not use. When the team's policy refuses
// expired keys they are left out (kGone naming the first when only expired ones remain);
// otherwise an expired key is served marked `expired`. kNotFound when the team has no key of the
// type; kTooManyRequests when every key is cooling down. Reads only.
Result<std::vector<OpenedKey>> open_for_gateway(
    storage::ReadTx& tx, const Actor& actor, TeamKeys& team_keys, const std::string& type,
    std::int64_t now, const std::function<bool(const std::string& key_id)>& skip, std::size_t want);

}  // namespace keyward::keys
