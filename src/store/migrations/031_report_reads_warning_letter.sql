-- Issue 10, after measuring at full size (docs/REPORTS.md, "Speed"; BENCHMARKS.md).
--
-- 1. Reports read the daily summaries by index alone. The summaries are written a day at a
-- time for every agreement, so one agreement's rows of a semester lie on thousands of heap
-- pages (on 10,000,000 audit rows, ~4,900 pages read for one agency's ~7,800 summary rows,
-- 0.2–0.8 s each, 100 times over for the report to the Directorate General). Covering
-- indexes in (agreement, day) order hold what the report reads, so an agency's semester is a
-- few dozen index pages. audit_first_access_at is replaced by its covering form.
CREATE INDEX audit_daily_summary_report ON audit_daily_summary (agreement_id, day)
  INCLUDE (channel, response_code, user_id, card_reader_id, lookups);
CREATE INDEX audit_daily_purpose_report ON audit_daily_purpose (agreement_id, day)
  INCLUDE (purpose, lookups);
CREATE INDEX audit_first_access_report ON audit_first_access (agreement_id, first_at)
  INCLUDE (nik);
DROP INDEX audit_first_access_at;

-- An index-only scan reads the heap for pages not yet marked all-visible, which only VACUUM
-- marks. These tables only grow, and by default autovacuum visits an insert-only table after
-- 20 % of its size was added — months of summaries, the very semester a report is about. A
-- fixed threshold of about two days' rows instead (PostgreSQL; PGlite runs no autovacuum and
-- its demo-sized summaries need none).
ALTER TABLE audit_daily_summary SET (autovacuum_vacuum_insert_threshold = 10000,
  autovacuum_vacuum_insert_scale_factor = 0);
ALTER TABLE audit_daily_purpose SET (autovacuum_vacuum_insert_threshold = 2000,
  autovacuum_vacuum_insert_scale_factor = 0);
ALTER TABLE audit_first_access SET (autovacuum_vacuum_insert_threshold = 20000,
  autovacuum_vacuum_insert_scale_factor = 0);

-- 2. Issue 10 item 3: the warning letter (surat teguran) of an evaluation whose follow-up is
-- one, as the PDF Gerbang made when Dukcapil recorded its number and date: kept as made, so
-- that what the agency head downloads later is the letter that was sent, whatever changes
-- after (the agency's name, address or head's title). Letters recorded before this migration
-- have none and are made from the record when downloaded (services/evaluation/warning-letter.ts).
ALTER TABLE evaluation ADD COLUMN warning_letter_pdf bytea;
ALTER TABLE evaluation ADD CONSTRAINT evaluation_warning_letter_pdf_numbered
  CHECK (warning_letter_pdf IS NULL OR warning_letter_number IS NOT NULL);
