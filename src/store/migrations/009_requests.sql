-- Requests an agency sends Dukcapil by letter (SPEC §4): user ID change, PoC, change of
-- access method or elements, bandwidth, extension. Each has its letter, a payload per kind,
-- a state (domain/requests.ts), Dukcapil's answer letter, and who took each step when.
CREATE TABLE request (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id        integer NOT NULL REFERENCES agency (id),
  -- the agreement in force when the letter was filed: the one an approval changes
  agreement_id     integer NOT NULL REFERENCES agreement (id),
  kind             text NOT NULL CHECK (kind IN
    ('PERUBAHAN_USER_ID', 'POC', 'PERUBAHAN_METODE_ELEMEN', 'BANDWIDTH', 'PERPANJANGAN')),
  letter_number    text NOT NULL CHECK (length(letter_number) BETWEEN 3 AND 100),
  letter_date      date NOT NULL,
  payload          jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
  state            text NOT NULL DEFAULT 'DIAJUKAN'
    CHECK (state IN ('DIAJUKAN', 'DIJADWALKAN', 'DITELAAH', 'DISETUJUI', 'DITOLAK')),
  scheduled_on     date,
  answer_number    text CHECK (length(answer_number) BETWEEN 3 AND 100),
  answer_date      date,
  decision_reason  text CHECK (length(decision_reason) <= 1000),
  filed_by         integer NOT NULL REFERENCES app_user (id),
  filed_at         timestamptz NOT NULL,
  scheduled_by     integer REFERENCES app_user (id),
  scheduled_at     timestamptz,
  reviewed_by      integer REFERENCES app_user (id),
  reviewed_at      timestamptz,
  decided_by       integer REFERENCES app_user (id),
  decided_at       timestamptz,
  -- the domain's rules, restated where no code path can skip them
  CHECK (kind = 'POC' OR scheduled_on IS NULL),
  CHECK (state <> 'DIJADWALKAN' OR scheduled_on IS NOT NULL),
  CHECK (state NOT IN ('DISETUJUI', 'DITOLAK') OR
    (answer_number IS NOT NULL AND answer_date IS NOT NULL AND decided_at IS NOT NULL)),
  CHECK (state <> 'DITOLAK' OR decision_reason IS NOT NULL)
);
CREATE INDEX request_agency_filed ON request (agency_id, filed_at DESC);
CREATE INDEX request_state_filed ON request (state, filed_at DESC);

-- Every step of every request, the filing included. Append-only.
CREATE TABLE request_history (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id  integer NOT NULL REFERENCES request (id),
  at          timestamptz NOT NULL,
  actor_id    integer REFERENCES app_user (id),
  from_state  text,
  to_state    text NOT NULL,
  note        text CHECK (length(note) <= 1000)
);
CREATE INDEX request_history_request ON request_history (request_id, id);

CREATE TRIGGER request_history_no_update BEFORE UPDATE OR DELETE ON request_history
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER request_history_no_truncate BEFORE TRUNCATE ON request_history
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Scans of the letters, studies and answers: the type is the one read from the content
-- (never the name the uploader gave), the digest lets anyone check a copy.
CREATE TABLE request_attachment (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id    integer NOT NULL REFERENCES request (id),
  purpose       text NOT NULL
    CHECK (purpose IN ('SURAT_PERMOHONAN', 'KAJIAN_TEKNIS', 'LAMPIRAN_LAIN', 'SURAT_JAWABAN')),
  file_name     text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  content_type  text NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
  size_bytes    integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 5242880),
  sha256        bytea NOT NULL CHECK (length(sha256) = 32),
  content       bytea NOT NULL,
  uploaded_by   integer NOT NULL REFERENCES app_user (id),
  uploaded_at   timestamptz NOT NULL,
  CHECK (length(content) = size_bytes)
);
CREATE INDEX request_attachment_request ON request_attachment (request_id, id);

-- The handover record (Berita Acara Serah Terima) of an approved user ID change. It holds
-- no password: the one-time password exists only in the approval's answer (see README).
CREATE TABLE bast (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id  integer NOT NULL UNIQUE REFERENCES request (id),
  nomor       text NOT NULL UNIQUE CHECK (length(nomor) BETWEEN 3 AND 100),
  tanggal     date NOT NULL,
  -- the user ID handed over
  user_id     integer NOT NULL UNIQUE REFERENCES app_user (id),
  created_by  integer REFERENCES app_user (id),
  created_at  timestamptz NOT NULL
);
