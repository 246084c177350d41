#pragma once

#include <functional>
#include <string>

#include "domain/identity.h"
#include "domain/result.h"
#include "storage/page.h"

namespace keyward::storage {

// Computes an audit event's chain hash from the previous event's hash (empty for a chain's first
// event) and the event's fields. Set on the Store by whoever holds the chain key (audit/).
using AuditSealer =
    std::function<std::string(const std::string& prev_hash, const AuditEvent& event)>;

// The audit trail a transaction reads (tx.audit()). Errors are database failures only.
class AuditReader {
 public:
  virtual ~AuditReader() = default;

  // Page `page` (from 1) of the team's audit trail, newest first; past the end: no items, the
  // right total.
  virtual Result<Page<AuditEvent>> list(const std::string& team_id, int page, int page_size) = 0;
};

// The audit trail a write transaction appends to. Events are never changed or deleted.
class AuditWriter : public AuditReader {
 public:
  // Appends to the event's team chain (or the chain of events outside a team): reads the chain's
  // head, seals the event with the store's AuditSealer (none set: stored unchained) and inserts
  // it. kConflict when the event id is taken.
  virtual Status append(const AuditEvent& event) = 0;
};

}  // namespace keyward::storage
