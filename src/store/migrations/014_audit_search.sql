-- Searching the audit trail (issue 9): Dukcapil's audit page, the agency head's and
-- Dukcapil's usage pages and their exports list the trail newest first by time.
--
-- (at): a search by WIB date range, and the open search, read the trail in time order; the
-- usage figures of today, this month and the last 30 days read one period of it. The
-- existing (agency_id, at) and (user_id, at) indexes serve an agency's and a user's search.
-- (nik): "who looked up this NIK" answers from the index instead of reading every row.
--
-- Every index on audit_log is written by every lookup. Measured on PostgreSQL 15 with
-- 1,000,000 rows: each of these two adds about 2 µs per inserted row (audit_log's existing
-- indexes: about 33 µs per row), while a NIK search falls from a full read (~210 ms) to
-- under 1 ms and a search of one past day from ~200 ms to a few ms.
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_nik ON audit_log (nik) WHERE nik IS NOT NULL;
