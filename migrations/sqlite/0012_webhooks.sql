-- Webhooks (Standard Webhooks). A team's endpoints, each with a signing secret sealed under the
-- team's data key ("keyward:webhook_secret:v1:<team>:<endpoint>"); an outbox of events written in
-- the same transaction as the change that caused them; one delivery per endpoint and event,
-- claimed by one server at a time with a lease (locked_until) and retried until it succeeds or
-- 24 hours have passed since its first attempt.
CREATE TABLE webhook_endpoints (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  event_types TEXT NOT NULL,               -- JSON array of event names
  secret_ciphertext BLOB NOT NULL,
  secret_nonce BLOB NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  disabled_reason TEXT,
  failing_since INTEGER,
  created_at INTEGER NOT NULL,
  created_by TEXT,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX webhook_endpoints_team ON webhook_endpoints (team_id, created_at);

CREATE TABLE webhook_events (
  seq INTEGER PRIMARY KEY,                 -- the outbox order
  id TEXT NOT NULL UNIQUE,                 -- msg_…, sent as webhook-id
  team_id TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,                   -- the JSON body sent, never a secret
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE webhook_deliveries (
  seq INTEGER PRIMARY KEY,                 -- per endpoint, deliveries go out in this order
  id TEXT NOT NULL UNIQUE,
  endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  event_id TEXT NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  locked_until INTEGER NOT NULL DEFAULT 0,
  first_attempt_at INTEGER,
  last_status INTEGER,
  last_duration_ms INTEGER,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  finished_at INTEGER
) STRICT;
-- The worker's scan of what is due, and each endpoint's log, newest first.
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (endpoint_id, seq)
  WHERE status = 'pending';
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
  WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (endpoint_id, seq DESC);
