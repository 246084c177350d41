-- keyward's schema on PostgreSQL: the same tables and meaning as migrations/sqlite/0001-0004.
-- Times are bigint milliseconds since the Unix epoch (UTC). Ids are random UUIDv4 text. Token
-- columns hold BLAKE2b hashes, never tokens; no column ever holds a plaintext credential.

-- Substring search on descriptions: trigram GIN indexes, with the team id in the same index
-- (btree_gin). Both extensions are trusted: the database's owner may create them.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE TABLE teams (
  id text PRIMARY KEY,
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  created_at bigint NOT NULL,
  api_key_count bigint NOT NULL DEFAULT 0  -- kept by triggers: an unfiltered page's total
);

CREATE TABLE users (
  id text PRIMARY KEY,
  email text NOT NULL,                   -- normalised to lower case before it is stored
  name text NOT NULL,
  password_hash text NOT NULL,           -- argon2id string from crypto_pwhash_str
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (email);

CREATE TABLE memberships (
  team_id text NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'developer', 'viewer')),
  created_at bigint NOT NULL,
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

-- The team's data-encryption key, only ever stored wrapped by the master key named by its id.
CREATE TABLE team_keys (
  team_id text PRIMARY KEY REFERENCES teams (id) ON DELETE CASCADE,
  master_key_id text NOT NULL,
  wrapped_key bytea NOT NULL,
  nonce bytea NOT NULL,
  created_at bigint NOT NULL,
  rotated_at bigint
);
CREATE INDEX team_keys_master_key ON team_keys (master_key_id);

CREATE TABLE api_keys (
  id text PRIMARY KEY,
  team_id text NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  type text NOT NULL,
  description text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 200),
  ciphertext bytea NOT NULL,             -- XChaCha20-Poly1305 under the team key
  nonce bytea NOT NULL,
  key_hint text NOT NULL,
  fingerprint bytea NOT NULL,            -- keyed BLAKE2b of the plaintext
  version bigint NOT NULL DEFAULT 1,
  is_default integer NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  created_at bigint NOT NULL,
  created_by text,
  updated_at bigint NOT NULL,
  updated_by text,
  last_used_at bigint,
  verify_status text
    CHECK (verify_status IN ('valid', 'invalid', 'limited', 'unreachable', 'unsupported')),
  verified_at bigint
);
-- The same credential twice in one team is found by its fingerprint, never by decrypting.
CREATE UNIQUE INDEX api_keys_team_fingerprint ON api_keys (team_id, fingerprint);
-- List pages sorted by each sortable column, with the id as the stable tie-break.
CREATE INDEX api_keys_team_created ON api_keys (team_id, created_at, id);
CREATE INDEX api_keys_team_description ON api_keys (team_id, lower(description), id);
CREATE INDEX api_keys_team_type ON api_keys (team_id, type, created_at, id);
-- At most one default key per type in a team (resolve's first choice).
CREATE UNIQUE INDEX api_keys_team_default ON api_keys (team_id, type) WHERE is_default = 1;
-- Case-insensitive substring search (ILIKE) within one team.
CREATE INDEX api_keys_search ON api_keys USING gin (team_id, description gin_trgm_ops);

CREATE FUNCTION keyward_count_api_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE teams SET api_key_count = api_key_count + 1 WHERE id = NEW.team_id;
  ELSE
    UPDATE teams SET api_key_count = api_key_count - 1 WHERE id = OLD.team_id;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER api_keys_count AFTER INSERT OR DELETE ON api_keys
  FOR EACH ROW EXECUTE FUNCTION keyward_count_api_keys();

-- Append-only: the trigger below refuses every UPDATE and DELETE. No foreign key on team_id, so
-- the trail of a deleted team is kept.
CREATE TABLE audit_events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- insertion order; never exposed
  id text NOT NULL UNIQUE,
  team_id text,                          -- null for events outside a team (a failed login)
  at bigint NOT NULL,
  actor_type text NOT NULL CHECK (actor_type IN ('user', 'service_token', 'system', 'anonymous')),
  actor_id text,
  action text NOT NULL,
  target_id text,
  ip text,
  user_agent text,
  details text NOT NULL DEFAULT '{}'     -- JSON object; never a secret
);
CREATE INDEX audit_events_team ON audit_events (team_id, seq);
CREATE FUNCTION keyward_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION keyward_audit_append_only();

CREATE TABLE sessions (
  token_hash bytea PRIMARY KEY,
  id text NOT NULL UNIQUE,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at bigint NOT NULL,
  last_seen_at bigint NOT NULL,          -- for the idle expiry
  expires_at bigint NOT NULL,            -- the absolute expiry
  ip text,
  user_agent text
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE service_tokens (
  id text PRIMARY KEY,
  team_id text NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  name text NOT NULL,
  token_hash bytea NOT NULL UNIQUE,
  types text NOT NULL,                   -- JSON array of key type ids the token may resolve
  created_at bigint NOT NULL,
  created_by text,
  expires_at bigint,
  last_used_at bigint,
  revoked_at bigint
);
CREATE INDEX service_tokens_team ON service_tokens (team_id, created_at);

CREATE TABLE invitations (
  id text PRIMARY KEY,
  team_id text NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  email text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'developer', 'viewer')),
  token_hash bytea NOT NULL UNIQUE,
  created_at bigint NOT NULL,
  created_by text,
  expires_at bigint NOT NULL,
  accepted_at bigint
);
CREATE INDEX invitations_team ON invitations (team_id, created_at);
CREATE INDEX invitations_email ON invitations (email);

-- Small named values: the hash of the one-time setup token lives here until setup completes.
CREATE TABLE settings (
  key text PRIMARY KEY,
  value bytea NOT NULL
);

-- Failed logins per account ("account:<email>") and per client address ("address:<ip>"), shared
-- by every server on the database.
CREATE TABLE login_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL,
  window_start bigint NOT NULL,
  locked_until bigint NOT NULL
);
