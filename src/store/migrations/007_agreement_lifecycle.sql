-- The lifecycle of agencies and agreements (issue 3; SPEC §4): every field of an agreement,
-- its states draft → in force → ended / revoked (or a draft cancelled), and its history.

-- What an agency record needs besides its code and name. Nullable: agencies recorded before
-- (command line, demo) have none of it until Dukcapil completes them in the console.
ALTER TABLE agency ADD COLUMN address text CHECK (length(address) BETWEEN 5 AND 300);
ALTER TABLE agency ADD COLUMN head_title text CHECK (length(head_title) BETWEEN 3 AND 200);
ALTER TABLE agency ADD COLUMN head_name text CHECK (length(head_name) BETWEEN 3 AND 120);
ALTER TABLE agency ADD COLUMN email text
  CHECK (length(email) <= 200 AND email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$');
ALTER TABLE agency ADD COLUMN phone text CHECK (phone ~ '^[0-9+() .-]{5,30}$');
-- An agency's own history (created, edited, deactivated, reactivated, with the reason) is
-- kept in admin_action (agency_id, action INSTANSI_*): see services/agencies.ts.

-- Why a session or token was ended by an administrative action rather than by its holder:
-- presented again, it answers that refusal (e.g. INSTANSI_TIDAK_AKTIF after the agreement
-- was revoked) for as long as it applies, instead of an unexplained GAGAL_LOGIN.
ALTER TABLE auth_session ADD COLUMN revoked_because text
  CHECK (revoked_because IN ('INSTANSI_TIDAK_AKTIF', 'USER_NON_AKTIF'));
CREATE INDEX auth_session_live ON auth_session (user_id) WHERE revoked_at IS NULL;

-- BATAL: a draft that was cancelled instead of signed; kept, with its reason, for the record.
ALTER TABLE agreement DROP CONSTRAINT agreement_status_check;
ALTER TABLE agreement ADD CONSTRAINT agreement_status_check
  CHECK (status IN ('DRAFT', 'AKTIF', 'BERAKHIR', 'DICABUT', 'BATAL'));
-- Agreements prepared in the console start as drafts; the command line and the demo record
-- signed agreements and say AKTIF themselves.
ALTER TABLE agreement ALTER COLUMN status SET DEFAULT 'DRAFT';

-- The access point's link (SPEC §2: 1 Mbps for the first two agencies).
ALTER TABLE agreement ADD COLUMN bandwidth_kbps integer NOT NULL DEFAULT 1000
  CHECK (bandwidth_kbps BETWEEN 64 AND 10000000);

-- The parties and their heads as the agreement names them: PIHAK KESATU is Dukcapil,
-- PIHAK KEDUA the agency. Titles are required; a head's personal name is optional.
ALTER TABLE agreement ADD COLUMN first_party_name text;
ALTER TABLE agreement ADD COLUMN first_party_head_title text;
ALTER TABLE agreement ADD COLUMN first_party_head_name text
  CHECK (length(first_party_head_name) BETWEEN 3 AND 120);
ALTER TABLE agreement ADD COLUMN second_party_name text;
ALTER TABLE agreement ADD COLUMN second_party_head_title text;
ALTER TABLE agreement ADD COLUMN second_party_head_name text
  CHECK (length(second_party_head_name) BETWEEN 3 AND 120);
UPDATE agreement p SET
  first_party_name = 'Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga',
  first_party_head_title = 'Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga',
  second_party_name = ag.name,
  second_party_head_title = 'Kepala ' || ag.name
FROM agency ag WHERE ag.id = p.agency_id;
ALTER TABLE agreement ALTER COLUMN first_party_name SET NOT NULL;
ALTER TABLE agreement ALTER COLUMN first_party_head_title SET NOT NULL;
ALTER TABLE agreement ALTER COLUMN second_party_name SET NOT NULL;
ALTER TABLE agreement ALTER COLUMN second_party_head_title SET NOT NULL;
ALTER TABLE agreement ADD CONSTRAINT agreement_parties_check CHECK (
  length(first_party_name) BETWEEN 3 AND 200 AND length(first_party_head_title) BETWEEN 3 AND 200
  AND length(second_party_name) BETWEEN 3 AND 200
  AND length(second_party_head_title) BETWEEN 3 AND 200);

-- A cancelled draft must not keep its number from the agreement actually signed under it.
ALTER TABLE agreement DROP CONSTRAINT agreement_nomor_dukcapil_key;
CREATE UNIQUE INDEX agreement_nomor_dukcapil ON agreement (nomor_dukcapil) WHERE status <> 'BATAL';

-- Every change of an agreement: who, when, what kind, why, the terms before and after, and
-- the addendum that made it when it was one. Append-only like the audit trail.
CREATE TABLE agreement_event (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agreement_id     integer NOT NULL REFERENCES agreement (id),
  at               timestamptz NOT NULL,
  -- null for the command line run by the server's operator, and for the system itself
  actor_id         integer REFERENCES app_user (id),
  kind             text NOT NULL CHECK (kind IN ('DIBUAT', 'DIUBAH', 'DIAKTIFKAN', 'DIBATALKAN',
    'ADENDUM', 'PERUBAHAN', 'DIAKHIRI', 'DICABUT', 'BERAKHIR')),
  reason           text CHECK (length(reason) BETWEEN 1 AND 1000),
  terms_before     jsonb,
  terms_after      jsonb,
  addendum_nomor   text CHECK (length(addendum_nomor) BETWEEN 3 AND 60),
  addendum_tanggal date,
  CHECK ((kind = 'ADENDUM') = (addendum_nomor IS NOT NULL)),
  CHECK ((addendum_nomor IS NULL) = (addendum_tanggal IS NULL))
);
CREATE INDEX agreement_event_agreement ON agreement_event (agreement_id, id);

CREATE TRIGGER agreement_event_no_update BEFORE UPDATE OR DELETE ON agreement_event
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER agreement_event_no_truncate BEFORE TRUNCATE ON agreement_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Agreements recorded before this history existed start theirs with their creation.
INSERT INTO agreement_event (agreement_id, at, actor_id, kind, reason)
SELECT id, created_at, NULL, 'DIBUAT', 'Tercatat sebelum riwayat PKS tersedia'
FROM agreement ORDER BY id;

-- At most one agreement in force per agency. Should an agency hold several, the one that
-- runs longest stays; the others are closed, on the record.
WITH ranked AS (
  SELECT id, row_number() OVER (PARTITION BY agency_id ORDER BY ends_on DESC, id DESC) AS rank
  FROM agreement WHERE status = 'AKTIF'
), closed AS (
  UPDATE agreement p SET status = 'BERAKHIR'
  FROM ranked r WHERE r.id = p.id AND r.rank > 1
  RETURNING p.id
)
INSERT INTO agreement_event (agreement_id, at, actor_id, kind, reason)
SELECT id, now(), NULL, 'BERAKHIR', 'Digantikan PKS lain instansi yang sama yang berlaku lebih lama'
FROM closed ORDER BY id;
CREATE UNIQUE INDEX agreement_one_in_force ON agreement (agency_id) WHERE status = 'AKTIF';
