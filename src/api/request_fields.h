#pragma once

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/sealing.h"
#include "domain/actor.h"
#include "domain/validation.h"

namespace keyward::api {

// The string field `name` of a JSON body. Absent or null gives an empty string; any other type
// adds "<Label> must be text" to `errors`.
std::string string_field(const boost::json::object& body, std::string_view name,
                         std::string_view label, FieldErrors& errors);

// Like string_field, but for a secret: the value moves into a SecretString and the copies in the
// parsed JSON and in `raw_body` are wiped, so the plaintext lives in one wiped buffer only.
crypto::SecretString secret_field(boost::json::object& body, std::string_view name,
                                  std::string_view label, FieldErrors& errors,
                                  std::string& raw_body);

// The array of strings `name` of a JSON body (labels), as given; nullopt when absent. Anything
// but an array of strings adds "<Label> must be a list of text" to `errors` (and gives nullopt).
std::optional<std::vector<std::string>> string_list_field(const boost::json::object& body,
                                                          std::string_view name,
                                                          std::string_view label,
                                                          FieldErrors& errors);

// A clearable RFC 3339 time `name` (expires_at): nullopt when absent, an inner nullopt for null,
// else the moment; anything else adds "<Label> must be an RFC 3339 date-time or null".
std::optional<std::optional<std::int64_t>> optional_time_field(const boost::json::object& body,
                                                               std::string_view name,
                                                               std::string_view label,
                                                               FieldErrors& errors);

// A clearable whole number `name` from `min` to `max` (rotate_every_days): nullopt when absent,
// an inner nullopt for null; anything else adds `message`.
std::optional<std::optional<int>> optional_int_field(const boost::json::object& body,
                                                     std::string_view name, int min, int max,
                                                     std::string_view message, FieldErrors& errors);

// Request metadata the audit trail and sessions record (defined with the Actor).
using keyward::ClientInfo;

}  // namespace keyward::api
