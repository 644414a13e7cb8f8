-- Issue 12, item 5 (SPEC §4 as updated): what the agreements add that Gerbang lacked.

-- The Director General's approval letter that an agreement rests on (for the first two:
-- 400.8.1.2/8765/Dukcapil of 25 July 2025). A fact about the agreement, not one of its terms:
-- recorded on a draft or on an agreement in force, never changed by an addendum.
ALTER TABLE agreement ADD COLUMN dg_approval_number text
  CHECK (length(dg_approval_number) BETWEEN 3 AND 100);
ALTER TABLE agreement ADD COLUMN dg_approval_date date;
ALTER TABLE agreement ADD CONSTRAINT agreement_dg_approval_both
  CHECK ((dg_approval_number IS NULL) = (dg_approval_date IS NULL));

-- Access during an extension (SPEC §4): the agency's extension request filed on time (two
-- months before the end, domain/deadlines.ts) and not yet answered. While it is set, the
-- agreement stays in force past its end date under the SPTJM; the request use case sets it
-- when filing on time and clears it when the request is approved (the addendum moves the end
-- date) or refused (access ends at once). Every "in force" condition reads this column of
-- the row it already reads: the lookup statement costs no extra query.
ALTER TABLE agreement ADD COLUMN extension_request_id integer REFERENCES request (id);

-- Why an agreement was ended (Pasal 6 of the agreements): null for ends recorded before this
-- column, and for ends where nothing was chosen.
ALTER TABLE agreement ADD COLUMN end_ground text
  CHECK (end_ground IN ('KESEPAKATAN', 'PERUBAHAN_KELEMBAGAAN', 'FORCE_MAJEURE',
                        'MASA_BERLAKU', 'PERPANJANGAN_DITOLAK'));

-- Force majeure: a government policy that makes continuing impossible. Its record: when it
-- happened, what it is, and the document (the policy or Dukcapil's letter), checked by its
-- content like every scan. One per agreement; append-only like the agreement's history.
CREATE TABLE agreement_force_majeure (
  agreement_id  integer PRIMARY KEY REFERENCES agreement (id),
  occurred_on   date NOT NULL,
  description   text NOT NULL CHECK (length(description) BETWEEN 10 AND 1000),
  content       bytea NOT NULL,
  content_type  text NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
  size_bytes    integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 5242880),
  sha256        bytea NOT NULL CHECK (length(sha256) = 32),
  file_name     text CHECK (length(file_name) <= 200),
  recorded_by   integer REFERENCES app_user (id),
  recorded_at   timestamptz NOT NULL
);
CREATE TRIGGER agreement_force_majeure_no_update BEFORE UPDATE OR DELETE ON agreement_force_majeure
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- The history's new entries: the Director General's letter recorded, and an end by force
-- majeure.
ALTER TABLE agreement_event DROP CONSTRAINT agreement_event_kind_check;
ALTER TABLE agreement_event ADD CONSTRAINT agreement_event_kind_check
  CHECK (kind IN ('DIBUAT', 'DIUBAH', 'DIAKTIFKAN', 'DIBATALKAN', 'ADENDUM', 'PERUBAHAN',
                  'DIAKHIRI', 'DICABUT', 'BERAKHIR', 'PERSETUJUAN_DIRJEN', 'FORCE_MAJEURE'));
