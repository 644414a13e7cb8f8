import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import {
  makeAgency,
  makeAgreement,
  makeUser,
  TEST_PASSWORD,
  TINY_PDF,
} from '../../../test/factories.js';
import { PortalClient, startTestServer, type TestServer } from '../../../test/server.js';

type Role = 'admin' | 'evaluator' | 'headA' | 'headB' | 'operatorA' | 'anonymous';
const ROLES: readonly Role[] = ['admin', 'evaluator', 'headA', 'headB', 'operatorA', 'anonymous'];

/** What a role gets: a status, and for a redirect where it leads. */
type Outcome = number | `303 ${string}`;

const DUKCAPIL_HOME: Outcome = '303 /dukcapil';
const AGENCY_HOME: Outcome = '303 /cari';
/** The agency head's home: the agency's usage (issue 9). */
const HEAD_HOME: Outcome = '303 /instansi/penggunaan';
const LOGIN: Outcome = '303 /masuk';

/** Dukcapil admins only: everyone else is sent to their own home page, visitors to login. */
const adminOnly = (ok: Outcome): Record<Role, Outcome> => ({
  admin: ok,
  evaluator: DUKCAPIL_HOME,
  headA: HEAD_HOME,
  headB: HEAD_HOME,
  operatorA: AGENCY_HOME,
  anonymous: LOGIN,
});

/**
 * Every page and form of the users console and the account page, for every role: Dukcapil
 * admin, Dukcapil evaluator, the head of agency A, the head of agency B (looking at agency
 * A's users), an operator of agency A, and a visitor. A refused form changes nothing.
 */
describe('users console and account pages: role × action', () => {
  let t: TestDatabase;
  let server: TestServer;
  const clients = {} as Record<Role, PortalClient>;
  let operatorA: { id: number; userId: string };
  let documentA: number;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
    const a = await makeAgency(t.db);
    await makeAgreement(t.db, a.code);
    const b = await makeAgency(t.db);
    await makeAgreement(t.db, b.code);
    operatorA = await makeUser(t.db, { agencyCode: a.code });
    documentA = (
      await t.db
        .selectFrom('user_document')
        .select('id')
        .where('user_id', '=', operatorA.id)
        .executeTakeFirstOrThrow()
    ).id;
    const users: Record<Exclude<Role, 'anonymous'>, { userId: string }> = {
      admin: await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' }),
      evaluator: await makeUser(t.db, { role: 'EVALUATOR_DUKCAPIL' }),
      headA: await makeUser(t.db, { role: 'KEPALA_INSTANSI', agencyCode: a.code }),
      headB: await makeUser(t.db, { role: 'KEPALA_INSTANSI', agencyCode: b.code }),
      operatorA,
    };
    for (const role of ROLES) {
      clients[role] = new PortalClient(server.url);
      if (role !== 'anonymous') await clients[role].login(users[role].userId, TEST_PASSWORD);
    }
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  const outcomeOf = (answer: { status: number; location: string | null }): Outcome =>
    answer.status === 303 ? `303 ${answer.location}` : answer.status;

  /** A page every signed-in role may open, to take a CSRF token from. */
  const formPage = (role: Role) => (role === 'anonymous' ? '/masuk' : '/akun');

  const countActions = async () =>
    Number(
      (
        await t.db
          .selectFrom('admin_action')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  const pages: [string, () => string, Record<Role, Outcome>][] = [
    ['users list (Dukcapil)', () => '/dukcapil/pengguna', adminOnly(200)],
    ['new user form', () => '/dukcapil/pengguna/baru', adminOnly(200)],
    ['user detail (Dukcapil)', () => `/dukcapil/pengguna/${operatorA.userId}`, adminOnly(200)],
    [
      "own agency's users",
      () => '/instansi/pengguna',
      {
        admin: DUKCAPIL_HOME,
        evaluator: DUKCAPIL_HOME,
        headA: 200,
        headB: 200,
        operatorA: AGENCY_HOME,
        anonymous: LOGIN,
      },
    ],
    [
      "an agency A user's page (head console)",
      () => `/instansi/pengguna/${operatorA.userId}`,
      {
        admin: DUKCAPIL_HOME,
        evaluator: DUKCAPIL_HOME,
        headA: 200,
        headB: 404,
        operatorA: AGENCY_HOME,
        anonymous: LOGIN,
      },
    ],
    [
      "an agency A user's NDA scan",
      () => `/dokumen/${documentA}`,
      {
        admin: 200,
        evaluator: 200,
        headA: 200,
        headB: 404,
        operatorA: AGENCY_HOME,
        anonymous: LOGIN,
      },
    ],
    [
      'own account',
      () => '/akun',
      {
        admin: 200,
        evaluator: 200,
        headA: 200,
        headB: 200,
        operatorA: 200,
        anonymous: LOGIN,
      },
    ],
  ];

  for (const [name, path, expected] of pages) {
    it(`GET ${name}`, async () => {
      for (const role of ROLES) {
        const answer = await clients[role].download(path());
        const location = answer.headers.get('location');
        expect(outcomeOf({ status: answer.status, location }), `${role} ${path()}`).toBe(
          expected[role],
        );
      }
    });
  }

  it("the head of agency B's list does not show agency A's users", async () => {
    const list = await clients.headB.request('/instansi/pengguna');
    expect(list.html).not.toContain(operatorA.userId);
    expect((await clients.headA.request('/instansi/pengguna')).html).toContain(operatorA.userId);
  });

  const actions: [string, string, Record<string, string>][] = [
    ['nonaktifkan', 'deactivate', { reason: 'Uji akses', konfirmasi: 'ya' }],
    ['aktifkan', 'reactivate', { reason: 'Uji akses' }],
    ['lepas-tahanan', 'release a hold', { reason: 'Uji akses' }],
    ['buka-kunci', 'unlock', { reason: 'Uji akses' }],
    ['reset-sandi', 'reset the password', { reason: 'Uji akses', konfirmasi: 'ya' }],
    ['reset-totp', 'reset TOTP', { reason: 'Uji akses', konfirmasi: 'ya' }],
  ];

  it('only a Dukcapil admin creates users or changes their state; a refused form changes nothing', async () => {
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      const before = await countActions();
      const create = await clients[role].submit(formPage(role), '/dukcapil/pengguna', {
        agencyCode: '',
        role: 'ADMIN_DUKCAPIL',
        userId: `penyusup.${role.toLowerCase()}`,
        displayName: 'Penyusup',
      });
      expect(outcomeOf(create), `${role} create`).toBe(adminOnly(201)[role]);
      for (const [path, what, fields] of actions) {
        const answer = await clients[role].submit(
          formPage(role),
          `/dukcapil/pengguna/${operatorA.userId}/${path}`,
          fields,
        );
        expect(outcomeOf(answer), `${role} ${what}`).toBe(adminOnly(303)[role]);
      }
      expect(await countActions(), role).toBe(before);
    }
    const created = await clients.admin.submit('/dukcapil/pengguna/baru', '/dukcapil/pengguna', {
      agencyCode: '',
      role: 'EVALUATOR_DUKCAPIL',
      userId: 'evaluator.baru',
      displayName: 'Evaluator Baru',
    });
    expect(created.status).toBe(201);
    const deactivated = await clients.admin.submit(
      `/dukcapil/pengguna/evaluator.baru`,
      `/dukcapil/pengguna/evaluator.baru/nonaktifkan`,
      { reason: 'Uji akses', konfirmasi: 'ya' },
    );
    expect(outcomeOf(deactivated)).toBe('303 /dukcapil/pengguna/evaluator.baru?selesai=1');
  });

  it("records documents: Dukcapil for anyone, head A for agency A's operator, nobody else", async () => {
    const upload = (role: Role, base: string) =>
      clients[role].uploadForm(
        formPage(role),
        `${base}/${operatorA.userId}/dokumen`,
        { kind: 'NDA', signedOn: '2026-10-01' },
        { name: 'nda.pdf', content: TINY_PDF, type: 'application/pdf' },
      );
    const viaDukcapil: Record<Role, Outcome> = adminOnly(
      `303 /dukcapil/pengguna/${operatorA.userId}?selesai=1`,
    );
    const viaHead: Record<Role, Outcome> = {
      admin: DUKCAPIL_HOME,
      evaluator: DUKCAPIL_HOME,
      headA: `303 /instansi/pengguna/${operatorA.userId}?selesai=1`,
      headB: 404,
      operatorA: AGENCY_HOME,
      anonymous: LOGIN,
    };
    for (const role of ROLES) {
      const before = await countActions();
      const a = outcomeOf(await upload(role, '/dukcapil/pengguna'));
      const b = outcomeOf(await upload(role, '/instansi/pengguna'));
      expect(a, `${role} via /dukcapil`).toBe(viaDukcapil[role]);
      expect(b, `${role} via /instansi`).toBe(viaHead[role]);
      const recorded = [a, b].filter((o) => String(o).endsWith('?selesai=1')).length;
      expect(await countActions(), role).toBe(before + recorded);
    }
  });

  it('every form refuses a post without its CSRF token', async () => {
    const forged = await clients.admin.request(
      `/dukcapil/pengguna/${operatorA.userId}/nonaktifkan`,
      { reason: 'Tanpa token', konfirmasi: 'ya' },
    );
    expect(forged.status).toBe(403);
    const forgedAccount = await clients.operatorA.request('/akun/kata-sandi', {
      current: TEST_PASSWORD,
      next: 'sandi-baru-panjang-9',
      repeat: 'sandi-baru-panjang-9',
    });
    expect(forgedAccount.status).toBe(403);
    const user = await t.db
      .selectFrom('app_user')
      .select('status')
      .where('id', '=', operatorA.id)
      .executeTakeFirstOrThrow();
    expect(user.status).toBe('AKTIF');
  });
});
