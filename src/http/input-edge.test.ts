import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import {
  auditOf,
  makeAgency,
  makeAgreement,
  makeUser,
  TEST_PASSWORD,
} from '../../test/factories.js';
import { PortalClient, requestToken, startTestServer, type TestServer } from '../../test/server.js';
import { enrolTotp } from '../../test/users.js';

/**
 * Issue 13, "no 5xx from input": a NUL, or text that is not UTF-8, on any channel is refused
 * at the edge with 400 TEKS_TIDAK_SAH naming the field (before: a 500 from PostgreSQL, and the
 * login not audited), and a login refused so is still a failed login: audited against the
 * account its cleaned user ID names, counted toward the lockout.
 */
const START = new Date('2026-11-24T03:00:00Z');

describe('text refused at the edge', () => {
  let t: TestDatabase;
  let server: TestServer;
  let agencyCode: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db, START);
    agencyCode = (await makeAgency(t.db)).code;
    await makeAgreement(t.db, agencyCode);
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  async function post(path: string, body: string | Buffer, type: string, cookie = '') {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': type, ...(cookie ? { cookie } : {}) },
      body,
    });
    return { status: response.status, text: await response.text(), headers: response.headers };
  }

  /** The CSRF token and cookie of a fresh visit to /masuk, for hand-made form bodies. */
  async function loginForm(): Promise<{ csrf: string; cookie: string }> {
    const response = await fetch(`${server.url}/masuk`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await response.text())![1]!;
    const cookie = response.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    return { csrf, cookie };
  }

  const failedLogins = async (userId: string) =>
    (
      await t.db
        .selectFrom('app_user')
        .select('failed_logins')
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow()
    ).failed_logins;

  it('API token: a NUL in the user ID is 400 TEKS_TIDAK_SAH, audited against the account and counted', async () => {
    const user = await makeUser(t.db, { agencyCode });
    const answer = await post(
      '/api/v1/auth/token',
      JSON.stringify({ userId: `${user.userId}\u0000`, password: 'x' }),
      'application/json',
    );
    expect(answer.status).toBe(400);
    const body = JSON.parse(answer.text) as { code: string; message: string; errors: unknown[] };
    expect(body.code).toBe('TEKS_TIDAK_SAH');
    expect(body.message).toContain('userId');
    expect(body.message).toContain('NUL');
    expect(body.errors).toEqual([{ field: 'userId', message: body.message }]);
    expect((await auditOf(t.db, user.userId)).map((a) => a.response_code)).toEqual([
      'TEKS_TIDAK_SAH',
    ]);
    expect(await failedLogins(user.userId)).toBe(1);
  });

  it('API token: five refused for their text lock the account like wrong passwords', async () => {
    const user = await makeUser(t.db, { agencyCode });
    for (const password of ['a\u0000', '\ud800', 'b\udfff', '\u0000', 'x\ud83d']) {
      const answer = await post(
        '/api/v1/auth/token',
        JSON.stringify({ userId: user.userId, password }),
        'application/json',
      );
      expect(answer.status, JSON.stringify(password)).toBe(400);
    }
    const refused = await requestToken(server.url, user.userId, TEST_PASSWORD);
    expect([refused.status, refused.body.code]).toEqual([401, 'GAGAL_LOGIN']);
    const codes = (await auditOf(t.db, user.userId)).map((a) => a.response_code);
    expect(codes).toEqual([...Array<string>(5).fill('TEKS_TIDAK_SAH'), 'TERKUNCI']);
  });

  it('API: bytes that are not UTF-8 and lone surrogates in JSON are refused by field', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"userId":"op.'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('","password":"x"}'),
    ]);
    const raw = await post('/api/v1/auth/token', bytes, 'application/json');
    expect(raw.status).toBe(400);
    expect(JSON.parse(raw.text)).toMatchObject({
      code: 'TEKS_TIDAK_SAH',
      errors: [{ field: 'userId' }],
    });
    // A JSON key is text too. The lookup checks its caller before telling them anything.
    const lookup = (authorization: string) =>
      fetch(`${server.url}/api/v1/nik/lookup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: '{"nik":"3303054703900002","purpose":"Verifikasi","x\\ud800":1}',
      });
    const anonymous = await lookup('');
    expect([anonymous.status, ((await anonymous.json()) as { code: string }).code]).toEqual([
      401,
      'GAGAL_LOGIN',
    ]);
    const operator = await makeUser(t.db, { agencyCode });
    const token = (await requestToken(server.url, operator.userId, TEST_PASSWORD)).body
      .accessToken!;
    const key = await lookup(`Bearer ${token}`);
    expect(key.status).toBe(400);
    expect(await key.json()).toMatchObject({
      code: 'TEKS_TIDAK_SAH',
      errors: [{ field: 'x\ud800 (nama)' }],
    });
  });

  it('portal /masuk: userId=%00 is 400 with the reason on the page, audited and counted', async () => {
    const user = await makeUser(t.db, { agencyCode });
    const form = await loginForm();
    const page = await post(
      '/masuk',
      `_csrf=${encodeURIComponent(form.csrf)}&userId=${user.userId}%00&password=x`,
      'application/x-www-form-urlencoded',
      form.cookie,
    );
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('kolom userId memuat karakter NUL');
    expect((await auditOf(t.db, user.userId)).map((a) => [a.channel, a.response_code])).toEqual([
      ['PORTAL', 'TEKS_TIDAK_SAH'],
    ]);
    expect(await failedLogins(user.userId)).toBe(1);
  });

  it('portal forms: malformed percent-escapes and bytes that are not UTF-8 are refused', async () => {
    for (const password of ['%FF', '%C3%28', '%ED%A0%80', '%ZZ', 'abc%', '%E2%82']) {
      const form = await loginForm();
      const page = await post(
        '/masuk',
        `_csrf=${encodeURIComponent(form.csrf)}&userId=pengguna.tak.ada&password=${password}`,
        'application/x-www-form-urlencoded',
        form.cookie,
      );
      expect(page.status, password).toBe(400);
      expect(page.text, password).toContain('kolom password');
    }
    // What a browser sends for the same characters is accepted (and simply a wrong login).
    const form = await loginForm();
    const fine = await post(
      '/masuk',
      `_csrf=${encodeURIComponent(form.csrf)}&userId=pengguna.tak.ada&password=%25FF+%C3%A9%F0%9F%98%80`,
      'application/x-www-form-urlencoded',
      form.cookie,
    );
    expect(fine.status).toBe(401);
    expect(fine.text).toContain('Gagal Login');
  });

  it('portal /masuk/kode: a NUL in the code is refused, audited against the waiting account and counted', async () => {
    server.setNow(START);
    const user = await makeUser(t.db, { agencyCode });
    const client = new PortalClient(server.url);
    await client.login(user.userId, TEST_PASSWORD);
    await enrolTolerantLogout(client);
    const second = new PortalClient(server.url);
    const step = await second.login(user.userId, TEST_PASSWORD);
    expect(step.location).toBe('/masuk/kode');
    const page = await second.submit('/masuk/kode', '/masuk/kode', { otp: '12\u000034' });
    expect(page.status).toBe(400);
    expect(page.html).toContain('kolom otp');
    const codes = (await auditOf(t.db, user.userId)).map((a) => a.response_code);
    expect(codes.slice(-2)).toEqual(['MENUNGGU_OTP', 'TEKS_TIDAK_SAH']);
    expect(await failedLogins(user.userId)).toBe(1);

    async function enrolTolerantLogout(portal: PortalClient) {
      await enrolTotp(portal, START);
      await portal.submit('/cari', '/keluar', {});
    }
  });

  it('query strings, route parameters and cookies are checked too', async () => {
    for (const query of ['x=%00', 'x=%FF', 'x=%ZZ', '%00=1']) {
      const response = await fetch(`${server.url}/masuk?${query}`);
      expect(response.status, query).toBe(400);
      expect(await response.text(), query).toMatch(/karakter NUL|bukan teks UTF-8/);
    }
    const admin = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
    const token = (await requestToken(server.url, admin.userId, TEST_PASSWORD)).body.accessToken!;
    const auth = { authorization: `Bearer ${token}` };
    const query = await fetch(`${server.url}/api/v1/admin/pengguna?cari=a%00`, { headers: auth });
    expect(query.status).toBe(400);
    expect(await query.json()).toMatchObject({
      code: 'TEKS_TIDAK_SAH',
      errors: [{ field: 'cari' }],
    });
    const param = await fetch(`${server.url}/api/v1/admin/pengguna/a%00b`, { headers: auth });
    expect(param.status).toBe(400);
    expect(await param.json()).toMatchObject({ code: 'TEKS_TIDAK_SAH' });
    const cookie = await fetch(`${server.url}/masuk`, { headers: { cookie: 'gerbang_csrf=%00' } });
    expect(cookie.status).toBe(400);
    // Another site's cookie on the same host is none of ours.
    const foreign = await fetch(`${server.url}/masuk`, { headers: { cookie: 'lain=%00' } });
    expect(foreign.status).toBe(200);
  });

  it('multipart forms: text fields and file names', async () => {
    const operator = await makeUser(t.db, { agencyCode });
    const client = new PortalClient(server.url);
    await client.login(operator.userId, TEST_PASSWORD);
    const field = await client.uploadForm(
      '/data-balikan',
      '/data-balikan/unggah',
      { catatan: 'a\u0000b' },
      { name: 'data.csv', content: 'nik\n' },
    );
    expect(field.status).toBe(400);
    expect(field.html).toContain('kolom catatan');
    const name = await client.upload('/data-balikan', '/data-balikan/unggah', {
      name: 'da\u0000ta.csv',
      content: 'nik\n',
    });
    expect(name.status).toBe(400);
    expect(name.html).toContain('nama berkas');
  });

  it('a caller who may not use a page is sent to sign in, not told about the text', async () => {
    const form = await loginForm();
    const anonymous = await post(
      '/cari',
      `_csrf=${encodeURIComponent(form.csrf)}&nik=%00&purpose=x`,
      'application/x-www-form-urlencoded',
      form.cookie,
    );
    expect([anonymous.status, anonymous.headers.get('location')]).toEqual([303, '/masuk']);
  });

  it('the national store endpoint answers in its own style', async () => {
    const answer = await post(
      '/dukcapil/databalikan/store',
      '[{"id_lembaga":"1","nama_lembaga":"a\\u0000","data":[]}]',
      'application/json',
    );
    expect(answer.status).toBe(400);
    const body = JSON.parse(answer.text) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['message']);
    expect(body.message).toContain('kolom [0].nama_lembaga');
  });

  it('a NUL in a header never reaches the app: Node answers 400, not a server error', async () => {
    const { port } = new URL(server.url);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write(
          'POST /api/v1/auth/revoke HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\u0000b\r\nContent-Length: 0\r\n\r\n',
          'latin1',
        );
      });
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString('latin1')));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
  });
});
