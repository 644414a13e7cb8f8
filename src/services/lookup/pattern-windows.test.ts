import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeAgency, makeAgreement, makeResident } from '../../../test/factories.js';
import {
  lookupAs,
  lookupsOf,
  makeOperator,
  makeTestResidents,
  TestClock,
  testNik,
} from '../../../test/oversight.js';
import { decodeWindow, WINDOW_ENTRIES, windowEntry } from '../../store/pattern-window.js';
import { sealAll } from '../audit-seal/sealer.js';
import { makeDeps, type Deps } from '../deps.js';
import { followSealedTrail, loadPatternWindows, PatternWindows } from './pattern-windows.js';

/**
 * The input-pattern policy's windows in a server process's memory, on a real engine: what a
 * lookup appends is exactly the audit row it wrote (id, time, NIK, user, answer), a window
 * keeps the latest 30, a process starting reads the same windows from the audit trail, and a
 * second process on the same database takes the first one's lookups from the sealed trail.
 */
const clock = new TestClock(new Date('2026-11-24T02:00:00Z'));
const settings = { tokenTtlSeconds: 86_400, sessionTtlSeconds: 3600 };

let t: TestDatabase;
let deps: Deps;
let agency: { id: number; code: string };

/** Another server process on the same database: deps of its own, so windows of its own. */
const anotherProcess = () =>
  makeDeps(settings, t.db, { clock: clock.now, auditKey: Buffer.alloc(32, 7) });

const audited = async (userIds: number[]) =>
  (await Promise.all(userIds.map((id) => lookupsOf(t.db, id))))
    .flat()
    .map((l) => ({ ...l, nik: l.nik !== null && /^\d{16}$/.test(l.nik) ? l.nik : null }))
    .sort((a, b) => a.auditId - b.auditId);

beforeAll(async () => {
  t = await createTestDatabase();
  deps = anotherProcess();
  agency = await makeAgency(t.db);
  await makeAgreement(t.db, agency.code);
  await makeTestResidents(t.db, 6);
}, 60_000);

afterAll(() => t.drop());

describe('pattern windows of a server process', { timeout: 120_000 }, () => {
  let first: { id: number; token: string };
  let second: { id: number; token: string };

  it('hold exactly the audit rows of the latest 30 lookups, per user and per agency', async () => {
    first = await makeOperator(deps, agency.code);
    second = await makeOperator(deps, agency.code);
    // Found, not found (a NIK of no resident), and a typo that is not a NIK.
    const typed = (i: number) =>
      i % 7 === 3 ? '33030A' : i % 5 === 0 ? '3303011204890999' : testNik((i % 6) + 1);
    for (let i = 0; i < 36; i++) await lookupAs(deps, clock, first.token, typed(i));
    for (let i = 0; i < 4; i++) await lookupAs(deps, clock, second.token, typed(i));

    const userWindow = decodeWindow(deps.patternWindows.user(first.id));
    expect(userWindow).toHaveLength(WINDOW_ENTRIES);
    expect(userWindow).toEqual((await audited([first.id])).slice(-WINDOW_ENTRIES));
    expect(new Set(userWindow.map((l) => l.responseCode))).toEqual(
      new Set(['DITEMUKAN', 'TIDAK_DITEMUKAN', 'FORMAT_SALAH']),
    );
    expect(decodeWindow(deps.patternWindows.agency(agency.id))).toEqual(
      (await audited([first.id, second.id])).slice(-WINDOW_ENTRIES),
    );
  });

  it('are read from the audit trail as they were kept, when a process starts', async () => {
    const starting = anotherProcess();
    expect(await loadPatternWindows(starting)).toMatchObject({ windows: 3 });
    for (const id of [first.id, second.id]) {
      expect(decodeWindow(starting.patternWindows.user(id))).toEqual(
        decodeWindow(deps.patternWindows.user(id)),
      );
    }
    expect(decodeWindow(starting.patternWindows.agency(agency.id))).toEqual(
      decodeWindow(deps.patternWindows.agency(agency.id)),
    );
  });

  it("take another process's lookups from the sealed trail, once each, and judge them with their own", async () => {
    const sequential = (n: number) => `330305470390000${n}`;
    for (let n = 1; n <= 4; n++) await makeResident(t.db, { nik: sequential(n) });
    await sealAll(deps);
    const other = anotherProcess();
    const { from } = await loadPatternWindows(other);
    const errors: string[] = [];
    const feed = followSealedTrail(other, {
      from,
      intervalMs: 3_600_000, // turned by hand below
      log: { error: (message) => errors.push(message) },
    });
    try {
      const operator = await makeOperator(deps, agency.code);
      // Three NIKs in a row through the first process: not yet a run (4 make one).
      for (let n = 1; n <= 3; n++) {
        const answer = await lookupAs(deps, clock, operator.token, sequential(n));
        expect(answer).toMatchObject({ code: 'DITEMUKAN' });
        expect(answer.warning).toBeUndefined();
      }
      // Not sealed yet: the other process has not seen them.
      expect(await feed.turn()).toBe(0);
      expect(other.patternWindows.user(operator.id)).toBeUndefined();

      await sealAll(deps);
      expect(await feed.turn()).toBe(3);
      expect(decodeWindow(other.patternWindows.user(operator.id))).toEqual(
        await audited([operator.id]),
      );
      expect(decodeWindow(other.patternWindows.agency(agency.id))).toEqual(
        decodeWindow(deps.patternWindows.agency(agency.id)),
      );
      // Read again: nothing new, nothing twice.
      expect(await feed.turn()).toBe(0);
      expect(decodeWindow(other.patternWindows.user(operator.id))).toHaveLength(3);

      // The fourth in a row, through the other process: the run of four is found there.
      const fourth = await lookupAs(other, clock, operator.token, sequential(4));
      expect(fourth).toMatchObject({ code: 'DITEMUKAN' });
      expect(fourth.warning).toContain('(NIK berurutan)');
      // Its own lookup, once sealed, is not fetched back: it is in its windows already.
      const before = decodeWindow(other.patternWindows.user(operator.id));
      await sealAll(deps);
      expect(await feed.turn()).toBe(0);
      expect(decodeWindow(other.patternWindows.user(operator.id))).toEqual(before);
      expect(before.map((l) => l.auditId)).toEqual(
        (await audited([operator.id])).map((l) => l.auditId),
      );
      expect(errors).toEqual([]);
    } finally {
      await feed.stop();
    }
  });
});

describe('a window in memory', () => {
  const fields = (auditId: number, userId = 1) => ({
    auditId,
    atMs: Date.UTC(2026, 10, 24, 2) + auditId * 1000,
    nik: `3303011204890${String(auditId % 1000).padStart(3, '0')}`,
    userId,
    responseCode: 'DITEMUKAN',
  });
  const entry = (auditId: number, userId = 1) => windowEntry(fields(auditId, userId));
  const ids = (window: Buffer | undefined) => decodeWindow(window).map((l) => l.auditId);

  it("keeps this process's lookups in the order answered, the latest 30", () => {
    const windows = new PatternWindows();
    for (let id = 1; id <= 35; id++) windows.appendOwn(1, 9, fields(id));
    // Answered out of id order (two lookups in flight): the one answered last is last.
    windows.appendOwn(1, 9, fields(37));
    windows.appendOwn(1, 9, fields(36));
    expect(ids(windows.user(1))).toEqual([...range(8, 35), 37, 36]);
    expect(ids(windows.agency(9))).toEqual(ids(windows.user(1)));
  });

  it("puts another process's lookups in id order, once, and not below a full window", () => {
    const windows = new PatternWindows();
    for (const id of [10, 20, 30]) windows.appendOwn(1, 9, fields(id));
    windows.merge(1, 9, entry(25, 1));
    windows.merge(1, 9, entry(5, 1));
    windows.merge(1, 9, entry(40, 1));
    windows.merge(1, 9, entry(20, 1)); // its own, read back from the trail
    expect(ids(windows.user(1))).toEqual([5, 10, 20, 25, 30, 40]);
    const full = new PatternWindows();
    for (let id = 101; id <= 130; id++) full.appendOwn(2, 9, fields(id, 2));
    full.merge(2, 9, entry(100, 2)); // older than all 30: it would fall off at once
    full.merge(2, 9, entry(115, 2)); // already there
    full.merge(2, 9, entry(131, 2));
    expect(ids(full.user(2))).toEqual(range(102, 131));
  });

  it('drops the windows used least recently beyond its limit', () => {
    const windows = new PatternWindows(10);
    for (let user = 1; user <= 10; user++) windows.appendOwn(user, 9, fields(user, user));
    windows.appendOwn(1, 9, fields(11, 1)); // user 1 used again: user 2 is now the least recent
    windows.appendOwn(11, 9, fields(12, 11));
    expect(windows.size).toEqual({ users: 10, agencies: 1 });
    expect(windows.user(2)).toBeUndefined();
    expect(ids(windows.user(1))).toEqual([1, 11]);
    expect(ids(windows.user(11))).toEqual([12]);
  });

  it('loads a window read from the trail, or merges it into one it holds', () => {
    const windows = new PatternWindows();
    windows.load('U', 1, Buffer.concat([entry(3), entry(5)]));
    windows.appendOwn(1, 9, fields(8));
    windows.load('U', 1, Buffer.concat([entry(5), entry(6)]));
    expect(ids(windows.user(1))).toEqual([3, 5, 6, 8]);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
