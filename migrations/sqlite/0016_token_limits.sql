-- A service token's optional gateway limits: requests a minute and a calendar month (UTC); NULL:
-- none. Past either the gateway answers 429 with Retry-After.
ALTER TABLE service_tokens ADD COLUMN requests_per_minute INTEGER;
ALTER TABLE service_tokens ADD COLUMN requests_per_month INTEGER;
-- The month's count of a token is summed from its usage rows.
CREATE INDEX gateway_usage_token_hour ON gateway_usage (token_id, hour);
