-- Issue 11 item 5 and its loose ends.

-- The wording of refusals a compatible client (SPEC §9) gets under this agreement: the
-- national service's long texts (default), the hospital bridge's short ones (KHANZA), or the
-- Kabupaten Tegal variant's lower-case ones. Set by Dukcapil, recorded in admin_action.
ALTER TABLE agreement ADD COLUMN wording_profile text NOT NULL DEFAULT 'NASIONAL'
  CHECK (wording_profile IN ('NASIONAL', 'KHANZA', 'TEGAL'));

-- What this database is: one row in a PoC sandbox (`gerbang sandbox`), none in a real
-- deployment. A sandbox holds synthetic residents only: the register import refuses it, and
-- the sandbox refuses to start on a database without this row that holds anything.
CREATE TABLE deployment_environment (
  singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  kind        text NOT NULL CHECK (kind IN ('SANDBOX')),
  created_at  timestamptz NOT NULL
);

-- The PoC checklist Dukcapil runs against the sandbox (one row per case; the cases are
-- domain/poc-checklist.ts): passed or not, with a note. Changed while the PoC is scheduled.
CREATE TABLE poc_checklist_case (
  request_id   integer NOT NULL REFERENCES request (id),
  case_code    text NOT NULL CHECK (length(case_code) BETWEEN 1 AND 40),
  passed       boolean NOT NULL,
  note         text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  recorded_by  integer NOT NULL REFERENCES app_user (id),
  recorded_at  timestamptz NOT NULL,
  PRIMARY KEY (request_id, case_code)
);

-- The PoC's result as its letter (surat hasil PoC) states it: number, date, the application,
-- the checklist as recorded, the conclusion. Written with the decision that closes the
-- request; the letter's PDF is the request's answer-letter attachment.
CREATE TABLE poc_result (
  request_id     integer PRIMARY KEY REFERENCES request (id),
  letter_number  text NOT NULL UNIQUE CHECK (length(letter_number) BETWEEN 3 AND 100),
  letter_date    date NOT NULL,
  application    text NOT NULL,
  passed         boolean NOT NULL,
  cases          jsonb NOT NULL CHECK (jsonb_typeof(cases) = 'array'),
  conclusion     text NOT NULL,
  recorded_by    integer NOT NULL REFERENCES app_user (id),
  recorded_at    timestamptz NOT NULL
);
