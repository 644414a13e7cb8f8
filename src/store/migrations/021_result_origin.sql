-- Issue 12 item 3 (results that carry their origin): whether the agency may print a lookup
-- result is the agreement's to decide. Not allowed until Dukcapil allows it on the
-- agreement's page (services/agreements/print-permission.ts; each change in admin_action).
-- The lookup statement reads it from the agreement row it already reads: no extra query.
ALTER TABLE agreement ADD COLUMN print_allowed boolean NOT NULL DEFAULT false;
