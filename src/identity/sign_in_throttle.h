#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/result.h"
#include "storage/tx.h"

namespace keyward::identity {

// The throttle rows one password attempt counts against: the account (by the email typed, hashed
// so the table never holds what someone typed there — it may be a password) and the client
// address.
struct AttemptKeys {
  std::string account;
  std::string address;
};
// The keys of one `scope` ("session": sign-in and invitations share it; "setup") for `email` and
// the client `address`.
AttemptKeys attempt_keys(std::string_view scope, std::string_view email, std::string_view address);

// One attempt taken before any password work.
struct Attempt {
  std::int64_t wait_ms = 0;      // > 0: refused, answer 429 with Retry-After
  bool counted_address = false;  // the address's counter took this attempt
};

// In `tx`: counts the attempt as a failure in advance (committed with `tx`, so parallel guesses
// each consume one), or refuses it while the account (or, for an account with failures of its
// own, the address) is locked, storing nothing. The rules are domain/throttle.h's decide_attempt.
// Keeps no state outside `tx`: safe to run again.
Result<Attempt> take_attempt(storage::WriteTx& tx, const AttemptKeys& keys, std::int64_t now);

// In the write that completes a correct sign-in: clears the account's failures and gives the
// address back the attempt counted in advance.
Status clear_attempt(storage::WriteTx& tx, const AttemptKeys& keys, const Attempt& attempt,
                     std::int64_t now);

}  // namespace keyward::identity
