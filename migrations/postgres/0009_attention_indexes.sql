-- The "needs attention" count that every key list answers with: a range of each team's marks
-- instead of a read of all its rows (on 100,000 keys, 18 ms became 0.1 ms per list request; see
-- sql.h's kCountNeedingAttention, which counts the two marks' ranges apart).
CREATE INDEX api_keys_team_expiry_warn ON api_keys (team_id, expiry_warn_at)
  WHERE expiry_warn_at IS NOT NULL;
CREATE INDEX api_keys_team_rotation_due ON api_keys (team_id, rotation_due_at)
  WHERE rotation_due_at IS NOT NULL;
