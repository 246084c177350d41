#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/catalogue.h"
#include "domain/lifecycle.h"
#include "domain/result.h"
#include "domain/validation.h"

namespace keyward {

// A stored credential. The plaintext is never a field: only its sealed form, hint and
// fingerprint.
struct ApiKey {
  std::string id;
  std::string team_id;
  std::string type;
  std::string description;
  std::string ciphertext;
  std::string nonce;
  std::string key_hint;
  std::string fingerprint;  // keyed BLAKE2b, 32 bytes
  // The edit version (ETag, If-Match): moves with every change of the row.
  std::int64_t version = 1;
  // The version of the secret: moves only when the secret changes; the ciphertext is sealed with
  // it. 0 marks a row sealed before versions existed, until the start-up re-seals it as 1.
  std::int64_t secret_version = 1;
  bool is_default = false;
  std::int64_t created_at = 0;
  std::string created_by;
  std::int64_t updated_at = 0;
  std::string updated_by;
  std::optional<std::int64_t> last_used_at;
  std::optional<std::string> verify_status;
  std::optional<std::int64_t> verified_at;
  // Sorted, without duplicates, each valid (domain/labels.h); not part of the secret, so changing
  // them bumps `version` but not `secret_version`.
  std::vector<std::string> labels;
  // When the key stops being valid, as its owner says; nullopt: never.
  std::optional<std::int64_t> expires_at = std::nullopt;
  // The key's own rotation period in days; nullopt: the team's (domain/lifecycle.h).
  std::optional<int> rotate_every_days = std::nullopt;
  // Marks placed by mark_lifecycle: when it starts "expiring", and when its rotation is due.
  std::optional<std::int64_t> expiry_warn_at = std::nullopt;
  std::optional<std::int64_t> rotation_due_at = std::nullopt;
  // Set when the gateway disabled the key (its provider kept rejecting it): left out of the
  // gateway and of resolve until someone re-enables it.
  std::optional<std::int64_t> disabled_at = std::nullopt;
  std::optional<std::string> disabled_reason = std::nullopt;
  // Where the gateway sends this key instead of its type's URL (Azure OpenAI, a self-hosted or
  // regional endpoint): https:// only. Part of where the secret goes, so changing it asks for the
  // secret again (plan_update).
  std::optional<std::string> base_url = std::nullopt;
};

// Why a secret version exists, as api_key_versions.change stores it.
enum class SecretChange : std::uint8_t {
  kCreated,     // the key's first secret
  kKeyChanged,  // a new secret entered (PATCH with a different key)
  kRestored,    // the value of an earlier version made current again
  kMigrated,    // the secret a key held when versions began (edited before, so its time unknown)
};
// "created", "key_changed", "restored", "migrated": the stored name.
std::string_view secret_change_name(SecretChange change);
// The change stored as `name`; kKeyChanged for a name that is not one (never written).
SecretChange parse_secret_change(std::string_view name);

// One secret version of a key: when and why its secret became this value, and while retention
// keeps it, that value sealed for this version (empty ciphertext and nonce once deleted).
struct SecretVersion {
  std::string api_key_id;
  std::int64_t version = 1;
  std::string team_id;
  std::string ciphertext;  // empty: deleted by retention (the metadata stays)
  std::string nonce;
  std::string key_hint;
  std::string fingerprint;
  std::int64_t created_at = 0;
  std::string created_by;
  SecretChange change = SecretChange::kCreated;
  std::optional<std::int64_t> restored_from;  // kRestored: the version whose value it copied

  // Whether its ciphertext is still stored (not deleted by retention).
  bool available() const { return !ciphertext.empty(); }
};

// How many secret versions a team keeps the ciphertext of, when it has not said, and the range it
// may choose from (teams.secret_versions_kept). The current version is always one of them.
inline constexpr int kDefaultSecretVersionsKept = 10;
inline constexpr int kMinSecretVersionsKept = 1;
inline constexpr int kMaxSecretVersionsKept = 100;

// Limits of DESIGN.md, checked by check_description and check_key.
inline constexpr std::size_t kMaxDescriptionLength = 200;
inline constexpr std::size_t kMaxKeyLength = 4096;

// DESIGN.md's rules and the messages the UI shows beside each field. Each returns the cleaned
// value (the description trimmed) and adds to `errors` when it is invalid.
const KeyType* check_key_type(std::string_view type, FieldErrors& errors);
std::string check_description(std::string_view description, FieldErrors& errors);
void check_key(std::string_view key, FieldErrors& errors);

// What the API shows instead of a key: the type's prefix when the key has it, an ellipsis and at
// most the last four characters, fewer for short keys so a hint never gives away much of one.
std::string make_key_hint(const KeyType& type, std::string_view key);

// Non-blocking warnings for a key that does not look like its type.
std::vector<std::string> key_warnings(const KeyType& type, std::string_view key);

// The orders the key list offers.
// kLifecycle: by the moment a key needs (or needed) attention, its earlier mark; keys with none
// last in either order.
enum class SortField : std::uint8_t { kCreatedAt, kDescription, kType, kLifecycle };

// What `verify` keeps on a key as its verify_status, in the API document's order.
inline constexpr std::array<std::string_view, 5> kVerifyStatuses = {"valid", "invalid", "limited",
                                                                    "unreachable", "unsupported"};
// The key list's `status` filter for a key never checked (verify_status null).
inline constexpr std::string_view kUncheckedStatus = "unchecked";

// Which keys a list keeps by their last check: all, those whose verify_status is
// ListQuery::verify_status, or those never checked.
enum class StatusFilter : std::uint8_t { kAny, kEquals, kUnchecked };

// One page request of the key list, validated.
struct ListQuery {
  std::string search;  // trimmed; empty: no filter
  SortField sort = SortField::kCreatedAt;
  bool descending = true;
  int page = 1;
  int page_size = 25;
  std::string type;  // a catalogue type id; empty: every type
  StatusFilter status = StatusFilter::kAny;
  std::string verify_status;  // one of kVerifyStatuses when `status` is kEquals
  // Keys carrying every one of these labels (sorted, without duplicates); empty: no filter.
  std::vector<std::string> labels;
  // Keys by their expiry and rotation status at `now` (the server's clock when asked).
  LifecycleFilter lifecycle = LifecycleFilter::kAny;
  std::int64_t now = 0;

  // Rows skipped before this page. REQUIRES: page >= 1.
  std::int64_t offset() const { return static_cast<std::int64_t>(page - 1) * page_size; }
};

// Page sizes of a list request: when it names none, and the most it may ask for.
inline constexpr int kDefaultPageSize = 25;
inline constexpr int kMaxPageSize = 100;
// Longer search terms are refused: nobody types 200 characters to find a description of 200.
inline constexpr std::size_t kMaxSearchLength = 200;

// Builds a ListQuery from the raw query parameters (absent ones are nullopt; an empty `type` or
// `status` or `lifecycle` is no filter; `labels` are the values of every `label` parameter, each
// required); 422 with field errors for values out of range, an unknown type, status or lifecycle,
// an invalid label (field "label"). Newest first unless told otherwise.
Result<ListQuery> parse_list_query(const std::optional<std::string>& search,
                                   const std::optional<std::string>& sort,
                                   const std::optional<std::string>& order,
                                   const std::optional<std::string>& page,
                                   const std::optional<std::string>& page_size,
                                   const std::optional<std::string>& type = std::nullopt,
                                   const std::optional<std::string>& status = std::nullopt,
                                   const std::vector<std::string>& labels = {},
                                   const std::optional<std::string>& lifecycle = std::nullopt);

// Number of pages for `total` items; at least 1, so an empty list is "page 1 of 1".
std::int64_t page_count(std::int64_t total, int page_size);

}  // namespace keyward
