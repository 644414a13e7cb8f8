import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyShapes, fuzzCases, fuzzTargets, type FuzzTarget } from '../../bench/fuzz.js';
import {
  countStatus,
  portalCaller,
  sendCase,
  type FuzzCaller,
  type StatusCounts,
} from '../../bench/fuzz-client.js';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { makeAgency, makeAgreement, makeResident, makeUser } from '../../test/factories.js';
import { apiToken, startTestServer, type TestServer } from '../../test/server.js';

/**
 * Issue 13, "no 5xx from input", as a property: every endpoint of the public (anyone's and an
 * agency operator's, enumerated from the app's route declarations) is sent arbitrary bodies —
 * NUL, lone surrogates, bytes that are not UTF-8, malformed escapes, huge strings, wrong types,
 * deep nesting, the wrong media type — and never answers 5xx, nor stops answering. CI runs a
 * bounded number of cases per endpoint (FUZZ_RUNS, 12 unless set); `npm run bench -- --fuzz`
 * runs 100,000 (bench/fuzz-bench.ts).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);

describe('fuzzing every public endpoint', { timeout: 180_000 }, () => {
  let t: TestDatabase;
  let server: TestServer;
  let caller: FuzzCaller;
  let targets: FuzzTarget[];

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
    const agency = await makeAgency(t.db);
    await makeAgreement(t.db, agency.code);
    await makeResident(t.db, { nik: '3303054703900002' });
    const operator = await makeUser(t.db, { agencyCode: agency.code });
    const bearer = await apiToken(server.url, operator.userId, operator.password);
    caller = { bearer, ...(await portalCaller(server.url, operator.userId, operator.password)) };
    targets = fuzzTargets(server.app, await bodyShapes(server.url));
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  it('enumerates the login, the lookup, return data and token revocation among them', () => {
    const names = targets.map((target) => `${target.method} ${target.url}`);
    for (const route of [
      'POST /api/v1/auth/token',
      'POST /api/v1/auth/revoke',
      'POST /api/v1/nik/lookup',
      'POST /api/v1/data-balikan',
      'POST /dukcapil/databalikan/store',
      'POST /masuk',
      'POST /masuk/kode',
      'POST /cari',
      'POST /data-balikan/unggah',
    ]) {
      expect(names, route).toContain(route);
    }
  });

  it('never answers 5xx and keeps answering', async () => {
    const counts: StatusCounts = new Map();
    for (const target of targets) {
      await fc.assert(
        fc.asyncProperty(fuzzCases(target, caller.csrf), async (fuzz) => {
          const status = await sendCase(server.url, target, fuzz, caller);
          countStatus(counts, target, status);
          // 0: no answer at all (the connection dropped, or no answer within sendCase's timeout).
          expect(status, `${target.method} ${target.url} ${fuzz.body.label}`).toBeGreaterThan(0);
          expect(status, `${target.method} ${target.url} ${fuzz.body.label}`).toBeLessThan(500);
        }),
        { numRuns: RUNS },
      );
    }
    const statuses = [...counts.values()].flatMap((byStatus) => [...byStatus.keys()]);
    expect(statuses.every((status) => status >= 200 && status < 500)).toBe(true);
    // Still up, and the operator's token still works (nothing in the cases could end it).
    expect((await fetch(`${server.url}/masuk`)).status).toBe(200);
    const lookup = await fetch(`${server.url}/api/v1/nik/lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${caller.bearer}` },
      body: JSON.stringify({ nik: '3303054703900002', purpose: 'Verifikasi peserta JKN' }),
    });
    expect(lookup.status).toBeLessThan(500);
  });
});
