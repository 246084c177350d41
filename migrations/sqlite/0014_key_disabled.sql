-- A key the gateway disabled after its provider rejected it several times in a row (401/403):
-- when, and why. Disabled keys are left out of the gateway and of resolve until re-enabled.
ALTER TABLE api_keys ADD COLUMN disabled_at INTEGER;
ALTER TABLE api_keys ADD COLUMN disabled_reason TEXT;
