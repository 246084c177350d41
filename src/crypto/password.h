#pragma once

#include <string>
#include <string_view>

#include "domain/result.h"

namespace keyward::crypto {

// argon2id with 19 MiB of memory and 2 passes (OWASP's minimum), via libsodium's crypto_pwhash.
// Each call takes tens of milliseconds and 19 MiB: run it off the I/O threads.
Result<std::string> hash_password(std::string_view password);

// True when `password` matches `hash` (constant time in libsodium).
bool verify_password(std::string_view hash, std::string_view password);

// Spends the time of one verification against a fixed hash, so an unknown email takes as long
// as a wrong password and the answer time reveals nothing.
void burn_password_verification(std::string_view password);

// BLAKE2b-256 of a session, service, invitation or setup token: what the database stores.
std::string hash_token(std::string_view token);

// The CSRF token of a session: a hash of the session token under its own context, so it is
// never stored and cannot be computed without the cookie.
std::string csrf_token_for(std::string_view session_token);

// Constant-time equality, for CSRF tokens and hashes.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace keyward::crypto
