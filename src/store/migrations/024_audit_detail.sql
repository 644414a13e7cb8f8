-- What an access carries beyond the columns every lookup has (issue 11): the elements a
-- verification asked about (never their values), the address a compatible client reported in
-- IP_USER (recorded, never trusted), that the request came through a compatible client. NULL
-- for an ordinary lookup, so the hot path writes nothing more. A row with a detail is sealed
-- in leaf format 2 (domain/audit-seal/leaf.ts), the detail included; rows without keep format 1.
ALTER TABLE audit_log ADD COLUMN detail jsonb;
