import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { DataBalikanField, DataBalikanSchema } from '../../domain/data-balikan.js';

/**
 * Return-data files in the layout the upload reads: a header row of `nik` and the schema's
 * keys, then one row per NIK. With no rows they are the templates agencies download; with
 * rows they are what tests and the benchmark upload.
 */

export interface FileRow {
  readonly nik: string;
  readonly values: Readonly<Record<string, string>>;
}

export const NIK_FORMAT = '16 digit angka, ditulis sebagai teks';

/** What a field accepts, in words, for the page, the template's notes and its guide sheet. */
export function fieldFormat(field: DataBalikanField): string {
  if (field.options) return `salah satu dari: ${field.options.join(', ')}`;
  const length = `paling banyak ${field.maxLength} karakter`;
  return field.patternHint ? `${field.patternHint}, ${length}` : length;
}

export function headerKeys(schema: DataBalikanSchema): string[] {
  return ['nik', ...schema.fields.map((field) => field.key)];
}

function csvCell(value: string): string {
  return /[",;\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** UTF-8 with a byte-order mark, so that Excel opens it as UTF-8; lines end in CRLF. */
export function dataBalikanCsv(schema: DataBalikanSchema, rows: Iterable<FileRow> = []): Buffer {
  const keys = headerKeys(schema);
  const lines = [keys.join(',')];
  for (const row of rows) {
    lines.push(
      [row.nik, ...schema.fields.map((f) => row.values[f.key] ?? '')].map(csvCell).join(','),
    );
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

const TEXT = '@';

/**
 * An XLSX workbook: the first sheet holds the data (header row frozen, every column
 * formatted as text so that Excel keeps a NIK's 16 digits and a number's leading zeros, a
 * note on each header cell), the second explains the columns. Written as a stream, so that
 * a file of 100,000 rows costs little memory.
 */
export async function dataBalikanXlsx(
  schema: DataBalikanSchema,
  rows: Iterable<FileRow> = [],
): Promise<Buffer> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (chunk: Buffer) => parts.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: true,
  });
  workbook.creator = 'Gerbang Dukcapil Purbalingga';

  const data = workbook.addWorksheet('Data balikan', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  data.columns = [
    { header: 'nik', key: 'nik', width: 20, style: { numFmt: TEXT } },
    ...schema.fields.map((field) => ({
      header: field.key,
      key: field.key,
      width: Math.min(40, Math.max(18, field.key.length + 2)),
      style: { numFmt: TEXT },
    })),
  ];
  const header = data.getRow(1);
  header.font = { bold: true };
  header.getCell(1).note = `NIK: ${NIK_FORMAT}. Wajib diisi.`;
  schema.fields.forEach((field, index) => {
    header.getCell(index + 2).note =
      `${field.label}: ${fieldFormat(field)}. ${field.required ? 'Wajib diisi.' : 'Boleh kosong.'}`;
  });
  header.commit();
  for (const row of rows) {
    data.addRow([row.nik, ...schema.fields.map((f) => row.values[f.key] ?? '')]).commit();
  }
  data.commit();

  const guide = workbook.addWorksheet('Petunjuk');
  guide.columns = [
    { header: 'Kolom', key: 'key', width: 28 },
    { header: 'Nama', key: 'label', width: 34 },
    { header: 'Wajib', key: 'required', width: 8 },
    { header: 'Format', key: 'format', width: 60 },
  ];
  guide.getRow(1).font = { bold: true };
  guide.addRow(['nik', 'NIK', 'Ya', NIK_FORMAT]).commit();
  for (const field of schema.fields) {
    guide.addRow([field.key, field.label, field.required ? 'Ya' : 'Tidak', fieldFormat(field)]);
  }
  guide
    .addRow([
      'Catatan',
      'Isi data pada lembar pertama mulai baris 2. Setiap baris: satu NIK dan paling sedikit satu kolom lain. Hanya NIK yang pernah diakses instansi Anda yang diterima.',
    ])
    .commit();
  guide.commit();
  await workbook.commit();
  await finished;
  return Buffer.concat(parts);
}

/** A cell Excel would run as a formula (=, +, -, @) is written as text. */
function inertCell(value: string): string {
  return csvCell(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

/** Every refused row of an upload: its line, the NIK as sent, and the reasons. */
export function refusedRowsCsv(
  rows: Iterable<{
    readonly line: number;
    readonly nik: string;
    readonly reasons: readonly string[];
  }>,
): Buffer {
  const lines = ['baris,nik,alasan'];
  for (const row of rows) {
    lines.push([String(row.line), inertCell(row.nik), inertCell(row.reasons.join('; '))].join(','));
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
