import {
  checkpointSignedBy,
  parseCheckpoint,
  type AuditVerifier,
  type SignedCheckpoint,
} from '../../domain/audit-seal/checkpoint.js';
import { hashLeafRow, leafFormat } from '../../domain/audit-seal/leaf.js';
import {
  appendLeaf,
  EMPTY_FRONTIER,
  frontierRoot,
  type Frontier,
} from '../../domain/audit-seal/merkle.js';
import {
  countLeaves,
  insertVerification,
  listCheckpoints,
  readLeaves,
  unsealedBacklog,
  type CheckpointRow,
} from '../../store/audit-seal.js';
import type { Deps } from '../deps.js';
import { recordedVerifiers } from './keys.js';

/**
 * How far before the previous seal a row's time may lie when it is sealed. A row is written
 * with the time of its request and sealed within a second; only a transaction longer than
 * this could legitimately seal later. A row older than that, sealed late or not sealed at
 * all, was inserted or back-dated afterwards.
 */
export const LATE_MARGIN_MS = 10 * 60_000;

const PAGE = 10_000;

export type BreakKind =
  | 'TANDA_TANGAN'
  | 'CHECKPOINT'
  | 'POSISI'
  | 'BARIS_DIHAPUS'
  | 'BARIS_DIUBAH'
  | 'BERTANGGAL_MUNDUR'
  | 'AKAR_BERBEDA'
  | 'EKOR_TERPOTONG'
  | 'TIDAK_TERSEGEL'
  | 'CHECKPOINT_LUAR';

/** Where the trail stops being what was sealed: the first break found, in log order. */
export interface TrailBreak {
  readonly kind: BreakKind;
  /** Bahasa Indonesia, for the officer and the ministry. */
  readonly message: string;
  /** The first leaf position that cannot be trusted; for a root mismatch, the batch. */
  readonly position?: number;
  readonly positionTo?: number;
  readonly source?: string;
  readonly sourceId?: number;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly size: number;
  readonly checkpoints: number;
  readonly latest?: { readonly size: number; readonly rootHash: string; readonly sealedAt: Date };
  readonly broken?: TrailBreak;
  /** Rows not sealed yet and young enough to be waiting for the sealer (not a break). */
  readonly awaitingSeal: number;
  readonly durationMs: number;
}

export interface VerifyOptions {
  /** Public keys to trust; default: the keys the database records (weaker: say so). */
  readonly verifiers?: readonly AuditVerifier[];
  /** A checkpoint kept outside the database (`--checkpoint FILE`), as printed. */
  readonly externalCheckpoint?: string;
  /**
   * A checkpoint as an agency's usage report prints it (issue 10 item 2): log size and root
   * hash, signed on paper by the head rather than with the log's key. The log at that size
   * must have that root.
   */
  readonly reportCheckpoint?: { readonly size: number; readonly rootHash: Buffer };
  /** Record the run in audit_verification (the CLI does; tests that tamper do not). */
  readonly record?: boolean;
}

const describeRow = (source: string, id: number) => `${source} id ${id}`;

function checkCheckpoint(
  row: CheckpointRow,
  previous: CheckpointRow | undefined,
  verifiers: readonly AuditVerifier[],
): TrailBreak | undefined {
  const parsed = parseCheckpoint(row.note);
  const at = { position: previous?.size ?? 0, positionTo: row.size - 1 };
  if (!parsed.ok) {
    return {
      kind: 'CHECKPOINT',
      message: `Checkpoint ukuran ${row.size}: ${parsed.problem}`,
      ...at,
    };
  }
  const note = parsed.checkpoint;
  if (!verifiers.some((key) => checkpointSignedBy(note, key))) {
    return {
      kind: 'TANDA_TANGAN',
      message: `Tanda tangan checkpoint ukuran ${row.size} tidak sah untuk kunci publik yang dipercaya`,
      ...at,
    };
  }
  if (note.size !== row.size || !note.rootHash.equals(row.rootHash)) {
    return {
      kind: 'CHECKPOINT',
      message: `Checkpoint ukuran ${row.size}: isi catatan bertanda tangan berbeda dari kolomnya`,
      ...at,
    };
  }
  if (previous && row.sealedAt.getTime() < previous.sealedAt.getTime()) {
    return {
      kind: 'CHECKPOINT',
      message: `Checkpoint ukuran ${row.size} bertanggal sebelum checkpoint sebelumnya`,
      ...at,
    };
  }
  return undefined;
}

/**
 * Recomputes the whole trail from the rows as they are now: each leaf's hash from its row,
 * the tree from those hashes, each checkpoint's root and signature, and the rows no seal
 * covers. Reports the first place it breaks. Streams the leaves, so memory stays flat.
 */
export async function verifyAuditTrail(
  deps: Deps,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const started = Date.now();
  const verifiers = options.verifiers ?? (await recordedVerifiers(deps));
  let external: SignedCheckpoint | undefined;
  let broken: TrailBreak | undefined;
  if (options.externalCheckpoint !== undefined) {
    const parsed = parseCheckpoint(options.externalCheckpoint);
    if (!parsed.ok) {
      broken = { kind: 'CHECKPOINT_LUAR', message: `Checkpoint yang diberikan: ${parsed.problem}` };
    } else if (!verifiers.some((key) => checkpointSignedBy(parsed.checkpoint, key))) {
      broken = {
        kind: 'TANDA_TANGAN',
        message:
          'Tanda tangan checkpoint yang diberikan tidak sah untuk kunci publik yang dipercaya',
      };
    } else {
      external = parsed.checkpoint;
    }
  }

  const expected: { size: number; rootHash: Buffer } | undefined =
    external ?? options.reportCheckpoint;
  let frontier: Frontier = EMPTY_FRONTIER;
  let externalRoot: Buffer | undefined;
  let checkpointCount = 0;
  let previous: CheckpointRow | undefined;
  let latest: CheckpointRow | undefined;
  let pending: CheckpointRow[] = [];
  let checkpointsDone = false;
  const nextCheckpoint = async (): Promise<CheckpointRow | undefined> => {
    if (pending.length === 0 && !checkpointsDone) {
      pending = await listCheckpoints(deps.db, latest?.size ?? 0, PAGE);
      if (pending.length < PAGE) checkpointsDone = true;
    }
    return pending[0];
  };

  /** Compares the tree at a checkpoint's size with it; moves on to the next checkpoint. */
  const closeCheckpoints = async (): Promise<TrailBreak | undefined> => {
    for (
      let next = await nextCheckpoint();
      next && next.size <= frontier.size;
      next = await nextCheckpoint()
    ) {
      pending.shift();
      if (next.size < frontier.size) {
        return {
          kind: 'CHECKPOINT',
          message: `Checkpoint ukuran ${next.size} tidak berurutan`,
          position: next.size,
        };
      }
      const problem = checkCheckpoint(next, previous, verifiers);
      if (problem) return problem;
      if (!frontierRoot(frontier).equals(next.rootHash)) {
        return {
          kind: 'AKAR_BERBEDA',
          message:
            `Hash akar log pada ukuran ${next.size} berbeda dari checkpoint bertanda tangan: ` +
            `isi, urutan atau jumlah leaf berubah di antara posisi ${previous?.size ?? 0} dan ${next.size - 1}`,
          position: previous?.size ?? 0,
          positionTo: next.size - 1,
        };
      }
      checkpointCount += 1;
      previous = next;
      latest = next;
    }
    return undefined;
  };

  for (let from = 0; !broken;) {
    const leaves = await readLeaves(deps.db, from, PAGE);
    for (const leaf of leaves) {
      const at = { position: leaf.position, source: leaf.source, sourceId: leaf.sourceId };
      if (leaf.position !== frontier.size) {
        broken = {
          kind: 'POSISI',
          message: `Leaf di posisi ${frontier.size} hilang atau tersisip: posisi berikutnya yang tersimpan ${leaf.position}`,
          position: frontier.size,
        };
        break;
      }
      if (!leaf.row) {
        broken = {
          kind: 'BARIS_DIHAPUS',
          message: `Baris ${describeRow(leaf.source, leaf.sourceId)} (posisi ${leaf.position}) telah dihapus`,
          ...at,
        };
        break;
      }
      // A row sealed in another format than its columns now call for (a detail added or
      // taken away) has been changed, whatever its hash.
      const hash = leaf.format === leafFormat(leaf.row) ? hashLeafRow(leaf.row) : undefined;
      if (!hash?.equals(leaf.leafHash)) {
        broken = {
          kind: 'BARIS_DIUBAH',
          message: `Baris ${describeRow(leaf.source, leaf.sourceId)} (posisi ${leaf.position}) telah diubah setelah disegel`,
          ...at,
        };
        break;
      }
      const sealedBefore = previous?.sealedAt.getTime();
      if (
        sealedBefore !== undefined &&
        leaf.at &&
        leaf.at.getTime() < sealedBefore - LATE_MARGIN_MS
      ) {
        broken = {
          kind: 'BERTANGGAL_MUNDUR',
          message:
            `Baris ${describeRow(leaf.source, leaf.sourceId)} (posisi ${leaf.position}) bertanggal ` +
            `${leaf.at.toISOString()}, jauh sebelum segel sebelumnya: disisipkan atau dimundurkan tanggalnya`,
          ...at,
        };
        break;
      }
      frontier = appendLeaf(frontier, hash);
      if (expected && frontier.size === expected.size) externalRoot = frontierRoot(frontier);
      broken = await closeCheckpoints();
      if (broken) break;
    }
    if (leaves.length < PAGE) break;
    from = frontier.size;
  }

  if (!broken) {
    const extra = await nextCheckpoint();
    if (extra) {
      broken = {
        kind: 'EKOR_TERPOTONG',
        message:
          `Checkpoint mencatat ${extra.size} leaf, tetapi log hanya memuat ${frontier.size}: ` +
          `leaf sesudah posisi ${(latest?.size ?? 0) - 1} dihapus atau ekor log terpotong`,
        position: latest?.size ?? 0,
        positionTo: extra.size - 1,
      };
    } else if (frontier.size > (latest?.size ?? 0)) {
      // Leaves beyond the last checkpoint: a seal cut short, or leaves added by hand.
      broken = {
        kind: 'CHECKPOINT',
        message: `Leaf di posisi ${latest?.size ?? 0}–${frontier.size - 1} tidak tercakup checkpoint bertanda tangan`,
        position: latest?.size ?? 0,
      };
    }
  }
  if (!broken && expected) {
    const ours = latest ? parseCheckpoint(latest.note) : undefined;
    const where = external
      ? 'checkpoint yang disimpan di luar'
      : 'checkpoint yang tercantum dalam laporan';
    if (external && ours?.ok && ours.checkpoint.origin !== external.origin) {
      broken = {
        kind: 'CHECKPOINT_LUAR',
        message: 'Checkpoint yang diberikan berasal dari log lain',
      };
    } else if (expected.size > frontier.size) {
      broken = {
        kind: 'EKOR_TERPOTONG',
        message: `${where[0]!.toUpperCase()}${where.slice(1)} mencatat ${expected.size} leaf, tetapi log hanya memuat ${frontier.size}: ekor log terpotong`,
        position: frontier.size,
      };
    } else if (!externalRoot?.equals(expected.rootHash)) {
      broken = {
        kind: 'CHECKPOINT_LUAR',
        message: `Log pada ukuran ${expected.size} berbeda dari ${where}`,
        positionTo: expected.size - 1,
      };
    }
  }

  let awaitingSeal = 0;
  if (!broken) {
    const backlog = await unsealedBacklog(deps.db);
    awaitingSeal = backlog.count;
    if (
      latest &&
      backlog.oldest &&
      backlog.oldest.getTime() < latest.sealedAt.getTime() - LATE_MARGIN_MS
    ) {
      broken = {
        kind: 'TIDAK_TERSEGEL',
        message:
          `Ada baris bertanggal ${backlog.oldest.toISOString()} yang tidak tersegel, padahal segel ` +
          `terakhir jauh sesudahnya: baris disisipkan atau dimundurkan tanggalnya`,
      };
    }
  }

  const report: VerifyReport = {
    ok: broken === undefined,
    size: frontier.size,
    checkpoints: checkpointCount,
    ...(latest
      ? {
          latest: {
            size: latest.size,
            rootHash: latest.rootHash.toString('hex'),
            sealedAt: latest.sealedAt,
          },
        }
      : {}),
    ...(broken ? { broken } : {}),
    awaitingSeal,
    durationMs: Date.now() - started,
  };
  if (options.record) {
    await insertVerification(deps.db, {
      at: deps.clock(),
      ok: report.ok,
      size: broken ? await countLeaves(deps.db) : report.size,
      problem: broken?.message ?? null,
      durationMs: report.durationMs,
    });
  }
  return report;
}
