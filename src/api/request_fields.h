#pragma once

#include <boost/json/fwd.hpp>

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

// Request metadata the audit trail and sessions record (defined with the Actor).
using keyward::ClientInfo;

}  // namespace keyward::api
