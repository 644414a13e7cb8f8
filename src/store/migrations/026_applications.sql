-- Applications that use the web service, and their credentials (issue 11 items 3 and 4, SPEC
-- §2 and §4): every new application that calls the API needs its own PoC and a revision of
-- the technical guide. The agency head registers it; Dukcapil's PoC request flow passes it
-- (request.payload.aplikasiId names it); a passed application gets a client ID and secrets,
-- with which it obtains short-lived bearer tokens (OAuth 2.0 client credentials).
CREATE TABLE application (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id          integer NOT NULL REFERENCES agency (id),
  name               text NOT NULL CHECK (length(name) BETWEEN 3 AND 100),
  purpose            text NOT NULL CHECK (length(purpose) BETWEEN 10 AND 500),
  technical_contact  text NOT NULL CHECK (length(technical_contact) BETWEEN 5 AND 200),
  -- The address (or network) the application calls from; an agreement's access point too.
  access_point       inet NOT NULL,
  -- TERDAFTAR until its PoC passes (LULUS_POC); DICABUT for good.
  state              text NOT NULL CHECK (state IN ('TERDAFTAR', 'LULUS_POC', 'DICABUT')),
  -- The latest PoC request naming it, and that PoC's result once decided.
  poc_request_id     integer REFERENCES request (id),
  poc_result         text CHECK (poc_result IN ('LULUS', 'TIDAK_LULUS')),
  poc_decided_at     timestamptz,
  -- Issued with the first secret; kept through rotations.
  client_id          text UNIQUE CHECK (client_id ~ '^gbc_[0-9a-f]{20}$'),
  -- The revision of the technical guide the application requires (SPEC §2): a duty from its
  -- registration until Dukcapil records the revision's number and date.
  juknis_revision_number text CHECK (length(juknis_revision_number) BETWEEN 3 AND 60),
  juknis_revision_on date,
  juknis_recorded_by integer REFERENCES app_user (id),
  registered_at      timestamptz NOT NULL,
  registered_by      integer REFERENCES app_user (id),
  revoked_at         timestamptz,
  revoked_by         integer REFERENCES app_user (id),
  revoke_reason      text,
  CHECK ((state = 'DICABUT') = (revoked_at IS NOT NULL))
);
CREATE UNIQUE INDEX application_name_in_use ON application (agency_id, upper(name))
  WHERE state <> 'DICABUT';
CREATE INDEX application_agency ON application (agency_id, id);

-- A client secret: SHA-256 of a 256-bit random secret shown once (as session tokens and card
-- reader credentials: such a secret needs no slow hash, and a fast one keeps the token
-- endpoint from being a lever on the CPU). valid_until NULL: no end; a rotation sets the
-- replaced secret's end (the overlap), a revocation ends every one at once.
CREATE TABLE application_secret (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  application_id integer NOT NULL REFERENCES application (id),
  secret_hash    bytea NOT NULL UNIQUE,
  issued_at      timestamptz NOT NULL,
  issued_by      integer REFERENCES app_user (id),
  valid_until    timestamptz
);
CREATE INDEX application_secret_app ON application_secret (application_id, id);

-- A short-lived bearer token obtained with a secret; it works while its secret does.
CREATE TABLE application_token (
  token_hash     bytea PRIMARY KEY,
  application_id integer NOT NULL REFERENCES application (id),
  secret_id      integer NOT NULL REFERENCES application_secret (id),
  issued_at      timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL
);
CREATE INDEX application_token_expiry ON application_token (expires_at);
