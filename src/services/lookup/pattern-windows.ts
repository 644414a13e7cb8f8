import {
  ENTRY_BYTES,
  entryAuditId,
  readRecentWindows,
  readSealedAuditIds,
  readWatchedLookups,
  sealedTrailSize,
  WINDOW_BYTES,
  WINDOW_ENTRIES,
  writeEntry,
  type EntryFields,
} from '../../store/pattern-window.js';
import type { Deps } from '../deps.js';

/**
 * The input-pattern policy's windows in this server process's memory (issue 9 §2, issue 13):
 * per user and per agency, the latest WINDOW_ENTRIES watched lookups as compact entries
 * (store/pattern-window.ts). A process appends each lookup it answers before the detector
 * reads the two windows, so its own lookups are seen at once; the other processes' lookups
 * come in from the sealed audit trail a moment later (`followSealedTrail`): a process reads the
 * leaves the sealer has added since its last read, a few times a second. At start the windows
 * are read from the audit trail itself (`loadPatternWindows`), sealed or not.
 *
 * The trade, measured (BENCHMARKS.md, 2026-12-07): kept in the lookup statement as two rows
 * upserted under their locks, every process saw every lookup before its own, at +18 % of a
 * lookup's cost; here a lookup of another process reaches a window after the sealer's and this
 * feed's intervals (about half a second), so a pattern sent to two processes at once may be
 * found a few lookups later than when sent to one. A hold (BLOKIR) and the ALASAN requirement
 * are rows of the database and apply on every process at once (docs/SCALING.md).
 */
export class PatternWindows {
  private readonly users = new Map<number, Slot>();
  private readonly agencies = new Map<number, Slot>();
  /** Counts additions, so that a window's last use is known without a clock. */
  private tick = 0;
  /**
   * While the feed runs: the audit_log ids of this process's lookups it has not read back yet,
   * so that it fetches only the other processes' (with one process, nothing).
   */
  private own: Set<number> | undefined;
  /** Windows' places not in use: in slabs made SLAB_WINDOWS at a time, given back when dropped. */
  private readonly free: Slot[] = [];

  /**
   * @param limit windows kept per kind (users, agencies) at most: beyond it the tenth used
   *   least recently is dropped (a bound on memory: one window is under 1 KB).
   */
  constructor(private readonly limit = 100_000) {}

  /** This process's lookup: last in both windows (the detector reads it as the newest). */
  appendOwn(userId: number, agencyId: number, lookup: EntryFields): void {
    if (this.own) {
      // A bound, should the sealer stall: forgetting only costs a fetch of lookups held already.
      if (this.own.size >= OWN_LIMIT) this.own.clear();
      this.own.add(lookup.auditId);
    }
    const user = this.slot(this.users, userId);
    const at = append(user);
    writeEntry(user.data, at, lookup);
    const agency = this.slot(this.agencies, agencyId);
    user.data.copy(agency.data, append(agency), at, at + ENTRY_BYTES);
  }

  /**
   * Another process's lookup (or one read from the trail): in its audit_log.id place, unless
   * the window holds it already or it is older than a full window's oldest entry.
   */
  merge(userId: number, agencyId: number, entry: Buffer): void {
    insert(this.slot(this.users, userId), entry);
    insert(this.slot(this.agencies, agencyId), entry);
  }

  /**
   * A window as the audit trail holds it (up to WINDOW_ENTRIES entries in id order), for an
   * owner this process holds no window of yet; merged entry by entry otherwise.
   */
  load(scope: 'U' | 'A', ownerId: number, entries: Buffer): void {
    const map = scope === 'U' ? this.users : this.agencies;
    const known = map.has(ownerId);
    const slot = this.slot(map, ownerId);
    for (let k = 0; k < entries.length / ENTRY_BYTES; k++) {
      if (known) insert(slot, entries.subarray(k * ENTRY_BYTES, (k + 1) * ENTRY_BYTES));
      else entries.copy(slot.data, append(slot), k * ENTRY_BYTES, (k + 1) * ENTRY_BYTES);
    }
  }

  /**
   * A user's window, oldest first (undefined: no lookup of theirs known): a view of the bytes
   * the next addition changes, to be read at once (the detector is synchronous).
   */
  user(userId: number): Buffer | undefined {
    return entriesOf(this.users.get(userId));
  }

  agency(agencyId: number): Buffer | undefined {
    return entriesOf(this.agencies.get(agencyId));
  }

  /** From now on, remember this process's lookups until the feed reads them back. */
  trackOwn(): void {
    this.own ??= new Set();
  }

  /** Whether the audit row is one of this process's lookups (forgotten once asked). */
  takeOwn(auditId: number): boolean {
    return this.own?.delete(auditId) ?? false;
  }

  /** Windows held: users, agencies. */
  get size(): { readonly users: number; readonly agencies: number } {
    return { users: this.users.size, agencies: this.agencies.size };
  }

  /** The owner's window, made when new, marked as used now. */
  private slot(map: Map<number, Slot>, id: number): Slot {
    let slot = map.get(id);
    if (!slot) {
      if (map.size >= this.limit) for (const dropped of dropLeastUsed(map)) this.free.push(dropped);
      slot = this.free.pop() ?? this.slab();
      slot.count = 0;
      map.set(id, slot);
    }
    slot.used = ++this.tick;
    return slot;
  }

  /**
   * SLAB_WINDOWS places in one buffer: one returned, the others kept free. A buffer of its own
   * per window took 2.1 KB of resident memory for its 870 bytes (the allocator's share of each
   * small block), 62 MB for the bench's 28,800 windows.
   */
  private slab(): Slot {
    const slab = Buffer.allocUnsafeSlow(SLAB_WINDOWS * WINDOW_BYTES);
    const place = (k: number): Slot => ({
      data: slab.subarray(k * WINDOW_BYTES, (k + 1) * WINDOW_BYTES),
      count: 0,
      used: 0,
    });
    for (let k = SLAB_WINDOWS - 1; k > 0; k--) this.free.push(place(k));
    return place(0);
  }
}

const SLAB_WINDOWS = 1_024;

/**
 * The tenth of the windows used least recently, dropped at once: a sort per tenth of the limit
 * new windows, instead of reordering the map on every lookup (a Map's delete-and-set on every
 * lookup made it rebuild its table over and over: a tenth of the policy's cost in a profile).
 */
function dropLeastUsed(map: Map<number, Slot>): Slot[] {
  const uses = [...map.values()].map((slot) => slot.used).sort((a, b) => a - b);
  const below = uses[Math.ceil(uses.length / 10)]!;
  const dropped: Slot[] = [];
  for (const [id, slot] of map) {
    if (slot.used >= below) continue;
    map.delete(id);
    dropped.push(slot);
  }
  return dropped;
}

/**
 * A window's entries, written in place in its part of a slab: no allocation per lookup (nor
 * from Node's shared buffer pool, where each window would keep an 8 KB block alive).
 */
interface Slot {
  readonly data: Buffer;
  count: number;
  /** PatternWindows.tick when last added to. */
  used: number;
}

const entriesOf = (slot: Slot | undefined) =>
  slot && slot.count > 0 ? slot.data.subarray(0, slot.count * ENTRY_BYTES) : undefined;

/** Room for one more entry at the end (the oldest dropped when full); returns its offset. */
function append(slot: Slot): number {
  if (slot.count === WINDOW_ENTRIES) {
    slot.data.copyWithin(0, ENTRY_BYTES, WINDOW_BYTES);
    slot.count--;
  }
  return slot.count++ * ENTRY_BYTES;
}

/** `entry` in its id order, unless there already or below a full window's oldest. */
function insert(slot: Slot, entry: Buffer): void {
  const id = entryAuditId(entry, 0);
  // From the newest back: the place after the last entry with a smaller id.
  let at = slot.count;
  while (at > 0) {
    const other = entryAuditId(slot.data, at - 1);
    if (other === id) return;
    if (other < id) break;
    at--;
  }
  // This process's own entries are in the order answered, not always in id order.
  for (let k = at - 1; k >= 0; k--) if (entryAuditId(slot.data, k) === id) return;
  if (slot.count === WINDOW_ENTRIES) {
    if (at === 0) return;
    slot.data.copyWithin(0, ENTRY_BYTES, at * ENTRY_BYTES);
    slot.count--;
    at--;
  }
  slot.data.copyWithin((at + 1) * ENTRY_BYTES, at * ENTRY_BYTES, slot.count * ENTRY_BYTES);
  entry.copy(slot.data, at * ENTRY_BYTES, 0, ENTRY_BYTES);
  slot.count++;
}

/** Leaves read from the sealed trail in one query at most. */
const FEED_BATCH = 5_000;
/** This process's lookups remembered for the feed at most (PatternWindows.own). */
const OWN_LIMIT = 1_000_000;

/**
 * At server start: this process's windows from the audit trail, and the sealed trail's size
 * before they were read, from which `followSealedTrail` goes on (a lookup both read here and
 * fed later is merged once). Returns that position and the windows read.
 */
export async function loadPatternWindows(
  deps: Pick<Deps, 'db' | 'clock' | 'patternWindows'>,
): Promise<{ readonly from: number; readonly windows: number }> {
  const from = await sealedTrailSize(deps.db);
  const windows = await readRecentWindows(deps.db, deps.clock(), (page) => {
    for (const window of page)
      deps.patternWindows.load(window.scope, window.ownerId, window.entries);
  });
  return { from, windows };
}

/**
 * One read of the feed: the leaves from `from` on (at most `limit`), the other processes'
 * lookups among them fetched and put into the windows. Returns the position to go on from,
 * the lookups merged, and whether the read was full (more may follow at once).
 */
export async function readOthersLookups(
  deps: Pick<Deps, 'db' | 'patternWindows'>,
  from: number,
  limit: number,
): Promise<{ readonly next: number; readonly merged: number; readonly more: boolean }> {
  const windows = deps.patternWindows;
  const leaves = await readSealedAuditIds(deps.db, from, limit);
  const others = leaves.ids.filter((id) => !windows.takeOwn(id));
  const lookups = others.length > 0 ? await readWatchedLookups(deps.db, others) : [];
  for (const lookup of lookups) windows.merge(lookup.userId, lookup.agencyId, lookup.entry);
  return { next: leaves.next, merged: lookups.length, more: leaves.next - from === limit };
}

export interface PatternFeed {
  /** Reads what the sealer has added since the last read (the timer's turn, callable by tests). */
  readonly turn: () => Promise<number>;
  readonly stop: () => Promise<void>;
}

/**
 * The other processes' lookups into this process's windows: every `intervalMs`, the watched
 * lookups among the leaves the sealer appended since the last turn (this process's own come
 * back too and are already there). Only with several processes on one PostgreSQL database: the
 * embedded database has one process.
 */
export function followSealedTrail(
  deps: Pick<Deps, 'db' | 'patternWindows'>,
  options: { from: number; intervalMs: number; log: { error(message: string): void } },
): PatternFeed {
  let next = options.from;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;

  deps.patternWindows.trackOwn();
  const read = async (): Promise<number> => {
    let merged = 0;
    for (;;) {
      const batch = await readOthersLookups(deps, next, FEED_BATCH);
      next = batch.next;
      merged += batch.merged;
      if (!batch.more || stopped) return merged;
    }
  };
  const turn = () => (running ??= read().finally(() => (running = undefined)));
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      turn().then(schedule, (error: unknown) => {
        options.log.error(
          `Umpan jendela pola input gagal membaca jejak tersegel: ${error instanceof Error ? error.message : String(error)}`,
        );
        schedule();
      });
    }, options.intervalMs);
  };
  schedule();
  return {
    turn,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
