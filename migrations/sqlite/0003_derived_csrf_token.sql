-- The CSRF token is now derived from the session token (a hash under its own context) instead of
-- stored: the database holds no token a reader could replay.
ALTER TABLE sessions DROP COLUMN csrf_token;
