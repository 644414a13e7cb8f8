import { signCheckpoint } from '../../domain/audit-seal/checkpoint.js';
import { hashLeafRow, LEAF_FORMAT, type SealSource } from '../../domain/audit-seal/leaf.js';
import { appendLeaves, EMPTY_FRONTIER, frontierRoot } from '../../domain/audit-seal/merkle.js';
import {
  findLatestCheckpoint,
  findUnsealedRows,
  insertCheckpoint,
  insertLeaves,
  trySealerLock,
  type UnsealedRow,
} from '../../store/audit-seal.js';
import type { Deps } from '../deps.js';
import { inTransaction } from '../agreements/transactions.js';
import { auditSigner, type AuditSigner } from './keys.js';

/** Rows sealed in one transaction at most; a longer backlog is sealed in several. */
const BATCH = 5_000;
/**
 * How far below the highest sealed id the next look starts. A row commits a little after
 * its id is drawn; one whose transaction outlives this margin is found by the full sweep.
 */
const LOOKBACK_IDS = 2_000;
/** How often the sealer looks at every row for one sealed late (a long transaction). */
const FULL_SWEEP_MS = 60_000;

/** Where each table's next look starts; kept by one sealer between its turns. */
export interface SealerCursor {
  floors: Record<SealSource, number>;
  lastFullSweep: number;
}

export const freshCursor = (): SealerCursor => ({
  floors: { audit_log: 0, admin_action: 0 },
  lastFullSweep: Number.NEGATIVE_INFINITY,
});

export interface SealResult {
  /** Rows sealed by this call (0 when there was nothing, or another process held the turn). */
  readonly sealed: number;
  /** The log's size after the call (0 when another process held the turn and none existed). */
  readonly size: number;
}

const byTimeThenSource = (a: UnsealedRow, b: UnsealedRow) =>
  a.at.getTime() - b.at.getTime() ||
  a.leaf.source.localeCompare(b.leaf.source) ||
  a.leaf.row.id - b.leaf.row.id;

/**
 * Seals, in one transaction, the rows not sealed yet (up to a batch): appends their leaves in
 * time order and signs a checkpoint of the new size. Only one process seals at a time (an
 * advisory lock taken without waiting); a lookup never waits for the sealer, which only reads
 * the audit tables and writes its own.
 */
export async function sealPending(
  deps: Deps,
  signer: AuditSigner,
  cursor: SealerCursor = freshCursor(),
): Promise<SealResult> {
  const fullSweep = Date.now() - cursor.lastFullSweep >= FULL_SWEEP_MS;
  return inTransaction(deps.db, async (trx) => {
    if (!(await trySealerLock(trx))) return { sealed: 0, size: 0 };
    const latest = await findLatestCheckpoint(trx);
    const floors = fullSweep ? { audit_log: 0, admin_action: 0 } : cursor.floors;
    const found = [
      ...(await findUnsealedRows(trx, 'audit_log', floors.audit_log, BATCH)),
      ...(await findUnsealedRows(trx, 'admin_action', floors.admin_action, BATCH)),
    ];
    if (fullSweep) cursor.lastFullSweep = Date.now();
    const size = latest?.size ?? 0;
    if (found.length === 0) return { sealed: 0, size };
    const rows = found.sort(byTimeThenSource).slice(0, BATCH);
    const hashes = rows.map((row) => hashLeafRow(row.leaf));
    await insertLeaves(
      trx,
      rows.map((row, i) => ({
        position: size + i,
        source: row.leaf.source,
        sourceId: row.leaf.row.id,
        format: LEAF_FORMAT,
        leafHash: hashes[i]!,
      })),
    );
    const frontier = appendLeaves(
      latest ? { size: latest.size, subtrees: latest.frontier } : EMPTY_FRONTIER,
      hashes,
    );
    const signed = signCheckpoint(
      {
        origin: signer.key.name,
        size: frontier.size,
        rootHash: frontierRoot(frontier),
        sealedAt: deps.clock(),
      },
      signer.key,
    );
    await insertCheckpoint(trx, {
      size: signed.size,
      rootHash: signed.rootHash,
      sealedAt: signed.sealedAt,
      keyId: signer.keyId,
      note: signed.text,
      frontier: [...frontier.subtrees],
    });
    for (const source of ['audit_log', 'admin_action'] as const) {
      const ids = rows.filter((row) => row.leaf.source === source).map((row) => row.leaf.row.id);
      if (ids.length > 0) {
        cursor.floors[source] = Math.max(cursor.floors[source], Math.max(...ids) - LOOKBACK_IDS);
      }
    }
    return { sealed: rows.length, size: frontier.size };
  });
}

/** Seals until nothing is left (the CLI's `gerbang audit seal`, tests, a start-up catch-up). */
export async function sealAll(deps: Deps, signer?: AuditSigner): Promise<SealResult> {
  const key = signer ?? (await auditSigner(deps));
  const cursor = freshCursor();
  let sealed = 0;
  for (;;) {
    const result = await sealPending(deps, key, cursor);
    sealed += result.sealed;
    if (result.sealed < BATCH) return { sealed, size: result.size };
  }
}

export interface SealerLog {
  error(message: string): void;
}

export interface RunningSealer {
  stop(): Promise<void>;
}

/**
 * The sealer of a server process: a turn every `intervalMs` (a few times a second), the next
 * turn at once while a backlog remains. Errors are logged and the next turn tries again; the
 * rows wait, sealed late rather than lost.
 */
export function startSealer(
  deps: Deps,
  signer: AuditSigner,
  options: { readonly intervalMs: number; readonly log: SealerLog },
): RunningSealer {
  const cursor = freshCursor();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const turn = () => {
    running = sealPending(deps, signer, cursor)
      .then((result) => result.sealed >= BATCH)
      .catch((error: unknown) => {
        options.log.error(
          `Penyegel jejak audit gagal: ${error instanceof Error ? error.message : String(error)}`,
        );
        return false;
      })
      .then((more) => {
        if (!stopped) timer = setTimeout(turn, more ? 0 : options.intervalMs);
      });
  };
  timer = setTimeout(turn, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
