import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeAgency, makeAgreement, makeResident, makeUser } from '../../../test/factories.js';
import { PortalClient, startTestServer, type TestServer } from '../../../test/server.js';
import { makeDeps } from '../../services/deps.js';
import { openCase } from '../../services/service-cases/cases.js';

/**
 * Who reaches the counter's cases (issue 12 item 1): an agency's operators and head their own
 * agency's, the head alone the per-officer view; another agency's staff are told a case does
 * not exist, and no Dukcapil role (admin, evaluator, Dukcapil's counter officer) reaches any
 * page or step. A step refused for scope moves nothing and looks nothing up.
 */
const ROLES = [
  'ANONIM',
  'OPERATOR_A',
  'KEPALA_A',
  'OPERATOR_B',
  'KEPALA_B',
  'EVALUATOR',
  'ADMIN',
  'PETUGAS_DUKCAPIL',
] as const;
type Who = (typeof ROLES)[number];

const HOME: Record<Who, string> = {
  ANONIM: '/masuk',
  OPERATOR_A: '/cari',
  KEPALA_A: '/instansi/penggunaan',
  OPERATOR_B: '/cari',
  KEPALA_B: '/instansi/penggunaan',
  EVALUATOR: '/dukcapil',
  ADMIN: '/dukcapil',
  PETUGAS_DUKCAPIL: '/dukcapil/riwayat-akses',
};

type Outcome = 'ok' | 'home' | 'tidak-ada';
const only = (allowed: readonly Who[], others: Outcome = 'home', elsewhere: Who[] = []) =>
  Object.fromEntries(
    ROLES.map((who) => [
      who,
      allowed.includes(who) ? 'ok' : elsewhere.includes(who) ? others : 'home',
    ]),
  ) as Record<Who, Outcome>;

const AGENCY_STAFF: Who[] = ['OPERATOR_A', 'KEPALA_A', 'OPERATOR_B', 'KEPALA_B'];
const FOUND = '3303054703900002';

describe('who reaches the service cases', () => {
  let t: TestDatabase;
  let server: TestServer;
  const clients = {} as Record<Who, PortalClient>;
  let caseA: { id: number; caseNumber: string };

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
    await makeResident(t.db, { nik: FOUND });
    for (const code of ['LOKET_A', 'LOKET_B']) {
      await makeAgency(t.db, { code });
      await makeAgreement(t.db, code);
    }
    const users = {
      OPERATOR_A: await makeUser(t.db, { userId: 'loket.op.a', agencyCode: 'LOKET_A' }),
      KEPALA_A: await makeUser(t.db, { role: 'KEPALA_INSTANSI', agencyCode: 'LOKET_A' }),
      OPERATOR_B: await makeUser(t.db, { userId: 'loket.op.b', agencyCode: 'LOKET_B' }),
      KEPALA_B: await makeUser(t.db, { role: 'KEPALA_INSTANSI', agencyCode: 'LOKET_B' }),
      EVALUATOR: await makeUser(t.db, { role: 'EVALUATOR_DUKCAPIL' }),
      ADMIN: await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' }),
      PETUGAS_DUKCAPIL: await makeUser(t.db, { role: 'PETUGAS_LAYANAN_DUKCAPIL' }),
    };
    const agencyA = await t.db
      .selectFrom('agency')
      .select('id')
      .where('code', '=', 'LOKET_A')
      .executeTakeFirstOrThrow();
    const deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, {
      clock: () => new Date('2026-11-24T03:00:00Z'),
    });
    caseA = await openCase(
      deps,
      { id: users.OPERATOR_A.id, role: 'OPERATOR', agencyId: agencyA.id },
      { applicationNumber: 'RAHASIA-A-1', kindCode: 'UMUM', nik: FOUND },
    );
    clients.ANONIM = new PortalClient(server.url);
    for (const [who, user] of Object.entries(users)) {
      const client = new PortalClient(server.url);
      await client.login(user.userId, user.password);
      clients[who as Who] = client;
    }
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  function outcomeOf(who: Who, answer: { status: number; location: string | null }): string {
    if (answer.status === 200) return 'ok';
    if (answer.status === 404) return 'tidak-ada';
    if (answer.status === 303 && answer.location === HOME[who]) return 'home';
    return `HTTP ${answer.status} ${answer.location ?? ''}`;
  }

  const pages: [string, () => string, Record<Who, Outcome>][] = [
    ['/layanan', () => '/layanan', only(AGENCY_STAFF)],
    ['/layanan/data-balikan-tertunda', () => '/layanan/data-balikan-tertunda', only(AGENCY_STAFF)],
    ['/instansi/layanan', () => '/instansi/layanan', only(['KEPALA_A', 'KEPALA_B'])],
    [
      '/layanan/:caseA',
      () => `/layanan/${caseA.id}`,
      only(['OPERATOR_A', 'KEPALA_A'], 'tidak-ada', ['OPERATOR_B', 'KEPALA_B']),
    ],
    [
      '/layanan/:absent',
      () => '/layanan/999999',
      only([], 'tidak-ada', ['OPERATOR_A', 'KEPALA_A', 'OPERATOR_B', 'KEPALA_B']),
    ],
  ];

  it.each(pages)('GET %s', async (_name, path, expected) => {
    const got = {} as Record<Who, string>;
    for (const who of ROLES) got[who] = outcomeOf(who, await clients[who].request(path()));
    expect(got).toEqual(expected);
  });

  async function csrfOf(who: Who): Promise<string> {
    const page = await clients[who].request(HOME[who]);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.html)?.[1];
    if (!token) throw new Error(`no CSRF token for ${who}`);
    return token;
  }

  const STEPS = [
    'periksa',
    'sesuai',
    'tidak-sesuai',
    'perbaikan',
    'terbitkan',
    'serahkan',
    'data-balikan',
    'tutup',
    'batalkan',
  ];

  it("refuses every step of agency A's case to everyone outside A, and nothing moves", async () => {
    for (const who of ROLES.filter((w) => !['OPERATOR_A', 'KEPALA_A', 'ANONIM'].includes(w))) {
      const csrf = await csrfOf(who);
      for (const step of STEPS) {
        const answer = await clients[who].request(`/layanan/${caseA.id}/${step}`, {
          _csrf: csrf,
          catatan: 'Percobaan dari luar instansi',
          nomorDokumen: 'X-1',
          formToken: 'AAAAAAAAAAAAAAAAAAAAAA',
        });
        const expected = AGENCY_STAFF.includes(who) ? 'tidak-ada' : 'home';
        expect(outcomeOf(who, answer), `${who} ${step}`).toBe(expected);
      }
    }
    const anonymous = await clients.ANONIM.request(`/layanan/${caseA.id}/batalkan`, {
      catatan: 'Tanpa sesi',
    });
    expect([303, 403]).toContain(anonymous.status);
    const row = await t.db
      .selectFrom('service_case')
      .select(['state', 'checks'])
      .where('id', '=', caseA.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'TERBUKA', checks: 0 });
    const lookups = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM audit_log WHERE action = 'LOOKUP'`.execute(t.db);
    expect(lookups.rows[0]!.n).toBe(0);
  });

  it("shows no agency another agency's cases in its queue or its head's view", async () => {
    const queueA = await clients.OPERATOR_A.request('/layanan');
    expect(queueA.html).toContain(caseA.caseNumber);
    for (const [who, path] of [
      ['OPERATOR_B', '/layanan'],
      ['KEPALA_B', '/instansi/layanan'],
      ['KEPALA_B', '/instansi/layanan?petugas=1&status=TERBUKA'],
    ] as const) {
      const answer = await clients[who].request(path);
      expect(answer.status).toBe(200);
      expect(answer.html).not.toContain(caseA.caseNumber);
      expect(answer.html).not.toContain('RAHASIA-A-1');
    }
  });

  it('lets the case’s own agency work it', async () => {
    const page = await clients.OPERATOR_A.request(`/layanan/${caseA.id}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.html)?.[1];
    const formToken = /name="formToken" value="([^"]+)"/.exec(page.html)?.[1];
    const checked = await clients.OPERATOR_A.request(`/layanan/${caseA.id}/periksa`, {
      _csrf: csrf!,
      formToken: formToken!,
    });
    expect(checked.status).toBe(200);
    expect(/id="respon" data-code="([A-Z_]+)"/.exec(checked.html)?.[1]).toBe('DITEMUKAN');
    // The same form again (F5): no second lookup.
    const again = await clients.OPERATOR_A.request(`/layanan/${caseA.id}/periksa`, {
      _csrf: csrf!,
      formToken: formToken!,
    });
    expect(again.status).toBe(409);
    expect(again.html).toContain('data-code="FORMULIR_SUDAH_DIPAKAI"');
    const lookups = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM audit_log WHERE action = 'LOOKUP'`.execute(t.db);
    expect(lookups.rows[0]!.n).toBe(1);
  });
});
