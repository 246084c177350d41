-- Personal access tokens (kw_pat_…): a user's own tokens for the management API, limited per team
-- to a subset of the permissions they held there. Only the token's hash is stored.
CREATE TABLE personal_tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash BLOB NOT NULL UNIQUE,
  grants TEXT NOT NULL,                -- JSON: [{"team_id": …, "permissions": ["api_keys:read", …]}]
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER
) STRICT;
CREATE INDEX personal_tokens_user ON personal_tokens (user_id, created_at);
