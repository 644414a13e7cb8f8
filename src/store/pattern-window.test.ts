import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { makeAgency, makeAgreement } from '../../test/factories.js';
import {
  lookupAs,
  lookupsOf,
  makeOperator,
  makeTestResidents,
  TestClock,
  testNik,
} from '../../test/oversight.js';
import { makeDeps, type Deps } from '../services/deps.js';
import { decodeWindow, rebuildPatternWindows, WINDOW_ENTRIES } from './pattern-window.js';

/**
 * The policy's compact windows on a real engine: what the lookup statement appends is exactly
 * the audit row it wrote (id, time, NIK, user, answer), the window keeps the latest 30, and a
 * rebuild from the audit trail (after a crash empties the UNLOGGED table) gives the same
 * windows the statement had kept.
 */
const clock = new TestClock(new Date('2026-11-24T02:00:00Z'));

let t: TestDatabase;
let deps: Deps;
let agency: { id: number; code: string };

beforeAll(async () => {
  t = await createTestDatabase();
  deps = makeDeps({ tokenTtlSeconds: 86_400, sessionTtlSeconds: 3600 }, t.db, {
    clock: clock.now,
  });
  agency = await makeAgency(t.db);
  await makeAgreement(t.db, agency.code);
  await makeTestResidents(t.db, 6);
}, 60_000);

afterAll(() => t.drop());

async function windowOf(scope: 'U' | 'A', ownerId: number) {
  const rows = await sql<{ entries: Uint8Array }>`
    SELECT entries FROM pattern_window WHERE scope = ${scope} AND owner_id = ${ownerId}`.execute(
    t.db,
  );
  return decodeWindow(rows.rows[0]?.entries);
}

describe('pattern windows', { timeout: 120_000 }, () => {
  it('holds exactly the audit rows of the latest 30 lookups, per user and per agency', async () => {
    const first = await makeOperator(deps, agency.code);
    const second = await makeOperator(deps, agency.code);
    // Found, not found (a NIK of no resident), and a typo that is not a NIK.
    const typed = (i: number) =>
      i % 7 === 3 ? '33030A' : i % 5 === 0 ? '3303011204890999' : testNik((i % 6) + 1);
    for (let i = 0; i < 36; i++) await lookupAs(deps, clock, first.token, typed(i));
    for (let i = 0; i < 4; i++) await lookupAs(deps, clock, second.token, typed(i));

    const audited = (await lookupsOf(t.db, first.id)).map((l) => ({
      ...l,
      nik: l.nik !== null && /^\d{16}$/.test(l.nik) ? l.nik : null,
    }));
    const userWindow = await windowOf('U', first.id);
    expect(userWindow).toHaveLength(WINDOW_ENTRIES);
    expect(userWindow).toEqual(audited.slice(-WINDOW_ENTRIES));
    expect(new Set(userWindow.map((l) => l.responseCode))).toEqual(
      new Set(['DITEMUKAN', 'TIDAK_DITEMUKAN', 'FORMAT_SALAH']),
    );

    const agencyWindow = await windowOf('A', agency.id);
    const both = [...audited, ...(await lookupsOf(t.db, second.id))]
      .map((l) => ({ ...l, nik: l.nik !== null && /^\d{16}$/.test(l.nik) ? l.nik : null }))
      .sort((a, b) => a.auditId - b.auditId);
    expect(agencyWindow).toEqual(both.slice(-WINDOW_ENTRIES));
  });

  it('is rebuilt from the audit trail when empty, the same as the statement kept it', async () => {
    const kept = await sql<{ scope: string; owner_id: number; entries: Uint8Array }>`
      SELECT scope, owner_id, entries FROM pattern_window ORDER BY scope, owner_id`.execute(t.db);
    expect(await rebuildPatternWindows(t.db, clock.now())).toBe(0); // not empty: untouched
    await sql`DELETE FROM pattern_window`.execute(t.db);
    expect(await rebuildPatternWindows(t.db, clock.now())).toBe(kept.rows.length);
    const rebuilt = await sql<{ scope: string; owner_id: number; entries: Uint8Array }>`
      SELECT scope, owner_id, entries FROM pattern_window ORDER BY scope, owner_id`.execute(t.db);
    expect(rebuilt.rows.map((r) => [r.scope, r.owner_id, decodeWindow(r.entries)])).toEqual(
      kept.rows.map((r) => [r.scope, r.owner_id, decodeWindow(r.entries)]),
    );
  });
});
