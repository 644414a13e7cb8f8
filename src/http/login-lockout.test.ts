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
import { unlockUserById } from '../services/administration/users.js';

const start = new Date('2026-11-24T03:00:00Z');
const minutes = (n: number) => new Date(start.getTime() + n * 60_000);

describe('lockout after repeated wrong passwords', () => {
  let t: TestDatabase;
  let server: TestServer;
  let agencyCode: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    // Every account here is tried from this one address, many times: the per-address limit
    // of failed logins (login-limits.test.ts) would stop these tests of the per-account lockout.
    server = await startTestServer(t.db, start, {
      loginLimits: { perAddress: 1000, perAccount: 1000, windowSeconds: 600 },
    });
    agencyCode = (await makeAgency(t.db)).code;
    await makeAgreement(t.db, agencyCode);
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  const wrong = (userId: string, times: number) =>
    Promise.all(
      Array.from({ length: times }, () => requestToken(server.url, userId, 'bukan-kata-sandi')),
    );

  it('refuses even the right password after five failures, as "Gagal Login", for fifteen minutes', async () => {
    server.setNow(start);
    const user = await makeUser(t.db, { agencyCode });
    await wrong(user.userId, 5);
    const refused = await requestToken(server.url, user.userId, TEST_PASSWORD);
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ code: 'GAGAL_LOGIN', message: 'Gagal Login' });
    // The portal answers the same way.
    const portal = new PortalClient(server.url);
    const page = await portal.login(user.userId, TEST_PASSWORD);
    expect(page.html).toContain('Gagal Login');
    expect(portal.hasSession()).toBe(false);

    const audit = (await auditOf(t.db, user.userId)).map((a) => a.response_code);
    expect(audit).toEqual([...Array<string>(5).fill('GAGAL_LOGIN'), 'TERKUNCI', 'TERKUNCI']);

    server.setNow(minutes(14));
    expect((await requestToken(server.url, user.userId, TEST_PASSWORD)).status).toBe(401);
    server.setNow(minutes(15.5));
    expect((await requestToken(server.url, user.userId, TEST_PASSWORD)).status).toBe(200);
  });

  it('does not extend the lock for failures during it', async () => {
    server.setNow(start);
    const user = await makeUser(t.db, { agencyCode });
    await wrong(user.userId, 5);
    server.setNow(minutes(10));
    await wrong(user.userId, 3);
    server.setNow(minutes(15.5));
    expect((await requestToken(server.url, user.userId, TEST_PASSWORD)).status).toBe(200);
  });

  it('starts counting again after a successful login', async () => {
    server.setNow(start);
    const user = await makeUser(t.db, { agencyCode });
    await wrong(user.userId, 4);
    expect((await requestToken(server.url, user.userId, TEST_PASSWORD)).status).toBe(200);
    await wrong(user.userId, 4);
    expect((await requestToken(server.url, user.userId, TEST_PASSWORD)).status).toBe(200);
  });

  it('is lifted at once by an admin', async () => {
    server.setNow(start);
    const user = await makeUser(t.db, { agencyCode });
    await wrong(user.userId, 6);
    expect((await requestToken(server.url, user.userId, TEST_PASSWORD)).status).toBe(401);
    await unlockUserById(t.db, user.userId);
    expect((await requestToken(server.url, user.userId, TEST_PASSWORD)).status).toBe(200);
  });
});
