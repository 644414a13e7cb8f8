import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeAgency, makeAgreement, makeUser } from '../../../test/factories.js';
import {
  PortalClient,
  requestToken,
  startTestServer,
  type TestServer,
} from '../../../test/server.js';
import { AFTER_END_PERMISSIONS, PERMISSIONS, type Permission } from '../../domain/permissions.js';
import { lapseAgreements } from '../../services/agreements/lapse.js';
import { revokeAgreement } from '../../services/agreements/agreement-lifecycle.js';
import { actOnReader, registerReader } from '../../services/card-readers/readers.js';
import { recordReturnReceipt } from '../../services/card-readers/returns.js';
import { makeDeps, type Deps } from '../../services/deps.js';

/**
 * The head's narrow access after an agreement's end (issue 12, SPEC §5), on the real server:
 * once the agreement has lapsed, the head still signs in but reaches only the SAM-return page
 * (pull the SAM, the BAST PDF, the sending) and the guide; every other page of the portal
 * answers 403 and the API issues no token. Once Dukcapil has recorded receipt of every SAM,
 * the sign-in is refused as at any end. The same for a revoked agreement.
 */
const BEFORE_END = new Date('2026-11-24T03:00:00Z');
const AFTER_END = new Date('2026-12-02T03:00:00Z');
const RETURNS = '/instansi/pembaca-kartu/pengembalian';

let t: TestDatabase;
let server: TestServer;
let now = BEFORE_END;
let deps: Deps;
let w: Awaited<ReturnType<typeof world>>;

function isPermission(value: string | undefined): value is Permission {
  return value !== undefined && Object.hasOwn(PERMISSIONS, value);
}

async function agencyWithReader(serial: string, endsOn: string) {
  const agency = await makeAgency(t.db);
  const agreement = await makeAgreement(t.db, agency.code, {
    endsOn,
    accessMethods: ['PORTAL', 'API', 'CARD_READER'],
  });
  const head = await makeUser(t.db, { role: 'KEPALA_INSTANSI', agencyCode: agency.code });
  const operator = await makeUser(t.db, { role: 'OPERATOR', agencyCode: agency.code });
  const headActor = { id: head.id, role: 'KEPALA_INSTANSI' as const, agencyId: agency.id };
  const readerId = await registerReader(deps, headActor, {
    serial,
    make: 'Merek Uji KTP-el R1',
    location: 'Loket 1',
    operator: operator.userId,
    samNumber: `SAM-${serial}`,
  });
  await actOnReader(deps, headActor, readerId, 'AJUKAN', {
    reference: `SIF/${serial}`,
    onDate: '2026-11-20',
  });
  return { agency, agreement, head, operator, readerId };
}

async function world() {
  const admin = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
  const adminActor = { id: admin.id, role: 'ADMIN_DUKCAPIL' as const, agencyId: null };
  const lapsing = await agencyWithReader('SN-AKHIR-1', '2026-11-30');
  const revoked = await agencyWithReader('SN-CABUT-1', '2027-09-16');
  for (const { readerId } of [lapsing, revoked]) {
    for (const [action, reference] of [
      ['PERSONALISASI', 'PRS/2026/1'],
      ['AKTIVASI', 'AKT/2026/1'],
    ] as const) {
      await actOnReader(deps, adminActor, readerId, action, { reference, onDate: '2026-11-23' });
    }
  }
  return { admin, adminActor, lapsing, revoked };
}

beforeAll(async () => {
  t = await createTestDatabase();
  deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, { clock: () => now });
  w = await world();
  server = await startTestServer(t.db, BEFORE_END);
});
afterAll(async () => {
  await server?.close();
  await t?.drop();
});

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
const menuOf = (html: string) =>
  [
    ...(/<nav class="sections"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '').matchAll(
      /href="([^"]+)"/g,
    ),
  ].map((m) => m[1]);

async function signIn(user: { userId: string; password: string }) {
  const client = new PortalClient(server.url);
  const answer = await client.login(user.userId, user.password);
  return { client, answer };
}

describe('the head after the agreement’s end', { timeout: 180_000 }, () => {
  let head: PortalClient;
  let returnId: number;

  it('signs in after the lapse and lands on the SAM-return page, the only one in the menu', async () => {
    now = AFTER_END;
    server.setNow(AFTER_END);
    expect((await lapseAgreements(deps)).map((a) => a.agreementId)).toEqual([
      w.lapsing.agreement.id,
    ]);
    // The operator is refused as at any end.
    const operator = await signIn(w.lapsing.operator);
    expect(operator.answer.status).toBe(403);
    expect(operator.client.hasSession()).toBe(false);

    const signedIn = await signIn(w.lapsing.head);
    head = signedIn.client;
    expect([signedIn.answer.status, signedIn.answer.location]).toEqual([303, '/']);
    const landing = await head.request('/');
    expect([landing.status, landing.location]).toEqual([303, RETURNS]);
    const page = await head.request(RETURNS);
    expect(page.status).toBe(200);
    expect(menuOf(page.html)).toEqual([RETURNS]);
    expect(page.html).toContain(`PKS nomor ${w.lapsing.agreement.nomorDukcapil} telah berakhir`);
    expect(page.html).toContain('SN-AKHIR-1');
    expect(page.html).not.toContain('SN-CABUT-1');
    expect(page.html).toContain('Catat pencabutan SAM');
    // The guide stays open.
    expect((await head.request('/panduan')).status).toBe(200);
  });

  it('holds only the SAM-return permission after the end', () => {
    expect(AFTER_END_PERMISSIONS).toEqual(['cardReader.returnOwn']);
    expect(PERMISSIONS['cardReader.returnOwn']).toEqual(['KEPALA_INSTANSI']);
  });

  it('is refused every other page of the portal, GET and POST, with a clear 403 page', async () => {
    const csrf = csrfOf((await head.request(RETURNS)).html);
    const routes = server.app.routeDeclarations.filter(
      (r) =>
        !r.url.startsWith('/api/') &&
        r.permission !== 'public' &&
        r.permission !== undefined &&
        !(isPermission(r.permission) && AFTER_END_PERMISSIONS.includes(r.permission)),
    );
    expect(routes.length).toBeGreaterThan(60);
    for (const route of routes) {
      const url = route.url.replace(/:[^/]+/g, '1');
      const answer =
        route.method === 'GET' ? await head.request(url) : await head.request(url, { _csrf: csrf });
      const where = `${route.method} ${route.url} (${route.permission})`;
      expect(answer.status, where).toBe(403);
      expect(answer.html, where).toContain('Akses terbatas');
    }
    const refused = await head.request('/cari');
    expect(refused.html).toContain('Sampai Dinas Dukcapil mencatat penerimaan seluruh SAM');
    expect(refused.html).toContain(`href="${RETURNS}"`);
  });

  it('gets no API token, and the API refuses', async () => {
    const token = await requestToken(server.url, w.lapsing.head.userId, w.lapsing.head.password);
    expect([token.status, token.body.code]).toEqual([403, 'INSTANSI_TIDAK_AKTIF']);
    expect(token.body.accessToken).toBeUndefined();
  });

  it('pulls the SAM, makes and downloads the BAST, records the sending', async () => {
    const row = await t.db
      .selectFrom('card_reader_return')
      .select('id')
      .where('agreement_id', '=', w.lapsing.agreement.id)
      .executeTakeFirstOrThrow();
    returnId = row.id;
    const badDate = await head.submit(RETURNS, `${RETURNS}/${returnId}/cabut`, { onDate: 'x' });
    expect(badDate.status).toBe(400);
    expect(badDate.html).toContain('Tanggal wajib diisi');
    const pulled = await head.submit(RETURNS, `${RETURNS}/${returnId}/cabut`, {
      onDate: '2026-12-02',
    });
    expect([pulled.status, pulled.location]).toEqual([303, `${RETURNS}?hasil=dicabut`]);
    const made = await head.submit(RETURNS, `${RETURNS}/${returnId}/bast`, {});
    expect([made.status, made.location]).toEqual([303, `${RETURNS}?hasil=bast`]);
    const pdf = await head.download(`${RETURNS}/${returnId}/bast.pdf`);
    expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    const text = (await new PDFParse({ data: pdf.body }).getText()).text.replace(/\s+/g, ' ');
    expect(text).toContain('SAM-SN-AKHIR-1');
    expect(text).toContain(w.lapsing.agreement.nomorDukcapil);
    const sent = await head.submit(RETURNS, `${RETURNS}/${returnId}/kirim`, {
      sentOn: '2026-12-02',
    });
    expect([sent.status, sent.location]).toEqual([303, `${RETURNS}?hasil=terkirim`]);
    const trail = await t.db
      .selectFrom('admin_action')
      .select(['action', 'actor_id'])
      .where('target', '=', 'Pembaca KTP-el SN-AKHIR-1')
      .orderBy('id')
      .execute();
    expect(trail.slice(-4)).toEqual([
      { action: 'PEMBACA_DITANGGUHKAN', actor_id: null },
      { action: 'PEMBACA_SAM_DICABUT', actor_id: w.lapsing.head.id },
      { action: 'PEMBACA_BAST_SAM_DIBUAT', actor_id: w.lapsing.head.id },
      { action: 'PEMBACA_SAM_DIKIRIM', actor_id: w.lapsing.head.id },
    ]);
  });

  it('once Dukcapil records receipt of every SAM, the head is signed out and refused', async () => {
    await recordReturnReceipt(deps, w.adminActor, returnId, { receivedOn: '2026-12-02' });
    const after = await head.request(RETURNS);
    expect(after.status).toBe(403);
    expect(after.html).toContain('data-code="INSTANSI_TIDAK_AKTIF"');
    const again = await signIn(w.lapsing.head);
    expect(again.answer.status).toBe(403);
    expect(again.client.hasSession()).toBe(false);
  });

  it('gives the head of a revoked agreement the same narrow access', async () => {
    await revokeAgreement(
      t.db,
      w.adminActor,
      w.revoked.agreement.id,
      'Kewajiban tidak dipenuhi',
      now,
    );
    const { client, answer } = await signIn(w.revoked.head);
    expect(answer.status).toBe(303);
    const page = await client.request(RETURNS);
    expect(page.status).toBe(200);
    expect(page.html).toContain('SN-CABUT-1');
    expect(page.html).not.toContain('SN-AKHIR-1');
    // Another agency's return is not theirs.
    const foreign = await client.download(`${RETURNS}/${returnId}/bast.pdf`);
    expect(foreign.status).toBe(404);
    expect((await client.request('/instansi/pembaca-kartu')).status).toBe(403);
    expect((await client.request('/instansi/penggunaan')).status).toBe(403);
  });
});
