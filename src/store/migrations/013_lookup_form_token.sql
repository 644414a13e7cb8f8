-- One-time tokens of the portal's lookup form (issue 9 §2): a result page reloaded (F5) or
-- revisited with Back posts its form again, and must not run the lookup again (no quota
-- spent, no second audit row). Each rendered form carries a random 128-bit token; the
-- POST spends it first with one INSERT … ON CONFLICT DO NOTHING, which is atomic across
-- server processes: the row's existence is the "already spent" mark. Nothing is stored
-- when the form is rendered.
--
-- No foreign key to app_user: the row lives no longer than a portal session (a form posts
-- only within the session that rendered it: the CSRF secret is renewed at every login), and
-- the lookup's extra cost stays one index write. Rows older than the session lifetime are
-- purged (services/lookup/form-token.ts).
CREATE TABLE lookup_form_token (
  -- SHA-256 of the token as the form carries it (base64url text)
  token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
  user_id    integer NOT NULL,
  spent_at   timestamptz NOT NULL
);
CREATE INDEX lookup_form_token_spent_at ON lookup_form_token (spent_at);
