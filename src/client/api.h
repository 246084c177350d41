#pragma once

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "client/profile.h"
#include "domain/result.h"

// The command line's side of the keyward API: requests to a server with a personal access token
// (or, for `keyward run`, a service token), on the server's own HTTP client.
namespace keyward::client {

// What a query string is built from: (name, value) pairs, each percent-encoded.
using Query = std::vector<std::pair<std::string, std::string>>;

class Api {
 public:
  // `base_url` as normalize_server_url gives it; `token` goes in Authorization: Bearer (the Api
  // keeps its own copy, wiped when it goes).
  Api(std::string base_url, std::string_view token);

  // METHOD /api/v1<path>?<query> with `body` (JSON) when given: the answer's JSON (null for 204),
  // or the server's problem as an Error (its title and detail in `detail`, field messages in
  // `fields`) with the code of its status; kUnavailable when the server cannot be reached. The
  // request's and the response's texts are wiped (either may carry a secret); a caller given a
  // secret in the answer wipes that copy itself.
  Result<boost::json::value> call(const std::string& method, const std::string& path,
                                  const Query& query = {},
                                  const std::optional<boost::json::value>& body = std::nullopt);

  const std::string& base_url() const { return base_url_; }

 private:
  std::string base_url_;
  crypto::SecretString token_;
};

// "?a=1&b=x%20y" (empty for no pairs).
std::string query_string(const Query& query);

// The process exit code for an error of a client command: 2 a usage error (bad arguments, 400,
// 422), 3 not found (404), 4 permission denied (401, 403), 5 a conflict (409, 412), 1 anything
// else (the server failed or could not be reached).
int exit_code_for(const Error& error);

// Prints "keyward: <detail>" and each field message to standard error; returns exit_code_for.
int report(const Error& error);

}  // namespace keyward::client
