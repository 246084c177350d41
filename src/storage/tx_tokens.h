#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/identity.h"
#include "domain/result.h"

namespace keyward::storage {

// The service tokens a transaction reads (tx.tokens()). A missing row is an empty optional;
// errors are database failures only.
class TokensReader {
 public:
  virtual ~TokensReader() = default;

  // The team's tokens, revoked and expired ones included, newest first; empty for none.
  virtual Result<std::vector<ServiceToken>> list(const std::string& team_id) = 0;
  // The token whose secret hashes to `token_hash`, in any state (the caller checks revocation
  // and expiry); nullopt when none.
  virtual Result<std::optional<ServiceToken>> find_by_hash(const std::string& token_hash) = 0;
};

// The service tokens a write transaction changes.
class TokensWriter : public TokensReader {
 public:
  // Stores a new token. kConflict when its id or hash is taken.
  virtual Status insert(const ServiceToken& token) = 0;
  // Sets revoked_at where it is not set yet; false when no live token of the team has that id.
  virtual Result<bool> revoke(const std::string& team_id, const std::string& id,
                              std::int64_t at) = 0;
  // Batched usage: moves last_used_at forward to `at`, never back; a missing token is no error.
  virtual Status mark_used(const std::string& id, std::int64_t at) = 0;
};

// The personal access tokens a transaction reads (tx.personal_tokens()).
class PersonalTokensReader {
 public:
  virtual ~PersonalTokensReader() = default;

  // The user's tokens, revoked and expired ones included, newest first; empty for none.
  virtual Result<std::vector<PersonalToken>> list(const std::string& user_id) = 0;
  // The token whose secret hashes to `token_hash`, in any state; nullopt when none.
  virtual Result<std::optional<PersonalToken>> find_by_hash(const std::string& token_hash) = 0;
};

// The personal access tokens a write transaction changes.
class PersonalTokensWriter : public PersonalTokensReader {
 public:
  // Stores a new token. kConflict when its id or hash is taken.
  virtual Status insert(const PersonalToken& token) = 0;
  // Sets revoked_at where it is not set yet; false when the user has no live token of that id.
  virtual Result<bool> revoke(const std::string& user_id, const std::string& id,
                              std::int64_t at) = 0;
  // Batched usage: moves last_used_at forward to `at`, never back; a missing token is no error.
  virtual Status mark_used(const std::string& id, std::int64_t at) = 0;
};

}  // namespace keyward::storage
