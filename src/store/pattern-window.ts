import { sql, type RawBuilder } from 'kysely';
import type {
  LookupWindow,
  NikHalves,
  ObservedLookup,
} from '../domain/input-pattern/lookup-window.js';
import type { Executor } from './db.js';

/**
 * The input-pattern policy's windows as compact state (migrations 018, 032): per user and per
 * agency, the latest WINDOW_ENTRIES lookups, each a fixed ENTRY_BYTES record, so that the
 * lookup statement appends to two rows and reads them back (one upsert) instead of reading 58
 * audit_log rows scattered over the trail — the read that made the policy cost +45 %.
 *
 * An entry, big-endian: audit_log.id (int8) · time in ms since the epoch (int8) · the NIK's 16
 * digits as 8 bytes of BCD (its text read as hex), or 8 bytes 0xFF when what was typed is not
 * a NIK · app_user.id (int4) · the response code's number in RESPONSE_CODES (1 byte, 0 for any
 * other).
 */

export const WINDOW_ENTRIES = 30;
export const ENTRY_BYTES = 29;
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

/** The part of an entry the caller knows before the statement: the time and the NIK. */
export function entryTail(at: Date, nik: string | null): Buffer {
  const tail = Buffer.alloc(16);
  tail.writeBigInt64BE(BigInt(at.getTime()), 0);
  tail.write(isNik(nik) ? nik : NO_NIK, 8, 'hex');
  return tail;
}

/**
 * The whole entry in SQL, from the audit row's id, the tail above, the user and the answer
 * (the statement knows the id, the user and the answer only inside).
 */
export function entrySql(
  auditId: RawBuilder<unknown>,
  tail: RawBuilder<unknown>,
  userId: RawBuilder<unknown>,
  responseCode: RawBuilder<unknown>,
): RawBuilder<Buffer> {
  return sql<Buffer>`(int8send(${auditId}::bigint) || ${tail} || int4send(${userId}::int)
    || set_byte('\\x00'::bytea, 0,
         coalesce(array_position(ARRAY[${sql.join(RESPONSE_CODES.map((c) => sql.lit(c)))}]::text[], ${responseCode}::text), 0)))`;
}

/** Appends `entry` to a window's bytes, keeping the latest WINDOW_ENTRIES. */
export function appendedSql(
  window: RawBuilder<unknown>,
  entry: RawBuilder<unknown>,
): RawBuilder<Buffer> {
  return sql<Buffer>`substring(${window} || ${entry}
    from greatest(1, length(${window}) + ${sql.lit(ENTRY_BYTES - WINDOW_BYTES + 1)}))`;
}

/** An 8-byte integer below 2^53 (an id, a time in ms), read as two halves without a BigInt. */
function int53(data: Buffer, at: number): number {
  return data.readUInt32BE(at) * 0x1_0000_0000 + data.readUInt32BE(at + 4);
}

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
    return int53(this.data, k * ENTRY_BYTES);
  }

  time(k: number): number {
    return int53(this.data, k * ENTRY_BYTES + 8);
  }

  userId(k: number): number {
    return this.data.readInt32BE(k * ENTRY_BYTES + 24);
  }

  responseCode(k: number): string {
    const code = this.data[k * ENTRY_BYTES + 28]!;
    return code > 0 && code <= RESPONSE_CODES.length ? RESPONSE_CODES[code - 1]! : 'LAIN';
  }

  nikHalves(k: number, into: NikHalves): boolean {
    return nikHalvesAt(this.data, k * ENTRY_BYTES + 16, into);
  }

  lookup(k: number): ObservedLookup {
    return {
      auditId: this.auditId(k),
      at: new Date(this.time(k)),
      nik: nikAt(this.data, k * ENTRY_BYTES + 16),
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
 * Rebuilds every window from the audit trail — the lookups of the last `days` days, the latest
 * WINDOW_ENTRIES per user and per agency — when the table is empty: after a crash (the table
 * is UNLOGGED and then comes back empty) or on the first start after migrations 018 and 032.
 * Returns the rows written (0 when the table was not empty).
 */
export async function rebuildPatternWindows(db: Executor, now: Date, days = 7): Promise<number> {
  const since = new Date(now.getTime() - days * 86_400_000);
  const entry = entrySql(
    sql`a.id`,
    sql`int8send((extract(epoch from a.at) * 1000)::bigint)
        || decode(CASE WHEN a.nik ~ '^[0-9]{16}$' THEN a.nik ELSE ${NO_NIK} END, 'hex')`,
    sql`a.user_id`,
    sql`a.response_code`,
  );
  const result = await sql<{ rows: number }>`
    WITH empty AS (SELECT NOT EXISTS (SELECT 1 FROM pattern_window) AS yes),
    recent AS (
      SELECT a.id, a.user_id, a.agency_id, ${entry} AS entry,
             row_number() OVER (PARTITION BY a.user_id ORDER BY a.at DESC, a.id DESC) AS by_user,
             row_number() OVER (PARTITION BY a.agency_id ORDER BY a.at DESC, a.id DESC) AS by_agency
      FROM audit_log a
      WHERE a.action = 'LOOKUP' AND a.at >= ${since} AND a.user_id IS NOT NULL
        AND a.agency_id IS NOT NULL AND (SELECT yes FROM empty)
    ),
    written AS (
      INSERT INTO pattern_window (scope, owner_id, entries)
      SELECT 'U', user_id, string_agg(entry, ''::bytea ORDER BY id)
      FROM recent WHERE by_user <= ${WINDOW_ENTRIES} GROUP BY user_id
      UNION ALL
      SELECT 'A', agency_id, string_agg(entry, ''::bytea ORDER BY id)
      FROM recent WHERE by_agency <= ${WINDOW_ENTRIES} GROUP BY agency_id
      ON CONFLICT DO NOTHING
      RETURNING 1
    )
    SELECT count(*)::int AS rows FROM written`.execute(db);
  return Number(result.rows[0]?.rows ?? 0);
}
