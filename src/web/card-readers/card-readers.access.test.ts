import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeAgency, makeAgreement, makeUser } from '../../../test/factories.js';
import {
  PortalClient,
  startTestServer,
  type FormFields,
  type TestServer,
} from '../../../test/server.js';
import { endAgreement } from '../../services/agreements/agreement-lifecycle.js';

/**
 * The card-reader pages on the real server, as each role meets them: the head of agency A
 * registers and applies, Dukcapil's admin records SIFILMA, the head issues a credential; the
 * head of agency B, the operators and Dukcapil's evaluator reach only what their role allows;
 * after the agreement's end Dukcapil takes the SAM return through to receipt.
 */
const NOW = new Date('2026-11-24T03:00:00Z');

let t: TestDatabase;
let server: TestServer;
let w: Awaited<ReturnType<typeof world>>;

async function world(db: TestDatabase['db']) {
  const agencyA = await makeAgency(db);
  const agreementA = await makeAgreement(db, agencyA.code, {
    accessMethods: ['PORTAL', 'CARD_READER'],
  });
  const agencyB = await makeAgency(db);
  await makeAgreement(db, agencyB.code, { accessMethods: ['PORTAL', 'CARD_READER'] });
  return {
    agencyA,
    agreementA,
    headA: await makeUser(db, { role: 'KEPALA_INSTANSI', agencyCode: agencyA.code }),
    operatorA: await makeUser(db, { role: 'OPERATOR', agencyCode: agencyA.code }),
    headB: await makeUser(db, { role: 'KEPALA_INSTANSI', agencyCode: agencyB.code }),
    operatorB: await makeUser(db, { role: 'OPERATOR', agencyCode: agencyB.code }),
    admin: await makeUser(db, { role: 'ADMIN_DUKCAPIL' }),
    evaluator: await makeUser(db, { role: 'EVALUATOR_DUKCAPIL' }),
  };
}

async function signedIn(user: { userId: string; password: string }): Promise<PortalClient> {
  const client = new PortalClient(server.url);
  const login = await client.login(user.userId, user.password);
  expect(login.status, user.userId).toBe(303);
  return client;
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

async function post(client: PortalClient, pagePath: string, action: string, fields: FormFields) {
  const csrf = csrfOf((await client.request(pagePath)).html);
  return client.request(action, { _csrf: csrf, ...fields });
}

const menuOf = (html: string) =>
  [
    ...(/<nav class="sections"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '').matchAll(
      /href="([^"]+)"/g,
    ),
  ].map((m) => m[1]);

async function readerRow(serial: string) {
  return t.db
    .selectFrom('card_reader')
    .select(['id', 'state', 'credential_hash'])
    .where('serial', '=', serial)
    .executeTakeFirstOrThrow();
}

const HEAD_PAGE = '/instansi/pembaca-kartu';
const DUKCAPIL_PAGE = '/dukcapil/pembaca-kartu';
const CONSENT_PAGE = '/persetujuan-kartu';

beforeAll(async () => {
  t = await createTestDatabase();
  w = await world(t.db);
  server = await startTestServer(t.db, NOW);
});
afterAll(async () => {
  await server?.close();
  await t?.drop();
});

describe('card reader pages', { timeout: 120_000 }, () => {
  let head: PortalClient;
  let admin: PortalClient;
  let readerId: number;

  it('lets the head register a reader and apply; Dukcapil records SIFILMA; the head gets a credential once', async () => {
    head = await signedIn(w.headA);
    const page = await head.request(HEAD_PAGE);
    expect(page.status).toBe(200);
    expect(menuOf(page.html)).toContain(HEAD_PAGE);
    const bad = await post(head, HEAD_PAGE, HEAD_PAGE, { serial: 'x', samNumber: '??' });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('Nomor seri pembaca wajib diisi');
    expect(bad.html).toContain('Nomor SAM wajib diisi');
    const created = await post(head, HEAD_PAGE, HEAD_PAGE, {
      serial: 'SN-PORTAL-1',
      make: 'Pembaca Uji',
      location: 'Loket 3',
      operator: w.operatorA.userId,
      samNumber: 'SAM-PORTAL-1',
    });
    expect([created.status, created.location]).toEqual([303, `${HEAD_PAGE}?hasil=terdaftar`]);
    readerId = (await readerRow('SN-PORTAL-1')).id;
    const applied = await post(head, HEAD_PAGE, `${HEAD_PAGE}/${readerId}/tindakan`, {
      action: 'AJUKAN',
      reference: 'SIFILMA/2026/77',
      onDate: '2026-11-20',
    });
    expect(applied.status).toBe(303);
    // The head cannot record what only Dukcapil records.
    const personalised = await post(head, HEAD_PAGE, `${HEAD_PAGE}/${readerId}/tindakan`, {
      action: 'PERSONALISASI',
      reference: 'X/1',
      onDate: '2026-11-20',
    });
    expect(personalised.status).toBe(409);
    expect(personalised.html).toContain('tidak dapat dilakukan oleh Kepala Instansi');

    admin = await signedIn(w.admin);
    const overview = await admin.request(DUKCAPIL_PAGE);
    expect(overview.status).toBe(200);
    expect(overview.html).toContain('SN-PORTAL-1');
    expect(overview.html).toContain('SIFILMA/2026/77');
    for (const [action, reference] of [
      ['PERSONALISASI', 'PRS/2026/77'],
      ['AKTIVASI', 'AKT/2026/77'],
    ] as const) {
      const step = await post(admin, DUKCAPIL_PAGE, `${DUKCAPIL_PAGE}/${readerId}/tindakan`, {
        action,
        reference,
        onDate: '2026-11-23',
      });
      expect(step.status, action).toBe(303);
    }
    expect((await readerRow('SN-PORTAL-1')).state).toBe('AKTIF');
    // Each step in the reader's history, with the ministry's reference and its date.
    const history = (await admin.request(DUKCAPIL_PAGE)).html.replace(/\s+/g, ' ');
    expect(history).toContain('Riwayat (4)');
    expect(history).toMatch(
      /Catat aktivasi: SAM dipersonalisasi → Aktif ; nomor AKT\/2026\/77 \(23 November 2026\)/,
    );

    const issued = await post(head, HEAD_PAGE, `${HEAD_PAGE}/${readerId}/kredensial`, {});
    expect(issued.status).toBe(200);
    const secret = /<code id="kredensial">([^<]+)<\/code>/.exec(issued.html)?.[1];
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await head.request(HEAD_PAGE)).html).not.toContain(secret!);
    expect((await readerRow('SN-PORTAL-1')).credential_hash).not.toBeNull();
  });

  it('keeps another agency’s head away from the reader', async () => {
    const other = await signedIn(w.headB);
    const page = await other.request(HEAD_PAGE);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('SN-PORTAL-1');
    const act = await post(other, HEAD_PAGE, `${HEAD_PAGE}/${readerId}/tindakan`, {
      action: 'TANGGUHKAN',
      reason: 'Mencoba pembaca instansi lain',
    });
    expect(act.status).toBe(404);
    const credential = await post(other, HEAD_PAGE, `${HEAD_PAGE}/${readerId}/kredensial`, {});
    expect(credential.status).toBe(404);
    expect((await readerRow('SN-PORTAL-1')).state).toBe('AKTIF');
    // Nor may a head open Dukcapil's overview.
    const overview = await other.request(DUKCAPIL_PAGE);
    expect([overview.status, overview.location]).toEqual([303, '/instansi/penggunaan']);
  });

  it('gives operators the consents page only; their consents stay within the agency', async () => {
    const operator = await signedIn(w.operatorA);
    for (const path of [HEAD_PAGE, DUKCAPIL_PAGE]) {
      const answer = await operator.request(path);
      expect(answer.status, path).toBe(303);
    }
    const page = await operator.request(CONSENT_PAGE);
    expect(page.status).toBe(200);
    expect(menuOf(page.html)).toContain(CONSENT_PAGE);
    expect(menuOf(page.html)).not.toContain(HEAD_PAGE);
    const missing = await post(operator, CONSENT_PAGE, CONSENT_PAGE, {
      nik: '3303054703900002',
      readerId: String(readerId),
      purpose: 'Rekam medis pasien',
    });
    expect(missing.status).toBe(422);
    expect(missing.html).toContain('Pilih sekurang-kurangnya satu elemen');
    expect(missing.html).toContain('Penduduk harus memverifikasi');
    const recorded = await post(operator, CONSENT_PAGE, CONSENT_PAGE, {
      nik: '3303054703900002',
      readerId: String(readerId),
      elements: ['NAMA_LENGKAP', 'ALAMAT'],
      purpose: 'Rekam medis pasien',
      residentAgreed: 'ya',
    });
    expect([recorded.status, recorded.location]).toEqual([303, `${CONSENT_PAGE}?hasil=dicatat`]);
    const list = await operator.request(CONSENT_PAGE);
    expect(list.html).toContain('3303054703900002');
    const consent = await t.db
      .selectFrom('card_consent')
      .select(['id', 'elements'])
      .executeTakeFirstOrThrow();
    expect(consent.elements).toEqual(['NAMA_LENGKAP', 'ALAMAT']);
    const pdf = await operator.download(`${CONSENT_PAGE}/${consent.id}/formulir.pdf`);
    expect(pdf.status).toBe(200);
    const text = (await new PDFParse({ data: pdf.body }).getText()).text.replace(/\s+/g, ' ');
    expect(text).toContain('SURAT PERSETUJUAN PENDUDUK');
    expect(text).toContain('3303054703900002');
    expect(text).toContain('Nama Lengkap, Alamat');

    const foreign = await signedIn(w.operatorB);
    expect((await foreign.request(CONSENT_PAGE)).html).not.toContain('3303054703900002');
    expect((await foreign.download(`${CONSENT_PAGE}/${consent.id}/formulir.pdf`)).status).toBe(404);
    const withdraw = await post(foreign, CONSENT_PAGE, `${CONSENT_PAGE}/${consent.id}/tarik`, {
      reason: 'Mencoba menarik persetujuan instansi lain',
    });
    expect(withdraw.status).toBe(404);
    // The head of the agency withdraws it.
    const withdrawn = await post(head, CONSENT_PAGE, `${CONSENT_PAGE}/${consent.id}/tarik`, {
      reason: 'Penduduk menarik persetujuannya',
    });
    expect(withdrawn.status).toBe(303);
    expect((await head.request(CONSENT_PAGE)).html).toContain('data-withdrawn="ya"');
    // Dukcapil staff have no consents page.
    expect((await admin.request(CONSENT_PAGE)).status).toBe(303);
  });

  it('lets the evaluator read the overview but change nothing', async () => {
    const evaluator = await signedIn(w.evaluator);
    const page = await evaluator.request(DUKCAPIL_PAGE);
    expect(page.status).toBe(200);
    expect(page.html).toContain('SN-PORTAL-1');
    expect(page.html).not.toContain('/tindakan');
    const act = await post(evaluator, DUKCAPIL_PAGE, `${DUKCAPIL_PAGE}/${readerId}/tindakan`, {
      action: 'TANGGUHKAN',
      reason: 'Evaluator mencoba',
    });
    expect(act.status).toBe(303);
    expect((await readerRow('SN-PORTAL-1')).state).toBe('AKTIF');
  });

  it('after the agreement’s end, Dukcapil takes the SAM return through to receipt on the head’s behalf', async () => {
    const adminUser = await t.db
      .selectFrom('app_user')
      .select(['id'])
      .where('user_id', '=', w.admin.userId)
      .executeTakeFirstOrThrow();
    await endAgreement(
      t.db,
      { id: adminUser.id },
      w.agreementA.id,
      'PKS berakhir tanpa perpanjangan',
      NOW,
    );
    expect((await readerRow('SN-PORTAL-1')).state).toBe('DITANGGUHKAN');
    const overview = (await admin.request(DUKCAPIL_PAGE)).html.replace(/\s+/g, ' ');
    expect(overview).toContain(`PKS ${w.agreementA.nomorDukcapil} diakhiri`);
    expect(overview).toContain('oleh sistem');
    // The head's session ended with the agreement.
    expect((await head.request(HEAD_PAGE)).status).not.toBe(200);

    const pulled = await post(admin, DUKCAPIL_PAGE, `${DUKCAPIL_PAGE}/${readerId}/tindakan`, {
      action: 'CABUT_SAM',
      onDate: '2026-11-24',
    });
    expect(pulled.status).toBe(303);
    const returnRow = await t.db
      .selectFrom('card_reader_return')
      .select('id')
      .executeTakeFirstOrThrow();
    const made = await post(
      admin,
      DUKCAPIL_PAGE,
      `${DUKCAPIL_PAGE}/pengembalian/${returnRow.id}/bast`,
      {},
    );
    expect(made.status).toBe(303);
    const pdf = await admin.download(`${DUKCAPIL_PAGE}/pengembalian/${returnRow.id}/bast.pdf`);
    expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    const text = (await new PDFParse({ data: pdf.body }).getText()).text.replace(/\s+/g, ' ');
    expect(text).toContain('SAM-PORTAL-1');
    // Another agency's head cannot fetch it.
    const other = await signedIn(w.headB);
    expect(
      (await other.download(`${HEAD_PAGE}/pengembalian/${returnRow.id}/bast.pdf`)).status,
    ).toBe(404);

    const received = await post(
      admin,
      DUKCAPIL_PAGE,
      `${DUKCAPIL_PAGE}/pengembalian/${returnRow.id}/terima`,
      {
        receivedOn: '2026-11-24',
        note: 'Diterima di loket',
      },
    );
    expect(received.status).toBe(303);
    expect((await readerRow('SN-PORTAL-1')).state).toBe('SAM_DIKEMBALIKAN');
    const trail = await t.db
      .selectFrom('admin_action')
      .select('action')
      .where('target', '=', 'Pembaca KTP-el SN-PORTAL-1')
      .orderBy('id')
      .execute();
    expect(trail.map((a) => a.action)).toEqual([
      'PEMBACA_DIDAFTARKAN',
      'PEMBACA_DIAJUKAN',
      'PEMBACA_SAM_DIPERSONALISASI',
      'PEMBACA_DIAKTIFKAN',
      'PEMBACA_KREDENSIAL_DITERBITKAN',
      'PEMBACA_DITANGGUHKAN',
      'PEMBACA_SAM_DICABUT',
      'PEMBACA_BAST_SAM_DIBUAT',
      'PEMBACA_SAM_DITERIMA',
    ]);
  });
});
