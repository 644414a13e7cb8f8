-- Issue 10 items 3 and 4: Dukcapil's evaluation of an agency (per submitted usage report, or
-- at any time) and the semester report to the Directorate General (subdit MED). States and
-- rules in domain/evaluation.ts and domain/dg-report.ts; the rule of the score in
-- docs/REPORTS.md ("Evaluasi"). Every state change is in admin_action as well, sealed.

CREATE TABLE evaluation (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id          integer NOT NULL REFERENCES agency (id),
  agreement_id       integer NOT NULL REFERENCES agreement (id),
  -- LAPORAN: of a submitted usage report (its period); SEWAKTU_WAKTU: any period, any time
  kind               text NOT NULL CHECK (kind IN ('LAPORAN', 'SEWAKTU_WAKTU')),
  usage_report_id    integer REFERENCES usage_report (id),
  -- YYYY-S1 / YYYY-S2 when the period is a semester (the DG report's grouping)
  semester           text CHECK (semester ~ '^[0-9]{4}-S[12]$'),
  period_start       date NOT NULL,
  period_end         date NOT NULL CHECK (period_end >= period_start),
  state              text NOT NULL CHECK (state IN ('DRAFT', 'DIBATALKAN', 'FINAL',
    'TEGURAN_DISIAPKAN', 'TEGURAN_TERKIRIM', 'USUL_PENCABUTAN', 'PKS_DICABUT', 'USUL_DITOLAK')),
  follow_up          text CHECK (follow_up IN ('TIDAK_ADA', 'SURAT_TEGURAN', 'USUL_PENCABUTAN')),
  -- the evaluator's answers and notes by item (domain/evaluation.ts EvaluatorAnswers)
  answers            jsonb NOT NULL CHECK (jsonb_typeof(answers) = 'object'),
  -- what the records said (EvaluationFacts) and the checklist they gave: refreshed while a
  -- draft is saved, frozen when it is finalised
  facts              jsonb NOT NULL CHECK (jsonb_typeof(facts) = 'object'),
  checklist          jsonb NOT NULL CHECK (jsonb_typeof(checklist) = 'array'),
  findings           text NOT NULL DEFAULT '' CHECK (length(findings) <= 4000),
  recommendations    text NOT NULL DEFAULT '' CHECK (length(recommendations) <= 4000),
  score              integer CHECK (score BETWEEN 0 AND 100),
  grade              text CHECK (grade IN ('A', 'B', 'C', 'D')),
  created_at         timestamptz NOT NULL,
  created_by         integer NOT NULL REFERENCES app_user (id),
  updated_at         timestamptz NOT NULL,
  finalized_at       timestamptz,
  finalized_by       integer REFERENCES app_user (id),
  -- the warning letter, once recorded as sent
  warning_letter_number text CHECK (length(warning_letter_number) BETWEEN 3 AND 100),
  warning_letter_on  date,
  -- the revocation proposal's decision
  decided_at         timestamptz,
  decided_by         integer REFERENCES app_user (id),
  decision_note      text CHECK (length(decision_note) BETWEEN 5 AND 1000),
  CHECK ((kind = 'LAPORAN') = (usage_report_id IS NOT NULL)),
  CHECK (state IN ('DRAFT', 'DIBATALKAN') OR (finalized_at IS NOT NULL
    AND finalized_by IS NOT NULL AND follow_up IS NOT NULL AND score IS NOT NULL
    AND grade IS NOT NULL)),
  CHECK ((warning_letter_number IS NULL) = (warning_letter_on IS NULL))
);
-- one open draft per report
CREATE UNIQUE INDEX evaluation_one_draft_per_report ON evaluation (usage_report_id)
  WHERE state = 'DRAFT';
CREATE INDEX evaluation_agency ON evaluation (agency_id, period_end DESC, id DESC);
CREATE INDEX evaluation_semester ON evaluation (semester, state);

CREATE TABLE evaluation_event (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  evaluation_id integer NOT NULL REFERENCES evaluation (id),
  at            timestamptz NOT NULL,
  actor_id      integer REFERENCES app_user (id),
  action        text NOT NULL CHECK (action ~ '^[A-Z_]{3,40}$'),
  state_before  text,
  state_after   text NOT NULL,
  note          text CHECK (length(note) <= 1000),
  detail        jsonb
);
CREATE INDEX evaluation_event_evaluation ON evaluation_event (evaluation_id, id);

-- The semester report to the Directorate General: each one produced is kept (a later one
-- of the same semester replaces it in the portal, not in the record), with the format it was
-- produced in, its rows, the PDF and the XLSX. Sending is an outbox: ANTRE claims nothing by
-- itself; a run claims the row (mail_claimed_at), sends, and records TERKIRIM or gives the
-- claim back.
CREATE TABLE dg_report (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  semester        text NOT NULL CHECK (semester ~ '^[0-9]{4}-S[12]$'),
  letter_number   text NOT NULL CHECK (length(letter_number) BETWEEN 3 AND 100),
  state           text NOT NULL CHECK (state IN ('DISUSUN', 'ANTRE', 'TERKIRIM')),
  format          jsonb NOT NULL,
  content         jsonb NOT NULL,
  pdf             bytea NOT NULL,
  xlsx            bytea NOT NULL,
  created_at      timestamptz NOT NULL,
  created_by      integer NOT NULL REFERENCES app_user (id),
  queued_at       timestamptz,
  queued_by       integer REFERENCES app_user (id),
  mail_claimed_at timestamptz,
  sent_at         timestamptz,
  sent_to         text CHECK (length(sent_to) <= 320),
  CHECK ((state = 'TERKIRIM') = (sent_at IS NOT NULL AND sent_to IS NOT NULL)),
  CHECK (state = 'DISUSUN' OR queued_at IS NOT NULL)
);
CREATE INDEX dg_report_semester ON dg_report (semester, id DESC);
CREATE INDEX dg_report_queued ON dg_report (state) WHERE state = 'ANTRE';
