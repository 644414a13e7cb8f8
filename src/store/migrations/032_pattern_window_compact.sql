-- Issue 9 (cost) and 13 (speed): one window row per agency instead of one per quota shard, and
-- 29-byte entries instead of 37 (the NIK packed as 8 bytes of BCD). An agency's window was
-- spread over up to 16 rows that every lookup read back, concatenated and sorted; now the
-- lookup statement appends to the user's row and the agency's row in one upsert and reads the
-- two rows back (store/pattern-window.ts). The rows of the old format are dropped: the server
-- rebuilds every window from the audit trail when the table is empty (as after a crash).
-- Altered rather than re-created, so that the grants of the application role stay as they are.
TRUNCATE pattern_window;
ALTER TABLE pattern_window DROP CONSTRAINT pattern_window_pkey;
ALTER TABLE pattern_window DROP COLUMN shard;
ALTER TABLE pattern_window ADD PRIMARY KEY (scope, owner_id);
