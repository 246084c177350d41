-- Labels. A key's labels are stored twice, on purpose:
-- - api_keys.labels, a JSON array of strings ('["env:prod","team:search"]', sorted, no
--   duplicates), is the value: read with every row, written by the one UPDATE of an edit, copied
--   by backup with the row.
-- - api_key_labels, one row per (key, label), is an index of it kept by the triggers below, so
--   "keys carrying every listed label" is an index range per label within the team (GROUP BY the
--   key, HAVING as many matches as labels asked for) on both engines, instead of parsing every
--   row's JSON. It is derived data, rebuilt by the triggers as rows are inserted: backup skips it.
-- Labels match [A-Za-z0-9._:/-]{1,64} (checked before storing), so the JSON needs no escaping.
ALTER TABLE api_keys ADD COLUMN labels TEXT NOT NULL DEFAULT '[]';
ALTER TABLE service_tokens ADD COLUMN labels TEXT NOT NULL DEFAULT '[]';

CREATE TABLE api_key_labels (
  team_id TEXT NOT NULL,
  label TEXT NOT NULL,
  api_key_id TEXT NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
  PRIMARY KEY (team_id, label, api_key_id)
) STRICT, WITHOUT ROWID;
-- The cascade and the update trigger find a key's rows by it.
CREATE INDEX api_key_labels_key ON api_key_labels (api_key_id);

CREATE TRIGGER api_key_labels_insert AFTER INSERT ON api_keys BEGIN
  INSERT OR IGNORE INTO api_key_labels (team_id, label, api_key_id)
    SELECT new.team_id, value, new.id FROM json_each(new.labels);
END;
CREATE TRIGGER api_key_labels_update AFTER UPDATE OF labels ON api_keys
  WHEN old.labels IS NOT new.labels BEGIN
  DELETE FROM api_key_labels WHERE api_key_id = old.id;
  INSERT OR IGNORE INTO api_key_labels (team_id, label, api_key_id)
    SELECT new.team_id, value, new.id FROM json_each(new.labels);
END;
