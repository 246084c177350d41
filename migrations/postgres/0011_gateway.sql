-- The gateway's usage, settings and per-key URLs.

-- What the gateway did with each key for each service token, by UTC hour: the usage recorder adds
-- its counts every second (requests, answers by status class, failures to reach the provider,
-- bytes, time, and the provider's token counts). GET …/api-keys/{id}/usage sums it by day; the
-- key list shows the last 24 hours. Goes with the key.
CREATE TABLE gateway_usage (
  api_key_id TEXT NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
  token_id TEXT NOT NULL,
  hour BIGINT NOT NULL,
  team_id TEXT NOT NULL,
  requests BIGINT NOT NULL DEFAULT 0,
  status_2xx BIGINT NOT NULL DEFAULT 0,
  status_3xx BIGINT NOT NULL DEFAULT 0,
  status_4xx BIGINT NOT NULL DEFAULT 0,
  status_5xx BIGINT NOT NULL DEFAULT 0,
  failed BIGINT NOT NULL DEFAULT 0,
  bytes_in BIGINT NOT NULL DEFAULT 0,
  bytes_out BIGINT NOT NULL DEFAULT 0,
  latency_us BIGINT NOT NULL DEFAULT 0,
  input_tokens BIGINT NOT NULL DEFAULT 0,
  output_tokens BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (api_key_id, token_id, hour)
);
CREATE INDEX gateway_usage_team_hour ON gateway_usage (team_id, hour);

-- How many 401/403 answers in a row disable a key in the gateway (a 2xx starts the count again).
ALTER TABLE teams ADD COLUMN gateway_disable_after BIGINT NOT NULL DEFAULT 3;
-- A key's own provider URL (Azure OpenAI, a self-hosted or regional endpoint), HTTPS only; NULL:
-- the type's. Part of where the secret goes, so changing it asks for the secret again.
ALTER TABLE api_keys ADD COLUMN base_url TEXT;
