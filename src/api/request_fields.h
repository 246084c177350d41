#pragma once

#include <boost/json/fwd.hpp>

#include <optional>
#include <string>
#include <string_view>

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

// Request metadata the audit trail and sessions record (defined with the Actor).
using keyward::ClientInfo;

}  // namespace keyward::api
