import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeAgency, makeAgreement } from '../../../test/factories.js';
import { lookupAs, makeOperator, TestClock } from '../../../test/oversight.js';
import { parseNik } from '../../domain/nik.js';
import { CLI_ACTOR } from '../../domain/user-scope.js';
import { childRegions } from '../../reference/regions.js';
import { makeDeps, type Deps } from '../deps.js';
import { generateResidents } from '../registry/generate.js';
import { importResidentRecords } from '../registry/import.js';
import { listHoneytokens, plantHoneytokens } from './honeytokens.js';

const NOW = new Date('2026-11-24T03:00:00Z');
const clock = new TestClock(NOW);

describe('honeytokens: made-up residents whose lookup holds the user', () => {
  let t: TestDatabase;
  let deps: Deps;

  beforeAll(async () => {
    t = await createTestDatabase();
    deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, {
      clock: clock.now,
    });
    // A register to plant among.
    await importResidentRecords(t.db, generateResidents({ count: 3000, seed: 3303 }));
  });
  afterAll(async () => {
    await t.drop();
  });

  it('plants valid NIKs of Purbalingga that no resident held, in the register and the honeytoken table', async () => {
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM resident`.execute(t.db);
    const planted = await plantHoneytokens(deps, CLI_ACTOR, { count: 5, note: 'BA 12/2026' });
    expect(new Set(planted).size).toBe(5);
    const districts = new Set(childRegions('33.03').map((r) => r.code.replaceAll('.', '')));
    for (const nik of planted) {
      const parsed = parseNik(nik, NOW);
      expect(parsed.ok, nik).toBe(true);
      expect(districts.has(nik.slice(0, 6)), nik).toBe(true);
      // Just past the serials in use for that district, birth date and sex.
      const others = await sql<{ nik: string }>`
        SELECT nik FROM resident WHERE nik LIKE ${`${nik.slice(0, 12)}%`} AND nik <> ${nik}
          AND nik NOT IN (SELECT nik FROM honeytoken)`.execute(t.db);
      for (const other of others.rows) expect(other.nik < nik).toBe(true);
    }
    const after = await sql<{ n: number }>`SELECT count(*)::int AS n FROM resident`.execute(t.db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n + 5);
    const listed = await listHoneytokens(deps, CLI_ACTOR);
    expect(listed.map((h) => h.nik).sort()).toEqual([...planted].sort());
    expect(listed.every((h) => h.inRegister && h.note === 'BA 12/2026')).toBe(true);

    // The history records how many, never which.
    const recorded = await t.db
      .selectFrom('admin_action')
      .select(['action', 'detail', 'reason'])
      .where('action', '=', 'HONEYTOKEN_DITANAM')
      .execute();
    expect(recorded).toEqual([
      { action: 'HONEYTOKEN_DITANAM', detail: { count: 5 }, reason: 'BA 12/2026' },
    ]);
  });

  it('answers a lookup of one like any resident (the caller cannot tell)', async () => {
    const [nik] = await plantHoneytokens(deps, CLI_ACTOR, { count: 1 });
    const agency = await makeAgency(t.db);
    await makeAgreement(t.db, agency.code);
    const operator = await makeOperator(deps, agency.code);
    const answer = await lookupAs(deps, clock, operator.token, nik!);
    expect(answer.code).toBe('DITEMUKAN');
    expect(answer.data?.nik).toBe(nik);
  });

  it('refuses a count outside 1–100 and anyone but a Dukcapil admin, planting nothing', async () => {
    const count = async () =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM honeytoken`.execute(t.db)).rows[0]!
        .n;
    const before = await count();
    await expect(plantHoneytokens(deps, CLI_ACTOR, { count: 0 })).rejects.toMatchObject({
      code: 'PERMINTAAN_TIDAK_VALID',
    });
    await expect(plantHoneytokens(deps, CLI_ACTOR, { count: 101 })).rejects.toMatchObject({
      code: 'PERMINTAAN_TIDAK_VALID',
    });
    await expect(
      plantHoneytokens(deps, { id: 1, role: 'EVALUATOR_DUKCAPIL', agencyId: null }, { count: 1 }),
    ).rejects.toMatchObject({ code: 'TIDAK_BERWENANG' });
    expect(await count()).toBe(before);
  });
});
