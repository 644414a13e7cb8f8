import { Readable } from 'node:stream';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { parse, type CsvError, type Options as CsvOptions } from 'csv-parse';
import ExcelJS from 'exceljs';
import type { DataBalikanSchema } from '../../domain/data-balikan.js';
import { ReadProblem, RecordAssembler, type Cell } from './file-records.js';
import type { UploadFormat } from './file-type.js';
import type { IncomingRecord } from './submission.js';

/**
 * Reading a return-data file uploaded on the portal (CSV or XLSX) into the records that
 * submitDataBalikan checks. This module only parses: CSV text or an XLSX workbook into rows
 * of cells, which file-records.ts turns into records; the rules of a record are the domain's.
 */

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

type RowReader = (
  bytes: Buffer,
  assembler: RecordAssembler,
  options: ReadOptions,
) => Promise<number>;

/** One reading of the file into a fresh assembler: its records and the last line read. */
async function readWith(
  reader: RowReader,
  bytes: Buffer,
  schema: DataBalikanSchema,
  options: ReadOptions,
): Promise<{ assembler: RecordAssembler; lastLine: number }> {
  const assembler = new RecordAssembler(schema);
  return { assembler, lastLine: await reader(bytes, assembler, options) };
}

/**
 * ExcelJS's streaming reader now and then loses the archive's last entry (exceljs issue 3064:
 * about 1 read in 1,500 of a workbook ExcelJS wrote, whose last entry is xl/workbook.xml) and
 * then fails on a sound file, or reads its first sheet as empty (seen once in CI, 2026-12-07:
 * "Lembar kerja pertama kosong" for a workbook with a header and two rows): read once more
 * before calling the file unreadable or empty. A broken or empty file gives the same at once;
 * a problem found in the rows (ReadProblem) is the file's, not a race.
 */
async function readXlsxTwice(bytes: Buffer, schema: DataBalikanSchema, options: ReadOptions) {
  try {
    const first = await readWith(readXlsx, bytes, schema, options);
    if (first.assembler.hasHeader) return first;
  } catch (error) {
    if (error instanceof ReadProblem) throw error;
  }
  return readWith(readXlsx, bytes, schema, options);
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
  try {
    const { assembler, lastLine } =
      format === 'CSV'
        ? await readWith(readCsv, bytes, schema, options)
        : await readXlsxTwice(bytes, schema, options);
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
