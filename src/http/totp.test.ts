import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import {
  auditOf,
  makeAgency,
  makeAgreement,
  makeResident,
  makeUser,
  TEST_PASSWORD,
} from '../../test/factories.js';
import { apiLookup, PortalClient, startTestServer, type TestServer } from '../../test/server.js';
import { enrolTotp, secretOnPage, totpCode, wrongCode } from '../../test/users.js';

const FOUND = '3303054703900002';
const START = new Date('2026-11-24T03:00:00Z');
const later = (seconds: number) => new Date(START.getTime() + seconds * 1000);

/**
 * The TOTP second factor: enrolment on /akun (QR code and secret, confirmed by a code), the
 * portal's second login page, `otp` on the API token endpoint, codes accepted once, wrong
 * codes counting toward the lockout, and Dukcapil admins made to enrol before anything else.
 */
describe('TOTP second factor', () => {
  let t: TestDatabase;
  let server: TestServer;
  let agency: { code: string };

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db, START);
    await makeResident(t.db, { nik: FOUND });
    agency = await makeAgency(t.db);
    await makeAgreement(t.db, agency.code);
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  const token = async (userId: string, otp?: string, password = TEST_PASSWORD) => {
    const response = await fetch(`${server.url}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, password, ...(otp === undefined ? {} : { otp }) }),
    });
    return {
      status: response.status,
      body: (await response.json()) as { accessToken?: string; code?: string; message?: string },
    };
  };

  /** An operator with TOTP enrolled at START; the clock is left at `at`. */
  async function enrolledOperator(at = START) {
    server.setNow(at);
    const operator = await makeUser(t.db, { agencyCode: agency.code });
    const client = new PortalClient(server.url);
    await client.login(operator.userId, TEST_PASSWORD);
    const secret = await enrolTotp(client, at);
    await client.submit('/cari', '/keluar', {});
    return { ...operator, secret };
  }

  it('enrols with a QR code that carries no script or style, confirmed by a code', async () => {
    server.setNow(START);
    const operator = await makeUser(t.db, { agencyCode: agency.code });
    const client = new PortalClient(server.url);
    await client.login(operator.userId, TEST_PASSWORD);
    const start = await client.submit('/akun', '/akun/totp/mulai', {});
    expect(start.location).toBe('/akun/totp');
    const page = await client.request('/akun/totp');
    const svg = /<svg[\s\S]*?<\/svg>/.exec(page.html)?.[0] ?? '';
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="[0-9 ]+"/);
    expect(svg).not.toMatch(/script|style|\son[a-z]+=|href/i);
    const secret = secretOnPage(page.html);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    const wrong = await client.submit('/akun/totp', '/akun/totp/konfirmasi', {
      kode: wrongCode(secret, START),
    });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('Kode tidak cocok');
    const right = await client.submit('/akun/totp', '/akun/totp/konfirmasi', {
      kode: totpCode(secret, START),
    });
    expect(right.location).toBe('/akun?selesai=totp-aktif');
    const account = await client.request(right.location!);
    expect(account.html).toContain('TOTP aktif. Mulai sekarang Gerbang meminta kode');
    expect(account.html).toContain('Nonaktifkan TOTP');
    // The secret is sealed in the database, not kept in clear.
    const row = await t.db
      .selectFrom('app_user')
      .select(['totp_secret', 'totp_enabled_at'])
      .where('id', '=', operator.id)
      .executeTakeFirstOrThrow();
    expect(row.totp_secret).toMatch(/^v1\./);
    expect(row.totp_secret).not.toContain(secret);
    expect(row.totp_enabled_at).not.toBeNull();
  });

  it('portal: the password opens no session; the code page does, and a code is accepted once', async () => {
    const operator = await enrolledOperator();
    server.setNow(later(60));
    const client = new PortalClient(server.url);
    const first = await client.login(operator.userId, TEST_PASSWORD);
    expect(first.location).toBe('/masuk/kode');
    expect(client.hasSession()).toBe(false);
    expect((await client.request('/cari')).location).toBe('/masuk');

    const wrong = await client.submit('/masuk/kode', '/masuk/kode', {
      otp: wrongCode(operator.secret, later(60)),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.html).toContain('Kode salah atau sudah dipakai');
    expect(client.hasSession()).toBe(false);
    const code = totpCode(operator.secret, later(60));
    const right = await client.submit('/masuk/kode', '/masuk/kode', { otp: code });
    expect(right.location).toBe('/');
    expect(client.hasSession()).toBe(true);
    expect((await client.lookup(FOUND)).code).toBe('DITEMUKAN');

    // The same code again, from another browser in the same thirty seconds: refused.
    const replay = new PortalClient(server.url);
    await replay.login(operator.userId, TEST_PASSWORD);
    const reused = await replay.submit('/masuk/kode', '/masuk/kode', { otp: code });
    expect(reused.status).toBe(401);
    expect(replay.hasSession()).toBe(false);
    server.setNow(later(90));
    const next = await replay.submit('/masuk/kode', '/masuk/kode', {
      otp: totpCode(operator.secret, later(90)),
    });
    expect(next.location).toBe('/');
    const audit = (await auditOf(t.db, operator.userId))
      .filter((a) => a.action === 'LOGIN')
      .map((a) => a.response_code);
    expect(audit.slice(-6)).toEqual([
      'MENUNGGU_OTP',
      'OTP_SALAH',
      'BERHASIL',
      'MENUNGGU_OTP',
      'OTP_SALAH',
      'BERHASIL',
    ]);
  });

  it('portal: the second step expires after five minutes', async () => {
    const operator = await enrolledOperator();
    server.setNow(later(60));
    const client = new PortalClient(server.url);
    await client.login(operator.userId, TEST_PASSWORD);
    server.setNow(later(60 + 301));
    const late = await client.submit('/masuk/kode', '/masuk/kode', {
      otp: totpCode(operator.secret, later(361)),
    });
    expect(late.status).toBe(401);
    expect(late.html).toContain('Gagal Login');
    expect(client.hasSession()).toBe(false);
  });

  it('API: otp is required once enrolled, checked, and accepted once; clients without TOTP are unchanged', async () => {
    const plain = await makeUser(t.db, { agencyCode: agency.code });
    server.setNow(later(30));
    expect((await token(plain.userId)).status).toBe(200);

    const operator = await enrolledOperator();
    server.setNow(later(120));
    const missing = await token(operator.userId);
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe('OTP_DIPERLUKAN');
    expect((await token(operator.userId, wrongCode(operator.secret, later(120)))).body.code).toBe(
      'GAGAL_LOGIN',
    );
    const code = totpCode(operator.secret, later(120));
    const issued = await token(operator.userId, code);
    expect(issued.status).toBe(200);
    expect((await apiLookup(server.url, issued.body.accessToken, FOUND)).body.code).toBe(
      'DITEMUKAN',
    );
    const reused = await token(operator.userId, code);
    expect(reused.status).toBe(401);
    expect(reused.body.code).toBe('GAGAL_LOGIN');
    // A wrong password is refused before any word about the code.
    expect((await token(operator.userId, undefined, 'salah-sekali-1')).body.code).toBe(
      'GAGAL_LOGIN',
    );
  });

  it('wrong codes count toward the lockout, and re-entering the password does not reset the count', async () => {
    const operator = await enrolledOperator();
    server.setNow(later(200));
    const client = new PortalClient(server.url);
    for (let i = 0; i < 3; i++) {
      await client.login(operator.userId, TEST_PASSWORD);
      await client.submit('/masuk/kode', '/masuk/kode', {
        otp: wrongCode(operator.secret, later(200)),
      });
    }
    // Two more wrong codes on the API reach five.
    await token(operator.userId, wrongCode(operator.secret, later(200)));
    await token(operator.userId, wrongCode(operator.secret, later(200)));
    server.setNow(later(230));
    const locked = await token(operator.userId, totpCode(operator.secret, later(230)));
    expect(locked.status).toBe(401);
    expect(locked.body.code).toBe('GAGAL_LOGIN');
    await client.login(operator.userId, TEST_PASSWORD);
    expect(client.hasSession()).toBe(false);
    server.setNow(later(230 + 16 * 60));
    expect(
      (await token(operator.userId, totpCode(operator.secret, later(230 + 16 * 60)))).status,
    ).toBe(200);
  });

  it('a Dukcapil admin must enrol before anything else, cannot disable it, and another admin can reset it', async () => {
    server.setNow(later(400));
    const admin = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL', totpRequired: true });
    const refused = await token(admin.userId);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('TOTP_WAJIB');
    const client = new PortalClient(server.url);
    expect((await client.login(admin.userId, TEST_PASSWORD)).location).toBe('/akun');
    for (const path of ['/dukcapil', '/dukcapil/pengguna', '/dukcapil/pengguna/baru']) {
      expect((await client.request(path)).location, path).toBe('/akun');
    }
    expect((await client.request('/akun')).html).toContain('wajib bagi Admin Dukcapil');
    const secret = await enrolTotp(client, later(400));
    expect((await client.request('/dukcapil/pengguna')).status).toBe(200);
    const account = await client.request('/akun');
    expect(account.html).not.toContain('Nonaktifkan TOTP');
    expect(account.html).toContain('TOTP wajib untuk akun ini');
    server.setNow(later(430));
    expect((await token(admin.userId, totpCode(secret, later(430)))).status).toBe(200);

    const other = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
    const colleague = new PortalClient(server.url);
    await colleague.login(other.userId, TEST_PASSWORD);
    const reset = await colleague.submit(
      `/dukcapil/pengguna/${admin.userId}`,
      `/dukcapil/pengguna/${admin.userId}/reset-totp`,
      { reason: 'Ponsel hilang', konfirmasi: 'ya' },
    );
    expect(reset.location).toBe(`/dukcapil/pengguna/${admin.userId}?selesai=1`);
    // Signed out everywhere; back to enrolment at the next login.
    expect((await client.request('/akun')).location).toBe('/masuk');
    expect((await client.login(admin.userId, TEST_PASSWORD)).location).toBe('/akun');
  });

  it('an officer may disable TOTP with the password; a wrong password counts as a failed login', async () => {
    const operator = await enrolledOperator();
    server.setNow(later(500));
    const client = new PortalClient(server.url);
    await client.login(operator.userId, TEST_PASSWORD);
    await client.submit('/masuk/kode', '/masuk/kode', {
      otp: totpCode(operator.secret, later(500)),
    });
    const wrong = await client.submit('/akun', '/akun/totp/nonaktif', {
      password: 'salah-salah-1',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('Kata sandi salah');
    const failures = await t.db
      .selectFrom('app_user')
      .select('failed_logins')
      .where('id', '=', operator.id)
      .executeTakeFirstOrThrow();
    expect(failures.failed_logins).toBe(1);
    const off = await client.submit('/akun', '/akun/totp/nonaktif', { password: TEST_PASSWORD });
    expect(off.location).toBe('/akun?selesai=totp-nonaktif');
    expect((await token(operator.userId)).status).toBe(200);
  });
});
