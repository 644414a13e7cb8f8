import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import {
  makeAgency,
  makeAgreement,
  makeResident,
  makeUser,
  TEST_PASSWORD,
} from '../../../test/factories.js';
import { PortalClient, startTestServer, type TestServer } from '../../../test/server.js';

const FOUND = '3303054703900002';
const figure = (html: string, href: string) =>
  Number(new RegExp(`data-figure="${href}">(\\d+)<`).exec(html)?.[1] ?? NaN);

describe("Dukcapil's overview and audit pages", () => {
  let t: TestDatabase;
  let server: TestServer;
  let operator: { userId: string };

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db, new Date('2026-11-24T03:00:00Z'));
    await makeResident(t.db, { nik: FOUND });
    const active = await makeAgency(t.db);
    // Ends within 90 days of 24 November 2026.
    await makeAgreement(t.db, active.code, { endsOn: '2027-01-31' });
    await makeAgency(t.db);
    operator = await makeUser(t.db, { agencyCode: active.code });
    await makeUser(t.db, { agencyCode: active.code, documents: false });
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  async function signedIn(role: string) {
    const user = await makeUser(t.db, { role });
    const client = new PortalClient(server.url);
    await client.login(user.userId, TEST_PASSWORD);
    return client;
  }

  it('shows agencies, agreements, users, requests and deadlines at a glance', async () => {
    const admin = await signedIn('ADMIN_DUKCAPIL');
    const page = await admin.request('/dukcapil');
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>Ringkasan</h1>');
    expect(figure(page.html, '/dukcapil/instansi')).toBe(2);
    expect(page.html).toContain('PKS berakhir dalam 90 hari');
    expect(page.html).toMatch(
      /Belum dapat mengakses data<\/a><\/dt>\s*<dd data-figure="\/dukcapil\/pengguna">1</,
    );
    // Signed 16 September 2025: the ISO certificate (due March 2026) and the reports of
    // semester 2 2025 and semester 1 2026 are overdue; the extension request (2 months
    // before 31 January 2027) is due within days.
    expect(figure(page.html, '/dukcapil/tenggat')).toBe(3);
    expect(page.html).toMatch(
      /Segera jatuh tempo<\/a><\/dt>\s*<dd data-figure="\/dukcapil\/tenggat">1</,
    );
    expect(page.html).toContain('href="/dukcapil/permohonan"');
  });

  it('lists the latest lookups on the audit page, for Dukcapil staff only', async () => {
    const client = new PortalClient(server.url);
    await client.login(operator.userId, TEST_PASSWORD);
    expect((await client.lookup(FOUND)).code).toBe('DITEMUKAN');
    expect((await client.request('/dukcapil/audit')).location).toBe('/cari');
    expect((await client.request('/dukcapil')).location).toBe('/cari');

    const evaluator = await signedIn('EVALUATOR_DUKCAPIL');
    const audit = await evaluator.request('/dukcapil/audit');
    expect(audit.status).toBe(200);
    expect(audit.html).toContain(operator.userId);
    // The NIK masked in the list (web/oversight/audit-views.ts).
    expect(audit.html).toContain('330305••••••0002');
    expect(audit.html).not.toContain(FOUND);
    expect(audit.html).toContain('DITEMUKAN');
    expect((await evaluator.request('/dukcapil')).status).toBe(200);
  });
});
