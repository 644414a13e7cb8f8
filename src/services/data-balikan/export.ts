import type { Actor } from '../../domain/actor.js';
import { parseDataBalikanSchema } from '../../domain/data-balikan.js';
import { wibDateTime, wibDay, wibDayStart } from '../../domain/time.js';
import { addDays, isIsoDate } from '../../domain/working-days.js';
import { insertExportAudit } from '../../store/audit.js';
import { findAgencyForCompliance } from '../../store/compliance.js';
import {
  findSchemas,
  measureExport,
  readExportBatch,
  type ExportRow,
  type ExportSelection,
} from '../../store/data-balikan-export.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import {
  exportFormat,
  keysetBatches,
  tabularFile,
  type TabularFile,
} from '../exports/tabular-file.js';

/**
 * Dukcapil's export of the return data it received (issue 4), for loading into the
 * population register: CSV or XLSX, streamed from the database in batches (keyset
 * pagination by id) so that hundreds of thousands of rows never sit in memory at once.
 */

export interface ExportRequest {
  readonly format: string | undefined;
  /** Agency code; all agencies when empty. */
  readonly agencyCode?: string | undefined;
  /** First and last WIB day of receipt (YYYY-MM-DD), both optional and inclusive. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** Every version instead of the current ones only. */
  readonly history: boolean;
}

/** The Dukcapil admin exporting: who (app_user.id) and from where, for the audit record. */
export type ExportActor = Pick<Actor, 'id' | 'clientIp'>;

export type DataBalikanExport = TabularFile & { readonly rows: number };

/** The columns before the agreement's own fields, as the file's header names them. */
export const EXPORT_BASE_COLUMNS = [
  'kode_instansi',
  'nomor_pks',
  'nik',
  'versi',
  'diterima_pada_wib',
  'kanal',
  'dikirim_oleh',
] as const;
/** With history, whether the row is the current version (YA/TIDAK). */
export const CURRENT_COLUMN = 'versi_terkini';

const BATCH = 2_000;

function parseDay(value: string | undefined, name: string): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (!isIsoDate(text)) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      `Tanggal ${name} harus tanggal yang sah dengan format TTTT-BB-HH, misalnya 2026-01-31`,
    );
  }
  return text;
}

/** Schema keys first, in the agreements' order; then any other key the records carry. */
async function fieldColumns(deps: Deps, agencyId: number | undefined, used: readonly string[]) {
  const keys: string[] = [];
  for (const agreement of await findSchemas(deps.db, agencyId)) {
    if (agreement.data_balikan_schema === null) continue;
    for (const field of parseDataBalikanSchema(agreement.data_balikan_schema).fields) {
      if (!keys.includes(field.key)) keys.push(field.key);
    }
  }
  for (const key of used) if (!keys.includes(key)) keys.push(key);
  return keys;
}

function rowValues(row: ExportRow, fieldKeys: readonly string[], history: boolean) {
  return [
    row.agency_code,
    row.nomor_dukcapil,
    row.nik,
    row.version,
    wibDateTime(row.received_at),
    row.channel,
    row.submitted_by,
    ...(history ? [row.is_current ? 'YA' : 'TIDAK'] : []),
    ...fieldKeys.map((key) => row.fields[key] ?? ''),
  ];
}

/**
 * Prepares an export for a Dukcapil admin and records it in the audit trail (one EKSPOR row
 * naming the agency, the period, the versions and the number of rows) before any data
 * leaves. The caller sends `body` as the response.
 */
export async function exportDataBalikan(
  deps: Deps,
  actor: ExportActor,
  request: ExportRequest,
): Promise<DataBalikanExport> {
  const format = exportFormat(request.format);
  const agencyCode = request.agencyCode?.trim().toUpperCase() || undefined;
  const agency = agencyCode
    ? await findAgencyForCompliance(deps.db, { code: agencyCode })
    : undefined;
  if (agencyCode && !agency)
    throw new Refusal('PERMINTAAN_TIDAK_VALID', `Instansi ${agencyCode} tidak dikenal`);
  const from = parseDay(request.from, 'awal');
  const to = parseDay(request.to, 'akhir');
  if (from && to && from > to) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Tanggal awal tidak boleh sesudah tanggal akhir');
  }

  const selection: ExportSelection = {
    agencyId: agency?.id,
    from: from ? wibDayStart(from) : undefined,
    to: to ? wibDayStart(addDays(to, 1)) : undefined,
    history: request.history,
  };
  const extent = await measureExport(deps.db, selection);
  const fieldKeys = await fieldColumns(deps, agency?.id, extent.fieldKeys);
  const header = [
    ...EXPORT_BASE_COLUMNS,
    ...(request.history ? [CURRENT_COLUMN] : []),
    ...fieldKeys,
  ];

  const now = deps.clock();
  const description = [
    `Ekspor data balikan ${format.toUpperCase()}`,
    `instansi ${agency?.code ?? 'SEMUA'}`,
    `diterima ${from ?? 'sejak awal'} s.d. ${to ?? 'saat ekspor'}`,
    request.history ? 'semua versi' : 'versi terkini',
    `${extent.rows} baris`,
  ].join(' · ');
  await insertExportAudit(deps.db, {
    at: now,
    userId: actor.id,
    agencyId: agency?.id ?? null,
    clientIp: actor.clientIp,
    description,
  });

  const fileName = [
    'data-balikan',
    agency?.code ?? 'SEMUA',
    wibDay(now),
    ...(request.history ? ['riwayat'] : []),
  ].join('_');
  const file = tabularFile(format, fileName, {
    header,
    batches: keysetBatches(
      (afterId: number | undefined) =>
        readExportBatch(deps.db, selection, extent, afterId ?? 0, BATCH),
      BATCH,
      (row) => row.id,
    ),
    cells: (row) => rowValues(row, fieldKeys, request.history),
    // Read by the register's loader as they are: no byte-order mark, no apostrophes.
    csv: { byteOrderMark: false, guardFormulas: false },
    xlsx: {
      sheetName: 'Data balikan',
      columnWidth: (name) => (name === 'nik' ? 19 : Math.max(12, name.length + 2)),
    },
  });
  return { ...file, rows: extent.rows };
}
