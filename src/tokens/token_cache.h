#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "domain/identity.h"

namespace keyward::tokens {

// Service tokens by token hash, so resolve (the application's hot path) reads one row instead of
// two. Revoking a token sends a change notice that makes every server forget it (see
// api/changes.h); entries also age out after kMaxAge, which bounds staleness should a notice
// ever be missed unnoticed. Expiry is checked on every use from the cached row. Thread-safe.
class TokenCache {
 public:
  // An entry older than kMaxAgeMs is a miss; a put into a full cache empties it first.
  static constexpr std::int64_t kMaxAgeMs = 60'000;
  static constexpr std::size_t kMaxEntries = 10'000;

  // What a lookup must hand back to put(): a put whose generation is stale is dropped, so a row
  // read before a revocation cannot be cached after the revocation's notice was handled.
  std::uint64_t generation() const;

  // Nullopt on a miss or an entry aged out at `now`; the caller then reads the database.
  // put() drops the row when `generation` is stale (see generation()).
  std::optional<ServiceToken> get(const std::string& token_hash, std::int64_t now) const;
  void put(const ServiceToken& token, std::uint64_t generation, std::int64_t now);

  // The token was revoked (or changed) somewhere: forget it.
  void forget(const std::string& token_id);
  // Notices may have been lost: forget everything.
  void clear();

 private:
  struct Entry {
    ServiceToken token;
    std::int64_t cached_at;
  };
  mutable std::mutex mutex_;
  std::uint64_t generation_ = 0;
  std::unordered_map<std::string, Entry> by_hash_;
};

}  // namespace keyward::tokens
