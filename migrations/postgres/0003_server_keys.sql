-- Keys of the whole server (not of one team), wrapped by the master key like team keys. The first
-- is "fingerprint": the key of api_keys.fingerprint. It used to be derived from the master key,
-- so a server still running on the old master key after a rotation fingerprinted new keys
-- differently from one started on the new key. Stored, it survives rotations unchanged
-- (`keyward rotate-master-key` re-wraps it). The first start after this migration stores the key
-- it used to derive, so every fingerprint already stored stays valid.
CREATE TABLE server_keys (
  name text PRIMARY KEY,
  master_key_id text NOT NULL,
  wrapped_key bytea NOT NULL,
  nonce bytea NOT NULL,
  created_at bigint NOT NULL,
  rotated_at bigint
);
