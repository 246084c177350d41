-- Labels. A key's labels are stored twice, on purpose:
-- - api_keys.labels, a JSON array of strings ('["env:prod","team:search"]', sorted, no
--   duplicates), is the value: read with every row, written by the one UPDATE of an edit, copied
--   by backup with the row. Text, as on SQLite, so both engines read and bind it alike.
-- - api_key_labels, one row per (key, label), is an index of it kept by the trigger below, so
--   "keys carrying every listed label" is an index range per label within the team (GROUP BY the
--   key, HAVING as many matches as labels asked for) on both engines, instead of parsing every
--   row's JSON. It is derived data, rebuilt by the trigger as rows are inserted: backup skips it.
-- Labels match [A-Za-z0-9._:/-]{1,64} (checked before storing), so the JSON needs no escaping.
ALTER TABLE api_keys ADD COLUMN labels text NOT NULL DEFAULT '[]';
ALTER TABLE service_tokens ADD COLUMN labels text NOT NULL DEFAULT '[]';

CREATE TABLE api_key_labels (
  team_id text NOT NULL,
  label text NOT NULL,
  api_key_id text NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
  PRIMARY KEY (team_id, label, api_key_id)
);
-- The cascade and the update trigger find a key's rows by it.
CREATE INDEX api_key_labels_key ON api_key_labels (api_key_id);

CREATE FUNCTION keyward_index_api_key_labels() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM api_key_labels WHERE api_key_id = OLD.id;
  END IF;
  INSERT INTO api_key_labels (team_id, label, api_key_id)
    SELECT NEW.team_id, value, NEW.id FROM jsonb_array_elements_text(NEW.labels::jsonb) AS value
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;
CREATE TRIGGER api_key_labels_insert AFTER INSERT ON api_keys
  FOR EACH ROW EXECUTE FUNCTION keyward_index_api_key_labels();
CREATE TRIGGER api_key_labels_update AFTER UPDATE OF labels ON api_keys
  FOR EACH ROW WHEN (OLD.labels IS DISTINCT FROM NEW.labels)
  EXECUTE FUNCTION keyward_index_api_key_labels();
