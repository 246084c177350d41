#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/result.h"

namespace keyward::storage {

// A team's data key as stored: wrapped by the master key named by `master_key_id`.
struct TeamKeyRow {
  std::string team_id;
  std::string master_key_id;
  std::string wrapped_key;
  std::string nonce;
};

// A server-wide key (server_keys: "fingerprint"), wrapped by the master key `master_key_id`.
struct ServerKeyRow {
  std::string name;
  std::string master_key_id;
  std::string wrapped_key;
  std::string nonce;
};

// The keys wrapped by the master key (tx.wrapped_keys()): each team's data key and the
// server-wide keys. A missing row is an empty optional; errors are database failures only.
class WrappedKeysReader {
 public:
  virtual ~WrappedKeysReader() = default;

  // The team's data key; nullopt before the team's first key is sealed.
  virtual Result<std::optional<TeamKeyRow>> find_team_key(const std::string& team_id) = 0;
  // Every team's data key, by team id (master key rotation).
  virtual Result<std::vector<TeamKeyRow>> all_team_keys() = 0;
  // The server key `name`; nullopt when it was never stored.
  virtual Result<std::optional<ServerKeyRow>> find_server_key(const std::string& name) = 0;
  // Every server key, by name (master key rotation).
  virtual Result<std::vector<ServerKeyRow>> all_server_keys() = 0;
};

// The wrapped keys with their write operations, inside a WriteTx.
class WrappedKeysWriter : public WrappedKeysReader {
 public:
  // Stores the team's first data key. kConflict when the team has one already.
  virtual Status insert_team_key(const TeamKeyRow& row, std::int64_t at) = 0;
  // Rewraps the team's data key (rotation); a team without one is left as it is.
  virtual Status update_team_key(const TeamKeyRow& row, std::int64_t at) = 0;
  // Stores the key unless one of that name exists (then false, and the stored one stays).
  virtual Result<bool> insert_server_key(const ServerKeyRow& row, std::int64_t at) = 0;
  // Rewraps the server key (rotation); a missing name is left as it is.
  virtual Status update_server_key(const ServerKeyRow& row, std::int64_t at) = 0;
};

}  // namespace keyward::storage
