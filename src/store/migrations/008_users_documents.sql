-- Users (issue 3): signed documents that gate the lookup, password duties, TOTP second factor.

-- NDA (every operator) and SPTJM (the agency head), SPEC §4. A newer scan of the same kind
-- supersedes the current one; superseded rows stay as history. The scan is kept in the
-- database so that a backup of the database is a backup of the documents.
CREATE TABLE user_document (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id       integer NOT NULL REFERENCES app_user (id),
  -- the agency at the time of signing: the head of that agency may read it
  agency_id     integer NOT NULL REFERENCES agency (id),
  kind          text NOT NULL CHECK (kind IN ('NDA', 'SPTJM')),
  signed_on     date NOT NULL,
  content       bytea NOT NULL,
  content_type  text NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
  size_bytes    integer NOT NULL CHECK (size_bytes > 0 AND size_bytes = octet_length(content)),
  sha256        bytea NOT NULL CHECK (octet_length(sha256) = 32),
  file_name     text CHECK (length(file_name) <= 200),
  -- null when the server's operator recorded it through the command line
  uploaded_by   integer REFERENCES app_user (id),
  uploaded_at   timestamptz NOT NULL,
  superseded_at timestamptz
);
CREATE UNIQUE INDEX user_document_current ON user_document (user_id, kind) WHERE superseded_at IS NULL;
CREATE INDEX user_document_user ON user_document (user_id, uploaded_at);

-- What the lookup statement reads to gate an officer, on the row it already joins: the
-- signing date of the current NDA / SPTJM, kept by the same transaction that records the scan.
ALTER TABLE app_user ADD COLUMN nda_signed_on date;
ALTER TABLE app_user ADD COLUMN sptjm_signed_on date;

-- A password set by someone else (creation, reset) must be replaced at the next login.
ALTER TABLE app_user ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
ALTER TABLE app_user ADD COLUMN password_changed_at timestamptz;

-- TOTP (RFC 6238). The secret is sealed with AES-256-GCM (services/secret-box.ts); it is
-- pending until confirmed with a code (totp_enabled_at). totp_last_step is the time-step of
-- the last accepted code: a code is accepted once. totp_required: the user may not work
-- without it (every Dukcapil admin).
ALTER TABLE app_user ADD COLUMN totp_secret text;
ALTER TABLE app_user ADD COLUMN totp_enabled_at timestamptz;
ALTER TABLE app_user ADD COLUMN totp_last_step bigint;
ALTER TABLE app_user ADD COLUMN totp_required boolean NOT NULL DEFAULT false;
ALTER TABLE app_user ADD CHECK (totp_enabled_at IS NULL OR totp_secret IS NOT NULL);
UPDATE app_user SET totp_required = true WHERE role = 'ADMIN_DUKCAPIL';

CREATE INDEX app_user_agency ON app_user (agency_id, role);

-- The step between a right password and the TOTP code on the portal: no session exists
-- until the code is checked. Only a SHA-256 of the cookie's secret is kept.
CREATE TABLE login_challenge (
  token_hash bytea PRIMARY KEY,
  user_id    integer NOT NULL REFERENCES app_user (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);
CREATE INDEX login_challenge_user ON login_challenge (user_id);

-- Keys the server generates for itself when none is configured (GERBANG_SECRET_KEY).
CREATE TABLE server_secret (
  name       text PRIMARY KEY,
  value      bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
