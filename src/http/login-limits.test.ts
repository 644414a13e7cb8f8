import { sql } from 'kysely';
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
import { DEFAULT_LOGIN_LIMITS } from '../domain/login-limits.js';
import { enrolTotp, totpCode } from '../../test/users.js';

/**
 * Issue 13, password spraying: failed logins are limited per client address (across
 * accounts) and per account (across addresses), on every login channel, with the same
 * "Gagal Login" as any failed login, audited as DIBATASI. The server trusts X-Forwarded-For
 * here so that one test can come from many addresses.
 */
const START = new Date('2026-11-24T03:00:00Z');
const minutes = (n: number) => new Date(START.getTime() + n * 60_000);
const { perAddress, perAccount } = DEFAULT_LOGIN_LIMITS;

describe('login limits per address and per account', () => {
  let t: TestDatabase;
  let server: TestServer;
  let agencyCode: string;
  let addresses = 0;
  /** A fresh client address for each test (10.99.x.y). */
  const nextAddress = () => `10.99.${Math.floor(++addresses / 250)}.${(addresses % 250) + 1}`;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db, START, { trustProxy: true });
    agencyCode = (await makeAgency(t.db)).code;
    // The factories' agreement allows loopback only; these tests come from 10.99.*.
    await makeAgreement(t.db, agencyCode, { accessPoints: ['10.99.0.0/16'] });
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  async function token(from: string, userId: string, password: string) {
    const response = await fetch(`${server.url}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      body: JSON.stringify({ userId, password }),
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  }

  async function portalLogin(from: string, userId: string, password: string) {
    const visit = await fetch(`${server.url}/masuk`, { headers: { 'x-forwarded-for': from } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await visit.text())![1]!;
    const cookie = visit.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    const response = await fetch(`${server.url}/masuk`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': from,
        cookie,
      },
      body: new URLSearchParams({ _csrf: csrf, userId, password }).toString(),
    });
    const html = await response.text();
    return { status: response.status, alert: /role="alert">([^<]*)</.exec(html)?.[1]?.trim() };
  }

  it('one address spraying many accounts is refused after the limit, even a right password, as "Gagal Login"', async () => {
    server.setNow(START);
    const from = nextAddress();
    const wrong = await token(from, 'pengguna.tak.ada', 'bukan-kata-sandi');
    for (let i = 1; i < perAddress; i++) {
      const victim = await makeUser(t.db, { agencyCode });
      expect((await token(from, victim.userId, 'Rahasia2026!')).status).toBe(401);
    }
    const fresh = await makeUser(t.db, { agencyCode });
    const refused = await token(from, fresh.userId, TEST_PASSWORD);
    // The same answer as a wrong password, with no header telling a limit.
    expect([refused.status, refused.body]).toEqual([wrong.status, wrong.body]);
    expect(refused.body).toEqual({ code: 'GAGAL_LOGIN', message: 'Gagal Login' });
    for (const name of ['retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining']) {
      expect(refused.headers.get(name), name).toBeNull();
    }
    // The portal answers this address alike.
    const page = await portalLogin(from, fresh.userId, TEST_PASSWORD);
    const wrongPage = await portalLogin(nextAddress(), 'pengguna.tak.ada', 'x');
    expect([page.status, page.alert]).toEqual([wrongPage.status, wrongPage.alert]);
    expect(page.alert).toBe('Gagal Login');
    // Audited, for Dukcapil, as what it was; the account itself is untouched.
    expect((await auditOf(t.db, fresh.userId)).map((a) => [a.channel, a.response_code])).toEqual([
      ['API', 'DIBATASI'],
      ['PORTAL', 'DIBATASI'],
    ]);
    const row = await t.db
      .selectFrom('app_user')
      .select(['failed_logins', 'locked_until'])
      .where('user_id', '=', fresh.userId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_logins: 0, locked_until: null });
    // Another address is not concerned, and the window's end frees this one.
    expect((await token(nextAddress(), fresh.userId, TEST_PASSWORD)).status).toBe(200);
    server.setNow(minutes(10));
    expect((await token(from, fresh.userId, TEST_PASSWORD)).status).toBe(200);
  });

  it('one account tried from many addresses is refused after its limit', async () => {
    server.setNow(minutes(100));
    const user = await makeUser(t.db, { agencyCode });
    for (let i = 0; i < perAccount; i++) {
      expect((await token(nextAddress(), user.userId, 'bukan-kata-sandi')).status).toBe(401);
    }
    // Locked by now (5 wrong), and over its limit: the attempt is not even tried.
    expect((await token(nextAddress(), user.userId, TEST_PASSWORD)).status).toBe(401);
    const codes = (await auditOf(t.db, user.userId)).map((a) => a.response_code);
    expect(codes.at(-1)).toBe('DIBATASI');
    expect(codes.filter((c) => c === 'TERKUNCI')).toHaveLength(perAccount - 5);
  });

  it('an office is not affected: many users signing in from one address, a few typing errors', async () => {
    server.setNow(minutes(200));
    const office = nextAddress();
    for (let i = 0; i < 30; i++) {
      const user = await makeUser(t.db, { agencyCode });
      if (i % 10 === 0) {
        expect((await token(office, user.userId, 'salah-ketik')).status).toBe(401);
      }
      expect((await token(office, user.userId, TEST_PASSWORD)).status, `user ${i}`).toBe(200);
    }
    const page = await portalLogin(
      office,
      (await makeUser(t.db, { agencyCode })).userId,
      TEST_PASSWORD,
    );
    expect(page.status).toBe(303);
  });

  it('the TOTP step is refused over the limit, even the right code', async () => {
    // From loopback (the portal client sends no X-Forwarded-For), allowed for this agency.
    await sql`UPDATE agreement SET access_points = access_points || '{127.0.0.1}'::inet[]
      WHERE status = 'AKTIF'`.execute(t.db);
    server.setNow(minutes(300));
    const user = await makeUser(t.db, { agencyCode });
    const client = new PortalClient(server.url);
    await client.login(user.userId, TEST_PASSWORD);
    const secret = await enrolTotp(client, minutes(300));
    await client.submit('/cari', '/keluar', {});

    server.setNow(minutes(301));
    const second = new PortalClient(server.url);
    expect((await second.login(user.userId, TEST_PASSWORD)).location).toBe('/masuk/kode');
    // Meanwhile loopback uses up its failed attempts on other accounts.
    for (let i = 0; i < perAddress; i++) {
      expect((await requestToken(server.url, `pengguna.lain.${i}`, 'x')).status).toBe(401);
    }
    const page = await second.submit('/masuk/kode', '/masuk/kode', {
      otp: totpCode(secret, minutes(301)),
    });
    expect(page.status).toBe(401);
    expect(second.hasSession()).toBe(false);
    const codes = (await auditOf(t.db, user.userId)).map((a) => a.response_code);
    expect(codes.slice(-2)).toEqual(['MENUNGGU_OTP', 'DIBATASI']);
  });

  it('forgets the windows that have ended', async () => {
    server.setNow(minutes(1000));
    await token(nextAddress(), 'pengguna.tak.ada', 'x');
    const rows = await t.db.selectFrom('login_limit').select('window_start').execute();
    // Only the rows of the attempt just made (its address and its account) are left.
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.window_start.getTime() === minutes(1000).getTime())).toBe(true);
  });
});
