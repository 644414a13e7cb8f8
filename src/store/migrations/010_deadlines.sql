-- Deadlines (issue 3 item 6; SPEC §4): the holiday calendar that working days are counted
-- on, what agencies hand in to meet their dated duties, and the log of reminders sent.
-- The deadlines themselves are not stored: services/deadlines.ts computes them.

-- National holidays and cuti bersama. One row per day: a day off is a day off, whatever the
-- reason. Only the holidays fixed by date are seeded below; the moving holidays and the
-- cuti bersama of each year come from that year's joint decree (SKB 3 Menteri) and are
-- entered by a Dukcapil admin (portal or `gerbang holiday import`).
CREATE TABLE holiday (
  day        date PRIMARY KEY,
  name       text NOT NULL CHECK (length(name) BETWEEN 3 AND 200),
  kind       text NOT NULL CHECK (kind IN ('LIBUR_NASIONAL', 'CUTI_BERSAMA')),
  created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO holiday (day, name, kind)
SELECT make_date(y, m, d), name, 'LIBUR_NASIONAL'
FROM generate_series(2025, 2028) AS y,
  (VALUES (1, 1, 'Tahun Baru Masehi'),
          (5, 1, 'Hari Buruh Internasional'),
          (6, 1, 'Hari Lahir Pancasila'),
          (8, 17, 'Hari Kemerdekaan Republik Indonesia'),
          (12, 25, 'Hari Raya Natal')) AS fixed (m, d, name);

-- The scans handed in: the type is the one read from the content, never the name given.
CREATE TABLE deadline_document (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id    integer NOT NULL REFERENCES agency (id),
  file_name    text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
  size_bytes   integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 5242880),
  sha256       bytea NOT NULL CHECK (length(sha256) = 32),
  content      bytea NOT NULL,
  -- null when the server's operator recorded it through the command line
  uploaded_by  integer REFERENCES app_user (id),
  uploaded_at  timestamptz NOT NULL,
  CHECK (length(content) = size_bytes)
);
CREATE INDEX deadline_document_agency ON deadline_document (agency_id);

-- ISO/IEC 27001 certificates (due 6 months after signing) and semester usage reports (due
-- 10 working days after the semester). Kept as handed in; a later one of the same period
-- or a renewed certificate is a new row, the first on record fulfils the deadline.
CREATE TABLE deadline_fulfilment (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agreement_id       integer NOT NULL REFERENCES agreement (id),
  agency_id          integer NOT NULL REFERENCES agency (id),
  kind               text NOT NULL CHECK (kind IN ('SERTIFIKAT_ISO', 'LAPORAN_SEMESTER')),
  document_id        integer NOT NULL REFERENCES deadline_document (id),
  -- the WIB day it was received: what the deadline is measured against
  received_on        date NOT NULL,
  certificate_number text CHECK (length(certificate_number) BETWEEN 3 AND 100),
  issued_on          date,
  expires_on         date,
  period             text CHECK (period ~ '^[0-9]{4}-S[12]$'),
  recorded_by        integer REFERENCES app_user (id),
  recorded_at        timestamptz NOT NULL,
  CHECK (kind <> 'SERTIFIKAT_ISO' OR (certificate_number IS NOT NULL AND issued_on IS NOT NULL
    AND expires_on > issued_on AND period IS NULL)),
  CHECK (kind <> 'LAPORAN_SEMESTER' OR (period IS NOT NULL AND certificate_number IS NULL
    AND issued_on IS NULL AND expires_on IS NULL))
);
CREATE INDEX deadline_fulfilment_agreement ON deadline_fulfilment (agreement_id, kind);

-- Changes of the agency's officials or structure. The agency files its notice with the
-- change (notified_on set at once); Dukcapil may also record a change it learned of, which
-- stays an open duty until the agency's notice is added to the same row.
CREATE TABLE officials_change (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id          integer NOT NULL REFERENCES agency (id),
  changed_on         date NOT NULL,
  description        text NOT NULL CHECK (length(description) BETWEEN 5 AND 1000),
  recorded_by        integer REFERENCES app_user (id),
  recorded_at        timestamptz NOT NULL,
  notice_document_id integer REFERENCES deadline_document (id),
  notified_on        date,
  notified_by        integer REFERENCES app_user (id),
  CHECK ((notice_document_id IS NULL) = (notified_on IS NULL))
);
CREATE INDEX officials_change_agency ON officials_change (agency_id, changed_on);

-- Each reminder point of each deadline is e-mailed once per address: a run claims its rows
-- here before sending and gives them back when sending fails, so that concurrent servers
-- never send the same reminder twice and a failed one is tried again on the next run.
CREATE TABLE deadline_reminder (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  deadline_key text NOT NULL CHECK (length(deadline_key) BETWEEN 3 AND 120),
  stage        text NOT NULL CHECK (stage IN ('H_30', 'H_7', 'H_1', 'TERLAMBAT')),
  recipient    text NOT NULL CHECK (length(recipient) BETWEEN 3 AND 200),
  agency_id    integer REFERENCES agency (id),
  sent_at      timestamptz NOT NULL,
  UNIQUE (deadline_key, stage, recipient)
);
CREATE INDEX deadline_reminder_sent ON deadline_reminder (sent_at);

-- Where the agency head wants reminders (the agency's own address is agency.email, 007).
-- IF NOT EXISTS: should another migration have given users an address already, keep it.
ALTER TABLE app_user ADD COLUMN IF NOT EXISTS email text
  CHECK (length(email) <= 200 AND email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$');
