import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Actor } from '../../domain/actor.js';
import { parseDataBalikanSchema } from '../../domain/data-balikan.js';
import { wibDateTime, wibDay } from '../../domain/time.js';
import { findAgencyForCompliance } from '../../store/compliance.js';
import {
  findSchemas,
  insertExportAudit,
  measureExport,
  readExportBatch,
  type ExportExtent,
  type ExportRow,
  type ExportSelection,
} from '../../store/data-balikan-export.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';

/**
 * Dukcapil's export of the return data it received (issue 4), for loading into the
 * population register: CSV or XLSX, streamed from the database in batches (keyset
 * pagination by id) so that hundreds of thousands of rows never sit in memory at once.
 */

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

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

export interface DataBalikanExport {
  readonly fileName: string;
  readonly contentType: string;
  readonly rows: number;
  readonly body: Readable;
}

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
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(value: string | undefined, name: string): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const real = DAY.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
  if (!real) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      `Tanggal ${name} harus tanggal yang sah dengan format TTTT-BB-HH, misalnya 2026-01-31`,
    );
  }
  return text;
}

/** The instant a WIB day begins (WIB is UTC+7 all year). */
const dayStart = (day: string) => new Date(`${day}T00:00:00+07:00`);
const nextDay = (day: string) => new Date(dayStart(day).getTime() + 24 * 60 * 60 * 1000);

/** One CSV field as RFC 4180 writes it: quoted when it holds a quote, comma or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvLine(values: readonly (string | number)[]): string {
  return values.map((v) => csvField(String(v))).join(',') + '\r\n';
}

async function* batches(deps: Deps, selection: ExportSelection, extent: ExportExtent) {
  let afterId = 0;
  for (;;) {
    const rows = await readExportBatch(deps.db, selection, extent, afterId, BATCH);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < BATCH) return;
    afterId = rows.at(-1)!.id;
  }
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

function csvBody(
  deps: Deps,
  selection: ExportSelection,
  extent: ExportExtent,
  header: readonly string[],
  fieldKeys: readonly string[],
): Readable {
  // Pulled by the response: the next batch is read only once the previous one is sent.
  return Readable.from(
    (async function* () {
      yield csvLine(header);
      for await (const rows of batches(deps, selection, extent)) {
        yield rows.map((row) => csvLine(rowValues(row, fieldKeys, selection.history))).join('');
      }
    })(),
  );
}

function drainedOrClosed(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

function xlsxBody(
  deps: Deps,
  selection: ExportSelection,
  extent: ExportExtent,
  header: readonly string[],
  fieldKeys: readonly string[],
): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('Data balikan', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = header.map((name) => ({
    header: name,
    key: name,
    width: name === 'nik' ? 19 : Math.max(12, name.length + 2),
  }));
  const produce = async () => {
    for await (const rows of batches(deps, selection, extent)) {
      for (const row of rows) sheet.addRow(rowValues(row, fieldKeys, selection.history)).commit();
      // Wait for the client to take what was written before reading the next batch.
      if (out.writableNeedDrain) await drainedOrClosed(out);
      if (out.destroyed) return; // the client went away
    }
    sheet.commit();
    await workbook.commit();
  };
  produce().catch((error: unknown) => out.destroy(error as Error));
  return out;
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
  const format = request.format?.trim().toLowerCase();
  if (!(EXPORT_FORMATS as readonly string[]).includes(format ?? '')) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Format ekspor harus csv atau xlsx');
  }
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
    from: from ? dayStart(from) : undefined,
    to: to ? nextDay(to) : undefined,
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
    `Ekspor data balikan ${format!.toUpperCase()}`,
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
  if (format === 'csv') {
    return {
      fileName: `${fileName}.csv`,
      contentType: 'text/csv; charset=utf-8',
      rows: extent.rows,
      body: csvBody(deps, selection, extent, header, fieldKeys),
    };
  }
  return {
    fileName: `${fileName}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    rows: extent.rows,
    body: xlsxBody(deps, selection, extent, header, fieldKeys),
  };
}
