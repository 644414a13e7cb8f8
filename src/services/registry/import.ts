import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import { parse, type CsvError, type Options as CsvOptions } from 'csv-parse';
import type { Resident } from '../../domain/resident.js';
import {
  REGISTRY_COLUMNS,
  REGISTRY_HEADER,
  validateResidentRow,
  type ResidentRowRules,
} from '../../domain/resident-row.js';
import { findVillagePlace, occupationNames } from '../../reference/regions.js';
import type { Db, Tx } from '../../store/db.js';
import {
  createResidentStaging,
  findStagedDuplicates,
  mergeStagedResidents,
  ResidentBatch,
  stageResidents,
  type StagedDuplicate,
} from '../../store/residents.js';
import { isSandboxDatabase } from '../../store/environment.js';
import { Refusal } from '../errors.js';

/**
 * Loading the population register from the CSV of SPEC §8.
 *
 * All or nothing per file: the whole load is one transaction, so a broken file, an
 * interruption or a database error leaves the register exactly as it was. Within a good
 * file, a bad row is skipped and reported with its line; the others are applied.
 *
 * A NIK repeated in the file: the last valid line with it wins — the file reads as a
 * sequence of updates — and every earlier line is reported as superseded. Refusing the
 * repeats instead would leave the resident at whatever the register held before, which is
 * never more right than the file's own latest line.
 *
 * Memory stays flat as the file grows: rows pass through in batches to a staging table in
 * the database, which also finds the repeats; only the first `maxListed` refusals and
 * repeats are kept for the report, the rest are counted.
 */

export interface RowIssue {
  /** Physical line in the file (1 is the header), where the record starts. */
  readonly line: number;
  readonly reasons: readonly string[];
}

export interface LoadSummary {
  /** Rows handed to the load (data rows of a file, without the header and blank lines). */
  readonly read: number;
  /** Rows that passed validation and were staged. */
  readonly valid: number;
  readonly inserted: number;
  readonly updated: number;
  /** NIKs already in the register with exactly this data. */
  readonly unchanged: number;
  /** Lines whose NIK appears again further on, and so were not applied. */
  readonly duplicateCount: number;
  /** The first `maxListed` of them, by line. */
  readonly duplicates: readonly StagedDuplicate[];
  /** False on a dry run: everything was checked and counted, then rolled back. */
  readonly applied: boolean;
}

export interface ImportSummary extends LoadSummary {
  readonly refusedCount: number;
  /** The first `maxListed` refused rows, by line. */
  readonly refused: readonly RowIssue[];
}

export interface LoadOptions {
  /** Rows per staging insert. */
  readonly batchSize?: number;
  /** Refused and superseded lines listed in the summary; the rest are only counted. */
  readonly maxListed?: number;
  /** Check and count everything, then roll back. */
  readonly dryRun?: boolean;
  /** Called every `progressEvery` rows read, with the count so far. */
  readonly onProgress?: (read: number) => void;
  readonly progressEvery?: number;
  /** Called once reading is done and the merge into the register starts. */
  readonly onMerging?: (valid: number) => void;
}

export interface ImportOptions extends LoadOptions {
  /** "Today" for the birth-date and NIK checks: the caller's deps.clock(). */
  readonly today: Date;
}

export type ImportFailure = 'BERKAS' | 'JUDUL' | 'FORMAT_CSV';

/** The file cannot be loaded at all; nothing was written. */
export class RegistryImportError extends Error {
  constructor(
    readonly failure: ImportFailure,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryImportError';
  }
}

const DEFAULT_BATCH = 5000;
const DEFAULT_LISTED = 1000;
/** A record longer than this is a runaway quote, not a resident: stop before it eats memory. */
const MAX_RECORD_BYTES = 64 * 1024;

/** Thrown inside the transaction to roll a dry run back; carries its summary out. */
class DryRunRollback<T> extends Error {
  constructor(readonly summary: T) {
    super('dry run');
  }
}

interface Stager {
  add(line: number, resident: Resident): Promise<void>;
}

/**
 * Runs `feed` inside one transaction with a staging table, then merges what it staged into
 * the register. One batch is sent while the next is being read, so parsing and the database
 * work side by side, and at most two batches are held at a time.
 */
async function loadThroughStaging<T extends { read: number }>(
  db: Db,
  options: LoadOptions,
  feed: (stager: Stager) => Promise<T>,
): Promise<T & LoadSummary> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const maxListed = options.maxListed ?? DEFAULT_LISTED;
  const run = async (tx: Tx) => {
    await createResidentStaging(tx);
    let batch = new ResidentBatch();
    let valid = 0;
    let inFlight: Promise<void> | undefined;
    const send = async () => {
      if (inFlight) await inFlight;
      const full = batch;
      batch = new ResidentBatch();
      inFlight = stageResidents(tx, full);
      // Awaited before the next send or at the end; until then a failure must not count as
      // an unhandled rejection.
      inFlight.catch(() => undefined);
    };
    let fed: T;
    try {
      fed = await feed({
        async add(line, resident) {
          batch.add(line, resident);
          valid++;
          if (batch.size >= batchSize) await send();
        },
      });
    } catch (error) {
      // Let the statement on the wire finish before the transaction rolls back.
      await inFlight?.catch(() => undefined);
      throw error;
    }
    await send();
    await inFlight;
    options.onMerging?.(valid);
    const duplicates = await findStagedDuplicates(tx, maxListed);
    const merged = await mergeStagedResidents(tx);
    const summary: T & LoadSummary = {
      ...fed,
      valid,
      ...merged,
      duplicateCount: duplicates.count,
      duplicates: duplicates.first,
      applied: !options.dryRun,
    };
    if (options.dryRun) throw new DryRunRollback(summary);
    return summary;
  };
  try {
    return await db.transaction().execute(async (tx) => {
      // Fewer spills to disk in the final de-duplicating sort (1M rows still spill ~140 MB).
      await sql`SET LOCAL work_mem = '64MB'`.execute(tx);
      return run(tx);
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.summary as T & LoadSummary;
    throw error;
  }
}

/**
 * Loads residents that are already checked (the demo seeding, generated data) without a
 * CSV file. Their position in the sequence, from 1, plays the part of the line: a NIK given
 * twice keeps the later one. A value the database refuses aborts the whole load.
 */
export async function importResidentRecords(
  db: Db,
  residents: Iterable<Resident> | AsyncIterable<Resident>,
  options: LoadOptions = {},
): Promise<LoadSummary> {
  const every = options.progressEvery ?? 100_000;
  return loadThroughStaging(db, options, async (stager) => {
    let read = 0;
    for await (const resident of residents) {
      read++;
      await stager.add(read, resident);
      if (read % every === 0) options.onProgress?.(read);
    }
    return { read };
  });
}

/** The register's reference data as the row check wants it. */
export function defaultRowRules(today: Date): ResidentRowRules {
  // Remembers the codes found (at most the 83,762 villages there are), not the misses, so
  // a file of garbage codes cannot grow it.
  const known = new Set<string>();
  return {
    isKnownVillage: (kodeDesa) => {
      if (known.has(kodeDesa)) return true;
      if (findVillagePlace(kodeDesa) === undefined) return false;
      known.add(kodeDesa);
      return true;
    },
    occupations: new Set(occupationNames()),
    today,
  };
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

interface NumberedRecord {
  /** Physical line where the record starts. */
  readonly line: number;
  readonly record: string[];
}

const isBlank = (record: readonly string[]) => record.every((field) => field.trim() === '');

const CSV_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'tanda kutip (") dibuka tetapi tidak ditutup',
  CSV_INVALID_CLOSING_QUOTE: 'tanda kutip penutup diikuti karakter lain',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'tanda kutip penutup diikuti karakter lain',
  CSV_MAX_RECORD_SIZE: `satu rekaman melebihi ${MAX_RECORD_BYTES / 1024} KB (kemungkinan tanda kutip tidak ditutup)`,
};

function fileProblem(error: NodeJS.ErrnoException, name: string): RegistryImportError {
  const text: Record<string, string> = {
    ENOENT: `berkas ${name} tidak ditemukan`,
    EACCES: `tidak ada izin membaca berkas ${name}`,
    EISDIR: `${name} adalah folder, bukan berkas`,
  };
  return new RegistryImportError(
    'BERKAS',
    text[error.code ?? ''] ?? `berkas ${name} tidak dapat dibaca: ${error.message}`,
  );
}

function headerProblem(found: readonly string[] | undefined): RegistryImportError {
  const expected = `Baris judul (baris 1) harus persis:\n  ${REGISTRY_HEADER}`;
  if (!found) return new RegistryImportError('JUDUL', `Berkas kosong. ${expected}`);
  let shown = found.join(',');
  if (shown.length > 300) shown = `${shown.slice(0, 300)}…`;
  return new RegistryImportError('JUDUL', `${expected}\nyang ditemukan:\n  ${shown}`);
}

/**
 * Imports the registry CSV (a path, or a stream of its bytes): header checked exactly, every
 * row checked, good rows inserted or updated by NIK, bad rows skipped and reported by line.
 * Throws RegistryImportError when the file as a whole cannot be loaded (unreadable, wrong
 * header, broken CSV); then, as on any error, nothing is written.
 */
export async function importResidents(
  db: Db,
  source: string | Readable,
  options: ImportOptions,
): Promise<ImportSummary> {
  // A sandbox holds synthetic residents only (issue 11): never a register.
  if (await isSandboxDatabase(db)) throw new Refusal('LINGKUNGAN_UJI');
  const rules = defaultRowRules(options.today);
  const maxListed = options.maxListed ?? DEFAULT_LISTED;
  const every = options.progressEvery ?? 100_000;
  const name = typeof source === 'string' ? source : 'masukan';

  return loadThroughStaging(db, options, async (stager) => {
    const input = typeof source === 'string' ? fs.createReadStream(source) : source;
    // Lines are counted as the parser meets each record, not as the loop below receives it:
    // a parse error discards the records still buffered, and its message must still name
    // the line where the broken record starts.
    let nextLine = 1;
    const csvOptions: CsvOptions<NumberedRecord, string[]> = {
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      max_record_size: MAX_RECORD_BYTES,
      on_record: (record: string[]): NumberedRecord => {
        const line = nextLine;
        nextLine += 1 + lineBreaksIn(record);
        return { line, record };
      },
    };
    // The typings tie on_record's result to `columns`; the parser itself passes it through.
    const parser = parse(csvOptions as unknown as CsvOptions);
    // pipe() does not pass a source error on; without this a failed read would hang.
    input.on('error', (error: Error) => parser.destroy(error));
    input.pipe(parser);

    let read = 0;
    let refusedCount = 0;
    const refused: RowIssue[] = [];
    try {
      for await (const { line, record } of parser as AsyncIterable<NumberedRecord>) {
        if (line === 1) {
          if (!sameHeader(record)) throw headerProblem(record);
          continue;
        }
        if (isBlank(record)) continue;
        read++;
        if (read % every === 0) options.onProgress?.(read);
        const result = validateResidentRow(record, rules);
        if (result.ok) {
          await stager.add(line, result.resident);
        } else {
          refusedCount++;
          if (refused.length < maxListed) refused.push({ line, reasons: result.reasons });
        }
      }
    } catch (error) {
      if (error instanceof RegistryImportError) throw error;
      const code = (error as CsvError).code;
      if (typeof code === 'string' && code.startsWith('CSV_')) {
        const problem = CSV_PROBLEMS[code] ?? `format CSV tidak sah (${code})`;
        throw new RegistryImportError(
          'FORMAT_CSV',
          `Format CSV rusak pada rekaman yang dimulai di baris ${nextLine}: ${problem}`,
        );
      }
      if (typeof code === 'string' && code.startsWith('E')) {
        throw fileProblem(error as NodeJS.ErrnoException, name);
      }
      throw error;
    } finally {
      input.unpipe(parser);
      input.destroy();
    }
    if (nextLine === 1) throw headerProblem(undefined);
    return { read, refusedCount, refused };
  });
}

function sameHeader(record: readonly string[]): boolean {
  return (
    record.length === REGISTRY_COLUMNS.length &&
    REGISTRY_COLUMNS.every((column, index) => record[index] === column)
  );
}
