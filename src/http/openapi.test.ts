import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPortalPage } from '../../test/browser.js';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { startTestServer, type TestServer } from '../../test/server.js';

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { description: string; content?: object }>;
}
interface Document {
  info: { title: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  tags: { name: string; description?: string }[];
  components: { schemas?: Record<string, unknown> };
}

/** The API agencies' applications integrate with (SPEC §8) and its national twin (SPEC §9). */
const PUBLIC_OPERATIONS = [
  'post /api/v1/auth/token',
  'post /api/v1/auth/revoke',
  'post /api/v1/nik/lookup',
  'post /api/v1/nik/verifikasi',
  'post /api/v1/data-balikan',
  'post /dukcapil/databalikan/store',
  'post /dukcapil/get_json/{*}',
  'post /api/v1/nik/baca-kartu',
  'post /api/v1/oauth/token',
];

const operationsOf = (document: Document) =>
  Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({ path, method, operation })),
  );

/** Every `$ref` in the document, as the name of the component schema it points to. */
function refsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsOf);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) =>
    key === '$ref' && typeof item === 'string'
      ? [item.replace('#/components/schemas/', '')]
      : refsOf(item),
  );
}

describe('the API documents and reference page', () => {
  let t: TestDatabase;
  let server: TestServer;
  let publicText: string;
  let publicDocument: Document;
  let consoleDocument: Document;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
    const response = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    publicText = await response.text();
    publicDocument = JSON.parse(publicText) as Document;
    consoleDocument = (await (
      await fetch(`${server.url}/api/v1/konsol/openapi.json`)
    ).json()) as Document;
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  it('describes only the API agencies integrate with, small, in Indonesian', () => {
    const operations = operationsOf(publicDocument);
    expect(operations.map(({ method, path }) => `${method} ${path}`).sort()).toEqual(
      [...PUBLIC_OPERATIONS].sort(),
    );
    // It was 258 KB with the portal's pages and the consoles' API in it; the compatible
    // endpoints and the applications' token endpoint (issue 11) brought it to 62 KB.
    expect(publicText.length).toBeLessThan(75_000);
    expect(publicDocument.info.title).toBe('Gerbang — API verifikasi NIK');
    expect(publicDocument.info.description).toContain('Authorization: Bearer');
    expect(publicDocument.tags.map((tag) => tag.name)).toEqual([
      'Autentikasi',
      'Verifikasi',
      'Data balikan',
      'Layanan nasional',
    ]);
    for (const { path, method, operation } of operations) {
      const name = `${method} ${path}`;
      expect(operation.summary, name).toBeTruthy();
      expect(operation.tags, name).toHaveLength(1);
      for (const [status, response] of Object.entries(operation.responses)) {
        expect(response.description, `${name} ${status}`).not.toBe('Default Response');
      }
    }
    // The bodies and answers are described by their schemas.
    const lookup = publicDocument.paths['/api/v1/nik/lookup']!.post!;
    expect(lookup.requestBody!.content['application/json']!.schema).toMatchObject({
      required: ['nik', 'purpose'],
    });
    expect(lookup.responses['200']!.content).toBeDefined();
    expect(publicDocument.paths['/api/v1/auth/token']!.post!.requestBody).toBeDefined();
    // Applications (issue 11): the client-credentials grant and the operator header.
    const oauth = publicDocument.paths['/api/v1/oauth/token']!.post!;
    expect(Object.keys(oauth.requestBody!.content)).toContain('application/x-www-form-urlencoded');
    expect(Object.keys(oauth.responses).sort()).toEqual(['200', '400', '401', '500']);
    for (const path of ['/api/v1/nik/lookup', '/api/v1/nik/verifikasi']) {
      const parameters = (publicDocument.paths[path]!.post! as { parameters?: unknown[] })
        .parameters;
      expect(parameters, path).toContainEqual(
        expect.objectContaining({ in: 'header', name: 'x-gerbang-operator' }),
      );
    }
    // Every schema referred to is in the document, and no other.
    const refs = new Set(refsOf(publicDocument.paths));
    for (const ref of refsOf(publicDocument.components)) refs.add(ref);
    expect(Object.keys(publicDocument.components.schemas ?? {}).sort()).toEqual([...refs].sort());
  });

  it("puts the consoles' JSON API in a document of its own, and the portal's pages in neither", () => {
    const consolePaths = Object.keys(consoleDocument.paths);
    expect(consolePaths).toEqual(
      expect.arrayContaining([
        '/api/v1/admin/pengguna',
        '/api/v1/admin/pks',
        '/api/v1/instansi/permohonan',
        '/api/v1/instansi/tenggat',
        '/api/v1/akun/kata-sandi',
      ]),
    );
    expect(consolePaths.every((path) => path.startsWith('/api/v1/'))).toBe(true);
    expect(consoleDocument.info.title).toBe('Gerbang — API konsol');
    for (const { path, method, operation } of operationsOf(consoleDocument)) {
      expect(operation.summary, `${method} ${path}`).toBeTruthy();
    }
    const publicPaths = Object.keys(publicDocument.paths);
    expect(publicPaths.filter((path) => consolePaths.includes(path))).toEqual([]);
    // Every route of the JSON API is in one of the two.
    const apiRoutes = server.app.routeDeclarations
      .filter((route) => route.url.startsWith('/api/v1/'))
      .filter(
        (route) => !/^\/api\/v1\/(openapi\.json|konsol\/openapi\.json|dokumentasi)/.test(route.url),
      )
      .map((route) => route.url.replace(/:(\w+)/g, '{$1}'));
    expect(apiRoutes.length).toBeGreaterThan(40);
    for (const url of apiRoutes) expect([...publicPaths, ...consolePaths], url).toContain(url);
    // No portal page: /masuk, /cari, /dukcapil/… (but the national service's endpoints).
    for (const path of [...publicPaths, ...consolePaths]) {
      expect(/^\/(api\/v1|dukcapil\/databalikan|dukcapil\/get_json)\//.test(path), path).toBe(true);
    }
  });

  it('serves the reference page and its files from the package, in Indonesian, under the CSP', async () => {
    const response = await fetch(`${server.url}/api/v1/dokumentasi`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const page = await response.text();
    expect(page).toContain('<html lang="id">');
    expect(page).toContain('<title>Dokumentasi API Gerbang</title>');
    expect(page).not.toMatch(/(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    const assets = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      const file = await fetch(new URL(asset, `${server.url}/api/v1/dokumentasi`));
      expect(file.status, asset).toBe(200);
      await file.arrayBuffer();
    }
    // The page shows the public document.
    const shown = (await (await fetch(`${server.url}/api/v1/dokumentasi/json`)).json()) as Document;
    expect(Object.keys(shown.paths).sort()).toEqual(Object.keys(publicDocument.paths).sort());
  });

  describe('in a browser', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('renders every public operation with nothing refused by the CSP and nothing fetched elsewhere', async () => {
      const page = await newPortalPage(browser, server.url);
      const refused: string[] = [];
      const elsewhere: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text()))
          refused.push(message.text());
      });
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.origin !== server.url && url.protocol !== 'data:') elsewhere.push(request.url());
      });
      // What the CSP blocked, as the page itself learns it.
      await page.addInitScript({
        content: `window.violations = [];
          document.addEventListener('securitypolicyviolation', (event) =>
            window.violations.push(event.violatedDirective + ' ' + event.blockedURI));`,
      });
      await page.goto('/api/v1/dokumentasi');
      await page
        .locator('.opblock')
        .nth(PUBLIC_OPERATIONS.length - 1)
        .waitFor();
      expect(await page.locator('.opblock').count()).toBe(PUBLIC_OPERATIONS.length);
      const text = await page.locator('#swagger-ui').innerText();
      expect(text).toContain('Gerbang — API verifikasi NIK');
      expect(text).toContain('Verifikasi penduduk berdasarkan NIK');
      expect(text).toContain('Mengirim data balikan');
      expect(await page.title()).toBe('Dokumentasi API Gerbang');
      await page.locator('.opblock-summary').first().click();
      await page.locator('.opblock-body').first().waitFor();
      expect(await page.evaluate('window.violations')).toEqual([]);
      expect(refused).toEqual([]);
      expect(elsewhere).toEqual([]);
    });
  });
});
