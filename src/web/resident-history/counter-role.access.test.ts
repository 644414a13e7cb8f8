import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeUser } from '../../../test/factories.js';
import {
  PortalClient,
  requestToken,
  startTestServer,
  type TestServer,
} from '../../../test/server.js';
import { can, PERMISSIONS, type Permission } from '../../domain/permissions.js';

/**
 * Issue 14: Dukcapil's counter officer (PETUGAS_LAYANAN_DUKCAPIL) has exactly one duty — the
 * resident's access history — and their own account. Every page of the portal is tried: only
 * those two open, every other answers by sending the officer back to the counter page (or
 * refuses), and nothing of the API answers them.
 */
const ROLE = 'PETUGAS_LAYANAN_DUKCAPIL';

function isPermission(value: string | undefined): value is Permission {
  return value !== undefined && Object.hasOwn(PERMISSIONS, value);
}
const HOME = '/dukcapil/riwayat-akses';

describe('the counter officer’s role', { timeout: 120_000 }, () => {
  let t: TestDatabase;
  let server: TestServer;
  let client: PortalClient;
  let officer: { userId: string; password: string };

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
    officer = await makeUser(t.db, { role: ROLE, userId: 'petugas.loket' });
    client = new PortalClient(server.url);
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  it('holds exactly the access-history permission and its own account', () => {
    const held = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(ROLE, p));
    expect(held.sort()).toEqual(['account.self', 'residentHistory.issue']);
  });

  it('lands on the counter page, whose menu shows only it and the account', async () => {
    const login = await client.login(officer.userId, officer.password);
    expect([login.status, login.location]).toEqual([303, '/']);
    const landing = await client.request('/');
    expect([landing.status, landing.location]).toEqual([303, HOME]);
    const page = await client.request(HOME);
    expect(page.status).toBe(200);
    const menu = /<nav class="sections"[^>]*>([\s\S]*?)<\/nav>/.exec(page.html)?.[1] ?? '';
    expect([...menu.matchAll(/href="([^"]+)"/g)].map((m) => m[1])).toEqual([HOME, '/akun']);
  });

  it('is turned away from every other page of the portal, GET and POST', async () => {
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await client.request(HOME)).html)?.[1];
    expect(csrf).toBeDefined();
    // Routes of a permission of the table (not 'public', 'signedIn' or the account's own).
    const routes = server.app.routeDeclarations.filter(
      (r) => isPermission(r.permission) && !r.url.startsWith('/api/') && !r.url.includes(':'),
    );
    expect(routes.length).toBeGreaterThan(30);
    const opened: string[] = [];
    for (const route of routes) {
      const allowed = can(ROLE, route.permission as Permission);
      if (allowed && route.method === 'POST') continue; // tried with real forms elsewhere
      const answer =
        route.method === 'GET'
          ? await client.request(route.url)
          : await client.request(route.url, { _csrf: csrf! });
      const where = `${route.method} ${route.url} (${route.permission})`;
      if (allowed) {
        expect(answer.status, where).toBe(200);
        opened.push(route.url);
      } else {
        // Sent back to the counter page, or refused: never served.
        expect([303, 403], where).toContain(answer.status);
        if (answer.status === 303) expect(answer.location, where).toBe(HOME);
      }
    }
    expect(opened).toContain(HOME);
    expect(
      opened.every((url) => url === HOME || url.startsWith('/akun')),
      opened.join(),
    ).toBe(true);
  });

  it('gets nothing from the API', async () => {
    const token = await requestToken(server.url, officer.userId, officer.password);
    if (token.status !== 200) {
      expect(token.status).toBeGreaterThanOrEqual(400);
      return;
    }
    const bearer = token.body.accessToken!;
    const routes = server.app.routeDeclarations.filter(
      (r) =>
        r.method === 'GET' &&
        r.url.startsWith('/api/') &&
        !r.url.includes(':') &&
        isPermission(r.permission),
    );
    for (const route of routes) {
      const answer = await fetch(`${server.url}${route.url}`, {
        headers: { authorization: `Bearer ${bearer}` },
      });
      const where = `GET ${route.url} (${route.permission})`;
      if (can(ROLE, route.permission as Permission)) expect(answer.status, where).toBe(200);
      else expect(answer.status, where).toBe(403);
    }
  });
});
