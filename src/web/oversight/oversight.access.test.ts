import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeAgency, makeAgreement, makeUser } from '../../../test/factories.js';
import { PortalClient, startTestServer, type TestServer } from '../../../test/server.js';

/**
 * Every usage and audit page × every role: Dukcapil admin and evaluator, the head of agency
 * A, the head of agency B, A's operator, and a visitor without a session.
 */
const ROLES = ['ANONIM', 'OPERATOR_A', 'KEPALA_B', 'KEPALA_A', 'EVALUATOR', 'ADMIN'] as const;
type Who = (typeof ROLES)[number];

/** Where the portal sends someone a page is not for: their own home. */
const HOME: Record<Who, string> = {
  ANONIM: '/masuk',
  OPERATOR_A: '/cari',
  KEPALA_B: '/instansi/penggunaan',
  KEPALA_A: '/instansi/penggunaan',
  EVALUATOR: '/dukcapil',
  ADMIN: '/dukcapil',
};

/** ok: served (a page or a file); home: sent to their own home (visitors: to login); 404. */
type Outcome = 'ok' | 'home' | 'tidak-ada';

const allowedTo = (...allowed: Who[]) =>
  Object.fromEntries(ROLES.map((who) => [who, allowed.includes(who) ? 'ok' : 'home'])) as Record<
    Who,
    Outcome
  >;

describe('who may open the usage and audit pages', () => {
  let t: TestDatabase;
  let server: TestServer;
  const clients = {} as Record<Who, PortalClient>;
  let agencyA: { id: number; code: string };
  let agencyB: { id: number; code: string };

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
    agencyA = await makeAgency(t.db, { code: 'LIHAT_A' });
    await makeAgreement(t.db, 'LIHAT_A');
    agencyB = await makeAgency(t.db, { code: 'LIHAT_B' });
    await makeAgreement(t.db, 'LIHAT_B');
    const users = {
      OPERATOR_A: await makeUser(t.db, { userId: 'lihat.op.a', agencyCode: 'LIHAT_A' }),
      KEPALA_B: await makeUser(t.db, { role: 'KEPALA_INSTANSI', agencyCode: 'LIHAT_B' }),
      KEPALA_A: await makeUser(t.db, { role: 'KEPALA_INSTANSI', agencyCode: 'LIHAT_A' }),
      EVALUATOR: await makeUser(t.db, { role: 'EVALUATOR_DUKCAPIL' }),
      ADMIN: await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' }),
    };
    const operatorB = await makeUser(t.db, { userId: 'lihat.op.b', agencyCode: 'LIHAT_B' });
    // One lookup of each agency, told apart by their purposes.
    await sql`INSERT INTO audit_log (at, action, channel, user_id, agency_id, nik, purpose, response_code)
      VALUES (${new Date('2026-11-24T02:00:00Z')}, 'LOOKUP', 'PORTAL', ${users.OPERATOR_A.id},
              ${agencyA.id}, '3303054703900002', 'Keperluan instansi A', 'DITEMUKAN'),
             (${new Date('2026-11-24T02:10:00Z')}, 'LOOKUP', 'PORTAL', ${operatorB.id},
              ${agencyB.id}, '3303054703900003', 'Keperluan instansi B', 'DITEMUKAN')`.execute(
      t.db,
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
    ['/instansi/penggunaan', () => '/instansi/penggunaan', allowedTo('KEPALA_A', 'KEPALA_B')],
    ['/dukcapil/penggunaan', () => '/dukcapil/penggunaan', allowedTo('EVALUATOR', 'ADMIN')],
    [
      '/dukcapil/penggunaan/:A',
      () => `/dukcapil/penggunaan/${agencyA.id}`,
      allowedTo('EVALUATOR', 'ADMIN'),
    ],
    [
      '/dukcapil/penggunaan/:absent',
      () => '/dukcapil/penggunaan/999999',
      { ...allowedTo(), EVALUATOR: 'tidak-ada', ADMIN: 'tidak-ada' },
    ],
    ['/dukcapil/audit', () => '/dukcapil/audit', allowedTo('EVALUATOR', 'ADMIN')],
    [
      '/dukcapil/audit?tab=admin',
      () => '/dukcapil/audit?tab=admin',
      allowedTo('EVALUATOR', 'ADMIN'),
    ],
    [
      '/dukcapil/audit/ekspor (CSV)',
      () => '/dukcapil/audit/ekspor?format=csv&instansi=LIHAT_A',
      allowedTo('EVALUATOR', 'ADMIN'),
    ],
    ['/dukcapil (overview)', () => '/dukcapil', allowedTo('EVALUATOR', 'ADMIN')],
  ];

  it.each(pages)('%s', async (_name, path, expected) => {
    const got = {} as Record<Who, string>;
    for (const who of ROLES) got[who] = outcomeOf(who, await clients[who].request(path()));
    expect(got).toEqual(expected);
  });

  it("each head sees their own agency's lookups only, whatever the address asks", async () => {
    const a = await clients.KEPALA_A.request(`/instansi/penggunaan?instansi=LIHAT_B`);
    expect(a.html).toContain('Keperluan instansi A');
    expect(a.html).not.toContain('Keperluan instansi B');
    expect(a.html).not.toContain('lihat.op.b');
    const b = await clients.KEPALA_B.request('/instansi/penggunaan');
    expect(b.html).toContain('Keperluan instansi B');
    expect(b.html).not.toContain('Keperluan instansi A');
    // Searching the other agency's operator or NIK finds nothing.
    const other = await clients.KEPALA_A.request(
      '/instansi/penggunaan?operator=lihat.op.b&nik=3303054703900003',
    );
    expect(other.html).toMatch(/data-total="0"/);
  });

  it('the evaluator may export too, and each export is recorded against its user', async () => {
    const before = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM audit_log WHERE action = 'EKSPOR'`.execute(t.db);
    const file = await clients.EVALUATOR.download('/dukcapil/audit/ekspor?format=xlsx&tab=admin');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain('tindakan-admin_');
    // The refused ones above recorded nothing; the two served exports (CSV) and this one did.
    const after = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM audit_log WHERE action = 'EKSPOR'`.execute(t.db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n + 1);
    expect(before.rows[0]!.n).toBe(2);
  });
});
