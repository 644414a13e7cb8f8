-- A tamper-evident audit trail (issue 9, SPEC §6). Every row of audit_log and admin_action
-- becomes a leaf of one append-only Merkle log, in the order the sealer met it (RFC 6962
-- hashing: leaf = SHA-256(0x00 || canonical row), node = SHA-256(0x01 || left || right)).
-- Each seal ends with a checkpoint: the log's size and root hash, signed with Ed25519 in
-- the C2SP signed-note form, so that a copy kept outside the database proves what the log
-- held. Rows are sealed off the lookup's hot path by the server's sealer.

CREATE TABLE audit_seal_leaf (
  -- 0-based index of the leaf in the log
  position   bigint PRIMARY KEY CHECK (position >= 0),
  source     text NOT NULL CHECK (source IN ('audit_log', 'admin_action')),
  source_id  bigint NOT NULL,
  -- version of the canonical row text (store/audit-seal.ts), so new columns never change
  -- the hash of a row sealed before them
  format     smallint NOT NULL,
  leaf_hash  bytea NOT NULL CHECK (length(leaf_hash) = 32),
  UNIQUE (source, source_id)
);

CREATE TABLE audit_signing_key (
  -- C2SP key hash: the first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key), hex
  key_id      text PRIMARY KEY,
  name        text NOT NULL,
  public_key  bytea NOT NULL CHECK (length(public_key) = 32),
  -- only for a key Gerbang generated itself because GERBANG_AUDIT_KEY was not set: then
  -- whoever owns the database could sign too (a warning says so on PostgreSQL)
  private_key bytea CHECK (private_key IS NULL OR length(private_key) = 32),
  created_at  timestamptz NOT NULL
);

CREATE TABLE audit_checkpoint (
  -- the number of leaves the checkpoint covers
  size          bigint PRIMARY KEY CHECK (size > 0),
  root_hash     bytea NOT NULL CHECK (length(root_hash) = 32),
  sealed_at     timestamptz NOT NULL,
  key_id        text NOT NULL REFERENCES audit_signing_key (key_id),
  -- the signed note, exactly as signed and as `gerbang audit checkpoint` prints it
  note          text NOT NULL,
  -- roots of the perfect subtrees that make up the log at this size, largest first: the
  -- next seal continues from them without reading every leaf again
  frontier      bytea[] NOT NULL
);

-- `gerbang audit verify` runs: shown on Dukcapil's audit page.
CREATE TABLE audit_verification (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL,
  ok          boolean NOT NULL,
  size        bigint NOT NULL,
  problem     text,
  duration_ms integer NOT NULL
);

CREATE TRIGGER audit_seal_leaf_no_update BEFORE UPDATE OR DELETE ON audit_seal_leaf
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_seal_leaf_no_truncate BEFORE TRUNCATE ON audit_seal_leaf
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE OR DELETE ON audit_checkpoint
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_signing_key_no_update BEFORE UPDATE OR DELETE ON audit_signing_key
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_verification_no_update BEFORE UPDATE OR DELETE ON audit_verification
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
