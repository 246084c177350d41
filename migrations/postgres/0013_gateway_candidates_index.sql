-- The gateway's pick of a team's keys of a type (the default first, then newest; disabled keys
-- never) walks this index backwards instead of sorting the team's keys on every call.
CREATE INDEX api_keys_gateway ON api_keys (team_id, type, is_default, created_at, id)
  WHERE disabled_at IS NULL;
