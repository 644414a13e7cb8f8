import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../src/services/account/login.js';
import { makeDeps } from '../src/services/deps.js';
import { lookupResident } from '../src/services/lookup/lookup-resident.js';
import type { Db, OpenDatabase } from '../src/store/db.js';
import { createTestDatabase, seedDataDir, type TestDatabase } from './db.js';
import { makeAgency, makeAgreement, makeResident, makeUser, TEST_PASSWORD } from './factories.js';

/**
 * The embedded database in a worker thread (store/pglite-thread.ts), as the server runs it,
 * against the same database in the test's own thread. The worker starts from the built file
 * (dist/src/store/pglite-worker.js): `npm test` builds dist/ first.
 */
const built = (await import(
  path.resolve(import.meta.dirname, '../dist/src/store/db.js')
)) as typeof import('../src/store/db.js');

/** One agency, its agreement, an operator logged in, a resident; lookups as the API makes them. */
async function scenario(db: Db) {
  const deps = makeDeps({ tokenTtlSeconds: 600, sessionTtlSeconds: 600 }, db, {
    clock: () => new Date('2026-11-24T03:00:00Z'),
  });
  await makeResident(db, { nik: '3303054703900002' });
  const agency = await makeAgency(db, { code: 'DINKESWRK' });
  await makeAgreement(db, agency.code);
  const user = await makeUser(db, { agencyCode: agency.code, userId: 'operator.worker' });
  const session = await login(deps, {
    userId: user.userId,
    password: TEST_PASSWORD,
    kind: 'API',
    clientIp: '127.0.0.1',
  });
  if (!session.ok) throw new Error(session.code);
  const lookup = (nik: string) =>
    lookupResident(deps, {
      token: session.token,
      channel: 'API',
      nik,
      purpose: 'Verifikasi',
      clientIp: '127.0.0.1',
    });
  const answers = [await lookup('3303054703900002'), await lookup('3303054703900009')];
  // Arriving together: one batch (services/lookup/lookup-batch.ts), the quota decided in order.
  answers.push(...(await Promise.all([1, 2, 3].map(() => lookup('3303054703900002')))));
  return answers.map(({ code, data, quota }) => ({ code, data, quota }));
}

describe('the embedded database in a worker thread', () => {
  let here: TestDatabase;
  let dataDir: string;
  let worker: OpenDatabase;

  beforeAll(async () => {
    here = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-worker-'));
    await seedDataDir(dataDir);
    worker = await built.openDatabase({ dataDir, worker: true });
  });
  afterAll(async () => {
    await worker.close();
    await here.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers lookups, batched ones too, as PGlite in this thread does', async () => {
    const expected = await scenario(here.db);
    expect(expected.map((answer) => answer.quota?.used)).toEqual([1, 2, 3, 4, 5]);
    expect(expected[0]!.data).toMatchObject({ nik: '3303054703900002' });
    expect(await scenario(worker.db)).toEqual(expected);
  });

  it('gives values the same types and errors the same code and message', async () => {
    const values = sql`SELECT '\\x00ff'::bytea AS bytes, 9007199254740991::int8 AS big,
      DATE '2026-11-24' AS day, ARRAY['a', NULL] AS list, now() > '2026-01-01' AS later`;
    const there = (await values.execute(worker.db)).rows;
    expect(there).toEqual((await values.execute(here.db)).rows);
    expect(there[0]).toMatchObject({ big: 9007199254740991, day: '2026-11-24' });

    const failing = sql`SELECT 1 / (SELECT count(*) FROM agency WHERE false)`;
    const refusal = await failing.execute(here.db).catch((error: unknown) => error);
    await expect(failing.execute(worker.db)).rejects.toMatchObject({
      code: '22012',
      message: (refusal as Error).message,
    });
    // A transaction's statements go to the worker in order; a failure rolls all of them back.
    await expect(
      worker.db.transaction().execute(async (tx) => {
        await makeAgency(tx, { code: 'BATALWRK' });
        await sql`INSERT INTO agency (code, name)
          SELECT code, name FROM agency WHERE code = 'BATALWRK'`.execute(tx);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    const kept = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM agency WHERE code = 'BATALWRK'`.execute(worker.db);
    expect(kept.rows[0]!.n).toBe(0);
  });

  it('dumps the data folder, and frees the folder on close', async () => {
    const dump = new Uint8Array(await (await worker.dumpDataDir!()).arrayBuffer());
    expect([...dump.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    await expect(built.openDatabase({ dataDir })).rejects.toThrow(/sedang dipakai proses lain/);
    await worker.close();
    expect(fs.existsSync(path.join(dataDir, 'gerbang.lock'))).toBe(false);
    worker = await built.openDatabase({ dataDir, worker: true });
    const agencies = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM agency WHERE code = 'DINKESWRK'`.execute(worker.db);
    expect(agencies.rows[0]!.n).toBe(1);
  });
});
