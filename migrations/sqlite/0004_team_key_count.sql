-- The number of keys per team, kept by triggers, so an unfiltered list page knows its total
-- without counting 100,000 index entries.
ALTER TABLE teams ADD COLUMN api_key_count INTEGER NOT NULL DEFAULT 0;
UPDATE teams SET api_key_count = (SELECT COUNT(*) FROM api_keys WHERE api_keys.team_id = teams.id);
CREATE TRIGGER api_keys_count_insert AFTER INSERT ON api_keys BEGIN
  UPDATE teams SET api_key_count = api_key_count + 1 WHERE id = new.team_id;
END;
CREATE TRIGGER api_keys_count_delete AFTER DELETE ON api_keys BEGIN
  UPDATE teams SET api_key_count = api_key_count - 1 WHERE id = old.team_id;
END;
