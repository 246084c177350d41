-- Webhooks (Standard Webhooks). A team's endpoints, each with a signing secret sealed under the
-- team's data key ("keyward:webhook_secret:v1:<team>:<endpoint>"); an outbox of events written in
-- the same transaction as the change that caused them; one delivery per endpoint and event,
-- claimed by one server at a time (FOR UPDATE SKIP LOCKED, then a lease in locked_until) and
-- retried until it succeeds or 24 hours have passed since its first attempt.
CREATE TABLE webhook_endpoints (
  id text PRIMARY KEY,
  team_id text NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  url text NOT NULL,
  description text NOT NULL DEFAULT '',
  event_types text NOT NULL,               -- JSON array of event names
  secret_ciphertext bytea NOT NULL,
  secret_nonce bytea NOT NULL,
  enabled integer NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  disabled_reason text,
  failing_since bigint,
  created_at bigint NOT NULL,
  created_by text,
  updated_at bigint NOT NULL
);
CREATE INDEX webhook_endpoints_team ON webhook_endpoints (team_id, created_at);

CREATE TABLE webhook_events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- the outbox order
  id text NOT NULL UNIQUE,                 -- msg_…, sent as webhook-id
  team_id text NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  type text NOT NULL,
  payload text NOT NULL,                   -- the JSON body sent, never a secret
  created_at bigint NOT NULL
);

CREATE TABLE webhook_deliveries (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- per endpoint, deliveries go out in order
  id text NOT NULL UNIQUE,
  endpoint_id text NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  event_id text NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at bigint NOT NULL,
  locked_until bigint NOT NULL DEFAULT 0,
  first_attempt_at bigint,
  last_status integer,
  last_duration_ms bigint,
  last_error text,
  created_at bigint NOT NULL,
  finished_at bigint
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (endpoint_id, seq)
  WHERE status = 'pending';
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
  WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (endpoint_id, seq DESC);
