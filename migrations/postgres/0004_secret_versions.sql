-- Secret versions. Every change of a key's secret makes a new version; api_keys keeps the current
-- one (its ciphertext, hint and fingerprint) and api_key_versions every version's metadata, with
-- the ciphertext of the newest `teams.secret_versions_kept` of them (older ones are set to NULL,
-- their metadata kept). Each ciphertext is sealed with its version in the associated data
-- ("keyward:api_key:v2:<team>:<key>:<version>"), so it opens only as the version it was made for.
--
-- Rows stored before this migration were sealed without a version ("keyward:api_key:v1:…"). They
-- keep that ciphertext with secret_version 0 until the server's next start re-seals each one in
-- memory as version 1 and writes its version row, in one transaction (keys/versions.h):
-- SQL cannot, because it never holds a team key, and no plaintext is ever written anywhere.
ALTER TABLE api_keys ADD COLUMN secret_version bigint NOT NULL DEFAULT 0;
ALTER TABLE teams ADD COLUMN secret_versions_kept integer NOT NULL DEFAULT 10
  CHECK (secret_versions_kept BETWEEN 1 AND 100);

CREATE TABLE api_key_versions (
  api_key_id text NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
  version bigint NOT NULL CHECK (version >= 1),
  team_id text NOT NULL,
  ciphertext bytea,                      -- NULL once retention deleted it
  nonce bytea,
  key_hint text NOT NULL,
  fingerprint bytea NOT NULL,            -- keyed BLAKE2b of the plaintext, as on api_keys
  created_at bigint NOT NULL,
  created_by text,
  change text NOT NULL CHECK (change IN ('created', 'key_changed', 'restored', 'migrated')),
  restored_from bigint,                  -- the version a 'restored' one copied
  PRIMARY KEY (api_key_id, version),
  CHECK ((ciphertext IS NULL) = (nonce IS NULL))
);
