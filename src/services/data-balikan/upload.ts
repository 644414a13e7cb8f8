import {
  deleteUploadRows,
  expireUploads,
  findRefusedRows,
  findUpload,
  insertUpload,
  listUploads,
  settleStaleUploads,
  touchUploads,
  transitionUpload,
  type UploadRow,
} from '../../store/data-balikan-upload.js';
import type { AgencyCaller } from './sender.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { identifyUpload, type UploadFormat } from './file-type.js';
import { requireSchema } from './submission.js';
import {
  applyValidRows,
  checkUpload,
  endUnfinishedJob,
  SHUTTING_DOWN,
  STOPPED_WHILE_APPLYING,
  STOPPED_WHILE_CHECKING,
  UploadMovedOn,
  type Job,
} from './upload-jobs.js';

/**
 * Return data by file upload on the portal (issue 4, channel 3b). The upload is answered at
 * once; the file is read, checked and applied in the background, one file at a time per
 * server process, with its progress on the upload's row. Every row valid: the whole file is
 * applied in one transaction. Otherwise nothing is applied; the refused rows are kept to be
 * shown and the valid ones wait, for at most UPLOAD_KEPT_HOURS, for the agency to apply them
 * (again in one transaction) or discard them. A server that stops mid-way leaves nothing
 * half-applied (everything is written in the final transaction) and its upload is declared
 * failed once its heartbeat is stale.
 */

export const UPLOAD_KEPT_HOURS = 24;
/** A server process renews the heartbeat of its uploads this often… */
export const HEARTBEAT_SECONDS = 5;
/** …so one not renewed for this long has lost its process. */
export const STALE_AFTER_SECONDS = 60;
/** Files waiting per server process; each may hold up to 20 MB in memory until its turn. */
export const MAX_QUEUED = 5;
/** Refused rows shown on the page; all of them are in the downloadable CSV. */
export const REFUSED_SHOWN = 1000;

export type UploadStatus =
  | 'MENUNGGU'
  | 'MEMBACA'
  | 'MEMERIKSA'
  | 'DITOLAK'
  | 'MENERAPKAN'
  | 'DITERAPKAN'
  | 'GAGAL'
  | 'DIBATALKAN'
  | 'KEDALUWARSA';

export interface UploadSummary {
  readonly id: number;
  readonly fileName: string;
  readonly format: UploadFormat;
  readonly sizeBytes: number;
  readonly status: UploadStatus;
  readonly lineRead: number;
  readonly lineTotal: number | null;
  readonly received: number | null;
  readonly acceptable: number | null;
  readonly refused: number | null;
  readonly added: number | null;
  readonly corrected: number | null;
  readonly unchanged: number | null;
  readonly appliedMode: 'SEMUA' | 'YANG_VALID' | null;
  readonly problem: string | null;
  readonly uploadedBy: string;
  readonly createdAt: Date;
  readonly finishedAt: Date | null;
  readonly appliedAt: Date | null;
  readonly expiresAt: Date;
}

export interface RefusedRow {
  readonly line: number;
  readonly nik: string;
  readonly reasons: readonly string[];
}

export interface UploadView extends UploadSummary {
  /** The first REFUSED_SHOWN refused rows, by line (empty once expired). */
  readonly refusedRows: readonly RefusedRow[];
  /** Whether the agency may still apply the valid rows (or discard them). */
  readonly decidable: boolean;
}

function summary(row: UploadRow): UploadSummary {
  return {
    id: row.id,
    fileName: row.file_name,
    format: row.format as UploadFormat,
    sizeBytes: row.size_bytes,
    status: row.status as UploadStatus,
    lineRead: row.line_read,
    lineTotal: row.line_total,
    received: row.received,
    acceptable: row.acceptable,
    refused: row.refused,
    added: row.added,
    corrected: row.corrected,
    unchanged: row.unchanged,
    appliedMode: row.applied_mode as UploadSummary['appliedMode'],
    problem: row.problem,
    uploadedBy: row.uploaded_by,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    appliedAt: row.applied_at,
    expiresAt: row.expires_at,
  };
}

export type AcceptResult =
  { readonly ok: true; readonly id: number } | { readonly ok: false; readonly refusal: Refusal };

export type DecisionResult =
  { readonly ok: true } | { readonly ok: false; readonly refusal: Refusal };

export interface DataBalikanUploads {
  /**
   * Takes a file in: refused at once when it is not a CSV/XLSX (BERKAS_KOSONG,
   * JENIS_BERKAS_DITOLAK, BERKAS_TERLALU_BESAR) or the queue is full (SIBUK), otherwise queued.
   */
  accept(
    caller: AgencyCaller,
    file: { readonly fileName: string; readonly bytes: Buffer },
  ): Promise<AcceptResult>;
  /**
   * Queues applying the valid rows of an upload that had refused ones; TIDAK_DITEMUKAN when
   * unknown or another agency's, KONFLIK when its state (or the agreement) no longer allows it.
   */
  applyValid(caller: AgencyCaller, id: number): Promise<DecisionResult>;
  /** Discards an upload awaiting a decision, with its rows; refused as applyValid is. */
  discard(caller: AgencyCaller, id: number): Promise<DecisionResult>;
  /** The upload as its agency sees it; undefined when unknown or another agency's. */
  view(agencyId: number, id: number): Promise<UploadView | undefined>;
  recent(agencyId: number, limit?: number): Promise<UploadSummary[]>;
  /** Every refused row, for the download; undefined when unknown or another agency's. */
  refusedRows(agencyId: number, id: number): Promise<RefusedRow[] | undefined>;
  /** Resolves when the upload's queued work is done, or after `ms`, whichever is first. */
  settled(id: number, ms: number): Promise<void>;
  /** Stops taking work: the current job stops at its next row or finishes its transaction. */
  close(): Promise<void>;
}

export interface UploadOptions {
  readonly log?: (message: string, error?: unknown) => void;
  readonly heartbeatSeconds?: number;
}

const refused = (code: 'TIDAK_DITEMUKAN' | 'KONFLIK' | 'SIBUK', message: string) =>
  ({ ok: false, refusal: new Refusal(code, message) }) as const;

const NOT_FOUND = 'Unggahan tidak ditemukan.';

function undecidable(upload: UploadRow): DecisionResult {
  const why: Record<string, string> = {
    MENERAPKAN: 'Baris yang valid sedang diterapkan.',
    DITERAPKAN: 'Unggahan ini sudah diterapkan.',
    DIBATALKAN: 'Unggahan ini sudah dibatalkan.',
    KEDALUWARSA: `Unggahan ini kedaluwarsa (disimpan ${UPLOAD_KEPT_HOURS} jam); silakan unggah ulang berkas.`,
  };
  return refused('KONFLIK', why[upload.status] ?? 'Unggahan ini belum selesai diperiksa.');
}

export function createDataBalikanUploads(
  deps: Deps,
  options: UploadOptions = {},
): DataBalikanUploads {
  const log = options.log ?? (() => {});
  const db = deps.db;
  /** Uploads this process holds (queued or running), and when each will be done. */
  const active = new Map<number, Promise<void>>();
  let tail: Promise<void> = Promise.resolve();
  let closing = false;
  const queued: Job[] = [];

  const heartbeat = setInterval(
    () => {
      touchUploads(db, [...active.keys()], deps.clock()).catch((error: unknown) =>
        log('detak unggahan data balikan gagal', error),
      );
    },
    (options.heartbeatSeconds ?? HEARTBEAT_SECONDS) * 1000,
  );
  heartbeat.unref();
  const housekeeping = setInterval(() => {
    tidy().catch((error: unknown) => log('pembersihan unggahan data balikan gagal', error));
  }, STALE_AFTER_SECONDS * 1000);
  housekeeping.unref();

  async function tidy(): Promise<void> {
    const now = deps.clock();
    await settleStaleUploads(db, new Date(now.getTime() - STALE_AFTER_SECONDS * 1000), now, {
      checking: STOPPED_WHILE_CHECKING,
      applying: STOPPED_WHILE_APPLYING,
    });
    await expireUploads(db, now);
  }

  const stopped = () => (closing ? SHUTTING_DOWN : undefined);

  function enqueue(job: Job): void {
    queued.push(job);
    const done = (tail = tail.then(async () => {
      queued.splice(queued.indexOf(job), 1);
      try {
        if (closing) await endUnfinishedJob(deps, job, 'SHUTDOWN');
        else if (job.kind === 'CHECK') await checkUpload(deps, job, stopped);
        else await applyValidRows(deps, job);
      } catch (error) {
        // Declared stale meanwhile: its transaction rolled back, the upload already says so.
        if (error instanceof UploadMovedOn) return;
        log('unggahan data balikan gagal diproses', error);
        await endUnfinishedJob(deps, job, 'FAILURE').catch((inner: unknown) =>
          log('status unggahan gagal dicatat', inner),
        );
      } finally {
        if (active.get(job.id) === done) active.delete(job.id);
      }
    }));
    active.set(job.id, done);
  }

  async function owned(agencyId: number, id: number): Promise<UploadRow | undefined> {
    if (!Number.isSafeInteger(id) || id < 1) return undefined;
    await tidy();
    const upload = await findUpload(db, id);
    return upload && upload.agency_id === agencyId ? upload : undefined;
  }

  return {
    async accept(caller, file) {
      requireSchema(caller);
      const identity = identifyUpload(file.fileName, file.bytes);
      if (!identity.ok) return identity;
      if (closing || queued.length >= MAX_QUEUED) {
        return refused(
          'SIBUK',
          'Server sedang memproses banyak berkas. Silakan unggah kembali beberapa menit lagi.',
        );
      }
      await tidy();
      const now = deps.clock();
      const id = await insertUpload(db, {
        agreementId: caller.agreementId,
        agencyId: caller.agencyId,
        uploadedBy: caller.id,
        fileName: file.fileName.slice(-255),
        format: identity.format,
        sizeBytes: file.bytes.length,
        lineTotal: identity.lastLine,
        now,
        expiresAt: new Date(now.getTime() + UPLOAD_KEPT_HOURS * 3600_000),
      });
      enqueue({ kind: 'CHECK', id, caller, format: identity.format, bytes: file.bytes });
      return { ok: true, id };
    },

    async applyValid(caller, id) {
      const upload = await owned(caller.agencyId, id);
      if (!upload) return refused('TIDAK_DITEMUKAN', NOT_FOUND);
      if (upload.status !== 'DITOLAK') return undecidable(upload);
      if (upload.agreement_id !== caller.agreementId) {
        return refused(
          'KONFLIK',
          'PKS instansi Anda telah berganti sejak berkas ini diunggah; silakan unggah ulang berkas.',
        );
      }
      if (!upload.acceptable) return refused('KONFLIK', 'Tidak ada baris valid untuk diterapkan.');
      // The upload stays as it is and may be applied later: a conflict of the moment (409),
      // not the full queue of a new file (SIBUK).
      if (closing || queued.length >= MAX_QUEUED) {
        return refused(
          'KONFLIK',
          'Server sedang memproses banyak berkas. Silakan coba lagi beberapa menit lagi.',
        );
      }
      const claimed = await transitionUpload(db, id, ['DITOLAK'], {
        status: 'MENERAPKAN',
        heartbeat_at: deps.clock(),
        problem: null,
      });
      if (!claimed) return undecidable((await findUpload(db, id)) ?? upload);
      enqueue({ kind: 'APPLY_VALID', id, caller });
      return { ok: true };
    },

    async discard(caller, id) {
      const upload = await owned(caller.agencyId, id);
      if (!upload) return refused('TIDAK_DITEMUKAN', NOT_FOUND);
      const discarded = await db.transaction().execute(async (trx) => {
        const moved = await transitionUpload(trx, id, ['DITOLAK'], {
          status: 'DIBATALKAN',
          finished_at: deps.clock(),
        });
        if (moved) await deleteUploadRows(trx, id);
        return moved;
      });
      return discarded ? { ok: true } : undecidable((await findUpload(db, id)) ?? upload);
    },

    async view(agencyId, id) {
      const upload = await owned(agencyId, id);
      if (!upload) return undefined;
      const refusedRows = upload.refused ? await findRefusedRows(db, id, REFUSED_SHOWN) : [];
      return {
        ...summary(upload),
        refusedRows,
        decidable: upload.status === 'DITOLAK' && (upload.acceptable ?? 0) > 0,
      };
    },

    async recent(agencyId, limit = 10) {
      await tidy();
      return (await listUploads(db, agencyId, limit)).map(summary);
    },

    async refusedRows(agencyId, id) {
      const upload = await owned(agencyId, id);
      return upload ? findRefusedRows(db, id) : undefined;
    },

    async settled(id, ms) {
      const done = active.get(id);
      if (!done) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        done,
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, ms);
        }),
      ]);
      clearTimeout(timer);
    },

    async close() {
      closing = true;
      clearInterval(heartbeat);
      clearInterval(housekeeping);
      await tail;
    },
  };
}
