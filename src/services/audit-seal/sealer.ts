import { signCheckpoint } from '../../domain/audit-seal/checkpoint.js';
import type { SealSource } from '../../domain/audit-seal/leaf.js';
import { appendLeaves, EMPTY_FRONTIER, frontierRoot } from '../../domain/audit-seal/merkle.js';
import {
  appendSeal,
  findUnsealedRows,
  readSealState,
  type IdRange,
  trySealerLock,
  type Snapshot,
  type UnsealedRow,
} from '../../store/audit-seal.js';
import type { Deps } from '../deps.js';
import { inTransaction } from '../agreements/transactions.js';
import { auditSigner, type AuditSigner } from './keys.js';

/** Rows sealed in one transaction at most; a longer backlog is sealed in several. */
const BATCH = 5_000;
/**
 * How far below the highest sealed id a turn looks while it knows no settled floor (below).
 * A row commits a little after its id is drawn; one whose transaction outlives this margin is
 * found by the wider sweep.
 */
const LOOKBACK_IDS = 2_000;
/**
 * Once a minute a sweep looks this far back, for rows of long transactions that committed
 * below the settled floor. Bounded, so that its cost does not grow with the trail (a sweep of
 * 1.16 million rows took 1.8 s and held the seal back); a process's first turn looks at every
 * row once.
 */
export const SWEEP_IDS = 200_000;
export const SWEEP_MS = 60_000;
/**
 * A sweep is spread over turns, this many ids of each table per turn (40 turns, ten seconds,
 * for a whole sweep): probing all 200,000 in one turn took 0.43 s on PostgreSQL and 143 ms on
 * the embedded database, which runs one statement at a time, so every lookup arriving then
 * waited behind it — the tail of the embedded database's latency.
 */
export const SWEEP_SLICE_IDS = 5_000;

type Ids = Readonly<Record<SealSource, number>>;
const SOURCES: readonly SealSource[] = ['audit_log', 'admin_action'];

/**
 * What this sealer knows between turns. A turn that sealed every row it could see knows that
 * no row at or below the highest ids it saw is left unsealed, except rows of transactions
 * still running then (their ids were drawn, their rows not yet visible): it keeps those ids
 * as `pending` with the snapshot's xmax. Once the oldest running transaction is past that
 * xmax, every such transaction has ended, and the next turn that again seals all it sees has
 * sealed their rows too: the ids become the `settled` floor, and later turns look only above
 * it — instead of probing the last LOOKBACK_IDS sealed rows on every turn, which was most of
 * the sealer's cost under load. (A transaction that drew an id before it had a transaction id
 * of its own could slip past this; the minutely sweep still finds its row.)
 */
export interface SealerCursor {
  /** When the last sweep began (Date.now()); −∞ before the process's first turn. */
  lastSweep: number;
  /** The sweep in progress: each table's ids above `next` and up to `end` are still to probe. */
  sweep: { readonly next: Ids; readonly end: Ids } | undefined;
  settled: Ids | undefined;
  pending: { readonly ids: Ids; readonly xmax: bigint } | undefined;
}

export const freshCursor = (): SealerCursor => ({
  lastSweep: Number.NEGATIVE_INFINITY,
  sweep: undefined,
  settled: undefined,
  pending: undefined,
});

export interface SealResult {
  /** Rows sealed by this call (0 when there was nothing, or another process held the turn). */
  readonly sealed: number;
  /** The log's size after the call (0 when another process held the turn and none existed). */
  readonly size: number;
}

const byTable = (value: (source: SealSource) => number): Ids => ({
  audit_log: value('audit_log'),
  admin_action: value('admin_action'),
});

const byTimeThenSource = (a: UnsealedRow, b: UnsealedRow) =>
  a.atMs - b.atMs || (a.source === b.source ? 0 : a.source < b.source ? -1 : 1) || a.id - b.id;

/**
 * After a turn that sealed all it saw: the pending ids settle once every transaction that was
 * running when they were seen has ended; then the ids of this turn wait in their place.
 */
function settle(cursor: SealerCursor, snapshot: Snapshot, seen: Ids): void {
  if (cursor.pending && snapshot.xmin >= cursor.pending.xmax) {
    cursor.settled = cursor.pending.ids;
    cursor.pending = undefined;
  }
  cursor.pending ??= { ids: seen, xmax: snapshot.xmax };
}

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
  const first = cursor.lastSweep === Number.NEGATIVE_INFINITY;
  return inTransaction(deps.db, async (trx) => {
    if (!(await trySealerLock(trx))) return { sealed: 0, size: 0 };
    // From the database, not from this process's memory: another process may have sealed.
    const { snapshot, highest, latest } = await readSealState(trx);
    const floor = (source: SealSource) =>
      first ? 0 : (cursor.settled?.[source] ?? Math.max(0, highest[source] - LOOKBACK_IDS));
    if (first) cursor.lastSweep = Date.now();
    else if (!cursor.sweep && Date.now() - cursor.lastSweep >= SWEEP_MS) {
      cursor.lastSweep = Date.now();
      cursor.sweep = {
        next: byTable((source) => Math.max(0, highest[source] - SWEEP_IDS)),
        end: byTable(floor),
      };
    }
    // This turn's slice of the sweep: each table's ids above `from`, up to SWEEP_SLICE_IDS of them.
    const sweep = cursor.sweep;
    const slice = sweep && {
      from: sweep.next,
      to: byTable((source) => Math.min(sweep.end[source], sweep.next[source] + SWEEP_SLICE_IDS)),
      end: sweep.end,
    };
    // Above each table's floor, and the sweep's slice of each table: one statement.
    const sweepRanges: IdRange[] = slice
      ? SOURCES.filter((source) => slice.from[source] < slice.to[source]).map((source) => ({
          source,
          after: slice.from[source],
          upto: slice.to[source],
        }))
      : [];
    const [aboveLog, aboveAdmin, ...below] = await findUnsealedRows(
      trx,
      [
        { source: 'audit_log', after: floor('audit_log') },
        { source: 'admin_action', after: floor('admin_action') },
        ...sweepRanges,
      ],
      BATCH,
    );
    const unsealed: Record<SealSource, UnsealedRow[]> = {
      audit_log: aboveLog!,
      admin_action: aboveAdmin!,
    };
    // The slice may reach above the floor (before any id has settled): those rows are already
    // among the ones found above it.
    const swept = sweepRanges.flatMap((range, k) =>
      below[k]!.filter((row) => row.id <= floor(range.source)),
    );
    const found = [...unsealed.audit_log, ...unsealed.admin_action, ...swept];
    // Every row this turn can see above its floors and in its sweep slice is sealed by it
    // (none left for a next batch): the floors may settle and the sweep moves on.
    if (found.length < BATCH) {
      const seen = (source: SealSource) =>
        unsealed[source].reduce((most, row) => Math.max(most, row.id), highest[source]);
      settle(cursor, snapshot, byTable(seen));
      if (slice) {
        const done = SOURCES.every((source) => slice.to[source] >= slice.end[source]);
        cursor.sweep = done ? undefined : { next: slice.to, end: slice.end };
      }
    }
    const size = latest?.size ?? 0;
    if (found.length === 0) return { sealed: 0, size };
    const rows = found.sort(byTimeThenSource).slice(0, BATCH);
    const frontier = appendLeaves(
      latest ? { size: latest.size, subtrees: latest.frontier } : EMPTY_FRONTIER,
      rows.map((row) => row.leafHash),
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
    await appendSeal(
      trx,
      size,
      rows.map((row) => ({
        source: row.source,
        sourceId: row.id,
        format: row.format,
        leafHash: row.leafHash,
      })),
      {
        size: signed.size,
        rootHash: signed.rootHash,
        sealedAt: signed.sealedAt,
        keyId: signer.keyId,
        note: signed.text,
        frontier: [...frontier.subtrees],
      },
    );
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
