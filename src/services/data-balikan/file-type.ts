import { Refusal } from '../errors.js';
import { OLE2_SIGNATURE, peekWorkbook, ZIP_SIGNATURE } from './xlsx-peek.js';

/**
 * What a return-data file uploaded on the portal is, judged while the user waits for the
 * upload's answer: a file of the wrong kind is refused at once, with what to do instead,
 * rather than after its turn in the background queue (file.ts reads it then).
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
  | { readonly ok: false; readonly refusal: Refusal };

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

const refused = (refusal: Refusal): UploadIdentity => ({ ok: false, refusal });
const wrongType = (message: string) => refused(new Refusal('JENIS_BERKAS_DITOLAK', message));

/**
 * What an uploaded file is, judged by its name and its content together: a .csv must be
 * UTF-8 text, an .xlsx an Excel workbook. Anything else is refused with what to do instead.
 */
export function identifyUpload(fileName: string, bytes: Buffer): UploadIdentity {
  const name = fileName.toLowerCase();
  if (bytes.length === 0) {
    return refused(new Refusal('BERKAS_KOSONG', 'Berkas yang diunggah kosong.'));
  }
  if (name.endsWith('.xlsx')) {
    const peek = peekWorkbook(bytes);
    if (!peek) {
      return wrongType(
        'Berkas .xlsx ini bukan buku kerja Excel yang dapat dibaca (rusak, terenkripsi kata sandi, atau format lain yang diberi nama .xlsx).',
      );
    }
    if (peek.expandedBytes > MAX_XLSX_EXPANDED_BYTES) {
      return refused(
        new Refusal(
          'BERKAS_TERLALU_BESAR',
          `Isi berkas .xlsx ini melebihi ${MAX_XLSX_EXPANDED_BYTES / 1024 / 1024} MB setelah diekstrak. Bagi menjadi beberapa berkas.`,
        ),
      );
    }
    return { ok: true, format: 'XLSX', lastLine: peek.lastRow };
  }
  if (name.endsWith('.csv')) {
    if (bytes.subarray(0, 4).equals(ZIP_SIGNATURE)) {
      return wrongType(
        `Berkas .csv ini berisi arsip zip (kemungkinan buku kerja Excel yang diberi nama .csv). ${CSV_HINT}`,
      );
    }
    if (bytes.indexOf(0) >= 0) {
      return wrongType(
        `Berkas .csv ini bukan teks (memuat bita nol; kemungkinan disimpan sebagai UTF-16 atau berkas biner). ${CSV_HINT}`,
      );
    }
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return wrongType(
        `Berkas .csv harus berupa teks UTF-8; berkas ini memakai pengodean lain (misalnya ANSI/Windows-1252). ${CSV_HINT}`,
      );
    }
    return { ok: true, format: 'CSV', lastLine: countLines(bytes) };
  }
  if (name.endsWith('.xls') || bytes.subarray(0, 8).equals(OLE2_SIGNATURE)) {
    return wrongType(
      'Format Excel lama (.xls) tidak didukung. Simpan ulang sebagai "Buku Kerja Excel (.xlsx)" atau "CSV UTF-8", lalu unggah kembali.',
    );
  }
  return wrongType(
    'Jenis berkas tidak didukung: unggah berkas .csv (teks UTF-8) atau .xlsx (Excel).',
  );
}
