-- The agency's usage report (issue 10 items 1, 2; Pasal 8, Juknis V): drafted by Gerbang from
-- its own records for an agreement and a period (a semester, or any range for an ad-hoc
-- report), completed by the head with the narrative, submitted (the semester duty's
-- fulfilment), and later joined by the signed, stamped scan. A correction is a new version of
-- the same period: the version it replaces stays, marked DIGANTI, and every step is an event.
-- The daily summaries below keep drafting fast over a long audit trail (docs/REPORTS.md).

CREATE TABLE usage_report (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agreement_id       integer NOT NULL REFERENCES agreement (id),
  agency_id          integer NOT NULL REFERENCES agency (id),
  -- SEMESTER: the duty of Pasal 8; SEWAKTU_WAKTU: "sewaktu-waktu sesuai kebutuhan"
  kind               text NOT NULL CHECK (kind IN ('SEMESTER', 'SEWAKTU_WAKTU')),
  -- YYYY-S1 / YYYY-S2 for a semester report, null for an ad-hoc one
  semester           text CHECK (semester ~ '^[0-9]{4}-S[12]$'),
  period_start       date NOT NULL,
  period_end         date NOT NULL CHECK (period_end >= period_start),
  -- 1 for the first report of the period, +1 for each correction
  version            integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  corrects_id        integer REFERENCES usage_report (id),
  -- DRAFT → DIKIRIM → (DIGANTI when a correction of it is submitted); a draft may be dropped (BATAL)
  state              text NOT NULL DEFAULT 'DRAFT'
                       CHECK (state IN ('DRAFT', 'DIKIRIM', 'DIGANTI', 'BATAL')),
  -- the letter's number, as the agency's registry gives it (set by the head before submitting)
  letter_number      text CHECK (length(letter_number) BETWEEN 3 AND 100),
  -- the narrative the head adds
  obstacles          text CHECK (length(obstacles) <= 4000),
  follow_up          text CHECK (length(follow_up) <= 4000),
  officials_changes  text CHECK (length(officials_changes) <= 4000),
  -- why this version corrects the one before (required for a correction)
  correction_reason  text CHECK (length(correction_reason) BETWEEN 5 AND 1000),
  -- the figures (services/reports/figures.ts ReportFigures) frozen at submission
  figures            jsonb,
  -- the audit checkpoint at the period's end: log size and root hash, and which one it is
  -- (TERAKHIR: the latest signed checkpoint sealed before the period ended; PERTAMA_SESUDAH:
  -- none was sealed by then, so the first one sealed after, which covers every row of the
  -- period and possibly later ones)
  checkpoint_size    bigint CHECK (checkpoint_size >= 0),
  checkpoint_root    bytea CHECK (length(checkpoint_root) = 32),
  checkpoint_basis   text CHECK (checkpoint_basis IN ('TERAKHIR', 'PERTAMA_SESUDAH')),
  created_at         timestamptz NOT NULL,
  created_by         integer NOT NULL REFERENCES app_user (id),
  updated_at         timestamptz NOT NULL,
  submitted_at       timestamptz,
  submitted_by       integer REFERENCES app_user (id),
  -- the PDF as submitted (also the semester duty's fulfilment document) and the XLSX
  pdf_document_id    integer REFERENCES deadline_document (id),
  xlsx_content       bytea,
  fulfilment_id      integer REFERENCES deadline_fulfilment (id),
  -- sent to Dukcapil's report address (null: SMTP not set, or not yet sent)
  mailed_at          timestamptz,
  -- the signed, stamped hard copy's scan, attached after submission
  scan_document_id   integer REFERENCES deadline_document (id),
  scan_attached_at   timestamptz,
  scan_attached_by   integer REFERENCES app_user (id),
  CHECK ((kind = 'SEMESTER') = (semester IS NOT NULL)),
  CHECK ((version = 1) = (corrects_id IS NULL)),
  CHECK (state NOT IN ('DIKIRIM', 'DIGANTI') OR (submitted_at IS NOT NULL
    AND submitted_by IS NOT NULL AND figures IS NOT NULL AND pdf_document_id IS NOT NULL
    AND checkpoint_size IS NOT NULL AND checkpoint_root IS NOT NULL AND checkpoint_basis IS NOT NULL)),
  CHECK (scan_document_id IS NULL OR state IN ('DIKIRIM', 'DIGANTI'))
);
-- at most one open draft and one submitted version per agreement and period
CREATE UNIQUE INDEX usage_report_one_draft ON usage_report (agreement_id, kind, period_start, period_end)
  WHERE state = 'DRAFT';
CREATE UNIQUE INDEX usage_report_one_submitted ON usage_report (agreement_id, kind, period_start, period_end)
  WHERE state = 'DIKIRIM';
CREATE UNIQUE INDEX usage_report_version ON usage_report (agreement_id, kind, period_start, period_end, version)
  WHERE state <> 'BATAL';
CREATE INDEX usage_report_agency ON usage_report (agency_id, period_end DESC, id DESC);
CREATE INDEX usage_report_state ON usage_report (state, submitted_at DESC);

-- The report's history: drafted, narrative edited, submitted, mailed, scan attached,
-- corrected, dropped. Append-only, as the other histories.
CREATE TABLE usage_report_event (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  report_id   integer NOT NULL REFERENCES usage_report (id),
  at          timestamptz NOT NULL,
  actor_id    integer REFERENCES app_user (id),
  action      text NOT NULL CHECK (length(action) BETWEEN 3 AND 60),
  state_before text,
  state_after text NOT NULL,
  note        text CHECK (length(note) <= 1000),
  -- what changed (narrative before and after, document ids, …)
  detail      jsonb
);
CREATE INDEX usage_report_event_report ON usage_report_event (report_id, id);

-- Lookups per WIB day, agreement, channel, response, user and card reader: the audit trail summarised
-- off the hot path (services/reports/daily-summary.ts), for whole WIB days that ended. Every
-- audit_log LOOKUP row with an agreement and `at` before audit_summary_state.summarized_until
-- is counted here exactly once; rows from that instant on are read from audit_log itself.
CREATE TABLE audit_daily_summary (
  day           date NOT NULL,
  agreement_id  integer NOT NULL,
  agency_id     integer NOT NULL,
  channel       text NOT NULL,
  response_code text NOT NULL,
  -- 0: a lookup without a user on record
  user_id       integer NOT NULL,
  -- 0: not through a card reader
  card_reader_id integer NOT NULL,
  lookups       integer NOT NULL CHECK (lookups > 0),
  PRIMARY KEY (agreement_id, day, channel, response_code, user_id, card_reader_id)
);

-- Purposes stated per WIB day and agreement (the same days as audit_daily_summary).
CREATE TABLE audit_daily_purpose (
  day           date NOT NULL,
  agreement_id  integer NOT NULL,
  purpose       text NOT NULL,
  lookups       integer NOT NULL CHECK (lookups > 0),
  PRIMARY KEY (agreement_id, day, purpose)
);

-- Each NIK's first access under each agreement (the compliance definition, store/compliance.ts),
-- for the summarised days; the return-data figures of a period read it with the live tail.
CREATE TABLE audit_first_access (
  agreement_id  integer NOT NULL,
  nik           text NOT NULL,
  first_at      timestamptz NOT NULL,
  user_id       integer,
  PRIMARY KEY (agreement_id, nik)
);
CREATE INDEX audit_first_access_at ON audit_first_access (agreement_id, first_at);

-- One row: how far the summaries reach (a WIB midnight), advanced one closed day at a time
-- under a row lock by whichever process runs the summariser.
CREATE TABLE audit_summary_state (
  id               boolean PRIMARY KEY DEFAULT true CHECK (id),
  summarized_until timestamptz,
  updated_at       timestamptz
);
INSERT INTO audit_summary_state (id, summarized_until, updated_at) VALUES (true, NULL, NULL);
