-- Lockout after repeated failed logins (SPEC §4 users; issue 3): the count of consecutive
-- failures and, once it reaches the limit, until when the account refuses every login.
ALTER TABLE app_user ADD COLUMN failed_logins integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0);
ALTER TABLE app_user ADD COLUMN locked_until timestamptz;
