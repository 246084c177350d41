#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/error.h"
#include "domain/result.h"

namespace keyward {

// Collects field errors so a form gets every message at once, not one per round trip.
class FieldErrors {
 public:
  // Keeps the first message per field: the most basic problem is the one worth showing.
  void add(std::string field, std::string message) {
    if (!has(field)) fields_.push_back({std::move(field), std::move(message)});
  }
  // Adds each of `other`'s messages, in order, under the same rule.
  void add_all(const FieldErrors& other) {
    for (const auto& field : other.fields_) add(field.field, field.message);
  }
  // True when no field failed.
  bool empty() const { return fields_.empty(); }
  // Whether `field` already has a message.
  bool has(std::string_view field) const;
  // A 422 validation error holding every field message.
  Error to_error() const;

 private:
  std::vector<FieldError> fields_;
};

// Password limits: the minimum in code points.
inline constexpr std::size_t kMinPasswordLength = 12;
// argon2id accepts anything, but a megabyte-long "password" is a denial-of-service attempt.
inline constexpr std::size_t kMaxPasswordLength = 1024;
inline constexpr std::size_t kMaxNameLength = 100;

// Trims surrounding whitespace.
std::string trim(std::string_view text);

// Number of Unicode code points in valid UTF-8; npos when the text is not valid UTF-8.
std::size_t utf8_length(std::string_view text);

// Why a preset setup token (KEYWARD_SETUP_TOKEN) is too weak to guard the first owner account:
// shorter than kMinSetupTokenLength or of few distinct characters; empty when it is fine (or
// absent, when a random one is made).
inline constexpr std::size_t kMinSetupTokenLength = 32;
std::string setup_token_weakness(std::string_view token);

// Whether `text` is a UUID in its canonical form (8-4-4-4-12 hex digits), the form of every id
// keyward hands out; anything else in an id's place cannot name a row.
bool is_uuid(std::string_view text);

// Whether `text` is a version number as a path names one: 1 to 18 decimal digits, no leading
// zero (so it always fits an int64 and names at most one version).
bool is_version_number(std::string_view text);

// Whether `email` (already trimmed and lower-cased) is a plain address: printable ASCII, one @,
// a dot in the domain, at most 254 characters.
bool is_valid_email(std::string_view email);

// A lower-cased, trimmed email address, or a field error on `field`.
std::string normalize_email(std::string_view text, std::string_view field, FieldErrors& errors);

// Checks the length rules of DESIGN.md (at least 12 characters).
void check_password(std::string_view password, std::string_view field, FieldErrors& errors);

// A trimmed display name of 1 to `max` characters without control characters; `label` is used
// in the messages ("Name is required").
std::string normalize_name(std::string_view text, std::string_view field, std::string_view label,
                           FieldErrors& errors, std::size_t max = kMaxNameLength);

}  // namespace keyward
