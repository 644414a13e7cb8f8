-- The input-pattern policy (issue 9; SPEC §2; Juknis II.E.1: input "tidak boleh …
-- berurutan, berpola, dan dalam waktu yang berdekatan").

-- Set by Dukcapil per agreement: PERINGATAN warns the operator and alerts Dukcapil; ALASAN
-- also makes the user's next lookup need a written reason; BLOKIR holds the user
-- (AKSES_DITAHAN) until Dukcapil releases them. A honeytoken holds the user whatever the policy.
ALTER TABLE agreement
  ADD COLUMN pattern_policy text NOT NULL DEFAULT 'PERINGATAN'
    CHECK (pattern_policy IN ('PERINGATAN', 'ALASAN', 'BLOKIR')),
  -- the agency's service hours in WIB; lookups outside them are a finding. NULL start and
  -- end: around the clock (a hospital's emergency unit).
  ADD COLUMN service_start time DEFAULT '07:00',
  ADD COLUMN service_end time DEFAULT '17:00',
  -- ISO days of the week (1 = Monday … 7 = Sunday)
  ADD COLUMN service_days smallint[] NOT NULL DEFAULT '{1,2,3,4,5,6}',
  ADD CONSTRAINT agreement_service_hours
    CHECK ((service_start IS NULL) = (service_end IS NULL) AND
           (service_start IS NULL OR service_start < service_end));

-- ALASAN: since when the user's next lookup must carry a written reason.
ALTER TABLE app_user ADD COLUMN reason_required_since timestamptz;

-- The reason written with a lookup made under ALASAN (sealed with the row).
ALTER TABLE audit_log ADD COLUMN reason text CHECK (length(reason) <= 500);

-- Valid-format NIKs that Dukcapil plants in the register and no real applicant holds. A
-- lookup of one answers like any other (nothing tells the caller) and holds the user.
CREATE TABLE honeytoken (
  nik        text PRIMARY KEY CHECK (nik ~ '^[0-9]{16}$'),
  planted_at timestamptz NOT NULL,
  note       text CHECK (length(note) <= 200)
);

-- One finding of the policy: a pattern in one user's or one agency's recent lookups.
CREATE TABLE pattern_alert (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id     integer NOT NULL REFERENCES agency (id),
  agreement_id  integer REFERENCES agreement (id),
  -- the user whose lookups made the finding (for an agency-wide finding: the last one's)
  user_id       integer REFERENCES app_user (id),
  scope         text NOT NULL CHECK (scope IN ('PENGGUNA', 'INSTANSI')),
  kind          text NOT NULL CHECK (kind IN
                  ('BERURUTAN', 'BERPOLA', 'BERDEKATAN', 'TIDAK_DITEMUKAN', 'DI_LUAR_JAM', 'HONEYTOKEN')),
  -- what the policy did: warned, required a reason for the next lookup, held the user
  action        text NOT NULL CHECK (action IN ('PERINGATAN', 'ALASAN', 'BLOKIR')),
  summary       text NOT NULL,
  -- the lookups that make the pattern: [{auditId, at, nik (masked), responseCode, userId}]
  evidence      jsonb NOT NULL,
  -- further lookups that repeated the finding while the alert was open
  repeats       integer NOT NULL DEFAULT 0,
  state         text NOT NULL DEFAULT 'OPEN' CHECK (state IN ('OPEN', 'DITINJAU', 'SELESAI')),
  note          text CHECK (length(note) <= 1000),
  reviewed_by   integer REFERENCES app_user (id),
  reviewed_at   timestamptz,
  created_at    timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL
);
CREATE INDEX pattern_alert_agency_created ON pattern_alert (agency_id, created_at);
CREATE INDEX pattern_alert_state ON pattern_alert (state, created_at);
-- While an alert is open, the same finding for the same user adds to it instead of a new one.
CREATE UNIQUE INDEX pattern_alert_one_open
  ON pattern_alert (agency_id, coalesce(user_id, 0), scope, kind) WHERE state <> 'SELESAI';
