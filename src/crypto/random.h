#pragma once

#include <cstddef>
#include <string>

namespace keyward::crypto {

// Initialises libsodium. Call once before any other crypto function; safe to call again.
// Returns false when the library cannot be used (the process must not go on).
bool init();

// `n` random bytes rendered as lower-case hex.
std::string random_hex(std::size_t n);

// A random UUIDv4 (RFC 9562), the form of every id keyward exposes.
std::string random_uuid();

// 32 random bytes, URL-safe base64 without padding: session, service, invitation and setup tokens.
std::string random_token();

}  // namespace keyward::crypto
