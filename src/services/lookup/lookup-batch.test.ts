import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import {
  makeAgency,
  makeAgreement,
  makeResident,
  makeUser,
  TEST_PASSWORD,
} from '../../../test/factories.js';
import { makeDeps, type Deps } from '../deps.js';
import { login } from '../account/login.js';
import { lookupResident } from './lookup-resident.js';

/** Lookups that arrive together run as one batch (lookup-batch.ts), answered as if alone. */
describe('lookups batched together', () => {
  let t: TestDatabase;
  let deps: Deps;
  let token: string;
  let agencyId: number;
  /** A second agency's operator, for the agency order of a batch. */
  let other: { token: string; agencyId: number };
  const nik = '3303054703900002';

  beforeAll(async () => {
    t = await createTestDatabase();
    // One batch at a time, at most 8: the first lookup goes alone, the rest wait for it.
    deps = makeDeps(
      { tokenTtlSeconds: 600, sessionTtlSeconds: 600, lookupBatch: { size: 8, flights: 1 } },
      t.db,
      { clock: () => new Date('2026-11-24T03:00:00Z') },
    );
    await makeResident(t.db, { nik });
    const agency = await makeAgency(t.db);
    agencyId = agency.id;
    await makeAgreement(t.db, agency.code);
    token = await apiToken(agency.code);
    const second = await makeAgency(t.db);
    await makeAgreement(t.db, second.code);
    other = { token: await apiToken(second.code), agencyId: second.id };
  });

  async function apiToken(agencyCode: string): Promise<string> {
    const user = await makeUser(t.db, { agencyCode });
    const result = await login(deps, {
      userId: user.userId,
      password: TEST_PASSWORD,
      kind: 'API',
      clientIp: '127.0.0.1',
    });
    if (!result.ok) throw new Error(result.code);
    return result.token;
  }
  afterAll(async () => {
    await t.drop();
  });

  const lookup = (clientIp = '127.0.0.1', as = token) =>
    lookupResident(deps, { token: as, channel: 'API', nik, purpose: 'Verifikasi', clientIp });

  const auditRows = async (afterId: number) =>
    (
      await sql<{ id: number; response_code: string; tx: string }>`
        SELECT id, response_code, xmin::text AS tx FROM audit_log
        WHERE id > ${afterId} ORDER BY id`.execute(t.db)
    ).rows;

  const lastAuditId = async () =>
    (await sql<{ id: number | null }>`SELECT max(id) AS id FROM audit_log`.execute(t.db)).rows[0]!
      .id ?? 0;

  it('decides the quota in order of arrival, exactly, and commits a batch as one transaction', async () => {
    // 195 of the 200 lookups a day before the proof of concept are spent.
    await sql`INSERT INTO quota_usage (agency_id, day, shard, used)
      VALUES (${agencyId}, '2026-11-24', 0, 195)`.execute(t.db);
    const before = await lastAuditId();
    const answers = await Promise.all(Array.from({ length: 12 }, () => lookup()));
    expect(answers.map((answer) => answer.code)).toEqual([
      ...Array<string>(5).fill('DITEMUKAN'),
      ...Array<string>(7).fill('KUOTA_HABIS'),
    ]);
    expect(answers.map((answer) => answer.quota?.used)).toEqual([
      196, 197, 198, 199, 200, 200, 200, 200, 200, 200, 200, 200,
    ]);
    expect(answers.slice(0, 5).every((answer) => answer.data?.nik === nik)).toBe(true);
    // Each answer names its own audit row, in the order the lookups arrived.
    const rows = await auditRows(before);
    expect(rows.map((row) => row.id)).toEqual(answers.map((answer) => answer.requestId));
    expect(rows.map((row) => row.response_code)).toEqual(answers.map((answer) => answer.code));
    // The first alone, then a batch of 8, then the last 3: three transactions.
    expect(new Set(rows.map((row) => row.tx)).size).toBe(3);
    const usage = await sql<{ used: number }>`
      SELECT used FROM quota_usage WHERE agency_id = ${agencyId} AND day = '2026-11-24'`.execute(
      t.db,
    );
    expect(usage.rows).toEqual([{ used: 200 }]);
  });

  it('fails only the lookup whose statement fails: the others of its batch run again alone', async () => {
    await sql`UPDATE quota_usage SET used = 0 WHERE agency_id = ${agencyId}`.execute(t.db);
    const before = await lastAuditId();
    const settled = await Promise.allSettled([
      lookup(),
      lookup(),
      lookup('bukan-alamat'),
      lookup(),
      lookup(),
    ]);
    expect(settled.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    const rows = await auditRows(before);
    expect(rows.map((row) => row.response_code)).toEqual(Array<string>(4).fill('DITEMUKAN'));
    const usage = await sql<{ used: number }>`
      SELECT used FROM quota_usage WHERE agency_id = ${agencyId} AND day = '2026-11-24'`.execute(
      t.db,
    );
    expect(usage.rows).toEqual([{ used: 4 }]);
  });

  it('runs a batch grouped by agency, each agency in order of arrival, answering each as alone', async () => {
    await sql`UPDATE quota_usage SET used = 0 WHERE agency_id = ${agencyId}`.execute(t.db);
    // The second agency's caller is seen once, so the batcher knows its agency.
    expect((await lookup('127.0.0.1', other.token)).code).toBe('DITEMUKAN');
    const before = await lastAuditId();
    // The first goes alone; the other five arrive while it runs and form one batch.
    const callers = [token, other.token, token, other.token, other.token, token];
    const answers = await Promise.all(callers.map((as) => lookup('127.0.0.1', as)));
    expect(answers.map((answer) => answer.code)).toEqual(Array<string>(6).fill('DITEMUKAN'));
    const rows = (
      await sql<{ id: number; agency_id: number; tx: string }>`
        SELECT id, agency_id, xmin::text AS tx FROM audit_log
        WHERE id > ${before} ORDER BY id`.execute(t.db)
    ).rows;
    expect(rows.map((row) => row.id).sort((a, b) => a - b)).toEqual(
      answers.map((answer) => answer.requestId!).sort((a, b) => a - b),
    );
    const batch = rows.slice(1);
    expect(new Set(batch.map((row) => row.tx)).size).toBe(1);
    // Grouped by agency in ascending id…
    const order = batch.map((row) => row.agency_id);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(order)).toEqual(new Set([agencyId, other.agencyId]));
    // …and each agency's lookups in their order of arrival, each counted once.
    for (const [as, id] of [
      [token, agencyId],
      [other.token, other.agencyId],
    ] as const) {
      const own = answers.filter((_, i) => callers[i] === as).map((answer) => answer.requestId!);
      expect(own).toEqual([...own].sort((a, b) => a - b));
      expect(own.map((_, i) => i + 1)).toEqual(
        answers
          .filter((_, i) => callers[i] === as)
          .map((a) => a.quota!.used - (id === agencyId ? 0 : 1)),
      );
    }
  });
});
