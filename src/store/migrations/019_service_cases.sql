-- Issue 12 item 1: the counter service flow (SPEC §7, Lampiran II) as cases the officer works
-- through. A case holds no population data: the NIK, what the agency itself produced (its
-- application number, the kind of service, the number of the document it issued), states and
-- times. The lookups a case runs are in audit_log (purpose = the case number); every state
-- change is in admin_action as well, sealed like the rest.

-- The kinds of service an agreement's agency offers at its counter (domain/service-case.ts
-- ServiceKind[] as JSON); an agreement without a row offers one general kind.
CREATE TABLE service_kind_config (
  agreement_id integer PRIMARY KEY REFERENCES agreement (id),
  kinds        jsonb NOT NULL CHECK (jsonb_typeof(kinds) = 'array'),
  updated_at   timestamptz NOT NULL
);

-- The last case number given per agency and (WIB) year: LYN/<agency>/<year>/<n>, one
-- INSERT … ON CONFLICT DO UPDATE, so two counters never get the same number.
CREATE TABLE service_case_counter (
  agency_id integer NOT NULL REFERENCES agency (id),
  year      integer NOT NULL,
  last      integer NOT NULL CHECK (last > 0),
  PRIMARY KEY (agency_id, year)
);

CREATE TABLE service_case (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id          integer NOT NULL REFERENCES agency (id),
  agreement_id       integer NOT NULL REFERENCES agreement (id),
  case_number        text NOT NULL UNIQUE CHECK (length(case_number) BETWEEN 5 AND 60),
  application_number text NOT NULL CHECK (length(application_number) BETWEEN 1 AND 40),
  kind_code          text NOT NULL CHECK (kind_code ~ '^[A-Z0-9_]{2,30}$'),
  -- The kind as the agreement named it when the case was opened (a later change of the
  -- configuration does not rename open cases).
  kind_label         text NOT NULL CHECK (length(kind_label) BETWEEN 3 AND 80),
  document_label     text NOT NULL CHECK (length(document_label) BETWEEN 3 AND 80),
  nik                char(16) NOT NULL CHECK (nik ~ '^[0-9]{16}$'),
  state              text NOT NULL CHECK (state IN ('TERBUKA', 'DIPERIKSA', 'PERBAIKAN',
    'DIPERBAIKI', 'DISETUJUI', 'DITERBITKAN', 'DISERAHKAN', 'DATA_BALIKAN_TERKIRIM', 'SELESAI',
    'DIBATALKAN')),
  opened_by          integer NOT NULL REFERENCES app_user (id),
  -- The officer who acted on the case last: whose queue it is in.
  handled_by         integer NOT NULL REFERENCES app_user (id),
  opened_at          timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  checks             integer NOT NULL DEFAULT 0 CHECK (checks >= 0),
  last_checked_at    timestamptz,
  document_number    text CHECK (length(document_number) BETWEEN 1 AND 60),
  issued_at          timestamptz,
  handed_over_at     timestamptz,
  return_sent_at     timestamptz,
  closed_at          timestamptz,
  CHECK ((document_number IS NULL) = (issued_at IS NULL))
);
CREATE INDEX service_case_agency_state ON service_case (agency_id, state, opened_at);

-- The case's state history, for its page (the admin trail holds the same changes, sealed).
CREATE TABLE service_case_event (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id   integer NOT NULL REFERENCES service_case (id),
  at        timestamptz NOT NULL,
  actor_id  integer NOT NULL REFERENCES app_user (id),
  action    text NOT NULL CHECK (action ~ '^[A-Z_]{3,30}$'),
  from_state text,
  to_state  text NOT NULL,
  note      text CHECK (length(note) <= 1000),
  -- A check's lookup: its audit_log row (no foreign key: the append-only trail is referenced
  -- by no table, so that its own guard is what refuses a TRUNCATE; its rows are never deleted).
  audit_id  bigint
);
CREATE INDEX service_case_event_case ON service_case_event (case_id, id);
