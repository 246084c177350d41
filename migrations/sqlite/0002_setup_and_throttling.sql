-- First-run setup and login throttling, both shared by every server on the database.

-- Small named values: the hash of the one-time setup token lives here until setup completes.
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value BLOB NOT NULL
) STRICT, WITHOUT ROWID;

-- Failed logins per account ("account:<email>") and per client address ("address:<ip>").
CREATE TABLE login_throttle (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  window_start INTEGER NOT NULL,
  locked_until INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX invitations_email ON invitations (email);
