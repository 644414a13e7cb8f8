import { ACCOUNT_REFUSALS } from '../../domain/account-refusals.js';
import type { Actor } from '../../domain/actor.js';
import { maskNik } from '../../domain/nik-mask.js';
import { can } from '../../domain/permissions.js';
import type { FieldError } from '../../domain/refusals.js';
import { RESPONSE_CODES } from '../../domain/responses.js';
import { wibDayStart } from '../../domain/time.js';
import { USER_ID_PATTERN } from '../../domain/users.js';
import { addDays, isIsoDate } from '../../domain/working-days.js';
import {
  adminActionKinds,
  countAdminActions,
  countAuditLog,
  readSealState,
  searchAdminActions,
  searchAuditLog,
  type AdminActionFilter,
  type AdminActionRow,
  type AuditLogFilter,
  type AuditLogRow,
} from '../../store/audit-search.js';
import { findAgencyByCode, listAgencies } from '../../store/usage.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';

/*
 * Dukcapil's audit page (issue 9 §1): search the audit trail (logins, lookups, exports) and
 * the administrative actions, page through them, and see the seal's state; a search's export
 * is in audit-export.ts. NIKs are shown and exported masked (domain/nik-mask.ts); a search by
 * the full NIK still finds its rows.
 */

/** Rows per page of the audit page: 25 rows of the longest purposes stay within 60 KB. */
export const AUDIT_PAGE_SIZE = 25;
/**
 * A search counts its rows up to this many: beyond it the page says "more than" and pages
 * only that far (narrow the search to see the rest), so that a broad search over a million
 * rows answers at once.
 */
export const SEARCH_COUNT_CAP = 10_000;

export const AUDIT_ACTIONS = ['LOGIN', 'LOOKUP', 'EKSPOR'] as const;
export const AUDIT_ACTION_LABELS: Readonly<Record<(typeof AUDIT_ACTIONS)[number], string>> = {
  LOGIN: 'Login',
  LOOKUP: 'Verifikasi NIK',
  EKSPOR: 'Ekspor',
};

/** Every response code the audit trail records: lookups (SPEC §2) and logins. */
export const AUDIT_RESPONSE_CODES: readonly string[] = [
  ...new Set([
    ...RESPONSE_CODES,
    'BERHASIL',
    'TERKUNCI',
    'MENUNGGU_OTP',
    'OTP_SALAH',
    ...Object.keys(ACCOUNT_REFUSALS),
    // Issue 13: a login over the rate limit, and one refused for its text.
    'DIBATASI',
    'TEKS_TIDAK_SAH',
  ]),
];

/** A search of the audit trail as the page's GET form sends it (its query parameters). */
export interface AuditSearchParams {
  readonly nik?: string | undefined;
  readonly pengguna?: string | undefined;
  readonly instansi?: string | undefined;
  readonly respons?: string | undefined;
  readonly tindakan?: string | undefined;
  readonly dari?: string | undefined;
  readonly sampai?: string | undefined;
  /** The request ID a lookup result carries: the audit row's id (issue 12). */
  readonly id?: string | undefined;
}

/** A search of the administrative actions as its form sends it. */
export interface AdminSearchParams {
  readonly pelaku?: string | undefined;
  readonly instansi?: string | undefined;
  readonly tindakan?: string | undefined;
  readonly dari?: string | undefined;
  readonly sampai?: string | undefined;
}

/** The search as applied: the parameters that narrowed it, normalised (for forms and links). */
export type Applied = Readonly<Record<string, string>>;

export interface ParsedSearch<Filter> {
  readonly filter: Filter;
  readonly applied: Applied;
  readonly errors: readonly FieldError[];
}

/** Where usage.ts takes it from; the one definition is in domain/time.ts. */

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** A WIB date range, both ends inclusive days; errors under the fields `dari` and `sampai`. */
export function parseDayRange(
  params: { readonly dari?: string | undefined; readonly sampai?: string | undefined },
  applied: Record<string, string>,
  errors: FieldError[],
): { from?: Date; to?: Date } {
  const range: { from?: Date; to?: Date } = {};
  const from = text(params.dari);
  const to = text(params.sampai);
  for (const [field, value, label] of [
    ['dari', from, 'awal'],
    ['sampai', to, 'akhir'],
  ] as const) {
    if (value === undefined) continue;
    if (!isIsoDate(value)) {
      errors.push({
        field,
        message: `Tanggal ${label} harus tanggal yang sah dengan format TTTT-BB-HH, misalnya 2026-01-31`,
      });
      continue;
    }
    applied[field] = value;
    if (field === 'dari') range.from = wibDayStart(value);
    else range.to = wibDayStart(addDays(value, 1));
  }
  if (range.from && range.to && range.from >= range.to) {
    errors.push({ field: 'sampai', message: 'Tanggal akhir tidak boleh sebelum tanggal awal' });
  }
  return range;
}

/** The NIK as typed: spaces dropped; at most 32 characters (what the audit trail keeps). */
export function parseNik(value: string | undefined, errors: FieldError[]): string | undefined {
  const nik = value?.replace(/\s+/g, '');
  if (!nik) return undefined;
  if (nik.length > 32) {
    errors.push({ field: 'nik', message: 'NIK paling banyak 32 karakter' });
    return undefined;
  }
  return nik;
}

function parseUserLogin(
  value: string | undefined,
  field: string,
  errors: FieldError[],
): string | undefined {
  const login = text(value)?.toLowerCase();
  if (login === undefined) return undefined;
  if (!USER_ID_PATTERN.test(login)) {
    errors.push({ field, message: 'User ID hanya huruf kecil, angka, titik, garis bawah atau -' });
    return undefined;
  }
  return login;
}

function parseCode(
  value: string | undefined,
  field: string,
  label: string,
  errors: FieldError[],
): string | undefined {
  const code = text(value)?.toUpperCase();
  if (code === undefined) return undefined;
  if (!/^[A-Z_]{2,40}$/.test(code)) {
    errors.push({ field, message: `${label} tidak dikenal` });
    return undefined;
  }
  return code;
}

async function parseAgency(
  deps: Deps,
  value: string | undefined,
  applied: Record<string, string>,
  errors: FieldError[],
): Promise<number | undefined> {
  const code = text(value)?.toUpperCase();
  if (code === undefined) return undefined;
  const agency = /^[A-Z0-9_]{2,20}$/.test(code) ? await findAgencyByCode(deps.db, code) : undefined;
  if (!agency) {
    errors.push({ field: 'instansi', message: `Instansi ${code} tidak dikenal` });
    return undefined;
  }
  applied.instansi = agency.code;
  return agency.id;
}

/** A request ID as printed on a result: the audit row's id, digits only. */
function parseRequestId(value: string | undefined, errors: FieldError[]): number | undefined {
  const typed = text(value);
  if (typed === undefined) return undefined;
  if (!/^\d{1,15}$/.test(typed)) {
    errors.push({
      field: 'id',
      message: 'ID permintaan harus berupa angka, seperti tercetak pada hasil verifikasi',
    });
    return undefined;
  }
  return Number(typed);
}

export async function parseAuditSearch(
  deps: Deps,
  params: AuditSearchParams,
): Promise<ParsedSearch<AuditLogFilter>> {
  const applied: Record<string, string> = {};
  const errors: FieldError[] = [];
  const nik = parseNik(params.nik, errors);
  if (nik !== undefined) applied.nik = nik;
  const userLogin = parseUserLogin(params.pengguna, 'pengguna', errors);
  if (userLogin !== undefined) applied.pengguna = userLogin;
  const agencyId = await parseAgency(deps, params.instansi, applied, errors);
  const responseCode = parseCode(params.respons, 'respons', 'Kode respons', errors);
  if (responseCode !== undefined) applied.respons = responseCode;
  let action = text(params.tindakan)?.toUpperCase();
  if (action !== undefined && !(AUDIT_ACTIONS as readonly string[]).includes(action)) {
    errors.push({ field: 'tindakan', message: 'Tindakan harus Login, Verifikasi NIK atau Ekspor' });
    action = undefined;
  }
  if (action !== undefined) applied.tindakan = action;
  const range = parseDayRange(params, applied, errors);
  const id = parseRequestId(params.id, errors);
  if (id !== undefined) applied.id = String(id);
  return {
    filter: { nik, userLogin, agencyId, responseCode, action, ...range, id },
    applied,
    errors,
  };
}

export async function parseAdminSearch(
  deps: Deps,
  params: AdminSearchParams,
): Promise<ParsedSearch<AdminActionFilter>> {
  const applied: Record<string, string> = {};
  const errors: FieldError[] = [];
  const actorLogin = parseUserLogin(params.pelaku, 'pelaku', errors);
  if (actorLogin !== undefined) applied.pelaku = actorLogin;
  const agencyId = await parseAgency(deps, params.instansi, applied, errors);
  const action = parseCode(params.tindakan, 'tindakan', 'Tindakan', errors);
  if (action !== undefined) applied.tindakan = action;
  const range = parseDayRange(params, applied, errors);
  return { filter: { actorLogin, agencyId, action, ...range }, applied, errors };
}

/** One row of the audit trail as the page and the export show it: the NIK masked. */
export interface AuditEntry {
  readonly id: number;
  readonly at: Date;
  readonly action: string;
  readonly channel: string;
  readonly userId: string | null;
  readonly displayName: string | null;
  readonly agencyCode: string | null;
  readonly clientIp: string | null;
  /** maskNik of what was recorded; null when nothing was (a login). */
  readonly nik: string | null;
  readonly purpose: string | null;
  readonly reason: string | null;
  readonly responseCode: string;
  /** The application an API call came through, by name (issue 11). */
  readonly application: string | null;
  /** A national-service client's call (the compatible endpoints, SPEC §9). */
  readonly compatible: boolean;
}

export function auditEntry(row: AuditLogRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    action: row.action,
    channel: row.channel,
    userId: row.user_id,
    displayName: row.display_name,
    agencyCode: row.agency_code,
    clientIp: row.client_ip,
    nik: row.nik === null || row.nik === '' ? null : maskNik(row.nik),
    purpose: row.purpose,
    reason: row.reason,
    responseCode: row.response_code,
    application: row.application_name,
    compatible: row.compatible,
  };
}

export interface AdminEntry {
  readonly id: number;
  readonly at: Date;
  /** The acting user's user ID; null: the command line. */
  readonly actor: string | null;
  readonly actorName: string | null;
  readonly agencyCode: string | null;
  readonly action: string;
  readonly target: string;
  readonly reason: string | null;
  readonly detail: string | null;
}

export function adminEntry(row: AdminActionRow): AdminEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    actorName: row.actor_name,
    agencyCode: row.agency_code,
    action: row.action,
    target: row.target,
    reason: row.reason,
    detail: row.detail,
  };
}

/** One page of a search, its count up to the cap, and the search as applied. */
export interface SearchPage<Entry> {
  readonly applied: Applied;
  readonly errors: readonly FieldError[];
  readonly rows: readonly Entry[];
  /** Rows that match, counted up to the cap. */
  readonly total: number;
  /** More rows match than the cap: the pages end there. */
  readonly capped: boolean;
  /** The page shown (from 1, held within the pages) and the page count. */
  readonly page: number;
  readonly pages: number;
  readonly size: number;
}

/** Which page of a list, and its size. */
export interface PageAsked {
  readonly page: number;
  readonly size: number;
}

/** The page held within the list once counted (up to the cap); its offset. */
export function pageWithin(asked: PageAsked, counted: number, cap: number) {
  const capped = counted > cap;
  const total = Math.min(counted, cap);
  const size = Math.max(1, Math.floor(asked.size));
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, Math.floor(asked.page) || 1), pages);
  return { total, capped, size, pages, page, offset: (page - 1) * size };
}

function requireAudit(actor: Pick<Actor, 'role'>): void {
  if (!can(actor.role, 'audit.view')) throw new Refusal('TIDAK_BERWENANG');
}

/** Dukcapil's search of the audit trail: a page, newest first. */
export async function searchAuditTrail(
  deps: Deps,
  actor: Pick<Actor, 'role'>,
  params: AuditSearchParams,
  asked: PageAsked,
): Promise<SearchPage<AuditEntry>> {
  requireAudit(actor);
  const parsed = await parseAuditSearch(deps, params);
  return runAuditSearch(deps, parsed, asked);
}

/** A parsed search of audit_log: nothing runs while it has errors. */
export async function runAuditSearch(
  deps: Deps,
  parsed: ParsedSearch<AuditLogFilter>,
  asked: PageAsked,
): Promise<SearchPage<AuditEntry>> {
  return runSearch(deps, parsed, asked, countAuditLog, searchAuditLog, auditEntry);
}

/** Dukcapil's search of the administrative actions. */
export async function searchAdminTrail(
  deps: Deps,
  actor: Pick<Actor, 'role'>,
  params: AdminSearchParams,
  asked: PageAsked,
): Promise<SearchPage<AdminEntry>> {
  requireAudit(actor);
  const parsed = await parseAdminSearch(deps, params);
  return runSearch(deps, parsed, asked, countAdminActions, searchAdminActions, adminEntry);
}

/** A page of either list: counted up to the cap, then read; nothing runs on errors. */
async function runSearch<Filter, Row, Entry>(
  deps: Deps,
  parsed: ParsedSearch<Filter>,
  asked: PageAsked,
  count: (db: Deps['db'], filter: Filter, cap: number) => Promise<number>,
  search: (
    db: Deps['db'],
    filter: Filter,
    page: { limit: number; offset: number },
  ) => Promise<Row[]>,
  entry: (row: Row) => Entry,
): Promise<SearchPage<Entry>> {
  const empty = { applied: parsed.applied, errors: parsed.errors, rows: [], capped: false };
  if (parsed.errors.length > 0) return { ...empty, total: 0, page: 1, pages: 1, size: asked.size };
  const counted = await count(deps.db, parsed.filter, SEARCH_COUNT_CAP);
  const at = pageWithin(asked, counted, SEARCH_COUNT_CAP);
  const rows = await search(deps.db, parsed.filter, { limit: at.size, offset: at.offset });
  return { ...empty, ...at, rows: rows.map(entry) };
}

/** The choices of the search forms. */
export interface AuditChoices {
  readonly agencies: readonly { code: string; name: string }[];
  readonly responseCodes: readonly string[];
  readonly adminActions: readonly string[];
}

export async function auditChoices(deps: Deps): Promise<AuditChoices> {
  const [agencies, adminActions] = await Promise.all([
    listAgencies(deps.db),
    adminActionKinds(deps.db),
  ]);
  return {
    agencies: agencies.map((a) => ({ code: a.code, name: a.name })),
    responseCodes: AUDIT_RESPONSE_CODES,
    adminActions,
  };
}

/** The seal of the audit trail (migration 011), as the page shows it. */
export interface SealState {
  readonly checkpoint?: {
    readonly size: number;
    /** The root hash in hex, its first 16 characters. */
    readonly rootHashShort: string;
    readonly rootHash: string;
    readonly sealedAt: Date;
  };
  /** Rows of audit_log and admin_action not yet sealed into the log. */
  readonly unsealed: number;
  readonly verification?: {
    readonly at: Date;
    readonly ok: boolean;
    readonly size: number;
    readonly problem: string | null;
    readonly durationMs: number;
  };
}

export async function auditSealState(deps: Deps, actor: Pick<Actor, 'role'>): Promise<SealState> {
  requireAudit(actor);
  const row = await readSealState(deps.db);
  const hex = row.checkpoint ? Buffer.from(row.checkpoint.root_hash).toString('hex') : '';
  return {
    ...(row.checkpoint
      ? {
          checkpoint: {
            size: row.checkpoint.size,
            rootHash: hex,
            rootHashShort: hex.slice(0, 16),
            sealedAt: row.checkpoint.sealed_at,
          },
        }
      : {}),
    unsealed: Math.max(0, row.rows - row.leaves),
    ...(row.verification
      ? {
          verification: {
            at: row.verification.at,
            ok: row.verification.ok,
            size: row.verification.size,
            problem: row.verification.problem,
            durationMs: row.verification.duration_ms,
          },
        }
      : {}),
  };
}

/** Which list of the page a search or an export is of: the audit trail or the administrative actions. */
export type AuditTab = 'jejak' | 'admin';
