-- Issue 9 (cost): the input-pattern policy's windows as compact state, one row per user and one
-- per agency (sharded like quota_usage for agencies without a daily limit), each the latest 30
-- lookups in fixed 37-byte entries (store/pattern-window.ts). The lookup statement appends to
-- both rows and reads them back in one step, instead of reading 58 scattered audit_log rows.
-- Derived from the audit trail and rebuilt from it when empty (after a crash, since the table
-- is UNLOGGED: it costs no WAL, and the trail, not this table, is the record).
CREATE UNLOGGED TABLE pattern_window (
  scope    char(1)  NOT NULL CHECK (scope IN ('U', 'A')),
  owner_id integer  NOT NULL,
  shard    smallint NOT NULL DEFAULT 0,
  entries  bytea    NOT NULL,
  PRIMARY KEY (scope, owner_id, shard)
) WITH (fillfactor = 50);
