-- Gerbang's first schema: the registry, agencies and their agreements, users, sessions,
-- the daily quota and the audit trail. Forward-only; the same file runs on PostgreSQL and
-- on PGlite.

CREATE TABLE resident (
  nik               char(16) PRIMARY KEY CHECK (nik ~ '^[0-9]{16}$'),
  nama_lengkap      text NOT NULL CHECK (length(nama_lengkap) BETWEEN 1 AND 200),
  jenis_kelamin     text NOT NULL CHECK (jenis_kelamin IN ('LAKI-LAKI', 'PEREMPUAN')),
  tempat_lahir      text NOT NULL CHECK (length(tempat_lahir) BETWEEN 1 AND 100),
  tanggal_lahir     date NOT NULL,
  status_perkawinan text NOT NULL
    CHECK (status_perkawinan IN ('BELUM KAWIN', 'KAWIN', 'CERAI HIDUP', 'CERAI MATI')),
  jenis_pekerjaan   text NOT NULL CHECK (length(jenis_pekerjaan) BETWEEN 1 AND 100),
  alamat            text NOT NULL CHECK (length(alamat) BETWEEN 1 AND 300),
  kode_desa         char(10) NOT NULL CHECK (kode_desa ~ '^[0-9]{10}$'),
  rt                char(3) NOT NULL CHECK (rt ~ '^[0-9]{3}$'),
  rw                char(3) NOT NULL CHECK (rw ~ '^[0-9]{3}$'),
  status            text NOT NULL CHECK (status IN ('AKTIF', 'MENINGGAL', 'GANDA', 'NON_AKTIF')),
  updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE agency (
  id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code       text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_]{2,20}$'),
  name       text NOT NULL CHECK (length(name) BETWEEN 3 AND 200),
  status     text NOT NULL DEFAULT 'AKTIF' CHECK (status IN ('AKTIF', 'NON_AKTIF')),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per agreement (PKS). The quota follows the stage: a fixed daily limit until the
-- agency passes its proof of concept, unlimited afterwards (SPEC §2).
CREATE TABLE agreement (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id        integer NOT NULL REFERENCES agency (id),
  nomor_dukcapil   text NOT NULL UNIQUE CHECK (length(nomor_dukcapil) BETWEEN 3 AND 60),
  nomor_instansi   text NOT NULL CHECK (length(nomor_instansi) BETWEEN 3 AND 60),
  nomor_juknis     text CHECK (length(nomor_juknis) BETWEEN 3 AND 60),
  signed_on        date NOT NULL,
  ends_on          date NOT NULL,
  purpose          text NOT NULL CHECK (length(purpose) BETWEEN 3 AND 500),
  granted_elements text[] NOT NULL CHECK (cardinality(granted_elements) BETWEEN 1 AND 8),
  access_methods   text[] NOT NULL CHECK (cardinality(access_methods) >= 1),
  access_points    inet[] NOT NULL CHECK (cardinality(access_points) >= 1),
  quota_stage      text NOT NULL DEFAULT 'PRA_POC' CHECK (quota_stage IN ('PRA_POC', 'PASCA_POC')),
  status           text NOT NULL DEFAULT 'AKTIF' CHECK (status IN ('DRAFT', 'AKTIF', 'BERAKHIR', 'DICABUT')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on > signed_on),
  CHECK (granted_elements <@ ARRAY['NIK', 'NAMA_LENGKAP', 'JENIS_KELAMIN', 'TEMPAT_LAHIR',
    'TANGGAL_LAHIR', 'STATUS_PERKAWINAN', 'JENIS_PEKERJAAN', 'ALAMAT']),
  CHECK (access_methods <@ ARRAY['PORTAL', 'API', 'CARD_READER'])
);
CREATE INDEX agreement_agency ON agreement (agency_id, status, ends_on);

-- Dukcapil staff have no agency; agency staff always have one.
CREATE TABLE app_user (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id       text NOT NULL UNIQUE CHECK (user_id ~ '^[a-z0-9._-]{3,60}$'),
  display_name  text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
  agency_id     integer REFERENCES agency (id),
  role          text NOT NULL
    CHECK (role IN ('ADMIN_DUKCAPIL', 'EVALUATOR_DUKCAPIL', 'KEPALA_INSTANSI', 'OPERATOR')),
  password_hash text NOT NULL,
  -- DITAHAN: held by the input-pattern policy until an admin releases the user.
  status        text NOT NULL DEFAULT 'AKTIF' CHECK (status IN ('AKTIF', 'NON_AKTIF', 'DITAHAN')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((role IN ('ADMIN_DUKCAPIL', 'EVALUATOR_DUKCAPIL')) = (agency_id IS NULL))
);

-- Portal sessions and API bearer tokens alike: only a SHA-256 of the secret is kept, so a
-- copy of the table does not let anyone in.
CREATE TABLE auth_session (
  token_hash  bytea PRIMARY KEY,
  user_id     integer NOT NULL REFERENCES app_user (id),
  kind        text NOT NULL CHECK (kind IN ('PORTAL', 'API')),
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);
CREATE INDEX auth_session_user ON auth_session (user_id);

-- Hits per agency per WIB day. A limited agency counts on shard 0 only, so the limit is
-- checked against one row under its lock (exact under any concurrency). An unlimited
-- agency spreads its count over shards picked by the database session, so its lookups do
-- not queue behind one row lock.
CREATE TABLE quota_usage (
  agency_id integer NOT NULL REFERENCES agency (id),
  day       date NOT NULL,
  shard     smallint NOT NULL,
  used      integer NOT NULL CHECK (used >= 0),
  PRIMARY KEY (agency_id, day, shard)
);

-- Every login and lookup, whatever its answer. Append-only: see the trigger below.
CREATE TABLE audit_log (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at            timestamptz NOT NULL,
  action        text NOT NULL CHECK (action IN ('LOGIN', 'LOOKUP')),
  channel       text NOT NULL CHECK (channel IN ('PORTAL', 'API')),
  user_id       integer REFERENCES app_user (id),
  agency_id     integer REFERENCES agency (id),
  client_ip     inet,
  nik           text,
  purpose       text,
  response_code text NOT NULL
);
CREATE INDEX audit_log_agency_at ON audit_log (agency_id, at);
CREATE INDEX audit_log_user_at ON audit_log (user_id, at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log hanya dapat ditambah, tidak dapat diubah atau dihapus';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
