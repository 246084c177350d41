-- Personal access tokens (kw_pat_…): a user's own tokens for the management API, limited per team
-- to a subset of the permissions they held there. Only the token's hash is stored.
CREATE TABLE personal_tokens (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  token_hash bytea NOT NULL UNIQUE,
  grants text NOT NULL,                  -- JSON: [{"team_id": …, "permissions": ["api_keys:read", …]}]
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  last_used_at bigint,
  revoked_at bigint
);
CREATE INDEX personal_tokens_user ON personal_tokens (user_id, created_at);
