#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/result.h"

namespace keyward::storage {

// Settings (tx.settings()): small server-wide values keyed by name (the setup token hash, the
// master key id, the wrapped audit chain key). Errors are database failures only.
class SettingsReader {
 public:
  virtual ~SettingsReader() = default;

  // The value stored under `key`; nullopt when there is none.
  virtual Result<std::optional<std::string>> get(const std::string& key) = 0;
};

// The settings with their write operations, inside a WriteTx.
class SettingsWriter : public SettingsReader {
 public:
  // Stores `value` under `key`, replacing any value there (never a conflict).
  virtual Status put(const std::string& key, const std::string& value) = 0;
  // Removes `key`; removing a missing key is no error.
  virtual Status remove(const std::string& key) = 0;
  // Takes or renews the lease of the scheduler job `name` for `holder` until `until`: true when
  // the job is now `holder`'s (it held it, or the last holder's lease ended by `now`), false
  // when another server holds it.
  virtual Result<bool> take_lease(const std::string& name, const std::string& holder,
                                  std::int64_t now, std::int64_t until) = 0;
  // Gives up every lease `holder` holds (a server stopping), so another may take its jobs at once.
  virtual Status release_leases(const std::string& holder) = 0;
};

}  // namespace keyward::storage
