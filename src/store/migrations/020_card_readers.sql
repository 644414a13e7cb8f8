-- KTP-el card readers with their Secure Access Module (issue 12 item 2, SPEC §5). The agency
-- buys a reader; its SAM is personalised and activated through the ministry's SIFILMA, of
-- which Gerbang only records the references and dates. The states and who may move them are
-- in domain/card-reader-state.ts.
CREATE TABLE card_reader (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id        integer NOT NULL REFERENCES agency (id),
  serial           text NOT NULL CHECK (length(serial) BETWEEN 3 AND 60),
  make             text NOT NULL CHECK (length(make) BETWEEN 2 AND 80),
  location         text NOT NULL CHECK (length(location) BETWEEN 3 AND 160),
  -- The operator responsible for the reader (a user of the same agency).
  operator_id      integer NOT NULL REFERENCES app_user (id),
  sam_number       text NOT NULL CHECK (sam_number ~ '^[A-Z0-9-]{6,40}$'),
  state            text NOT NULL CHECK (state IN ('TERDAFTAR', 'DIAJUKAN', 'DIPERSONALISASI',
                     'AKTIF', 'DITANGGUHKAN', 'SAM_DICABUT', 'SAM_DIKEMBALIKAN', 'NONAKTIF')),
  state_since      timestamptz NOT NULL,
  -- SIFILMA as recorded: the application, the SAM's personalisation, its activation.
  sifilma_ref      text,
  sifilma_on       date,
  personalised_ref text,
  personalised_on  date,
  activation_ref   text,
  activated_on     date,
  -- SHA-256 of the reader's own secret (shown once), as for session tokens: a 256-bit random
  -- secret needs no slow hash. NULL until the head issues one; cleared when it leaves AKTIF
  -- for good.
  credential_hash  bytea UNIQUE,
  registered_at    timestamptz NOT NULL,
  registered_by    integer REFERENCES app_user (id)
);
-- A serial and a SAM belong to one reader that is still in use (a returned SAM may be
-- personalised again for another reader).
CREATE UNIQUE INDEX card_reader_serial_in_use ON card_reader (upper(serial))
  WHERE state <> 'NONAKTIF';
CREATE UNIQUE INDEX card_reader_sam_in_use ON card_reader (sam_number)
  WHERE state NOT IN ('SAM_DIKEMBALIKAN', 'NONAKTIF');
CREATE INDEX card_reader_agency ON card_reader (agency_id, id);

-- Every state change of a reader, with the ministry's reference and date where it has one.
CREATE TABLE card_reader_event (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  card_reader_id integer NOT NULL REFERENCES card_reader (id),
  at             timestamptz NOT NULL,
  actor_id       integer REFERENCES app_user (id),
  action         text NOT NULL,
  state_before   text,
  state_after    text NOT NULL,
  reference      text,
  on_date        date,
  reason         text
);
CREATE INDEX card_reader_event_reader ON card_reader_event (card_reader_id, id);
CREATE TRIGGER card_reader_event_no_update BEFORE UPDATE OR DELETE ON card_reader_event
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- The return of a reader's SAM (SPEC §5: pull the SAM, make the BAST of the SAM return and
-- reader deactivation, send both to Dukcapil): the head's tasks, and Dukcapil's receipt.
CREATE TABLE card_reader_return (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  card_reader_id  integer NOT NULL REFERENCES card_reader (id),
  agency_id       integer NOT NULL REFERENCES agency (id),
  -- The agreement whose end started it; NULL when the head returns a reader of their own accord.
  agreement_id    integer REFERENCES agreement (id),
  created_at      timestamptz NOT NULL,
  reason          text NOT NULL,
  sam_pulled_on   date,
  bast_number     text UNIQUE,
  bast_on         date,
  sent_on         date,
  received_on     date,
  received_by     integer REFERENCES app_user (id),
  receipt_note    text
);
CREATE UNIQUE INDEX card_reader_return_open ON card_reader_return (card_reader_id)
  WHERE received_on IS NULL;

-- A resident's consent to the agency keeping data read from their card (Juknis IV.F).
CREATE TABLE card_consent (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id      integer NOT NULL REFERENCES agency (id),
  card_reader_id integer NOT NULL REFERENCES card_reader (id),
  nik            char(16) NOT NULL CHECK (nik ~ '^[0-9]{16}$'),
  officer_id     integer NOT NULL REFERENCES app_user (id),
  given_at       timestamptz NOT NULL,
  elements       text[] NOT NULL CHECK (cardinality(elements) >= 1),
  purpose        text NOT NULL CHECK (length(purpose) BETWEEN 3 AND 200),
  withdrawn_at   timestamptz,
  withdrawn_by   integer REFERENCES app_user (id),
  withdraw_reason text
);
CREATE INDEX card_consent_agency_nik ON card_consent (agency_id, nik) WHERE withdrawn_at IS NULL;
CREATE INDEX card_consent_agency ON card_consent (agency_id, id);

-- A card read is a lookup on its own channel: audited, counted and owing return data like any
-- other; the reader it came through is kept beside it (and named in the sealed purpose).
ALTER TABLE audit_log DROP CONSTRAINT audit_log_channel_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_channel_check
  CHECK (channel IN ('PORTAL', 'API', 'CARD_READER'));
ALTER TABLE audit_log ADD COLUMN card_reader_id integer REFERENCES card_reader (id);
