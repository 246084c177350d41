#include "api/request_fields.h"

#include "domain/clock.h"

#include <sodium.h>
#include <boost/json.hpp>

namespace keyward::api {

std::string string_field(const boost::json::object& body, std::string_view name,
                         std::string_view label, FieldErrors& errors) {
  auto found = body.find(name);
  if (found == body.end() || found->value().is_null()) return {};
  if (!found->value().is_string()) {
    errors.add(std::string(name), std::string(label) + " must be text");
    return {};
  }
  return std::string(found->value().as_string());
}

std::optional<std::vector<std::string>> string_list_field(const boost::json::object& body,
                                                          std::string_view name,
                                                          std::string_view label,
                                                          FieldErrors& errors) {
  auto found = body.find(name);
  if (found == body.end()) return std::nullopt;
  const auto* array = found->value().if_array();
  std::vector<std::string> out;
  if (array != nullptr) {
    for (const auto& value : *array) {
      if (!value.is_string()) {
        array = nullptr;
        break;
      }
      out.emplace_back(value.as_string());
    }
  }
  if (array == nullptr) {
    errors.add(std::string(name), std::string(label) + " must be a list of text");
    return std::nullopt;
  }
  return out;
}

crypto::SecretString secret_field(boost::json::object& body, std::string_view name,
                                  std::string_view label, FieldErrors& errors,
                                  std::string& raw_body) {
  crypto::SecretString secret(string_field(body, name, label, errors));
  auto found = body.find(name);
  if (found != body.end() && found->value().is_string()) {
    auto& text = found->value().as_string();
    sodium_memzero(text.data(), text.size());
  }
  sodium_memzero(raw_body.data(), raw_body.size());
  return secret;
}

std::optional<std::optional<std::int64_t>> optional_time_field(const boost::json::object& body,
                                                               std::string_view name,
                                                               std::string_view label,
                                                               FieldErrors& errors) {
  const auto* value = body.if_contains(name);
  if (value == nullptr) return std::nullopt;
  if (value->is_null()) return std::optional<std::optional<std::int64_t>>(std::in_place);
  std::optional<std::int64_t> at;
  if (value->is_string()) at = parse_rfc3339(value->as_string());
  if (!at) {
    errors.add(std::string(name), std::string(label) + " must be an RFC 3339 date-time or null");
    return std::nullopt;
  }
  return at;
}

std::optional<std::optional<int>> optional_int_field(const boost::json::object& body,
                                                     std::string_view name, int min, int max,
                                                     std::string_view message,
                                                     FieldErrors& errors) {
  const auto* value = body.if_contains(name);
  if (value == nullptr) return std::nullopt;
  if (value->is_null()) return std::optional<std::optional<int>>(std::in_place);
  if (!value->is_int64() || value->as_int64() < min || value->as_int64() > max) {
    errors.add(std::string(name), std::string(message));
    return std::nullopt;
  }
  return std::optional<int>(static_cast<int>(value->as_int64()));
}

}  // namespace keyward::api
