import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { startTestServer, type TestServer } from '../../test/server.js';
import { UNDECLARED_ROUTES_ALLOWED, type RouteDeclaration } from '../app-pipeline.js';

const exempt = (route: RouteDeclaration) =>
  UNDECLARED_ROUTES_ALLOWED.some((pattern) => pattern.test(route.url));
const name = (route: RouteDeclaration) => `${route.method} ${route.url}`;

/** Every part of the request wrong: path parameters, query and body. */
function malformed(route: RouteDeclaration): { method: string; url: string; payload?: string } {
  const path = route.url.replace(/:[A-Za-z]+/g, 'bukan%20angka');
  const url = `${path}?halaman=bukan-angka&tidakDikenal=1`;
  const method = route.method;
  if (method === 'GET' || method === 'OPTIONS') return { method, url };
  return { method, url, payload: JSON.stringify({ tidakDikenal: [], nik: 12 }) };
}

describe('authentication before validation', () => {
  let t: TestDatabase;
  let server: TestServer;
  let routes: readonly RouteDeclaration[];

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
    routes = server.app.routeDeclarations;
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  it('every API and portal route declares its permission', () => {
    const undeclared = routes.filter((r) => r.permission === undefined && !exempt(r)).map(name);
    expect(undeclared).toEqual([]);
  });

  it('every protected API route answers an anonymous, malformed request 401 GAGAL_LOGIN', async () => {
    const protectedApi = routes.filter(
      (r) => r.url.startsWith('/api/') && !exempt(r) && r.permission !== 'public',
    );
    expect(protectedApi.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const route of protectedApi) {
      const { method, url, payload } = malformed(route);
      const answer = await server.app.inject({
        method: method as 'GET',
        url,
        ...(payload === undefined
          ? {}
          : { payload, headers: { 'content-type': 'application/json' } }),
      });
      const body = answer.body;
      if (answer.statusCode !== 401 || body !== '{"code":"GAGAL_LOGIN","message":"Gagal Login"}')
        wrong.push(`${name(route)}: ${answer.statusCode} ${body.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('every protected portal page sends a visitor to the login page', async () => {
    const pages = routes.filter(
      (r) =>
        r.method === 'GET' &&
        !r.url.startsWith('/api/') &&
        !exempt(r) &&
        r.permission !== undefined &&
        r.permission !== 'public',
    );
    expect(pages.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const route of pages) {
      const answer = await server.app.inject(malformed(route).url);
      if (answer.statusCode !== 303 || answer.headers.location !== '/masuk')
        wrong.push(`${name(route)}: ${answer.statusCode} ${String(answer.headers.location)}`);
    }
    expect(wrong).toEqual([]);
  });
});
