#include "domain/validation.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace keyward {

bool FieldErrors::has(std::string_view field) const {
  return std::any_of(fields_.begin(), fields_.end(),
                     [&](const FieldError& e) { return e.field == field; });
}

Error FieldErrors::to_error() const {
  Error error = Error::make(ErrorCode::kValidation, "Some fields are invalid.");
  error.fields = fields_;
  return error;
}

std::string trim(std::string_view text) {
  auto is_space = [](unsigned char c) { return std::isspace(c) != 0; };
  while (!text.empty() && is_space(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && is_space(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return std::string(text);
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t width = c < 0x80           ? 1
                        : (c >> 5) == 0x6  ? 2
                        : (c >> 4) == 0xe  ? 3
                        : (c >> 3) == 0x1e ? 4
                                           : 0;
    if (width == 0 || i + width > text.size()) return std::string_view::npos;
    for (std::size_t j = 1; j < width; ++j) {
      if ((static_cast<unsigned char>(text[i + j]) & 0xc0) != 0x80) return std::string_view::npos;
    }
    i += width;
    ++count;
  }
  return count;
}

namespace {

bool has_control(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

}  // namespace

std::string setup_token_weakness(std::string_view token) {
  if (token.empty()) return {};
  if (token.size() < kMinSetupTokenLength) {
    return "is shorter than " + std::to_string(kMinSetupTokenLength) + " characters";
  }
  // A long token of a few repeated characters ("aaaa…", "abab…") is as guessable as a short one.
  std::array<bool, 256> seen{};
  std::size_t distinct = 0;
  for (unsigned char c : token) {
    if (!seen[c]) distinct += 1;
    seen[c] = true;
  }
  if (distinct < 12) return "has too few distinct characters to be a random token";
  return {};
}

bool is_uuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : std::isxdigit(static_cast<unsigned char>(text[i])) == 0) {
      return false;
    }
  }
  return true;
}

bool is_version_number(std::string_view text) {
  if (text.empty() || text.size() > 18 || text.front() == '0') return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

bool is_valid_email(std::string_view email) {
  auto at = email.find('@');
  // Printable ASCII only: no invisible or look-alike characters can make two addresses that
  // read the same, so no Unicode normalisation is needed (a domain with non-ASCII letters is
  // entered in its xn-- form).
  return email.size() <= 254 && at != std::string_view::npos && at > 0 &&
         email.find('@', at + 1) == std::string_view::npos &&
         email.find('.', at + 2) != std::string_view::npos && email.back() != '.' &&
         std::all_of(email.begin(), email.end(),
                     [](unsigned char c) { return c > 0x20 && c < 0x7f; });
}

std::string normalize_email(std::string_view text, std::string_view field, FieldErrors& errors) {
  std::string email = trim(text);
  std::transform(email.begin(), email.end(), email.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (email.empty()) {
    errors.add(std::string(field), "Email is required");
    return email;
  }
  if (!is_valid_email(email)) {
    bool ascii = std::all_of(email.begin(), email.end(), [](unsigned char c) { return c < 0x80; });
    errors.add(std::string(field), ascii ? "Enter a valid email address"
                                         : "Enter the email address in plain letters (a domain "
                                           "with accents in its xn-- form)");
  }
  return email;
}

void check_password(std::string_view password, std::string_view field, FieldErrors& errors) {
  std::size_t length = utf8_length(password);
  if (password.empty()) {
    errors.add(std::string(field), "Password is required");
  } else if (length == std::string_view::npos) {
    errors.add(std::string(field), "Password must be valid UTF-8 text");
  } else if (length < kMinPasswordLength) {
    errors.add(std::string(field), "Password must be at least 12 characters");
  } else if (password.size() > kMaxPasswordLength) {
    errors.add(std::string(field), "Password must be at most 1024 bytes");
  }
}

std::string normalize_name(std::string_view text, std::string_view field, std::string_view label,
                           FieldErrors& errors, std::size_t max) {
  std::string name = trim(text);
  std::size_t length = utf8_length(name);
  if (name.empty()) {
    errors.add(std::string(field), std::string(label) + " is required");
  } else if (length == std::string_view::npos || has_control(name)) {
    errors.add(std::string(field),
               std::string(label) + " contains characters that are not allowed");
  } else if (length > max) {
    errors.add(std::string(field),
               std::string(label) + " must be at most " + std::to_string(max) + " characters");
  }
  return name;
}

}  // namespace keyward
