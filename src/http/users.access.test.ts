import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import {
  makeAgency,
  makeAgreement,
  makeUser,
  TEST_PASSWORD,
  TINY_PDF,
} from '../../test/factories.js';
import { apiToken, startTestServer, type TestServer } from '../../test/server.js';

type Role = 'admin' | 'evaluator' | 'headA' | 'headB' | 'operatorA' | 'anonymous';
const ROLES: readonly Role[] = ['admin', 'evaluator', 'headA', 'headB', 'operatorA', 'anonymous'];

/** An answer as status, with the refusal code when there is one. */
type Outcome = number | `${number} ${string}`;

const FORBIDDEN = '403 TIDAK_BERWENANG';
const NO_LOGIN = '401 GAGAL_LOGIN';

const adminOnly = (ok: Outcome): Record<Role, Outcome> => ({
  admin: ok,
  evaluator: FORBIDDEN,
  headA: FORBIDDEN,
  headB: FORBIDDEN,
  operatorA: FORBIDDEN,
  anonymous: NO_LOGIN,
});

const headsOnly = (own: Outcome, other: Outcome): Record<Role, Outcome> => ({
  admin: FORBIDDEN,
  evaluator: FORBIDDEN,
  headA: own,
  headB: other,
  operatorA: FORBIDDEN,
  anonymous: NO_LOGIN,
});

/**
 * Every endpoint of the users JSON API (/api/v1/admin/pengguna, /api/v1/instansi/pengguna,
 * /api/v1/akun/kata-sandi) for every role, including agency B's head on agency A's users.
 */
describe('users JSON API: role × endpoint', () => {
  let t: TestDatabase;
  let server: TestServer;
  const tokens = {} as Record<Role, string | undefined>;
  let agencyA: string;
  let operatorA: { id: number; userId: string };

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
    agencyA = (await makeAgency(t.db)).code;
    await makeAgreement(t.db, agencyA);
    const b = await makeAgency(t.db);
    await makeAgreement(t.db, b.code);
    operatorA = await makeUser(t.db, { agencyCode: agencyA });
    const users: Record<Exclude<Role, 'anonymous'>, { userId: string }> = {
      admin: await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' }),
      evaluator: await makeUser(t.db, { role: 'EVALUATOR_DUKCAPIL' }),
      headA: await makeUser(t.db, { role: 'KEPALA_INSTANSI', agencyCode: agencyA }),
      headB: await makeUser(t.db, { role: 'KEPALA_INSTANSI', agencyCode: b.code }),
      operatorA,
    };
    for (const role of ROLES) {
      tokens[role] =
        role === 'anonymous'
          ? undefined
          : await apiToken(server.url, users[role].userId, TEST_PASSWORD);
    }
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  const call = async (role: Role, method: string, path: string, body?: unknown) => {
    const token = tokens[role];
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text ? (JSON.parse(text) as { code?: string }) : {};
    return { status: response.status, body: json as Record<string, unknown> };
  };

  const outcomeOf = (answer: { status: number; body: { code?: unknown } }): Outcome =>
    answer.status >= 400 && typeof answer.body.code === 'string'
      ? `${answer.status} ${answer.body.code}`
      : answer.status;

  const pdf = {
    jenis: 'NDA',
    tanggalTandaTangan: '2026-10-01',
    isiBase64: TINY_PDF.toString('base64'),
  };

  const reads: [string, () => string, Record<Role, Outcome>][] = [
    ['list all users', () => '/api/v1/admin/pengguna', adminOnly(200)],
    ['a user (admin)', () => `/api/v1/admin/pengguna/${operatorA.userId}`, adminOnly(200)],
    [
      "a user's documents (admin)",
      () => `/api/v1/admin/pengguna/${operatorA.userId}/dokumen`,
      adminOnly(200),
    ],
    ["own agency's users", () => '/api/v1/instansi/pengguna', headsOnly(200, 200)],
    [
      'an agency A user (head)',
      () => `/api/v1/instansi/pengguna/${operatorA.userId}`,
      headsOnly(200, '404 TIDAK_DITEMUKAN'),
    ],
    [
      "an agency A user's documents (head)",
      () => `/api/v1/instansi/pengguna/${operatorA.userId}/dokumen`,
      headsOnly(200, '404 TIDAK_DITEMUKAN'),
    ],
  ];

  for (const [name, path, expected] of reads) {
    it(`GET ${name}`, async () => {
      for (const role of ROLES) {
        expect(outcomeOf(await call(role, 'GET', path())), `${role}`).toBe(expected[role]);
      }
    });
  }

  it("the head of agency B's list does not show agency A's users", async () => {
    const list = await call('headB', 'GET', '/api/v1/instansi/pengguna');
    const ids = (list.body.data as { userId: string }[]).map((u) => u.userId);
    expect(ids).not.toContain(operatorA.userId);
    const own = await call('headA', 'GET', '/api/v1/instansi/pengguna');
    expect((own.body.data as { userId: string }[]).map((u) => u.userId)).toContain(
      operatorA.userId,
    );
  });

  it('only a Dukcapil admin creates users and changes their state', async () => {
    const target = (await makeUser(t.db, { agencyCode: agencyA })).userId;
    const writes: [string, string, unknown, Outcome][] = [
      [
        'POST',
        '/api/v1/admin/pengguna',
        { userId: 'x.baru', nama: 'X', peran: 'EVALUATOR_DUKCAPIL' },
        201,
      ],
      [
        'POST',
        `/api/v1/admin/pengguna/${target}/nonaktifkan`,
        { alasan: 'Uji', konfirmasi: true },
        200,
      ],
      ['POST', `/api/v1/admin/pengguna/${target}/aktifkan`, { alasan: 'Uji' }, 200],
      [
        'POST',
        `/api/v1/admin/pengguna/${target}/lepas-tahanan`,
        { alasan: 'Uji' },
        '409 STATUS_TIDAK_SESUAI',
      ],
      [
        'POST',
        `/api/v1/admin/pengguna/${target}/buka-kunci`,
        { alasan: 'Uji' },
        '409 TIDAK_TERKUNCI',
      ],
      [
        'POST',
        `/api/v1/admin/pengguna/${target}/reset-sandi`,
        { alasan: 'Uji', konfirmasi: true },
        200,
      ],
      [
        'POST',
        `/api/v1/admin/pengguna/${target}/reset-totp`,
        { alasan: 'Uji', konfirmasi: true },
        '400 PERMINTAAN_TIDAK_VALID',
      ],
      ['POST', `/api/v1/admin/pengguna/${target}/dokumen`, pdf, 201],
    ];
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      for (const [method, path, body] of writes) {
        expect(outcomeOf(await call(role, method, path, body)), `${role} ${path}`).toBe(
          adminOnly(0)[role],
        );
      }
    }
    // Nothing changed for the refused roles: the admin's calls below see the first state.
    for (const [method, path, body, ok] of writes) {
      expect(outcomeOf(await call('admin', method, path, body)), `admin ${path}`).toBe(ok);
    }
  });

  it("records NDAs: head A for agency A's operator; head B is told the user does not exist", async () => {
    const path = `/api/v1/instansi/pengguna/${operatorA.userId}/dokumen`;
    const expected = headsOnly(201, '404 TIDAK_DITEMUKAN');
    for (const role of ROLES) {
      expect(outcomeOf(await call(role, 'POST', path, pdf)), role).toBe(expected[role]);
    }
  });

  it('describes every users endpoint in the OpenAPI document, in Indonesian', async () => {
    type Document = {
      paths: Record<string, Record<string, { summary?: string; tags?: string[] }>>;
    };
    // The users' endpoints are in the consoles' document, the token in the public one.
    const [publicDocument, consoleDocument] = await Promise.all(
      ['/api/v1/openapi.json', '/api/v1/konsol/openapi.json'].map(
        async (path) => (await (await fetch(`${server.url}${path}`)).json()) as Document,
      ),
    );
    const openapi = { paths: { ...publicDocument!.paths, ...consoleDocument!.paths } };
    const ours = Object.entries(openapi.paths).filter(
      ([path]) =>
        path.startsWith('/api/v1/admin/pengguna') ||
        path.startsWith('/api/v1/instansi/pengguna') ||
        path === '/api/v1/akun/kata-sandi',
    );
    expect(ours.map(([path]) => path).sort()).toEqual([
      '/api/v1/admin/pengguna',
      '/api/v1/admin/pengguna/{userId}',
      '/api/v1/admin/pengguna/{userId}/aktifkan',
      '/api/v1/admin/pengguna/{userId}/buka-kunci',
      '/api/v1/admin/pengguna/{userId}/dokumen',
      '/api/v1/admin/pengguna/{userId}/lepas-tahanan',
      '/api/v1/admin/pengguna/{userId}/nonaktifkan',
      '/api/v1/admin/pengguna/{userId}/reset-sandi',
      '/api/v1/admin/pengguna/{userId}/reset-totp',
      '/api/v1/akun/kata-sandi',
      '/api/v1/instansi/pengguna',
      '/api/v1/instansi/pengguna/{userId}',
      '/api/v1/instansi/pengguna/{userId}/dokumen',
    ]);
    for (const [, operations] of ours) {
      for (const operation of Object.values(operations)) {
        expect(operation.summary).toBeTruthy();
        expect(operation.tags?.[0]).toMatch(/^(Pengguna|Akun)/);
      }
    }
    const token = openapi.paths['/api/v1/auth/token']!.post as unknown as {
      requestBody: {
        content: Record<string, { schema: { properties: object; required: string[] } }>;
      };
    };
    const schema = token.requestBody.content['application/json']!.schema;
    expect(Object.keys(schema.properties)).toEqual(['userId', 'password', 'otp']);
    expect(schema.required).toEqual(['userId', 'password']);
  });

  it('every signed-in role changes its own password; a visitor cannot', async () => {
    for (const role of ROLES) {
      const answer = await call(role, 'POST', '/api/v1/akun/kata-sandi', {
        kataSandiSaatIni: TEST_PASSWORD,
        kataSandiBaru: 'sandi-baru-panjang-7',
        ulangiKataSandiBaru: 'sandi-baru-panjang-7',
      });
      expect(outcomeOf(answer), role).toBe(role === 'anonymous' ? NO_LOGIN : 204);
    }
  });
});
