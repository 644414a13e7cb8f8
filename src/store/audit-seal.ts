import { sql } from 'kysely';
import type { Executor } from './db.js';
import { prepared } from './prepared-statements.js';
import type {
  AdminActionLeafRow,
  AuditLogLeafRow,
  LeafRow,
  SealSource,
} from '../domain/audit-seal/leaf.js';

/**
 * The SQL of the sealed audit trail (migrations/011_audit_seal.sql). The canonical text of a
 * row is built in domain/audit-seal/leaf.ts from the columns read here; times are read as
 * UTC text to the microsecond so that nothing a JS Date would round away escapes the hash.
 */

const UTC_MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

export const auditLogColumns = (alias: string, prefix = '') =>
  sql.raw(`${alias}.id AS ${prefix}id,
    to_char(${alias}.at AT TIME ZONE 'UTC', ${UTC_MICROS}) AS ${prefix}at,
    ${alias}.action AS ${prefix}action, ${alias}.channel AS ${prefix}channel,
    ${alias}.user_id AS ${prefix}user_id, ${alias}.agency_id AS ${prefix}agency_id,
    ${alias}.agreement_id AS ${prefix}agreement_id, ${alias}.client_ip::text AS ${prefix}client_ip,
    ${alias}.nik AS ${prefix}nik, ${alias}.purpose AS ${prefix}purpose,
    ${alias}.response_code AS ${prefix}response_code, ${alias}.reason AS ${prefix}reason,
    ${alias}.detail::text AS ${prefix}detail`);

const adminActionColumns = (alias: string, prefix = '') =>
  sql.raw(`${alias}.id AS ${prefix}id,
    to_char(${alias}.at AT TIME ZONE 'UTC', ${UTC_MICROS}) AS ${prefix}at,
    ${alias}.actor_id AS ${prefix}actor_id, ${alias}.agency_id AS ${prefix}agency_id,
    ${alias}.action AS ${prefix}action, ${alias}.target AS ${prefix}target,
    ${alias}.reason AS ${prefix}reason, ${alias}.detail::text AS ${prefix}detail`);

export interface UnsealedRow {
  readonly source: SealSource;
  readonly id: number;
  /**
   * The row's time in whole milliseconds since the epoch (what a Date would hold), read as a
   * number: the sealer only orders rows by it, and parsing a timestamp into a Date for every
   * row cost 5.4 µs a lookup in the server's profile under load.
   */
  readonly atMs: number;
  /** domain/audit-seal/leaf.ts leafFormat, computed here in SQL. */
  readonly format: number;
  /** domain/audit-seal/leaf.ts hashLeafRow, computed here in SQL. */
  readonly leafHash: Buffer;
}

/** A value as JSON.stringify writes it inside the leaf's array (the escapes are the same). */
const json = (expression: string) => `coalesce(to_json(${expression})::text, 'null')`;
const number = (expression: string) => `coalesce((${expression})::text, 'null')`;

/**
 * A row's leaf hash computed by PostgreSQL, byte for byte what domain/audit-seal/leaf.ts
 * hashLeafRow computes from the row in Node: SHA-256 of 0x00 and the leaf's JSON array. The
 * sealer then reads 40 bytes a row instead of every column (the columns, their parsing and
 * their JSON were most of the sealer's cost in the server process); `gerbang audit verify`
 * still recomputes every hash in Node from the columns, so the two are checked against each
 * other on every verification (and by a property test over arbitrary text).
 * JSON.stringify and PostgreSQL's to_json escape a string alike: \" \\ \b \f \n \r \t,
 * other control characters as \u00xx in lower case, everything else as it is.
 */
/** domain/audit-seal/leaf.ts leafFormat in SQL: 2 for an audit_log row with a detail. */
const leafFormatSql = (source: SealSource, a: string) =>
  source === 'audit_log' ? `CASE WHEN ${a}.detail IS NULL THEN 1 ELSE 2 END` : '1';

function leafHashSql(source: SealSource, a: string): string {
  const at = `to_char(${a}.at AT TIME ZONE 'UTC', ${UTC_MICROS})`;
  const parts =
    source === 'audit_log'
      ? [
          `'"audit_log"'`,
          `(${leafFormatSql(source, a)})::text`,
          `${a}.id::text`,
          json(at),
          json(`${a}.action`),
          json(`${a}.channel`),
          number(`${a}.user_id`),
          number(`${a}.agency_id`),
          number(`${a}.agreement_id`),
          json(`${a}.client_ip::text`),
          json(`${a}.nik`),
          json(`${a}.purpose`),
          json(`${a}.response_code`),
          json(`${a}.reason`),
        ]
      : [
          `'"admin_action"'`,
          `'1'`,
          `${a}.id::text`,
          json(at),
          number(`${a}.actor_id`),
          number(`${a}.agency_id`),
          json(`${a}.action`),
          json(`${a}.target`),
          json(`${a}.reason`),
          json(`${a}.detail::text`),
        ];
  const detail =
    source === 'audit_log'
      ? ` || CASE WHEN ${a}.detail IS NULL THEN '' ELSE ',' || ${json(`${a}.detail::text`)} END`
      : '';
  return `sha256('\\x00'::bytea || convert_to('[' || ${parts.join(" || ',' || ")}${detail} || ']', 'UTF8'))`;
}

/** Ids of one table above `after` (and at most `upto` when given). */
export interface IdRange {
  readonly source: SealSource;
  readonly after: number;
  readonly upto?: number;
}

/**
 * The rows not yet sealed in each range, up to `limit` a range, oldest id first, with their
 * leaf hashes: one list per range, in the order given. One statement for all the ranges (a
 * sealer's turn reads up to four; on the embedded database every lookup waits behind each
 * statement of the turn). The range is repeated on the leaves, so that the anti-join reads only
 * the range's leaves, by index probes or, as PostgreSQL plans it, one hash of them.
 */
export async function findUnsealedRows(
  db: Executor,
  ranges: readonly IdRange[],
  limit: number,
): Promise<UnsealedRow[][]> {
  if (ranges.length === 0) return [];
  const inRange = (id: string, range: IdRange) =>
    range.upto === undefined
      ? sql`${sql.ref(id)} > ${range.after}`
      : sql`${sql.ref(id)} > ${range.after} AND ${sql.ref(id)} <= ${range.upto}`;
  const branches = ranges.map(
    (range, index) => sql`(
    SELECT ${sql.lit(index)}::int AS range, a.id,
           floor(extract(epoch from a.at) * 1000)::float8 AS at_ms,
           ${sql.raw(leafFormatSql(range.source, 'a'))}::int AS format,
           ${sql.raw(leafHashSql(range.source, 'a'))} AS leaf_hash
    FROM ${sql.table(range.source)} a
    WHERE ${inRange('a.id', range)} AND NOT EXISTS (
      SELECT 1 FROM audit_seal_leaf l
      WHERE l.source = ${sql.lit(range.source)} AND l.source_id = a.id
        -- The same range on the leaves: a plan that joins by hash (the embedded database has no
        -- statistics) then reads the range's leaves, not every leaf of the table.
        AND ${inRange('l.source_id', range)})
    ORDER BY a.id LIMIT ${limit})`,
  );
  // Prepared once per connection for each shape of the ranges (the sealer asks the same two
  // shapes turn after turn): its parse was 0.39 ms of each turn's 2–4 ms on PostgreSQL at
  // 950 lookups/s; the plan is still made for each turn's bounds (a generic plan could not
  // know how few ids a range holds).
  const shape = ranges
    .map(
      (range) =>
        `${range.source === 'audit_log' ? 'l' : 'a'}${range.upto === undefined ? '' : 'u'}`,
    )
    .join('_');
  const result = await sql<{
    range: number;
    id: number;
    at_ms: number;
    format: number;
    leaf_hash: Uint8Array;
  }>`${prepared(`seal_find_${shape}`)}
    ${sql.join(branches, sql` UNION ALL `)}`.execute(db);
  const found: UnsealedRow[][] = ranges.map(() => []);
  for (const row of result.rows) {
    found[row.range]!.push({
      source: ranges[row.range]!.source,
      id: row.id,
      atMs: row.at_ms,
      format: row.format,
      leafHash: Buffer.from(
        row.leaf_hash.buffer,
        row.leaf_hash.byteOffset,
        row.leaf_hash.byteLength,
      ),
    });
  }
  // UNION ALL promises no order between or within its branches' rows.
  for (const rows of found) rows.sort((x, y) => x.id - y.id);
  return found;
}

/** Rows of both tables not sealed yet, and the oldest one's time (the seal's backlog). */
export async function unsealedBacklog(
  db: Executor,
): Promise<{ count: number; oldest: Date | null }> {
  const result = await sql<{ count: number; oldest: Date | null }>`
    SELECT count(*)::int AS count, min(at) AS oldest FROM (
      SELECT a.at FROM audit_log a WHERE NOT EXISTS (
        SELECT 1 FROM audit_seal_leaf l WHERE l.source = 'audit_log' AND l.source_id = a.id)
      UNION ALL
      SELECT d.at FROM admin_action d WHERE NOT EXISTS (
        SELECT 1 FROM audit_seal_leaf l WHERE l.source = 'admin_action' AND l.source_id = d.id)
    ) unsealed`.execute(db);
  return result.rows[0]!;
}

/** Only one process seals at a time; the others skip their turn (no waiting on the lock). */
export async function trySealerLock(trx: Executor): Promise<boolean> {
  const result = await sql<{ locked: boolean }>`
    SELECT pg_try_advisory_xact_lock(4242002) AS locked`.execute(trx);
  return result.rows[0]!.locked;
}

export interface CheckpointRow {
  readonly size: number;
  readonly rootHash: Buffer;
  readonly sealedAt: Date;
  readonly keyId: string;
  readonly note: string;
  readonly frontier: Buffer[];
}

interface CheckpointRecord {
  size: number;
  root_hash: Buffer;
  sealed_at: Date;
  key_id: string;
  note: string;
  frontier_hex: string[];
}

const checkpointRow = (row: CheckpointRecord): CheckpointRow => ({
  size: row.size,
  rootHash: Buffer.from(row.root_hash),
  sealedAt: row.sealed_at,
  keyId: row.key_id,
  note: row.note,
  frontier: row.frontier_hex.map((hex) => Buffer.from(hex, 'hex')),
});

const checkpointColumns = sql.raw(`c.size, c.root_hash, c.sealed_at, c.key_id, c.note,
  ARRAY(SELECT encode(f, 'hex') FROM unnest(c.frontier) WITH ORDINALITY AS u(f, n) ORDER BY n)
    AS frontier_hex`);

const latestCheckpointSql = sql`
  SELECT ${checkpointColumns} FROM audit_checkpoint c ORDER BY c.size DESC LIMIT 1`;

export async function findLatestCheckpoint(db: Executor): Promise<CheckpointRow | undefined> {
  const result = await sql<CheckpointRecord>`${latestCheckpointSql}`.execute(db);
  return result.rows[0] && checkpointRow(result.rows[0]);
}

/** The transaction's snapshot: the oldest transaction still running, and the next to start. */
export interface Snapshot {
  readonly xmin: bigint;
  readonly xmax: bigint;
}

/** Where a sealer's turn starts: what the trail and its seal hold now. */
export interface SealState {
  readonly snapshot: Snapshot;
  /** Each table's highest sealed id (0: none). */
  readonly highest: Readonly<Record<SealSource, number>>;
  readonly latest: CheckpointRow | undefined;
}

/**
 * The seal's state in one statement (the sealer's turn used to take four, and on the embedded
 * database every lookup waits behind each statement of the turn's transaction): the snapshot,
 * each table's highest sealed id (index lookups on the unique (source, source_id)) and the
 * latest checkpoint. Read after the sealer's lock, in a statement of its own, so that it sees
 * what the process that held the lock before committed.
 */
export async function readSealState(trx: Executor): Promise<SealState> {
  const result = await sql<
    { xmin: string; xmax: string; audit_log: number | null; admin_action: number | null } & {
      [K in keyof CheckpointRecord]: CheckpointRecord[K] | null;
    }
  >`${prepared('seal_state')}
    SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin,
           pg_snapshot_xmax(pg_current_snapshot())::text AS xmax,
           (SELECT max(source_id) FROM audit_seal_leaf WHERE source = 'audit_log') AS audit_log,
           (SELECT max(source_id) FROM audit_seal_leaf WHERE source = 'admin_action') AS admin_action,
           latest.*
    FROM (SELECT 1) one LEFT JOIN LATERAL (${latestCheckpointSql}) latest ON true`.execute(trx);
  const row = result.rows[0]!;
  return {
    snapshot: { xmin: BigInt(row.xmin), xmax: BigInt(row.xmax) },
    highest: { audit_log: row.audit_log ?? 0, admin_action: row.admin_action ?? 0 },
    latest: row.size === null ? undefined : checkpointRow(row as CheckpointRecord),
  };
}

/** Checkpoints in order of size, `limit` at a time after `afterSize` (verification). */
export async function listCheckpoints(
  db: Executor,
  afterSize: number,
  limit: number,
): Promise<CheckpointRow[]> {
  const result = await sql<CheckpointRecord>`
    SELECT ${checkpointColumns} FROM audit_checkpoint c
    WHERE c.size > ${afterSize} ORDER BY c.size LIMIT ${limit}`.execute(db);
  return result.rows.map(checkpointRow);
}

export interface NewLeaf {
  readonly source: SealSource;
  readonly sourceId: number;
  readonly format: number;
  readonly leafHash: Buffer;
}

/**
 * A seal appended in one statement: the leaves at consecutive positions from
 * `firstPosition`, and the checkpoint signed over them. The hashes go as one bytea of 32 bytes
 * each (binary, no text per leaf to build and parse), cut apart by PostgreSQL.
 */
export async function appendSeal(
  trx: Executor,
  firstPosition: number,
  leaves: readonly NewLeaf[],
  checkpoint: CheckpointRow,
): Promise<void> {
  if (leaves.some((leaf) => leaf.leafHash.length !== 32))
    throw new Error('a leaf hash is 32 bytes');
  await sql`${prepared('seal_append')}
    WITH leaves AS (
      INSERT INTO audit_seal_leaf (position, source, source_id, format, leaf_hash)
      SELECT ${firstPosition}::bigint + n - 1, s, i, f,
             substring(${Buffer.concat(leaves.map((l) => l.leafHash))}::bytea from (n * 32 - 31)::int for 32)
      FROM unnest(${leaves.map((l) => l.source)}::text[], ${leaves.map((l) => l.sourceId)}::bigint[],
                  ${leaves.map((l) => l.format)}::smallint[]) WITH ORDINALITY AS u(s, i, f, n)
    )
    INSERT INTO audit_checkpoint (size, root_hash, sealed_at, key_id, note, frontier)
    VALUES (${checkpoint.size}, decode(${checkpoint.rootHash.toString('hex')}, 'hex'),
            ${checkpoint.sealedAt}, ${checkpoint.keyId}, ${checkpoint.note},
            ARRAY(SELECT decode(h, 'hex') FROM unnest(${checkpoint.frontier.map((f) =>
              f.toString('hex'),
            )}::text[]) WITH ORDINALITY AS u(h, n) ORDER BY n))`.execute(trx);
}

export interface StoredLeaf {
  readonly position: number;
  readonly source: SealSource;
  readonly sourceId: number;
  readonly format: number;
  readonly leafHash: Buffer;
  /** The row as it is now; undefined when it no longer exists. */
  readonly row: LeafRow | undefined;
  readonly at: Date | null;
}

interface LeafRecord {
  position: number;
  source: SealSource;
  source_id: number;
  format: number;
  leaf_hash: Buffer;
  at_time: Date | null;
  [column: string]: unknown;
}

function storedLeaf(record: LeafRecord): StoredLeaf {
  const pick = (prefix: string) =>
    Object.fromEntries(
      Object.entries(record)
        .filter(([key]) => key.startsWith(prefix))
        .map(([key, value]) => [key.slice(prefix.length), value]),
    );
  const base = {
    position: record.position,
    source: record.source,
    sourceId: record.source_id,
    format: record.format,
    leafHash: Buffer.from(record.leaf_hash),
    at: record.at_time,
  };
  if (record.source === 'audit_log' && record.l_id !== null) {
    return { ...base, row: { source: 'audit_log', row: pick('l_') as unknown as AuditLogLeafRow } };
  }
  if (record.source === 'admin_action' && record.d_id !== null) {
    return {
      ...base,
      row: { source: 'admin_action', row: pick('d_') as unknown as AdminActionLeafRow },
    };
  }
  return { ...base, row: undefined };
}

/** Leaves with the rows they seal as those rows are now (LeafRecord), to be narrowed. */
const selectLeaves = sql`
  SELECT s.position, s.source, s.source_id, s.format, s.leaf_hash,
         coalesce(l.at, d.at) AS at_time,
         ${auditLogColumns('l', 'l_')}, ${adminActionColumns('d', 'd_')}
  FROM audit_seal_leaf s
  LEFT JOIN audit_log l ON s.source = 'audit_log' AND l.id = s.source_id
  LEFT JOIN admin_action d ON s.source = 'admin_action' AND d.id = s.source_id`;

/** Leaves from `fromPosition` in order, with the rows they seal as those rows are now. */
export async function readLeaves(
  db: Executor,
  fromPosition: number,
  limit: number,
): Promise<StoredLeaf[]> {
  const result = await sql<LeafRecord>`
    ${selectLeaves}
    WHERE s.position >= ${fromPosition}
    ORDER BY s.position LIMIT ${limit}`.execute(db);
  return result.rows.map(storedLeaf);
}

/** The stored leaf hashes of the first `size` leaves, in order (inclusion proofs). */
export async function readLeafHashes(db: Executor, size: number): Promise<Buffer[]> {
  const result = await sql<{ h: Buffer }>`
    SELECT leaf_hash AS h FROM audit_seal_leaf WHERE position < ${size} ORDER BY position`.execute(
    db,
  );
  return result.rows.map((row) => Buffer.from(row.h));
}

export async function findLeafOf(
  db: Executor,
  source: SealSource,
  sourceId: number,
): Promise<StoredLeaf | undefined> {
  const result = await sql<LeafRecord>`
    ${selectLeaves}
    WHERE s.source = ${source} AND s.source_id = ${sourceId}`.execute(db);
  return result.rows[0] && storedLeaf(result.rows[0]);
}

export async function countLeaves(db: Executor): Promise<number> {
  const result = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM audit_seal_leaf`.execute(db);
  return result.rows[0]!.n;
}

// Signing keys.
export interface SigningKeyRow {
  readonly keyId: string;
  readonly name: string;
  readonly publicKey: Buffer;
  readonly privateKey: Buffer | null;
}

export async function listSigningKeys(db: Executor): Promise<SigningKeyRow[]> {
  const rows = await db
    .selectFrom('audit_signing_key')
    .select(['key_id', 'name', 'public_key', 'private_key'])
    .orderBy('created_at')
    .execute();
  return rows.map((row) => ({
    keyId: row.key_id,
    name: row.name,
    publicKey: Buffer.from(row.public_key),
    privateKey: row.private_key ? Buffer.from(row.private_key) : null,
  }));
}

/** Records a key; a key already recorded stays as it is (several processes start at once). */
export async function insertSigningKey(
  db: Executor,
  key: SigningKeyRow & { readonly createdAt: Date },
): Promise<void> {
  await db
    .insertInto('audit_signing_key')
    .values({
      key_id: key.keyId,
      name: key.name,
      public_key: key.publicKey,
      private_key: key.privateKey,
      created_at: key.createdAt,
    })
    .onConflict((oc) => oc.column('key_id').doNothing())
    .execute();
}

export async function insertVerification(
  db: Executor,
  run: { at: Date; ok: boolean; size: number; problem: string | null; durationMs: number },
): Promise<void> {
  await db
    .insertInto('audit_verification')
    .values({
      at: run.at,
      ok: run.ok,
      size: run.size,
      problem: run.problem,
      duration_ms: run.durationMs,
    })
    .execute();
}
