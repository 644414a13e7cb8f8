import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { Refusal } from '../errors.js';

/*
 * The one writer of the portal's downloads of rows (the return data, the audit trail, the
 * administrative actions): a header and the rows, read from the database in batches (keyset
 * pagination) and streamed as CSV or XLSX, so that a hundred thousand rows never sit in
 * memory at once. The next batch is read only once the client has taken the previous one.
 */

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The format asked for (csv or xlsx, any case); anything else is refused. */
export function exportFormat(value: string | undefined): ExportFormat {
  const format = value?.trim().toLowerCase();
  if (!(EXPORT_FORMATS as readonly string[]).includes(format ?? '')) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Format ekspor harus csv atau xlsx');
  }
  return format as ExportFormat;
}

export type Cell = string | number;

/** One CSV field as RFC 4180 writes it: quoted when it holds a quote, comma or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A CSV cell that a spreadsheet would read as a formula (=, +, -, @, tab, CR at its start)
 * gets a leading apostrophe: text typed by a user must never run in the reader's spreadsheet
 * (OWASP "CSV injection"). Numbers are written as they are; XLSX cells are written as text
 * and need nothing.
 */
export function csvCell(value: Cell): string {
  const text = String(value);
  return csvField(typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
}

/**
 * Batches of rows read by keyset pagination: `read(after)` gives the rows after the key of
 * the last row of the batch before (undefined: from the start), at most `size` of them; a
 * shorter batch is the last.
 */
export async function* keysetBatches<Row, Key>(
  read: (after: Key | undefined) => Promise<readonly Row[]>,
  size: number,
  keyOf: (row: Row) => Key,
): AsyncGenerator<readonly Row[]> {
  let after: Key | undefined;
  for (;;) {
    const rows = await read(after);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < size) return;
    after = keyOf(rows.at(-1)!);
  }
}

/** What a file holds, and how each format writes it. */
export interface TabularSource<Row> {
  /** The column names: the CSV's first line, the sheet's first row. */
  readonly header: readonly string[];
  /** The rows in the file's order, a batch at a time (read as the client takes them). */
  readonly batches: AsyncIterable<readonly Row[]>;
  /** One row's cells, in the header's order. */
  readonly cells: (row: Row) => readonly Cell[];
  readonly csv: {
    /** A byte-order mark first, so that a spreadsheet reads the file as UTF-8. */
    readonly byteOrderMark: boolean;
    /** Cells that would run as a formula get an apostrophe (csvCell): for files people open. */
    readonly guardFormulas: boolean;
  };
  readonly xlsx: {
    readonly sheetName: string;
    /** A column's width in characters, by its name. */
    readonly columnWidth: (name: string) => number;
  };
}

export interface TabularFile {
  readonly fileName: string;
  readonly contentType: string;
  /** Sent as the response; written as the client reads it. */
  readonly body: Readable;
}

/** The file `<baseName>.csv` or `<baseName>.xlsx` of the source. */
export function tabularFile<Row>(
  format: ExportFormat,
  baseName: string,
  source: TabularSource<Row>,
): TabularFile {
  if (format === 'csv') {
    return {
      fileName: `${baseName}.csv`,
      contentType: 'text/csv; charset=utf-8',
      body: csvBody(source),
    };
  }
  return {
    fileName: `${baseName}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: xlsxBody(source),
  };
}

function csvBody<Row>(source: TabularSource<Row>): Readable {
  const cell = source.csv.guardFormulas ? csvCell : (value: Cell) => csvField(String(value));
  const line = (values: readonly Cell[]) => values.map(cell).join(',') + '\r\n';
  // Pulled by the response: the next batch is read only once the previous one is sent.
  return Readable.from(
    (async function* () {
      yield (source.csv.byteOrderMark ? '\uFEFF' : '') + line(source.header);
      for await (const rows of source.batches) {
        yield rows.map((row) => line(source.cells(row))).join('');
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

function xlsxBody<Row>(source: TabularSource<Row>): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(source.xlsx.sheetName, {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = source.header.map((name) => ({
    header: name,
    key: name,
    width: source.xlsx.columnWidth(name),
  }));
  const produce = async () => {
    for await (const rows of source.batches) {
      for (const row of rows) sheet.addRow([...source.cells(row)]).commit();
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
