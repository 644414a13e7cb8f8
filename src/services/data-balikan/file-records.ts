import type { DataBalikanSchema } from '../../domain/data-balikan.js';
import { MAX_DATA_ROWS } from './file-type.js';
import type { IncomingRecord } from './submission.js';

/**
 * The rows of a return-data file as records, whatever the file's format (file.ts parses CSV
 * and XLSX into rows of cells): the header row's cells name schema keys, each data row becomes
 * a record with its physical line, and what is wrong within a row travels with its record.
 */

/** A cell as read: text, a number (spreadsheets), or an Excel error value such as #N/A. */
export type Cell = string | number | { readonly error: string } | undefined;

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

/** A problem with the file as a whole: the reading ends with it. */
export class ReadProblem extends Error {}

/**
 * Turns a header row and data rows into records: header cells name schema keys (or the
 * labels users read) in any case; the first non-blank row is the header.
 */
export class RecordAssembler {
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
