-- keyward's first schema: every table of DESIGN.md's data model.
-- Times are INTEGER milliseconds since the Unix epoch (UTC). Ids are random UUIDv4 text; tables
-- that need a stable row order or an FTS link also have an internal `seq` that is never exposed.
-- Token columns hold BLAKE2b hashes, never tokens; no column ever holds a plaintext credential.

CREATE TABLE teams (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,                 -- normalised to lower case before it is stored
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,         -- argon2id string from crypto_pwhash_str
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX users_email ON users (email);

CREATE TABLE memberships (
  team_id TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'developer', 'viewer')),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (team_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX memberships_user ON memberships (user_id);

-- The team's data-encryption key, only ever stored wrapped by the master key named by its id.
CREATE TABLE team_keys (
  team_id TEXT PRIMARY KEY REFERENCES teams (id) ON DELETE CASCADE,
  master_key_id TEXT NOT NULL,
  wrapped_key BLOB NOT NULL,
  nonce BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  rotated_at INTEGER
) STRICT;
CREATE INDEX team_keys_master_key ON team_keys (master_key_id);

CREATE TABLE api_keys (
  seq INTEGER PRIMARY KEY,             -- stable rowid for the FTS index; never exposed
  id TEXT NOT NULL UNIQUE,
  team_id TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  description TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 200),
  ciphertext BLOB NOT NULL,            -- XChaCha20-Poly1305 under the team key
  nonce BLOB NOT NULL,
  key_hint TEXT NOT NULL,
  fingerprint BLOB NOT NULL,           -- keyed BLAKE2b of the plaintext
  version INTEGER NOT NULL DEFAULT 1,
  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  created_at INTEGER NOT NULL,
  created_by TEXT,
  updated_at INTEGER NOT NULL,
  updated_by TEXT,
  last_used_at INTEGER,
  verify_status TEXT
    CHECK (verify_status IN ('valid', 'invalid', 'limited', 'unreachable', 'unsupported')),
  verified_at INTEGER
) STRICT;
-- The same credential twice in one team is found by its fingerprint, never by decrypting.
CREATE UNIQUE INDEX api_keys_team_fingerprint ON api_keys (team_id, fingerprint);
-- List pages sorted by each sortable column, with the id as the stable tie-break.
CREATE INDEX api_keys_team_created ON api_keys (team_id, created_at, id);
CREATE INDEX api_keys_team_description ON api_keys (team_id, description COLLATE NOCASE, id);
CREATE INDEX api_keys_team_type ON api_keys (team_id, type, created_at, id);
-- At most one default key per type in a team (resolve's first choice).
CREATE UNIQUE INDEX api_keys_team_default ON api_keys (team_id, type) WHERE is_default = 1;

-- Case-insensitive substring search on descriptions (terms of three characters or more).
CREATE VIRTUAL TABLE api_keys_search USING fts5 (
  description,
  content = 'api_keys',
  content_rowid = 'seq',
  tokenize = 'trigram'
);
CREATE TRIGGER api_keys_search_insert AFTER INSERT ON api_keys BEGIN
  INSERT INTO api_keys_search (rowid, description) VALUES (new.seq, new.description);
END;
CREATE TRIGGER api_keys_search_delete AFTER DELETE ON api_keys BEGIN
  INSERT INTO api_keys_search (api_keys_search, rowid, description)
    VALUES ('delete', old.seq, old.description);
END;
CREATE TRIGGER api_keys_search_update AFTER UPDATE OF description ON api_keys BEGIN
  INSERT INTO api_keys_search (api_keys_search, rowid, description)
    VALUES ('delete', old.seq, old.description);
  INSERT INTO api_keys_search (rowid, description) VALUES (new.seq, new.description);
END;

-- Append-only: the triggers below refuse every UPDATE and DELETE. No foreign key on team_id, so
-- the trail of a deleted team is kept.
CREATE TABLE audit_events (
  seq INTEGER PRIMARY KEY,             -- insertion order; never exposed
  id TEXT NOT NULL UNIQUE,
  team_id TEXT,                        -- null for events outside a team (a failed login)
  at INTEGER NOT NULL,
  actor_type TEXT NOT NULL CHECK (actor_type IN ('user', 'service_token', 'system', 'anonymous')),
  actor_id TEXT,
  action TEXT NOT NULL,
  target_id TEXT,
  ip TEXT,
  user_agent TEXT,
  details TEXT NOT NULL DEFAULT '{}'   -- JSON object; never a secret
) STRICT;
CREATE INDEX audit_events_team ON audit_events (team_id, seq);
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN
  SELECT RAISE (ABORT, 'audit_events is append-only');
END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN
  SELECT RAISE (ABORT, 'audit_events is append-only');
END;

CREATE TABLE sessions (
  token_hash BLOB PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,       -- for the idle expiry
  expires_at INTEGER NOT NULL,         -- the absolute expiry
  ip TEXT,
  user_agent TEXT
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE service_tokens (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash BLOB NOT NULL UNIQUE,
  types TEXT NOT NULL,                 -- JSON array of key type ids the token may resolve
  created_at INTEGER NOT NULL,
  created_by TEXT,
  expires_at INTEGER,
  last_used_at INTEGER,
  revoked_at INTEGER
) STRICT;
CREATE INDEX service_tokens_team ON service_tokens (team_id, created_at);

CREATE TABLE invitations (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'developer', 'viewer')),
  token_hash BLOB NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  created_by TEXT,
  expires_at INTEGER NOT NULL,
  accepted_at INTEGER
) STRICT;
CREATE INDEX invitations_team ON invitations (team_id, created_at);
