-- The audit trail becomes tamper-evident: each event carries a keyed hash over its fields and the
-- hash of the previous event of its team (prev_hash, null for a team's first chained event).
-- Events written before this migration stay unchained; `keyward audit verify` counts them apart.
ALTER TABLE audit_events ADD COLUMN prev_hash bytea;
ALTER TABLE audit_events ADD COLUMN hash bytea;
-- No two events may follow the same one: a fork in a chain is refused when it is written.
CREATE UNIQUE INDEX audit_events_prev_hash ON audit_events (prev_hash) WHERE prev_hash IS NOT NULL;
