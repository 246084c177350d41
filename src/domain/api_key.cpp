#include "domain/api_key.h"

#include <algorithm>
#include <charconv>

#include "domain/labels.h"

namespace keyward {
namespace {

std::optional<int> parse_int(const std::string& text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

const KeyType* check_key_type(std::string_view type, FieldErrors& errors) {
  const KeyType* found = find_key_type(type);
  if (found == nullptr) errors.add("type", "Select a valid API provider type");
  return found;
}

std::string check_description(std::string_view description, FieldErrors& errors) {
  return normalize_name(description, "description", "Description", errors, kMaxDescriptionLength);
}

void check_key(std::string_view key, FieldErrors& errors) {
  if (key.empty()) {
    errors.add("key", "Key is required");
    return;
  }
  std::size_t length = utf8_length(key);
  if (length == std::string_view::npos) {
    errors.add("key", "Key must be valid UTF-8 text");
  } else if (length > kMaxKeyLength) {
    errors.add("key", "Key must be at most 4096 characters");
  } else if (std::any_of(key.begin(), key.end(), [](char c) {
               auto u = static_cast<unsigned char>(c);
               return u <= 0x20 || u == 0x7f;
             })) {
    errors.add("key", "Key must not contain spaces or control characters");
  }
}

std::string_view secret_change_name(SecretChange change) {
  switch (change) {
    case SecretChange::kCreated:
      return "created";
    case SecretChange::kKeyChanged:
      return "key_changed";
    case SecretChange::kRestored:
      return "restored";
    case SecretChange::kMigrated:
      return "migrated";
  }
  return "key_changed";
}

SecretChange parse_secret_change(std::string_view name) {
  for (SecretChange change : {SecretChange::kCreated, SecretChange::kKeyChanged,
                              SecretChange::kRestored, SecretChange::kMigrated}) {
    if (secret_change_name(change) == name) return change;
  }
  return SecretChange::kKeyChanged;
}

std::string make_key_hint(const KeyType& type, std::string_view key) {
  std::string hint;
  std::string_view rest = key;
  if (!type.key_prefix.empty() && key.size() > type.key_prefix.size() &&
      key.substr(0, type.key_prefix.size()) == type.key_prefix) {
    hint = std::string(type.key_prefix);
    rest.remove_prefix(type.key_prefix.size());
  }
  // Show at most a quarter of what remains, and never more than four characters.
  std::size_t tail = std::min<std::size_t>(4, rest.size() / 4);
  // Do not cut a multi-byte character: extend the tail to its first byte.
  std::size_t start = rest.size() - tail;
  while (start > 0 && start < rest.size() &&
         (static_cast<unsigned char>(rest[start]) & 0xc0) == 0x80) {
    --start;
  }
  hint += "…";
  hint += rest.substr(start);
  return hint;
}

std::vector<std::string> key_warnings(const KeyType& type, std::string_view key) {
  std::vector<std::string> warnings;
  if (!type.key_prefix.empty() && key.substr(0, type.key_prefix.size()) != type.key_prefix) {
    warnings.push_back(std::string(type.name) + " keys usually start with " +
                       std::string(type.key_prefix) + "; this one does not. It was saved anyway.");
  }
  if (type.id == "openai" && key.rfind("sk-ant-", 0) == 0) {
    warnings.push_back("This looks like an Anthropic key, not an OpenAI one. It was saved anyway.");
  }
  return warnings;
}

Result<ListQuery> parse_list_query(
    const std::optional<std::string>& search, const std::optional<std::string>& sort,
    const std::optional<std::string>& order, const std::optional<std::string>& page,
    const std::optional<std::string>& page_size, const std::optional<std::string>& type,
    const std::optional<std::string>& status, const std::vector<std::string>& labels,
    const std::optional<std::string>& lifecycle) {
  ListQuery query;
  FieldErrors errors;
  if (search) {
    query.search = trim(*search);
    if (query.search.size() > kMaxSearchLength) {
      errors.add("search", "Search must be at most 200 characters");
    } else if (utf8_length(query.search) == std::string_view::npos ||
               std::any_of(query.search.begin(), query.search.end(),
                           [](unsigned char c) { return c < 0x20 || c == 0x7f; })) {
      // NUL and other control bytes mean nothing in a description and upset search engines.
      errors.add("search", "Search must be text without control characters");
    }
  }
  if (sort) {
    if (*sort == "created_at") {
      query.sort = SortField::kCreatedAt;
    } else if (*sort == "description") {
      query.sort = SortField::kDescription;
    } else if (*sort == "type") {
      query.sort = SortField::kType;
    } else if (*sort == "lifecycle") {
      query.sort = SortField::kLifecycle;
    } else {
      errors.add("sort", "Sort by description, type, created_at or lifecycle");
    }
  }
  if (order) {
    if (*order == "asc") {
      query.descending = false;
    } else if (*order == "desc") {
      query.descending = true;
    } else {
      errors.add("order", "Order must be asc or desc");
    }
  } else if (query.sort != SortField::kCreatedAt) {
    query.descending = false;  // names read A to Z unless asked otherwise
  }
  if (page) {
    auto value = parse_int(*page);
    if (!value || *value < 1) {
      errors.add("page", "Page must be a whole number from 1");
    } else {
      query.page = *value;
    }
  }
  if (page_size) {
    auto value = parse_int(*page_size);
    if (!value || *value < 1 || *value > kMaxPageSize) {
      errors.add("page_size", "Page size must be from 1 to 100");
    } else {
      query.page_size = *value;
    }
  }
  if (type && !type->empty()) {
    if (find_key_type(*type) == nullptr) {
      errors.add("type", "Type must be a type of the catalogue");
    } else {
      query.type = *type;
    }
  }
  if (lifecycle && !lifecycle->empty()) {
    if (auto filter = parse_lifecycle_filter(*lifecycle)) {
      query.lifecycle = *filter;
    } else {
      errors.add("lifecycle",
                 "Lifecycle must be ok, needs_attention, expiring, expired or rotation_due");
    }
  }
  if (status && !status->empty()) {
    if (*status == kUncheckedStatus) {
      query.status = StatusFilter::kUnchecked;
    } else if (std::find(kVerifyStatuses.begin(), kVerifyStatuses.end(), *status) !=
               kVerifyStatuses.end()) {
      query.status = StatusFilter::kEquals;
      query.verify_status = *status;
    } else {
      errors.add("status",
                 "Status must be valid, invalid, limited, unreachable, unsupported or unchecked");
    }
  }
  // Keep offset arithmetic far from overflow: page * page_size stays well inside 64 bits.
  if (query.page > 10'000'000) errors.add("page", "Page is too large");
  query.labels = check_labels(labels, "label", errors);
  if (!errors.empty()) return errors.to_error();
  return query;
}

std::int64_t page_count(std::int64_t total, int page_size) {
  if (total <= 0) return 1;
  return (total + page_size - 1) / page_size;
}

}  // namespace keyward
