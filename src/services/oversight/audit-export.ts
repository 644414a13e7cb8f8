import type { Actor } from '../../domain/actor.js';
import { maskNik } from '../../domain/nik-mask.js';
import { can } from '../../domain/permissions.js';
import type { FieldError } from '../../domain/refusals.js';
import { wibDateTime, wibDay } from '../../domain/time.js';
import { insertExportAudit } from '../../store/audit.js';
import {
  countAdminActions,
  countAuditLog,
  newestAdminActionId,
  newestAuditLogId,
  searchAdminActions,
  searchAuditLog,
  type AdminActionFilter,
  type AdminActionRow,
  type AuditLogFilter,
  type AuditLogRow,
  type Bounds,
  type RowWindow,
} from '../../store/audit-search.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import {
  exportFormat,
  keysetBatches,
  tabularFile,
  type Cell,
  type ExportFormat,
  type TabularFile,
} from '../exports/tabular-file.js';
import {
  adminEntry,
  auditEntry,
  parseAdminSearch,
  parseAuditSearch,
  type AdminEntry,
  type AdminSearchParams,
  type Applied,
  type AuditEntry,
  type AuditSearchParams,
  type AuditTab,
  type ParsedSearch,
} from './audit-search.js';

/*
 * The export of a search of Dukcapil's audit page (issue 9 §1): the search as the page runs
 * it (audit-search.ts), newest first, as CSV or XLSX, the NIK masked, and the export itself
 * recorded in the audit trail (action EKSPOR).
 */

/** The most rows one export carries; a larger search is refused with a message. */
export const EXPORT_ROW_CAP = 100_000;
const EXPORT_BATCH = 2_000;

export const AUDIT_EXPORT_COLUMNS = [
  'id',
  'waktu_wib',
  'tindakan',
  'kanal',
  'user_id',
  'nama_pengguna',
  'instansi',
  'alamat_ip',
  'nik_tersamar',
  'keperluan',
  'alasan',
  'respons',
] as const;

export const ADMIN_EXPORT_COLUMNS = [
  'id',
  'waktu_wib',
  'pelaku',
  'nama_pelaku',
  'instansi',
  'tindakan',
  'sasaran',
  'alasan',
  'rincian',
] as const;

export function auditExportValues(entry: AuditEntry): Cell[] {
  return [
    entry.id,
    wibDateTime(entry.at),
    entry.action,
    entry.channel,
    entry.userId ?? '',
    entry.displayName ?? '',
    entry.agencyCode ?? '',
    entry.clientIp ?? '',
    entry.nik ?? '',
    entry.purpose ?? '',
    entry.reason ?? '',
    entry.responseCode,
  ];
}

export function adminExportValues(entry: AdminEntry): Cell[] {
  return [
    entry.id,
    wibDateTime(entry.at),
    entry.actor ?? '(baris perintah)',
    entry.actorName ?? '',
    entry.agencyCode ?? '',
    entry.action,
    entry.target,
    entry.reason ?? '',
    entry.detail ?? '',
  ];
}

export interface ExportRequest {
  readonly format: string | undefined;
  readonly tab: AuditTab;
  readonly params: AuditSearchParams & AdminSearchParams;
}

export type AuditExport =
  | (TabularFile & { readonly ok: true; readonly rows: number })
  | {
      readonly ok: false;
      /** What to say on the page, in Bahasa Indonesia. */
      readonly message: string;
      readonly errors: readonly FieldError[];
    };

const number = new Intl.NumberFormat('id-ID');

function describeFilter(applied: Applied): string {
  const parts = Object.entries(applied).map(([name, value]) =>
    name === 'nik' ? `nik ${maskNik(value)}` : `${name} ${value}`,
  );
  return parts.length > 0 ? parts.join(', ') : 'tanpa saringan';
}

/** One of the page's two lists, as an export reads and writes it. */
interface ExportedList<Filter extends ExportFilter, Row extends KeysetRow> {
  readonly parse: (deps: Deps, params: ExportRequest['params']) => Promise<ParsedSearch<Filter>>;
  readonly newestId: (db: Deps['db']) => Promise<number>;
  readonly count: (db: Deps['db'], filter: Filter, cap: number, bounds: Bounds) => Promise<number>;
  /** An export's next batch, newest first. */
  readonly read: (db: Deps['db'], filter: Filter, window: RowWindow) => Promise<Row[]>;
  readonly header: readonly string[];
  readonly cells: (row: Row) => readonly Cell[];
  /** The list in the EKSPOR row's words, the file's name and its sheet's. */
  readonly name: string;
  readonly fileName: string;
  readonly sheetName: string;
}

/** What of a search the EKSPOR row keeps in its own columns. */
interface ExportFilter {
  readonly agencyId?: number | undefined;
  readonly nik?: string | undefined;
}

/** A row's place in the list's order (time, then id), where the next batch starts. */
type KeysetRow = NonNullable<Bounds['before']>;

const AUDIT_LIST: ExportedList<AuditLogFilter, AuditLogRow> = {
  parse: parseAuditSearch,
  newestId: newestAuditLogId,
  count: countAuditLog,
  read: searchAuditLog,
  header: AUDIT_EXPORT_COLUMNS,
  cells: (row) => auditExportValues(auditEntry(row)),
  name: 'jejak audit',
  fileName: 'jejak-audit',
  sheetName: 'Jejak audit',
};

const ADMIN_LIST: ExportedList<AdminActionFilter, AdminActionRow> = {
  parse: parseAdminSearch,
  newestId: newestAdminActionId,
  count: countAdminActions,
  read: searchAdminActions,
  header: ADMIN_EXPORT_COLUMNS,
  cells: (row) => adminExportValues(adminEntry(row)),
  name: 'tindakan administratif',
  fileName: 'tindakan-admin',
  sheetName: 'Tindakan administratif',
};

type ExportActor = Pick<Actor, 'id' | 'role' | 'clientIp'>;

/**
 * Exports the current search of the audit trail or of the administrative actions, newest
 * first, as CSV or XLSX, and records the export in the audit trail (action EKSPOR: who, from
 * where, which list, the filter, how many rows; the NIK searched, if any, in its NIK column)
 * before any row leaves. Rows written after the export began are not in it. A search of more
 * than EXPORT_ROW_CAP rows is refused with a message, and nothing is recorded.
 */
export async function exportAuditSearch(
  deps: Deps,
  actor: ExportActor,
  request: ExportRequest,
): Promise<AuditExport> {
  if (!can(actor.role, 'audit.export')) throw new Refusal('TIDAK_BERWENANG');
  const format = exportFormat(request.format);
  return request.tab === 'admin'
    ? exportList(deps, actor, format, ADMIN_LIST, request.params)
    : exportList(deps, actor, format, AUDIT_LIST, request.params);
}

async function exportList<Filter extends ExportFilter, Row extends KeysetRow>(
  deps: Deps,
  actor: ExportActor,
  format: ExportFormat,
  list: ExportedList<Filter, Row>,
  params: ExportRequest['params'],
): Promise<AuditExport> {
  const now = deps.clock();
  const parsed = await list.parse(deps, params);
  if (parsed.errors.length > 0) {
    return { ok: false, message: 'Periksa kembali isian pencarian.', errors: parsed.errors };
  }
  const upToId = await list.newestId(deps.db);
  const rows = await list.count(deps.db, parsed.filter, EXPORT_ROW_CAP, { upToId });
  if (rows > EXPORT_ROW_CAP) {
    return {
      ok: false,
      message: `Hasil pencarian berisi lebih dari ${number.format(EXPORT_ROW_CAP)} baris, batas satu ekspor. Persempit pencarian (misalnya rentang tanggal atau instansi), lalu ekspor lagi.`,
      errors: [],
    };
  }

  await insertExportAudit(deps.db, {
    at: now,
    userId: actor.id,
    agencyId: parsed.filter.agencyId ?? null,
    clientIp: actor.clientIp,
    nik: parsed.filter.nik,
    description: [
      `Ekspor ${list.name} ${format.toUpperCase()}`,
      describeFilter(parsed.applied),
      `${rows} baris`,
    ].join(' · '),
  });

  const file = tabularFile(format, `${list.fileName}_${wibDay(now)}`, {
    header: list.header,
    batches: keysetBatches(
      (before: Bounds['before']) =>
        list.read(deps.db, parsed.filter, { upToId, before, limit: EXPORT_BATCH }),
      EXPORT_BATCH,
      (row) => row,
    ),
    cells: list.cells,
    // Opened by people in a spreadsheet: UTF-8 marked, no cell that runs as a formula.
    csv: { byteOrderMark: true, guardFormulas: true },
    xlsx: {
      sheetName: list.sheetName,
      columnWidth: (name) => Math.max(10, name.length + 2, name === 'waktu_wib' ? 20 : 0),
    },
  });
  return { ok: true, rows, ...file };
}
