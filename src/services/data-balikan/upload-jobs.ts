import {
  deleteValidRows,
  findUpload,
  findValidRows,
  insertUploadRows,
  transitionUpload,
  type StagedRow,
} from '../../store/data-balikan-upload.js';
import type { AgencyCaller } from './sender.js';
import type { Deps } from '../deps.js';
import { readDataBalikanFile } from './file.js';
import type { UploadFormat } from './file-type.js';
import { requireSchema, submitDataBalikan, type IncomingRecord } from './submission.js';

/**
 * The background work of an upload (upload.ts queues it, one job at a time per process):
 * reading and checking a file, applying only its valid rows, and what an upload says when
 * the work stops part-way. Everything is written in the job's final transaction, so a job
 * that stops leaves nothing half-applied; a transition that finds the upload moved on
 * meanwhile (declared stale by another process) rolls it back.
 */

export const STOPPED_WHILE_CHECKING =
  'Pemrosesan berkas terhenti sebelum selesai (server dimulai ulang atau mengalami gangguan). Tidak ada data yang diterapkan; silakan unggah ulang berkas.';
export const STOPPED_WHILE_APPLYING =
  'Penerapan baris yang valid terhenti sebelum selesai (server dimulai ulang atau mengalami gangguan). Tidak ada data yang diterapkan; silakan coba lagi.';
const FAILED_WHILE_CHECKING =
  'Terjadi gangguan pada server saat memproses berkas. Tidak ada data yang diterapkan; silakan unggah ulang berkas atau hubungi Admin Dukcapil.';
const FAILED_WHILE_APPLYING =
  'Terjadi gangguan pada server saat menerapkan baris yang valid. Tidak ada data yang diterapkan; silakan coba lagi.';
export const SHUTTING_DOWN =
  'Server dihentikan saat berkas diproses. Tidak ada data yang diterapkan; silakan unggah ulang berkas.';

export type CheckJob = {
  readonly kind: 'CHECK';
  readonly id: number;
  readonly caller: AgencyCaller;
  readonly format: UploadFormat;
  /** Dropped once read, so that a large file is not held while it is checked. */
  bytes: Buffer | null;
};
export type ApplyJob = {
  readonly kind: 'APPLY_VALID';
  readonly id: number;
  readonly caller: AgencyCaller;
};
export type Job = CheckJob | ApplyJob;

/** Thrown inside a transaction whose upload was moved on meanwhile: roll it back. */
export class UploadMovedOn extends Error {}

/**
 * How a job that did not finish ends, by why: a file not checked fails; valid rows not
 * applied go back to await the agency's decision. Nothing was applied either way.
 */
const UNFINISHED = {
  /** The server shuts down: a job still queued is dropped. */
  SHUTDOWN: {
    checkingFrom: ['MENUNGGU'],
    checking: SHUTTING_DOWN,
    applying: STOPPED_WHILE_APPLYING,
  },
  /** The job failed unexpectedly, wherever it was. */
  FAILURE: {
    checkingFrom: ['MENUNGGU', 'MEMBACA', 'MEMERIKSA'],
    checking: FAILED_WHILE_CHECKING,
    applying: FAILED_WHILE_APPLYING,
  },
} as const;

/** Ends a job that did not finish (see UNFINISHED); its upload says why. */
export async function endUnfinishedJob(
  deps: Deps,
  job: Job,
  why: keyof typeof UNFINISHED,
): Promise<void> {
  const end = UNFINISHED[why];
  if (job.kind === 'CHECK') {
    await transitionUpload(deps.db, job.id, [...end.checkingFrom], {
      status: 'GAGAL',
      problem: end.checking,
      finished_at: deps.clock(),
    });
  } else {
    await transitionUpload(deps.db, job.id, ['MENERAPKAN'], {
      status: 'DITOLAK',
      problem: end.applying,
    });
  }
}

/**
 * Reads the file with its progress on the upload, checks every row, and applies the whole
 * file when every row is valid. Otherwise nothing is applied: the refused rows are kept to
 * be shown, the valid ones to wait for the agency's decision. `stopped` ends the reading
 * with its problem once the server shuts down.
 */
export async function checkUpload(
  deps: Deps,
  job: CheckJob,
  stopped: () => string | undefined,
): Promise<void> {
  const { db } = deps;
  const { id, caller } = job;
  const schema = requireSchema(caller);
  if (!(await transitionUpload(db, id, ['MENUNGGU'], { status: 'MEMBACA' }))) return;
  const bytes = job.bytes!;
  job.bytes = null;
  const reading = await readDataBalikanFile(job.format, bytes, schema, {
    onProgress: async (line) => {
      await transitionUpload(db, id, ['MEMBACA'], {
        line_read: line,
        heartbeat_at: deps.clock(),
      });
    },
    stopped,
  });
  if (!reading.ok) {
    await transitionUpload(db, id, ['MEMBACA'], {
      status: 'GAGAL',
      problem: reading.problem,
      finished_at: deps.clock(),
    });
    return;
  }
  const { records } = reading;
  const counted = await transitionUpload(db, id, ['MEMBACA'], {
    status: 'MEMERIKSA',
    line_read: reading.lastLine,
    received: records.length,
  });
  if (!counted) return;

  await db.transaction().execute(async (trx) => {
    const result = await submitDataBalikan(deps, caller, 'BERKAS', records, 'SEMUA', {
      transaction: trx,
    });
    const now = deps.clock();
    const counts = {
      received: result.received,
      acceptable: result.acceptable,
      refused: result.refused.length,
      added: result.added,
      corrected: result.corrected,
      unchanged: result.unchanged,
      finished_at: now,
    };
    if (result.applied) {
      const moved = await transitionUpload(trx, id, ['MEMERIKSA'], {
        ...counts,
        status: 'DITERAPKAN',
        applied_mode: 'SEMUA',
        applied_by: caller.id,
        applied_at: now,
      });
      if (!moved) throw new UploadMovedOn();
      return;
    }
    const refusedLines = new Set(result.refused.map((r) => r.line));
    const rows: StagedRow[] = [];
    for (const record of records) {
      if (!refusedLines.has(record.line)) {
        rows.push({ line: record.line, nik: String(record.nik), fields: record.values });
      }
    }
    for (const refused of result.refused) rows.push(refused);
    await insertUploadRows(trx, id, rows);
    const moved = await transitionUpload(trx, id, ['MEMERIKSA'], {
      ...counts,
      status: 'DITOLAK',
    });
    if (!moved) throw new UploadMovedOn();
  });
}

/** Applies the valid rows kept from a checked file, in one transaction, as the agency chose. */
export async function applyValidRows(deps: Deps, job: ApplyJob): Promise<void> {
  const { db } = deps;
  const { id, caller } = job;
  const upload = await findUpload(db, id);
  if (!upload || upload.status !== 'MENERAPKAN') return;
  const valid = await findValidRows(db, id);
  const records: IncomingRecord[] = valid.map((row) => ({
    line: row.line,
    nik: row.nik,
    values: row.fields,
  }));
  await db.transaction().execute(async (trx) => {
    const result = await submitDataBalikan(deps, caller, 'BERKAS', records, 'YANG_VALID', {
      transaction: trx,
    });
    await deleteValidRows(trx, id);
    // Rows valid when the file was checked but refused now (the schema or the agreement
    // changed meanwhile) join the refused ones.
    await insertUploadRows(trx, id, result.refused);
    const now = deps.clock();
    const moved = await transitionUpload(trx, id, ['MENERAPKAN'], {
      status: 'DITERAPKAN',
      applied_mode: 'YANG_VALID',
      applied_by: caller.id,
      applied_at: now,
      acceptable: result.acceptable,
      refused: (upload.refused ?? 0) + result.refused.length,
      added: result.added,
      corrected: result.corrected,
      unchanged: result.unchanged,
      problem: null,
    });
    if (!moved) throw new UploadMovedOn();
  });
}
