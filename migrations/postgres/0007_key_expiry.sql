-- Expiry and rotation (domain/lifecycle.h). A key may carry expires_at and its own
-- rotate_every_days; its team a default rotation period, the warning window before an expiry and
-- what resolve does with an expired key. Two marks per key, placed by the server whenever a key
-- or its team's settings change, let the list filter and sort by status with plain comparisons
-- against the current time: expiry_warn_at (expires_at minus the window) and rotation_due_at (the
-- moment its current secret was set plus the period).
ALTER TABLE api_keys ADD COLUMN expires_at bigint;
ALTER TABLE api_keys ADD COLUMN rotate_every_days bigint
  CHECK (rotate_every_days BETWEEN 1 AND 3650);
ALTER TABLE api_keys ADD COLUMN expiry_warn_at bigint;
ALTER TABLE api_keys ADD COLUMN rotation_due_at bigint;

ALTER TABLE teams ADD COLUMN rotate_every_days bigint CHECK (rotate_every_days BETWEEN 1 AND 3650);
ALTER TABLE teams ADD COLUMN expiry_warning_days bigint NOT NULL DEFAULT 14
  CHECK (expiry_warning_days BETWEEN 1 AND 365);
ALTER TABLE teams ADD COLUMN expired_key_policy text NOT NULL DEFAULT 'warn'
  CHECK (expired_key_policy IN ('warn', 'refuse'));
-- How often the scheduler asks each key's provider again whether it works; NULL (the default):
-- never, only when a member asks.
ALTER TABLE teams ADD COLUMN reverify_every_days bigint CHECK (reverify_every_days BETWEEN 1 AND 365);

-- The scheduler's scans over every team: the keys whose marks have passed.
CREATE INDEX api_keys_expiry_warn ON api_keys (expiry_warn_at) WHERE expiry_warn_at IS NOT NULL;
CREATE INDEX api_keys_rotation_due ON api_keys (rotation_due_at) WHERE rotation_due_at IS NOT NULL;

-- The notices the scheduler has emitted: one per key, kind and threshold (the expiry, or the
-- moment rotation fell due), so each is emitted once however many servers look.
CREATE TABLE api_key_notices (
  api_key_id text NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('expiring', 'expired', 'rotation_due')),
  due_at bigint NOT NULL,
  team_id text NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (api_key_id, kind, due_at)
);

-- Which server runs a scheduler job, until when: a lease taken in a write transaction.
CREATE TABLE job_leases (
  name text PRIMARY KEY,
  holder text NOT NULL,
  expires_at bigint NOT NULL
);
