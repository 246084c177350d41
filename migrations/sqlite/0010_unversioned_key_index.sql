-- The server's every start looks for keys still sealed without a secret version (stored before
-- versions, or restored from an older export) to re-seal them. This partial index holds only
-- those rows, so the look-up costs nothing once they are done instead of a scan of every key.
CREATE INDEX api_keys_unversioned ON api_keys (team_id, id) WHERE secret_version = 0;
