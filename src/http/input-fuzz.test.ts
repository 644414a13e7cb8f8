import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bodyShapes,
  countStatus,
  fuzzCases,
  fuzzTargets,
  sendCase,
  type FuzzCaller,
  type FuzzTarget,
  type StatusCounts,
} from '../../bench/fuzz.js';
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

/** Cookies kept between the requests of a sign-in, as a browser keeps them. */
function keepCookies(jar: Map<string, string>, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair!.indexOf('=');
    const value = pair!.slice(at + 1);
    if (value === '') jar.delete(pair!.slice(0, at));
    else jar.set(pair!.slice(0, at), value);
  }
}

async function portalCaller(baseUrl: string, userId: string, password: string) {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const visit = await fetch(`${baseUrl}/masuk`);
  keepCookies(jar, visit);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await visit.text())![1]!;
  const login = await fetch(`${baseUrl}/masuk`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ _csrf: csrf, userId, password }).toString(),
  });
  keepCookies(jar, login);
  const page = await fetch(`${baseUrl}/cari`, { headers: { cookie: cookie() } });
  keepCookies(jar, page);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!token) throw new Error('no form on /cari after signing in');
  return { cookie: cookie(), csrf: token };
}

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
          // 0: no answer at all (the connection dropped).
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
