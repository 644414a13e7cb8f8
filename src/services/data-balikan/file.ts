import { Readable } from 'node:stream';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { parse, type CsvError, type Options as CsvOptions } from 'csv-parse';
import ExcelJS from 'exceljs';
import type { DataBalikanSchema } from '../../domain/data-balikan.js';
import type { IncomingRecord } from './submission.js';
import { OLE2_SIGNATURE, peekWorkbook, ZIP_SIGNATURE } from './xlsx-peek.js';

/**
 * Reading a return-data file uploaded on the portal (CSV or XLSX) into the records that
 * submitDataBalikan checks. This module only reads: header to schema keys, each row to a
 * record with its physical line; the rules of a record are the domain's.
 */

export type UploadFormat = 'CSV' | 'XLSX';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/**
 * Data rows per file. The rows are held in memory while they are checked and applied in one
 * transaction; this bound keeps one upload well inside the server's heap.
 */
export const MAX_DATA_ROWS = 150_000;
/**
 * An XLSX file is a zip archive: its content may be many times its size. Beyond this it is
 * refused before anything extracts it (a sheet of 150,000 rows takes about 15 MB).
 */
export const MAX_XLSX_EXPANDED_BYTES = 300 * 1024 * 1024;

export type UploadIdentity =
  | {
      readonly ok: true;
      readonly format: UploadFormat;
      /** Lines (CSV) or the first worksheet's declared rows (XLSX), when known: for progress. */
      readonly lastLine: number | null;
    }
  | { readonly ok: false; readonly status: 400 | 413 | 415; readonly message: string };

const CSV_HINT =
  'Di Microsoft Excel pilih "Simpan Sebagai" → "CSV UTF-8 (Comma delimited)", atau unggah berkas .xlsx.';

function countLines(bytes: Buffer): number {
  let lines = 0;
  let at = bytes.indexOf(10);
  while (at >= 0) {
    lines++;
    at = bytes.indexOf(10, at + 1);
  }
  return bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? lines + 1 : lines;
}

/**
 * What an uploaded file is, judged by its name and its content together: a .csv must be
 * UTF-8 text, an .xlsx an Excel workbook. Anything else is refused with what to do instead.
 */
export function identifyUpload(fileName: string, bytes: Buffer): UploadIdentity {
  const name = fileName.toLowerCase();
  if (bytes.length === 0) {
    return { ok: false, status: 400, message: 'Berkas yang diunggah kosong.' };
  }
  if (name.endsWith('.xlsx')) {
    const peek = peekWorkbook(bytes);
    if (!peek) {
      return {
        ok: false,
        status: 415,
        message:
          'Berkas .xlsx ini bukan buku kerja Excel yang dapat dibaca (rusak, terenkripsi kata sandi, atau format lain yang diberi nama .xlsx).',
      };
    }
    if (peek.expandedBytes > MAX_XLSX_EXPANDED_BYTES) {
      return {
        ok: false,
        status: 413,
        message: `Isi berkas .xlsx ini melebihi ${MAX_XLSX_EXPANDED_BYTES / 1024 / 1024} MB setelah diekstrak. Bagi menjadi beberapa berkas.`,
      };
    }
    return { ok: true, format: 'XLSX', lastLine: peek.lastRow };
  }
  if (name.endsWith('.csv')) {
    if (bytes.subarray(0, 4).equals(ZIP_SIGNATURE)) {
      return {
        ok: false,
        status: 415,
        message: `Berkas .csv ini berisi arsip zip (kemungkinan buku kerja Excel yang diberi nama .csv). ${CSV_HINT}`,
      };
    }
    if (bytes.indexOf(0) >= 0) {
      return {
        ok: false,
        status: 415,
        message: `Berkas .csv ini bukan teks (memuat bita nol; kemungkinan disimpan sebagai UTF-16 atau berkas biner). ${CSV_HINT}`,
      };
    }
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return {
        ok: false,
        status: 415,
        message: `Berkas .csv harus berupa teks UTF-8; berkas ini memakai pengodean lain (misalnya ANSI/Windows-1252). ${CSV_HINT}`,
      };
    }
    return { ok: true, format: 'CSV', lastLine: countLines(bytes) };
  }
  if (name.endsWith('.xls') || bytes.subarray(0, 8).equals(OLE2_SIGNATURE)) {
    return {
      ok: false,
      status: 415,
      message:
        'Format Excel lama (.xls) tidak didukung. Simpan ulang sebagai "Buku Kerja Excel (.xlsx)" atau "CSV UTF-8", lalu unggah kembali.',
    };
  }
  return {
    ok: false,
    status: 415,
    message: 'Jenis berkas tidak didukung: unggah berkas .csv (teks UTF-8) atau .xlsx (Excel).',
  };
}

export type FileReading =
  | { readonly ok: true; readonly records: IncomingRecord[]; readonly lastLine: number }
  | { readonly ok: false; readonly problem: string };

export interface ReadOptions {
  /** Called every few thousand rows with the last line read; awaited. */
  readonly onProgress?: (line: number) => Promise<void> | void;
  readonly progressEvery?: number;
  /** Checked between rows: reading stops with this problem once it returns a text. */
  readonly stopped?: () => string | undefined;
}

/** A cell as read: text, a number (spreadsheets), or an Excel error value such as #N/A. */
type Cell = string | number | { readonly error: string } | undefined;

/** Column letters as spreadsheets show them: 1 → A, 27 → AA. */
export function columnLetter(index: number): string {
  let n = index;
  let out = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    out = String.fromCharCode(65 + rest) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

const normalized = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

class ReadProblem extends Error {}

/**
 * Turns a header row and data rows into records: header cells name schema keys (or the
 * labels users read) in any case; the first non-blank row is the header.
 */
class RecordAssembler {
  /** Column (0-based) → schema key, 'nik', or undefined for a column without a header. */
  private columns: (string | undefined)[] | undefined;
  readonly records: IncomingRecord[] = [];

  constructor(private readonly schema: DataBalikanSchema) {}

  get hasHeader(): boolean {
    return this.columns !== undefined;
  }

  header(line: number, cells: readonly Cell[]): void {
    const known = new Map<string, string>([['nik', 'nik']]);
    for (const field of this.schema.fields) {
      known.set(field.key, field.key);
      known.set(normalized(field.label), field.key);
    }
    const columns: (string | undefined)[] = [];
    const unknown: string[] = [];
    const seen = new Map<string, number>();
    const problems: string[] = [];
    cells.forEach((cell, index) => {
      const text = typeof cell === 'string' ? cell : typeof cell === 'number' ? String(cell) : '';
      if (text.trim() === '') {
        columns[index] = undefined;
        return;
      }
      const key = known.get(normalized(text));
      if (!key) {
        unknown.push(`"${text.trim().slice(0, 60)}"`);
        return;
      }
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        problems.push(
          `Kolom "${key}" muncul dua kali pada baris judul (kolom ${columnLetter(earlier + 1)} dan ${columnLetter(index + 1)})`,
        );
      }
      seen.set(key, index);
      columns[index] = key;
    });
    if (unknown.length > 0) {
      problems.unshift(
        `Kolom ${unknown.join(', ')} pada baris judul (baris ${line}) tidak dikenal. Kolom yang dikenal: ${[...new Set(known.values())].join(', ')}`,
      );
    }
    if (!seen.has('nik')) {
      problems.push(`Kolom "nik" tidak ada pada baris judul (baris ${line})`);
    }
    if (problems.length > 0) throw new ReadProblem(`${problems.join('. ')}.`);
    this.columns = columns;
  }

  row(line: number, cells: readonly Cell[]): void {
    const columns = this.columns!;
    let nik: string | undefined;
    const values: Record<string, string> = {};
    const problems: string[] = [];
    const untitled: string[] = [];
    let blank = true;
    cells.forEach((cell, index) => {
      if (cell === undefined || (typeof cell === 'string' && cell.trim() === '')) return;
      blank = false;
      const key = columns[index];
      if (key === undefined) {
        untitled.push(columnLetter(index + 1));
        return;
      }
      if (typeof cell === 'object') {
        problems.push(`Sel ${columnLetter(index + 1)}${line} berisi galat rumus ${cell.error}`);
        return;
      }
      if (key === 'nik') {
        nik = nikText(cell, problems);
        return;
      }
      values[key] = typeof cell === 'number' ? numberText(cell) : cell;
    });
    if (blank) return;
    if (untitled.length > 0) {
      problems.push(`Ada nilai pada kolom ${untitled.join(', ')} yang tidak memiliki judul kolom`);
    }
    if (this.records.length >= MAX_DATA_ROWS) {
      throw new ReadProblem(
        `Berkas memuat lebih dari ${MAX_DATA_ROWS.toLocaleString('id-ID')} baris data. Bagi menjadi beberapa berkas.`,
      );
    }
    this.records.push(
      problems.length > 0 ? { line, nik, values, problems } : { line, nik, values },
    );
  }
}

/** Digits of a whole number without exponent notation (3.3e15 → "3303054703900002"). */
function numberText(value: number): string {
  return Number.isInteger(value) ? BigInt(value).toString() : String(value);
}

const EXCEL_DIGITS =
  'Excel menyimpan angka paling banyak 15 digit, sehingga digit terakhir NIK yang diketik sebagai angka dapat berubah menjadi 0. Format kolom NIK sebagai Teks, ketik ulang NIK, lalu unggah kembali';

/**
 * A NIK the spreadsheet stored as a number. Up to 2^53 the digits are exact; but Excel keeps
 * only 15 significant digits, so a 16-digit NIK typed as a number there ends in a 0 that may
 * not be the NIK's own. Such a NIK is refused rather than recorded against another resident.
 */
function nikText(cell: string | number, problems: string[]): string {
  if (typeof cell === 'string') {
    if (/^\d+(?:[.,]\d+)?E\+?\d+$/i.test(cell.trim())) {
      problems.push(`NIK tertulis dalam notasi ilmiah (${cell.trim()}). ${EXCEL_DIGITS}`);
    }
    return cell;
  }
  const digits = numberText(cell);
  if (Number.isInteger(cell) && digits.length === 16) {
    if (!Number.isSafeInteger(cell) || digits.endsWith('0')) {
      problems.push(`NIK tersimpan sebagai angka, bukan teks. ${EXCEL_DIGITS}`);
    }
  }
  return digits;
}

/** Line breaks inside a record's fields (only quoted fields can hold them). */
function lineBreaksIn(record: readonly string[]): number {
  let breaks = 0;
  for (const field of record) {
    if (field.indexOf('\n') < 0 && field.indexOf('\r') < 0) continue;
    for (let i = 0; i < field.length; i++) {
      const c = field.charCodeAt(i);
      // \r\n is one break; a lone \r or \n is one too.
      if (c === 10 || (c === 13 && field.charCodeAt(i + 1) !== 10)) breaks++;
    }
  }
  return breaks;
}

/**
 * The separator of the first non-blank line: a comma, or the semicolon that Excel writes
 * where the list separator is a semicolon (Indonesian regional settings), or a tab.
 */
function detectDelimiter(bytes: Buffer): string {
  const text = bytes.subarray(0, 64 * 1024).toString('utf8');
  const first = text.split(/\r\n|\n|\r/).find((line) => line.trim() !== '') ?? '';
  const outside = first.replace(/"[^"]*"/g, '');
  const count = (char: string) => outside.split(char).length - 1;
  const candidates: [string, number][] = [
    [',', count(',')],
    [';', count(';')],
    ['\t', count('\t')],
  ];
  candidates.sort((a, b) => b[1] - a[1]);
  return candidates[0]![1] > 0 ? candidates[0]![0] : ',';
}

const CSV_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'tanda kutip (") dibuka tetapi tidak ditutup',
  CSV_INVALID_CLOSING_QUOTE: 'tanda kutip penutup diikuti karakter lain',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'tanda kutip penutup diikuti karakter lain',
  CSV_MAX_RECORD_SIZE: 'satu baris melebihi 64 KB (kemungkinan tanda kutip tidak ditutup)',
};

/** Hands the bytes over in slices, so that reading a large file lets other requests run. */
function chunks(bytes: Buffer): Readable {
  const size = 64 * 1024;
  return Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
    })(),
    { objectMode: false },
  );
}

interface Progress {
  tick(line: number): Promise<void>;
}

function progress(options: ReadOptions): Progress {
  const every = options.progressEvery ?? 2000;
  let rows = 0;
  return {
    async tick(line) {
      if (++rows % every !== 0) return;
      const stop = options.stopped?.();
      if (stop) throw new ReadProblem(stop);
      await options.onProgress?.(line);
      await yieldToEventLoop();
    },
  };
}

interface NumberedRecord {
  /** Physical line where the record starts. */
  readonly line: number;
  readonly record: string[];
}

async function readCsv(
  bytes: Buffer,
  assembler: RecordAssembler,
  options: ReadOptions,
): Promise<number> {
  // Lines are counted as the parser meets each record, so that a parse error can still
  // name the line where the broken record starts.
  let nextLine = 1;
  const csvOptions: CsvOptions<NumberedRecord, string[]> = {
    bom: true,
    delimiter: detectDelimiter(bytes),
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: 64 * 1024,
    on_record: (record: string[]): NumberedRecord => {
      const line = nextLine;
      nextLine += 1 + lineBreaksIn(record);
      return { line, record };
    },
  };
  // The typings tie on_record's result to `columns`; the parser itself passes it through.
  const parser = parse(csvOptions as unknown as CsvOptions);
  const input = chunks(bytes);
  input.pipe(parser);
  const tick = progress(options);
  let lastLine = 0;
  try {
    for await (const { line, record } of parser as AsyncIterable<NumberedRecord>) {
      lastLine = line;
      if (!assembler.hasHeader) {
        if (record.every((field) => field.trim() === '')) continue;
        assembler.header(line, record);
        continue;
      }
      assembler.row(line, record);
      await tick.tick(line);
    }
  } catch (error) {
    const code = (error as CsvError).code;
    if (typeof code === 'string' && code.startsWith('CSV_')) {
      throw new ReadProblem(
        `Format CSV rusak pada baris ${nextLine}: ${CSV_PROBLEMS[code] ?? `format CSV tidak sah (${code})`}. Tidak ada data yang diterapkan.`,
      );
    }
    throw error;
  } finally {
    input.unpipe(parser);
    input.destroy();
  }
  return lastLine;
}

type ExcelValue = ExcelJS.CellValue | { sharedString: number };

/** A spreadsheet cell as text or number; formulas give their last computed result. */
function excelCell(value: ExcelValue): Cell {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('error' in value) return { error: String(value.error) };
  if ('richText' in value) return value.richText.map((part) => part.text ?? '').join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    return result === undefined
      ? { error: '(rumus tanpa hasil)' }
      : excelCell(result as ExcelValue);
  }
  if ('hyperlink' in value) return String(value.text ?? '');
  return undefined;
}

interface SheetReader extends AsyncIterable<ExcelJS.Row> {
  readonly name?: string;
}

async function readXlsx(
  bytes: Buffer,
  assembler: RecordAssembler,
  options: ReadOptions,
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(chunks(bytes), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  const tick = progress(options);
  let lastLine = 0;
  let done = false;
  for await (const sheet of workbook as AsyncIterable<SheetReader>) {
    const first = (workbook as unknown as { model?: { sheets?: { name?: string }[] } }).model
      ?.sheets?.[0]?.name;
    // Only the first worksheet holds data (a template's second sheet explains the columns);
    // the others are read through unused, so that the archive is consumed to its end.
    const wanted = !done && (first === undefined || sheet.name === first);
    for await (const row of sheet) {
      if (!wanted) continue;
      const values = row.values as ExcelValue[];
      // row.values is indexed by column number, from 1.
      const cells: Cell[] = [];
      for (let column = 1; column < values.length; column++) {
        cells.push(excelCell(values[column]));
      }
      lastLine = row.number;
      if (!assembler.hasHeader) {
        if (cells.every((cell) => cell === undefined || cell === '')) continue;
        assembler.header(row.number, cells);
        continue;
      }
      assembler.row(row.number, cells);
      await tick.tick(row.number);
    }
    if (wanted) done = true;
  }
  return lastLine;
}

/**
 * Reads every row of the file into records for submitDataBalikan. A problem with the file
 * as a whole (header, broken CSV, unreadable workbook, too many rows) ends the reading with
 * that problem; a problem within a row travels with its record.
 */
export async function readDataBalikanFile(
  format: UploadFormat,
  bytes: Buffer,
  schema: DataBalikanSchema,
  options: ReadOptions = {},
): Promise<FileReading> {
  const assembler = new RecordAssembler(schema);
  try {
    const lastLine =
      format === 'CSV'
        ? await readCsv(bytes, assembler, options)
        : await readXlsx(bytes, assembler, options);
    if (!assembler.hasHeader) {
      return {
        ok: false,
        problem:
          format === 'CSV'
            ? 'Berkas kosong: baris judul (nik dan kolom data balikan) tidak ditemukan.'
            : 'Lembar kerja pertama kosong: baris judul (nik dan kolom data balikan) tidak ditemukan.',
      };
    }
    if (assembler.records.length === 0) {
      return { ok: false, problem: 'Berkas hanya memuat baris judul, tanpa baris data.' };
    }
    return { ok: true, records: assembler.records, lastLine };
  } catch (error) {
    if (error instanceof ReadProblem) return { ok: false, problem: error.message };
    if (format === 'XLSX') {
      return {
        ok: false,
        problem:
          'Berkas XLSX tidak dapat dibaca (rusak atau bukan buku kerja Excel). Simpan ulang dari Excel sebagai .xlsx, atau unggah sebagai CSV UTF-8.',
      };
    }
    throw error;
  }
}
