-- Dukcapil's exports of received return data (issue 4) disclose NIKs with JKN, medical
-- record and permit numbers in bulk: each export is recorded in the audit trail as action
-- EKSPOR (who, when, from which address, which agency, which period, how many rows), next
-- to the logins and lookups. Widening the list keeps every existing row valid.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check
  CHECK (action IN ('LOGIN', 'LOOKUP', 'EKSPOR'));
