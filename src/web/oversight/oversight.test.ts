import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import {
  makeAgency,
  makeAgreement,
  makeResident,
  makeUser,
  TEST_PASSWORD,
} from '../../../test/factories.js';
import { PortalClient, startTestServer, type TestServer } from '../../../test/server.js';

/**
 * The oversight pages over HTTP, on the real server: each renders with data, stays light for
 * a 1 Mbps link, and is never cached (population-data pages answer `Cache-Control: no-store`).
 */

const NOW = new Date('2026-11-24T03:00:00Z'); // 10.00 WIB
const FOUND = '3303054703900002';
const MISSING = '3303054703909999';
const MAX_PAGE_BYTES = 60 * 1024;

describe('usage and audit pages', () => {
  let t: TestDatabase;
  let server: TestServer;
  let agencyA: { id: number; code: string };
  let head: PortalClient;
  let admin: PortalClient;
  let evaluator: PortalClient;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db, NOW);
    await makeResident(t.db, { nik: FOUND });
    agencyA = await makeAgency(t.db, { code: 'HAL_A', name: 'Dinas Uji Halaman' });
    await makeAgreement(t.db, 'HAL_A');
    const operatorUser = await makeUser(t.db, { userId: 'hal.operator', agencyCode: 'HAL_A' });
    const headUser = await makeUser(t.db, {
      userId: 'hal.kepala',
      role: 'KEPALA_INSTANSI',
      agencyCode: 'HAL_A',
    });
    const adminUser = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
    const evaluatorUser = await makeUser(t.db, { role: 'EVALUATOR_DUKCAPIL' });

    // Real lookups on the portal, then a day's worth written as the lookup writes them.
    const operator = new PortalClient(server.url);
    await operator.login(operatorUser.userId, TEST_PASSWORD);
    expect((await operator.lookup(FOUND)).code).toBe('DITEMUKAN');
    expect((await operator.lookup(MISSING)).code).toBe('TIDAK_DITEMUKAN');
    await sql`
      INSERT INTO audit_log (at, action, channel, user_id, agency_id, client_ip, nik, purpose, response_code)
      SELECT ${NOW}::timestamptz - g * interval '7 minutes', 'LOOKUP', 'PORTAL', ${operatorUser.id},
             ${agencyA.id}, '127.0.0.1', '33030512039' || lpad(g::text, 5, '0'),
             'Pelayanan <b>pasien</b> & "rawat jalan"', 'DITEMUKAN'
      FROM generate_series(1, 80) AS g`.execute(t.db);
    await sql`INSERT INTO pattern_alert (agency_id, user_id, scope, kind, action, summary, evidence,
        state, created_at, last_seen_at)
      VALUES (${agencyA.id}, ${operatorUser.id}, 'PENGGUNA', 'BERURUTAN', 'PERINGATAN',
        'Serial NIK 330305••••••0001 s.d. 0005 berurutan', '[]'::jsonb, 'OPEN', ${NOW}, ${NOW})`.execute(
      t.db,
    );

    head = new PortalClient(server.url);
    await head.login(headUser.userId, TEST_PASSWORD);
    admin = new PortalClient(server.url);
    await admin.login(adminUser.userId, TEST_PASSWORD);
    evaluator = new PortalClient(server.url);
    await evaluator.login(evaluatorUser.userId, TEST_PASSWORD);
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  function expectLightAndUncached(page: { status: number; html: string; headers: Headers }) {
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.byteLength(page.html)).toBeLessThanOrEqual(MAX_PAGE_BYTES);
  }

  /** No full NIK in the lists: only masked (a NIK searched for stays in its search box). */
  function expectMasked(html: string) {
    const rows = [...html.matchAll(/<tbody>([\s\S]*?)<\/tbody>/g)].map((m) => m[1]).join('');
    expect(rows).not.toBe('');
    expect(rows).not.toContain(FOUND);
    expect(rows).not.toContain(MISSING);
  }

  it("the head lands on the agency's usage page and sees its lookups", async () => {
    expect((await head.request('/')).location).toBe('/instansi/penggunaan');
    const page = await head.request('/instansi/penggunaan');
    expectLightAndUncached(page);
    expect(page.html).toContain('<h1>Penggunaan Verifikasi NIK</h1>');
    expect(page.html).toContain('Dinas Uji Halaman (HAL_A)');
    expect(page.html).toMatch(/data-figure="today">82</);
    expect(page.html).toMatch(/data-figure="open-alerts">1</);
    expect(page.html).toContain('<figure class="chart"><svg role="img"');
    expect(page.html).toMatch(/data-operator="hal.operator"/);
    // The agency's alert as the agency reads it: what was found, no summary (Dukcapil's page).
    expect(page.html).toMatch(
      /<tr data-state="OPEN" class="bad">\s*<td>2026-11-24 10:00<\/td><td>NIK berurutan<\/td><td>hal.operator<\/td><td class="num">0<\/td><td>Baru<\/td><td>Operator diperingatkan<\/td>/,
    );
    expect(page.html).not.toContain('Serial NIK 330305••••••0001 s.d. 0005 berurutan');
    // The newest lookups first, 25 to a page, masked; text escaped.
    expect(page.html).toContain('330305••••••0002');
    expect(page.html).toContain(
      'Pelayanan &lt;b&gt;pasien&lt;/b&gt; &amp; &quot;rawat jalan&quot;',
    );
    expect(page.html).toContain('Halaman 1 dari 4');
    expectMasked(page.html);
    expect(page.html).not.toContain(FOUND);
    expect(page.html).toMatch(/82 verifikasi cocok; ditampilkan 1–25/);
    // The head still reaches the lookup form from the menu.
    expect(page.html).toContain('<a href="/cari">Verifikasi NIK</a>');

    const narrowed = await head.request(`/instansi/penggunaan?nik=${FOUND}`);
    expectLightAndUncached(narrowed);
    expect(narrowed.html).toMatch(/1 verifikasi cocok; ditampilkan 1–1/);
    expectMasked(narrowed.html);
  });

  it("Dukcapil sees every agency's usage, one agency's page, and the overview's summary", async () => {
    const all = await evaluator.request('/dukcapil/penggunaan');
    expectLightAndUncached(all);
    expect(all.html).toContain('<h1>Penggunaan Seluruh Instansi</h1>');
    expect(all.html).toMatch(/data-agency="HAL_A"/);
    expect(all.html).toContain(`href="/dukcapil/penggunaan/${agencyA.id}"`);
    expect(all.html).toContain('Jam tersibuk');

    const one = await admin.request(`/dukcapil/penggunaan/${agencyA.id}?halaman=2`);
    expectLightAndUncached(one);
    expect(one.html).toContain('<h1>Penggunaan HAL_A</h1>');
    expect(one.html).toMatch(/82 verifikasi cocok; ditampilkan 26–50/);
    expect(one.html).toMatch(/href="\/dukcapil\/peringatan\/\d+"/);
    expect((await admin.request('/dukcapil/penggunaan/99999')).status).toBe(404);
    expect((await admin.request('/dukcapil/penggunaan/bukan-angka')).status).toBe(404);

    const overview = await admin.request('/dukcapil');
    expectLightAndUncached(overview);
    expect(overview.html).toContain('Penggunaan hari ini');
    expect(overview.html).toMatch(/data-figure="usage-today">82</);
    expect(overview.html).toMatch(/data-figure="open-alerts">1</);
  });

  it('the audit page searches, masks, pages, shows the seal and exports (audited)', async () => {
    const page = await admin.request('/dukcapil/audit');
    expectLightAndUncached(page);
    expect(page.html).toContain('<h1>Jejak Audit</h1>');
    expect(page.html).toContain('Belum ada checkpoint');
    expect(page.html).toContain('Belum pernah diverifikasi');
    expect(page.html).toMatch(/Halaman 1 dari \d+/);
    expect(page.html).toContain('href="/dukcapil/audit/ekspor?format=csv"');
    expectMasked(page.html);
    expect(page.html).not.toContain(FOUND);

    const byNik = await evaluator.request(`/dukcapil/audit?nik=${FOUND}`);
    expectLightAndUncached(byNik);
    expect(byNik.html).toMatch(/data-total="1"/);
    expect(byNik.html).toContain('330305••••••0002');
    expect(byNik.html).toContain('hal.operator');
    expectMasked(byNik.html);
    const csvLink = /href="(\/dukcapil\/audit\/ekspor\?[^"]*format=csv)"/.exec(byNik.html)?.[1];
    expect(csvLink).toBe(`/dukcapil/audit/ekspor?nik=${FOUND}&amp;format=csv`);

    const file = await evaluator.download(`/dukcapil/audit/ekspor?nik=${FOUND}&format=csv`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(file.headers.get('content-disposition')).toBe(
      'attachment; filename="jejak-audit_2026-11-24.csv"',
    );
    expect(file.headers.get('cache-control')).toBe('no-store');
    const lines = file.body.toString('utf8').trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(',330305••••••0002,');

    // The export is in the trail: its row, found by the same NIK.
    const exports = await admin.request(`/dukcapil/audit?nik=${FOUND}&tindakan=EKSPOR`);
    expect(exports.html).toMatch(/data-total="1"/);
    expect(exports.html).toContain('Ekspor jejak audit CSV · nik 330305••••••0002 · 1 baris');

    const wrong = await admin.request('/dukcapil/audit?dari=2026-13-01');
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('Tanggal awal harus tanggal yang sah');

    const actions = await admin.request('/dukcapil/audit?tab=admin&instansi=HAL_A');
    expectLightAndUncached(actions);
    expect(actions.html).toContain('<strong aria-current="page">Tindakan administratif</strong>');
    expect(actions.html).toContain('PKS_DICATAT');
  });
});

describe('the usage and audit pages at their fullest', () => {
  let t: TestDatabase;
  let server: TestServer;

  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  it('stay within 60 KB: long names, every purpose and reason at its longest, all escaped', async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db, NOW);
    const agency = await makeAgency(t.db, {
      code: 'DINKES_PURBALINGGA',
      name: 'Dinas Kesehatan Kabupaten Purbalingga '.repeat(5).trim().slice(0, 200),
    });
    await makeAgreement(t.db, agency.code);
    await makeUser(t.db, {
      userId: 'penuh.kepala',
      role: 'KEPALA_INSTANSI',
      agencyCode: agency.code,
    });
    await makeUser(t.db, { userId: 'penuh.admin', role: 'ADMIN_DUKCAPIL' });
    // 30 operators, each with lookups; 12 alerts; every text as long as it may be, made of the
    // characters that escaping lengthens most.
    const worst = (length: number) => '&"<>'.repeat(length).slice(0, length);
    for (let i = 0; i < 30; i++) {
      const user = await makeUser(t.db, {
        userId: `operator.puskesmas.kecamatan.${String(i).padStart(2, '0')}`,
        agencyCode: agency.code,
      });
      await sql`
        INSERT INTO audit_log (at, action, channel, user_id, agency_id, client_ip, nik, purpose, reason, response_code)
        SELECT ${NOW}::timestamptz - (${i} * 4 + g) * interval '347 minutes', 'LOOKUP', 'PORTAL',
               ${user.id}, ${agency.id}, '2001:db8:1234:5678:9abc:def0:1234:5678',
               ${worst(32)}, ${worst(200)}, ${worst(500)}, 'TIDAK_DITEMUKAN'
        FROM generate_series(1, 4) AS g`.execute(t.db);
      if (i < 12) {
        await sql`INSERT INTO pattern_alert (agency_id, user_id, scope, kind, action, summary,
            evidence, state, created_at, last_seen_at, repeats)
          VALUES (${agency.id}, ${user.id}, 'PENGGUNA', 'BERURUTAN', 'PERINGATAN', ${worst(400)},
            '[]'::jsonb, 'OPEN', ${NOW}, ${NOW}, 12345)`.execute(t.db);
      }
    }
    const head = new PortalClient(server.url);
    await head.login('penuh.kepala', TEST_PASSWORD);
    const admin = new PortalClient(server.url);
    await admin.login('penuh.admin', TEST_PASSWORD);
    for (const [client, path] of [
      [head, '/instansi/penggunaan'],
      [admin, `/dukcapil/penggunaan/${agency.id}`],
      [admin, '/dukcapil/penggunaan'],
      [admin, '/dukcapil/audit'],
      [admin, '/dukcapil/audit?tab=admin'],
      [admin, '/dukcapil'],
    ] as const) {
      const page = await client.request(path);
      expect(page.status, path).toBe(200);
      expect(Buffer.byteLength(page.html), path).toBeLessThanOrEqual(MAX_PAGE_BYTES);
    }
  });
});
