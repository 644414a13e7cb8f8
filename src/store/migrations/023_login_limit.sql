-- Issue 13 (password spraying): failed login attempts counted per client address and per
-- account in fixed windows, for the rate limit of every login channel (@fastify/rate-limit
-- with the store in store/login-limits.ts). In the database, not in a process's memory, so
-- that the limit holds across server processes. The key is the SHA-256 of "alamat:<address>"
-- or "akun:<user ID as typed>": what someone typed as a user ID (perhaps their password, in
-- the wrong box) is never kept. Rows whose window has ended are deleted as new ones come.
CREATE TABLE login_limit (
  key_hash     bytea       PRIMARY KEY,
  window_start timestamptz NOT NULL,
  hits         integer     NOT NULL CHECK (hits > 0)
);
CREATE INDEX login_limit_window_start ON login_limit (window_start);
