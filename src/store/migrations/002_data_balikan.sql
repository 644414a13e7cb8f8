-- Return data (data balikan, SPEC §3): what each agency owes back for the residents it
-- accessed, under which agreement, and the history of every correction.

-- Which agreement a lookup was served under, so that return data is accepted only for NIKs
-- the agency accessed under that agreement. Lookups audited before this column existed
-- have none and therefore owe no return data.
ALTER TABLE audit_log ADD COLUMN agreement_id integer REFERENCES agreement (id);

-- The NIKs an agreement accessed: lookups that reached a resident in the register.
CREATE INDEX audit_log_accessed ON audit_log (agreement_id, nik)
  WHERE action = 'LOOKUP' AND response_code IN ('DITEMUKAN', 'MENINGGAL', 'GANDA', 'NON_AKTIF');

-- The fields an agreement's return data carries, their rules, and after how many days an
-- accessed NIK without return data counts as overdue (see domain/data-balikan.ts). NULL
-- while Dukcapil has not yet set the schema: nothing is accepted then.
ALTER TABLE agreement ADD COLUMN data_balikan_schema jsonb;

-- One row per version of a record: a correction adds a version and leaves the earlier one
-- in place, no longer current.
CREATE TABLE data_balikan (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agreement_id  integer NOT NULL REFERENCES agreement (id),
  agency_id     integer NOT NULL REFERENCES agency (id),
  nik           char(16) NOT NULL CHECK (nik ~ '^[0-9]{16}$'),
  fields        jsonb NOT NULL CHECK (jsonb_typeof(fields) = 'object'),
  version       integer NOT NULL CHECK (version >= 1),
  is_current    boolean NOT NULL DEFAULT true,
  channel       text NOT NULL CHECK (channel IN ('FORMULIR', 'BERKAS', 'API', 'STORE')),
  submitted_by  integer NOT NULL REFERENCES app_user (id),
  received_at   timestamptz NOT NULL,
  UNIQUE (agreement_id, nik, version)
);
CREATE UNIQUE INDEX data_balikan_current ON data_balikan (agreement_id, nik) WHERE is_current;
CREATE INDEX data_balikan_received ON data_balikan (agency_id, received_at);

-- Answers of the return-data API kept by Idempotency-Key, so that a client retrying after
-- a lost answer gets the first answer instead of a second submission.
CREATE TABLE idempotency_key (
  user_id         integer NOT NULL REFERENCES app_user (id),
  key             text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  request_hash    bytea NOT NULL,
  response_status integer NOT NULL,
  response_body   jsonb NOT NULL,
  created_at      timestamptz NOT NULL,
  PRIMARY KEY (user_id, key)
);
