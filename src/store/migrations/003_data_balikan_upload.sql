-- Return-data files uploaded on the portal (issue 4, channel 3b). A file is read and checked
-- in the background; when every row is valid it is applied at once, otherwise its valid rows
-- wait here for the agency to apply them (or not), and its refused rows are kept to be
-- shown. What the rows hold is the agency's own return data (NIK and the schema's fields),
-- never population data; the rows are deleted once applied, discarded or expired.

CREATE TABLE data_balikan_upload (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agreement_id  integer NOT NULL REFERENCES agreement (id),
  agency_id     integer NOT NULL REFERENCES agency (id),
  uploaded_by   integer NOT NULL REFERENCES app_user (id),
  file_name     text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  format        text NOT NULL CHECK (format IN ('CSV', 'XLSX')),
  size_bytes    integer NOT NULL CHECK (size_bytes > 0),
  -- MENUNGGU: queued; MEMBACA: reading rows; MEMERIKSA: checking and applying;
  -- DITOLAK: refused rows found, nothing applied, valid rows await a decision;
  -- MENERAPKAN: applying the valid rows; DITERAPKAN: applied (all, or the valid rows);
  -- GAGAL: the file as a whole was refused or processing stopped; DIBATALKAN: discarded;
  -- KEDALUWARSA: no decision before expires_at.
  status        text NOT NULL CHECK (status IN ('MENUNGGU', 'MEMBACA', 'MEMERIKSA', 'DITOLAK',
                  'MENERAPKAN', 'DITERAPKAN', 'GAGAL', 'DIBATALKAN', 'KEDALUWARSA')),
  -- Progress: the last line read, and the file's last line when known beforehand.
  line_read     integer NOT NULL DEFAULT 0,
  line_total    integer,
  received      integer,
  acceptable    integer,
  refused       integer,
  added         integer,
  corrected     integer,
  unchanged     integer,
  -- SEMUA: the whole file at once; YANG_VALID: its valid rows, on the agency's decision.
  applied_mode  text CHECK (applied_mode IN ('SEMUA', 'YANG_VALID')),
  applied_by    integer REFERENCES app_user (id),
  applied_at    timestamptz,
  -- Why the file as a whole was refused, or what interrupted it.
  problem       text,
  created_at    timestamptz NOT NULL,
  -- Renewed by the server process working on the upload: a stale one has lost its process.
  heartbeat_at  timestamptz NOT NULL,
  finished_at   timestamptz,
  expires_at    timestamptz NOT NULL
);
CREATE INDEX data_balikan_upload_agency ON data_balikan_upload (agency_id, id DESC);
CREATE INDEX data_balikan_upload_expiry ON data_balikan_upload (expires_at);

-- A row of an upload: valid (fields as read, applied on the agency's decision) or refused
-- (its reasons, shown and downloadable).
CREATE TABLE data_balikan_upload_row (
  upload_id  bigint NOT NULL REFERENCES data_balikan_upload (id) ON DELETE CASCADE,
  line       integer NOT NULL,
  nik        text NOT NULL,
  fields     jsonb,
  reasons    text[],
  PRIMARY KEY (upload_id, line),
  CHECK ((fields IS NULL) <> (reasons IS NULL))
);
