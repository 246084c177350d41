#pragma once

#include <functional>
#include <optional>
#include <string>

#include "domain/identity.h"
#include "domain/result.h"
#include "storage/page.h"

namespace keyward::storage {

// Computes an audit event's chain hash from the previous event's hash (empty for a chain's first
// event) and the event's fields. Set on the Store by whoever holds the chain key (audit/).
using AuditSealer =
    std::function<std::string(const std::string& prev_hash, const AuditEvent& event)>;

// Which of a team's events a listing keeps: every condition set must hold; empty keeps all.
struct AuditFilter {
  std::string action;    // an event name, e.g. api_key.created
  std::string actor_id;  // a user's or a service token's id
};

// An event as the audit list shows it, with its actor's name and email looked up as it is read
// (never stored with the event nor hashed into the chain): a user's display name and email (also
// once they have left the team), a service token's name and no email; both nullopt for an actor
// that names nothing (system, anonymous, an unknown id).
struct ListedAuditEvent {
  AuditEvent event;
  std::optional<std::string> actor_name;
  std::optional<std::string> actor_email;
};

// The audit trail a transaction reads (tx.audit()). Errors are database failures only.
class AuditReader {
 public:
  virtual ~AuditReader() = default;

  // Page `page` (from 1) of the team's events that pass `filter`, newest first, with their
  // actors' names; `total` counts the filtered events; past the end: no items, the right total.
  // A name is only looked up for the actor of one of the team's own events, and a service
  // token's only when it belongs to the team.
  virtual Result<Page<ListedAuditEvent>> list(const std::string& team_id, const AuditFilter& filter,
                                              int page, int page_size) = 0;
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
