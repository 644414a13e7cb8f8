import { sql, type RawBuilder } from 'kysely';
import type {
  LookupWindow,
  NikHalves,
  ObservedLookup,
} from '../domain/input-pattern/lookup-window.js';
import type { Executor } from './db.js';
import { prepared } from './prepared-statements.js';

/**
 * The input-pattern policy's windows as compact bytes: per user and per agency, the latest
 * WINDOW_ENTRIES lookups, each a fixed ENTRY_BYTES record. Each server process keeps them in its
 * memory (services/lookup/pattern-windows.ts) and appends its own lookups as it answers them;
 * this module encodes an entry, reads the windows from the audit trail when a process starts,
 * and reads the lookups the sealer has added to the sealed trail since (the other processes'
 * lookups). Kept inside the lookup statement instead (migrations 018, 032: two upserts of one
 * row each per lookup), they were +18 % of a lookup's cost (BENCHMARKS.md, 2026-12-07).
 *
 * An entry, big-endian: audit_log.id (6 bytes) · time in ms since the epoch (6 bytes) · the
 * NIK's 16 digits as 8 bytes of BCD (its text read as hex), or 8 bytes 0xFF when what was typed
 * is not a NIK · app_user.id (int4) · the response code's number in RESPONSE_CODES (1 byte).
 * Six bytes hold an id below 2^48 and a time until the year 10889: 25 bytes an entry instead of
 * 29 with whole int8s, 3.6 MB less of a process's memory for the bench's 28,830 windows.
 */

export const WINDOW_ENTRIES = 30;
export const ENTRY_BYTES = 25;
export const WINDOW_BYTES = WINDOW_ENTRIES * ENTRY_BYTES;

/** The answers a watched lookup can have; position + 1 is the code's byte. */
export const RESPONSE_CODES = [
  'DITEMUKAN',
  'TIDAK_DITEMUKAN',
  'MENINGGAL',
  'GANDA',
  'NON_AKTIF',
  'FORMAT_SALAH',
  'KUOTA_HABIS',
] as const;

const NO_NIK = 'ffffffffffffffff';
const isNik = (nik: string | null): nik is string => nik !== null && /^\d{16}$/.test(nik);

/** A lookup as its window entry keeps it. */
export interface EntryFields {
  readonly auditId: number;
  /** The lookup's time in ms since the epoch. */
  readonly atMs: number;
  /** The NIK when it passed the format check, otherwise null. */
  readonly nik: string | null;
  readonly userId: number;
  readonly responseCode: string;
}

/**
 * Writes the entry of a lookup the server process has just answered at `offset` of `target`
 * (the same bytes as entrySql).
 */
export function writeEntry(target: Buffer, offset: number, lookup: EntryFields): void {
  target.writeUIntBE(lookup.auditId, offset, 6);
  target.writeUIntBE(lookup.atMs, offset + 6, 6);
  target.write(isNik(lookup.nik) ? lookup.nik : NO_NIK, offset + NIK_AT, 'hex');
  target.writeInt32BE(lookup.userId, offset + USER_AT);
  target[offset + CODE_AT] =
    RESPONSE_CODES.indexOf(lookup.responseCode as (typeof RESPONSE_CODES)[number]) + 1;
}

/** A lookup's entry on its own. */
export function windowEntry(lookup: EntryFields): Buffer {
  const entry = Buffer.allocUnsafe(ENTRY_BYTES);
  writeEntry(entry, 0, lookup);
  return entry;
}

/** An entry's audit_log.id (the windows' order). */
export const entryAuditId = (entries: Buffer, k: number): number =>
  entries.readUIntBE(k * ENTRY_BYTES, 6);

/** Where an entry's fields after the id begin. */
const TIME_AT = 6;
const NIK_AT = 12;
const USER_AT = 20;
const CODE_AT = 24;

/**
 * The whole entry in SQL (the bytes writeEntry writes), from an audit row's id, its time and
 * NIK as 16 bytes, its user and its answer: the windows read from the audit trail.
 */
function entrySql(
  auditId: RawBuilder<unknown>,
  tail: RawBuilder<unknown>,
  userId: RawBuilder<unknown>,
  responseCode: RawBuilder<unknown>,
): RawBuilder<Buffer> {
  return sql<Buffer>`(${int48send(auditId)} || ${tail} || int4send(${userId}::int)
    || set_byte('\\x00'::bytea, 0,
         coalesce(array_position(ARRAY[${sql.join(RESPONSE_CODES.map((c) => sql.lit(c)))}]::text[], ${responseCode}::text), 0)))`;
}

/** An integer below 2^48 as its 6 low bytes, big-endian (what writeUIntBE(…, 6) writes). */
const int48send = (value: RawBuilder<unknown>) => sql`substring(int8send(${value}::bigint) from 3)`;

/** Each byte's two hex digits: a NIK's 8 BCD bytes read without Buffer#toString's native call. */
const HEX_PAIRS = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function nikAt(data: Buffer, at: number): string | null {
  let nik = '';
  for (let k = at; k < at + 8; k++) nik += HEX_PAIRS[data[k]!]!;
  return nik === NO_NIK ? null : nik;
}

/** A BCD byte's two digits as a number 0–99, or −1 when a half is not a digit (0xFF: no NIK). */
const BCD_PAIRS = Int8Array.from({ length: 256 }, (_, byte) =>
  byte >> 4 <= 9 && (byte & 15) <= 9 ? (byte >> 4) * 10 + (byte & 15) : -1,
);

/** The NIK's halves straight from its BCD bytes (what lookup-window.ts nikTextHalves reads). */
function nikHalvesAt(data: Buffer, at: number, into: NikHalves): boolean {
  let high = 0;
  let low = 0;
  for (let k = 0; k < 8; k++) {
    const pair = BCD_PAIRS[data[at + k]!]!;
    if (pair < 0) return false;
    if (k < 4) high = high * 100 + pair;
    else low = low * 100 + pair;
  }
  into.high = high;
  into.low = low;
  return true;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * A window's entries read in place, oldest first (the order they were appended in): the
 * detector reads what it needs of each entry by position, and makes an object only of the
 * entries that are evidence (domain/input-pattern/lookup-window.ts). A class, so that the two
 * windows of every lookup cost two small objects and no closures.
 */
class CompactWindow implements LookupWindow {
  readonly length: number;

  constructor(private readonly data: Buffer) {
    this.length = Math.floor(data.length / ENTRY_BYTES);
  }

  auditId(k: number): number {
    return entryAuditId(this.data, k);
  }

  time(k: number): number {
    return this.data.readUIntBE(k * ENTRY_BYTES + TIME_AT, 6);
  }

  userId(k: number): number {
    return this.data.readInt32BE(k * ENTRY_BYTES + USER_AT);
  }

  responseCode(k: number): string {
    const code = this.data[k * ENTRY_BYTES + CODE_AT]!;
    return code > 0 && code <= RESPONSE_CODES.length ? RESPONSE_CODES[code - 1]! : 'LAIN';
  }

  nikHalves(k: number, into: NikHalves): boolean {
    return nikHalvesAt(this.data, k * ENTRY_BYTES + NIK_AT, into);
  }

  lookup(k: number): ObservedLookup {
    return {
      auditId: this.auditId(k),
      at: new Date(this.time(k)),
      nik: nikAt(this.data, k * ENTRY_BYTES + NIK_AT),
      userId: this.userId(k),
      responseCode: this.responseCode(k),
    };
  }
}

const NO_BYTES = Buffer.alloc(0);

export const compactWindow = (bytes: Uint8Array | null | undefined): LookupWindow =>
  new CompactWindow(bytes ? asBuffer(bytes) : NO_BYTES);

/** A window's entries as objects, oldest first. */
export function decodeWindow(bytes: Uint8Array | null | undefined): ObservedLookup[] {
  const window = compactWindow(bytes);
  return Array.from({ length: window.length }, (_, k) => window.lookup(k));
}

/**
 * The lookups a window holds: what the lookup statement marks `watched` (the caller passed the
 * access checks), which are the lookups answered with one of RESPONSE_CODES.
 */
const WATCHED = sql`a.action = 'LOOKUP' AND a.user_id IS NOT NULL AND a.agency_id IS NOT NULL
  AND a.response_code IN (${sql.join(RESPONSE_CODES.map((code) => sql.lit(code)))})`;

/** An audit row's window entry, in SQL. */
const TRAIL_ENTRY = entrySql(
  sql`a.id`,
  sql`${int48send(sql`floor(extract(epoch from a.at) * 1000)`)}
      || decode(CASE WHEN a.nik ~ '^[0-9]{16}$' THEN a.nik ELSE ${NO_NIK} END, 'hex')`,
  sql`a.user_id`,
  sql`a.response_code`,
);

export interface StoredWindow {
  readonly scope: 'U' | 'A';
  readonly ownerId: number;
  /** Oldest first, in audit_log.id order. */
  readonly entries: Buffer;
}

/** Owner ids (users, agencies) whose windows one query reads at most. */
const OWNERS_PER_READ = 2_000;

/**
 * Every window as the audit trail holds it: the latest WINDOW_ENTRIES watched lookups of the
 * last `days` days, per user and per agency — what a server process starts from — handed to
 * `take` a page of owners at a time (by ranges of their ids, on the trail's (user_id, at) and
 * (agency_id, at) indexes), so that a process never holds the whole trail's answer at once: read
 * in one query, the bench population's 28,830 windows took the server to 283 MB (its limit: 256).
 * Returns the windows read.
 */
export async function readRecentWindows(
  db: Executor,
  now: Date,
  take: (windows: readonly StoredWindow[]) => void,
  days = 7,
): Promise<number> {
  const since = new Date(now.getTime() - days * 86_400_000);
  let count = 0;
  for (const scope of ['U', 'A'] as const) {
    const owner = sql.ref(scope === 'U' ? 'a.user_id' : 'a.agency_id');
    // The owners' id range from their own table's key, not from a scan of the trail's week.
    const bounds = await sql<{ low: number | null; high: number | null }>`
      SELECT min(id) AS low, max(id) AS high
      FROM ${sql.table(scope === 'U' ? 'app_user' : 'agency')}`.execute(db);
    const { low, high } = bounds.rows[0]!;
    if (low === null || high === null) continue;
    for (let from = low; from <= high; from += OWNERS_PER_READ) {
      const result = await sql<{ owner_id: number; entries: Uint8Array }>`
        SELECT owner_id, string_agg(entry, ''::bytea ORDER BY id) AS entries FROM (
          SELECT a.id, ${owner} AS owner_id, ${TRAIL_ENTRY} AS entry,
                 row_number() OVER (PARTITION BY ${owner} ORDER BY a.id DESC) AS latest
          FROM audit_log a
          WHERE ${owner} >= ${from} AND ${owner} < ${from + OWNERS_PER_READ}
            AND ${WATCHED} AND a.at >= ${since}
        ) recent
        WHERE latest <= ${WINDOW_ENTRIES}
        GROUP BY owner_id`.execute(db);
      take(
        result.rows.map((row) => ({
          scope,
          ownerId: row.owner_id,
          entries: asBuffer(row.entries),
        })),
      );
      count += result.rows.length;
    }
  }
  return count;
}

/** The sealed trail's size: the position the next leaf takes. */
export async function sealedTrailSize(db: Executor): Promise<number> {
  const result = await sql<{ size: string | number }>`
    SELECT coalesce(max(position) + 1, 0) AS size FROM audit_seal_leaf`.execute(db);
  return Number(result.rows[0]!.size);
}

export interface SealedLookup {
  readonly userId: number;
  readonly agencyId: number;
  readonly entry: Buffer;
}

/**
 * The audit_log ids of the sealed trail's leaves from `from` on (at most `limit` leaves), in
 * the trail's order, and the position after the last leaf read. The sealer appends leaves
 * under one lock and commits each batch whole, so reading on from `next` never skips one.
 */
export async function readSealedAuditIds(
  db: Executor,
  from: number,
  limit: number,
): Promise<{ next: number; ids: number[] }> {
  // Prepared, as the sealer's statements: the feed asks it four times a second in every process.
  const result = await sql<{
    position: string | number;
    source_id: number | null;
  }>`${prepared('feed_leaves')}
    SELECT position, CASE WHEN source = 'audit_log' THEN source_id END AS source_id
    FROM audit_seal_leaf WHERE position >= ${from} ORDER BY position LIMIT ${limit}`.execute(db);
  const ids: number[] = [];
  for (const row of result.rows) if (row.source_id !== null) ids.push(Number(row.source_id));
  const last = result.rows.at(-1);
  return { next: last ? Number(last.position) + 1 : from, ids };
}

/** The watched lookups among these audit_log rows, with their window entries, in id order. */
export async function readWatchedLookups(
  db: Executor,
  ids: readonly number[],
): Promise<SealedLookup[]> {
  const result = await sql<{
    user_id: number;
    agency_id: number;
    entry: Uint8Array;
  }>`${prepared('feed_lookups')}
    SELECT a.user_id, a.agency_id, ${TRAIL_ENTRY} AS entry
    FROM audit_log a WHERE a.id = ANY(${[...ids]}::bigint[]) AND ${WATCHED}
    ORDER BY a.id`.execute(db);
  return result.rows.map((row) => ({
    userId: row.user_id,
    agencyId: row.agency_id,
    entry: asBuffer(row.entry),
  }));
}
