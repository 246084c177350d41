-- A number that changes with every insert, delete and description change of a team's keys, in
-- the same transaction, so a copy of the team's descriptions held in memory (the search index of
-- large teams, storage/sqlite/description_index.h) knows whether it is still current.
ALTER TABLE teams ADD COLUMN api_keys_version INTEGER NOT NULL DEFAULT 0;
DROP TRIGGER api_keys_count_insert;
DROP TRIGGER api_keys_count_delete;
CREATE TRIGGER api_keys_count_insert AFTER INSERT ON api_keys BEGIN
  UPDATE teams SET api_key_count = api_key_count + 1, api_keys_version = api_keys_version + 1
  WHERE id = new.team_id;
END;
CREATE TRIGGER api_keys_count_delete AFTER DELETE ON api_keys BEGIN
  UPDATE teams SET api_key_count = api_key_count - 1, api_keys_version = api_keys_version + 1
  WHERE id = old.team_id;
END;
CREATE TRIGGER api_keys_version_update AFTER UPDATE OF description, type, created_at ON api_keys
BEGIN
  UPDATE teams SET api_keys_version = api_keys_version + 1 WHERE id = new.team_id;
END;
