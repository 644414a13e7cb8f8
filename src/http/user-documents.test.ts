import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import {
  auditOf,
  makeAgency,
  makeAgreement,
  makeResident,
  makeUser,
  TEST_PASSWORD,
  TINY_PDF,
} from '../../test/factories.js';
import {
  apiLookup,
  apiToken,
  PortalClient,
  startTestServer,
  type TestServer,
} from '../../test/server.js';
import { tinyJpeg, tinyPng } from '../../test/users.js';
import { DOCUMENT_MAX_BYTES } from '../domain/documents.js';
import { RESPONSES } from '../domain/responses.js';

const FOUND = '3303054703900002';

/**
 * SPEC §4: an operator looks residents up only once a signed NDA is recorded, an agency head
 * only once the SPTJM is; the scans are checked by content and size, and read only by
 * Dukcapil and the head of the agency they belong to.
 */
describe('documents gate the lookup; uploads are checked by content', () => {
  let t: TestDatabase;
  let server: TestServer;
  let agency: { code: string };
  let other: { code: string };
  let admin: PortalClient;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
    await makeResident(t.db, { nik: FOUND });
    agency = await makeAgency(t.db);
    await makeAgreement(t.db, agency.code);
    other = await makeAgency(t.db);
    await makeAgreement(t.db, other.code);
    const adminUser = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
    admin = new PortalClient(server.url);
    await admin.login(adminUser.userId, TEST_PASSWORD);
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  const pdfUpload = (content: Buffer, name = 'nda.pdf', type = 'application/pdf') => ({
    name,
    type,
    content,
  });

  const upload = (
    client: PortalClient,
    base: string,
    userId: string,
    kind: string,
    file: ReturnType<typeof pdfUpload>,
    signedOn = '2026-10-01',
  ) =>
    client.uploadForm(`${base}/${userId}`, `${base}/${userId}/dokumen`, { kind, signedOn }, file);

  it('refuses an operator without an NDA (USER_NON_AKTIF, not counted) and serves them once it is recorded', async () => {
    const operator = await makeUser(t.db, { agencyCode: agency.code, documents: false });
    const token = await apiToken(server.url, operator.userId, TEST_PASSWORD);
    const refused = await apiLookup(server.url, token, FOUND);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('USER_NON_AKTIF');
    expect(refused.body.message).toBe(RESPONSES.USER_NON_AKTIF.message);
    const portal = new PortalClient(server.url);
    await portal.login(operator.userId, TEST_PASSWORD);
    expect((await portal.lookup(FOUND)).code).toBe('USER_NON_AKTIF');
    const account = await portal.request('/akun');
    expect(account.html).toMatch(/id="dokumen-saya">\s*<span class="flag bad">Belum tercatat/);

    const recorded = await upload(
      admin,
      '/dukcapil/pengguna',
      operator.userId,
      'NDA',
      pdfUpload(TINY_PDF),
    );
    expect(recorded.status).toBe(303);
    expect(recorded.location).toBe(`/dukcapil/pengguna/${operator.userId}?selesai=1`);

    // The same token and session, no new login: the next lookup passes the gate.
    const served = await apiLookup(server.url, token, FOUND);
    expect(served.body.code).toBe('DITEMUKAN');
    expect((await portal.lookup(FOUND)).code).toBe('DITEMUKAN');
    const codes = (await auditOf(t.db, operator.userId))
      .filter((a) => a.action === 'LOOKUP')
      .map((a) => a.response_code);
    expect(codes).toEqual(['USER_NON_AKTIF', 'USER_NON_AKTIF', 'DITEMUKAN', 'DITEMUKAN']);
    // The refused lookups were not counted: the first one served is the first hit.
    expect(served.body.quota?.used).toBe(1);
  });

  it('refuses a head without the SPTJM and their own NDA; the head records both and is served', async () => {
    const head = await makeUser(t.db, {
      agencyCode: agency.code,
      role: 'KEPALA_INSTANSI',
      documents: false,
    });
    const token = await apiToken(server.url, head.userId, TEST_PASSWORD);
    expect((await apiLookup(server.url, token, FOUND)).body.code).toBe('USER_NON_AKTIF');
    const portal = new PortalClient(server.url);
    await portal.login(head.userId, TEST_PASSWORD);
    const own = await upload(
      portal,
      '/instansi/pengguna',
      head.userId,
      'SPTJM',
      pdfUpload(TINY_PDF, 'sptjm.pdf'),
    );
    expect(own.status).toBe(303);
    // The SPTJM alone does not open the gate: the head signs an NDA of their own too.
    expect((await apiLookup(server.url, token, FOUND)).body.code).toBe('USER_NON_AKTIF');
    const page = await portal.request(`/instansi/pengguna/${head.userId}`);
    expect(page.html).toMatch(/<select[^>]*name="kind"/);
    const nda = await upload(
      portal,
      '/instansi/pengguna',
      head.userId,
      'NDA',
      pdfUpload(TINY_PDF, 'nda.pdf'),
    );
    expect(nda.status).toBe(303);
    expect((await apiLookup(server.url, token, FOUND)).body.code).toBe('DITEMUKAN');
    // An SPTJM is not what an operator signs: recording one does not open the gate.
    const operator = await makeUser(t.db, { agencyCode: agency.code, documents: false });
    const wrongKind = await upload(
      admin,
      '/dukcapil/pengguna',
      operator.userId,
      'SPTJM',
      pdfUpload(TINY_PDF),
    );
    expect(wrongKind.status).toBe(403);
    expect(wrongKind.html).toContain('menandatangani NDA, bukan SPTJM');
  });

  it('checks the scan by its content: a text file named .pdf is refused (415), PNG and JPEG are accepted', async () => {
    const operator = await makeUser(t.db, { agencyCode: agency.code, documents: false });
    const fake = await upload(
      admin,
      '/dukcapil/pengguna',
      operator.userId,
      'NDA',
      pdfUpload(Buffer.from('Saya setuju menjaga kerahasiaan data.\n'), 'nda.pdf'),
    );
    expect(fake.status).toBe(415);
    expect(fake.html).toContain('Berkas harus berupa PDF, PNG atau JPEG');
    const token = await apiToken(server.url, operator.userId, TEST_PASSWORD);
    expect((await apiLookup(server.url, token, FOUND)).body.code).toBe('USER_NON_AKTIF');

    // The declared type and the name do not matter, the bytes do.
    const png = await upload(
      admin,
      '/dukcapil/pengguna',
      operator.userId,
      'NDA',
      pdfUpload(tinyPng(), 'pindaian.pdf', 'application/pdf'),
    );
    expect(png.status).toBe(303);
    const jpeg = await upload(
      admin,
      '/dukcapil/pengguna',
      operator.userId,
      'NDA',
      pdfUpload(tinyJpeg(), 'foto', 'application/octet-stream'),
      '2026-10-02',
    );
    expect(jpeg.status).toBe(303);
    const page = await admin.request(`/dukcapil/pengguna/${operator.userId}`);
    // Newest first: the JPEG is in force, the PNG superseded and kept.
    const rows = [...page.html.matchAll(/<tr>\s*<td>NDA<\/td>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('JPEG');
    expect(rows[0]).toContain('Berlaku');
    expect(rows[1]).toContain('PNG');
    expect(rows[1]).toContain('Digantikan');
    expect(page.html).toContain('2 Oktober 2026');
    expect((await apiLookup(server.url, token, FOUND)).body.code).toBe('DITEMUKAN');
  });

  it('refuses a scan over 5 MB (413) and a signing date in the future, saying why', async () => {
    const operator = await makeUser(t.db, { agencyCode: agency.code, documents: false });
    const big = Buffer.concat([TINY_PDF, Buffer.alloc(DOCUMENT_MAX_BYTES, 0x20)]);
    const tooBig = await upload(
      admin,
      '/dukcapil/pengguna',
      operator.userId,
      'NDA',
      pdfUpload(big),
    );
    expect(tooBig.status).toBe(413);
    expect(tooBig.html).toContain('Berkas melebihi batas 5 MB');
    const future = await upload(
      admin,
      '/dukcapil/pengguna',
      operator.userId,
      'NDA',
      pdfUpload(TINY_PDF),
      '2027-01-01',
    );
    expect(future.status).toBe(400);
    expect(future.html).toContain('tidak boleh setelah hari ini');
    const page = await admin.request(`/dukcapil/pengguna/${operator.userId}`);
    expect(page.html).toContain('Belum ada dokumen tercatat');
  });

  it('over the JSON API: base64 scans, the same checks (415, 413), and the list of documents', async () => {
    const operator = await makeUser(t.db, { agencyCode: agency.code, documents: false });
    const adminUser = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
    const token = await apiToken(server.url, adminUser.userId, TEST_PASSWORD);
    const send = async (body: unknown) => {
      const response = await fetch(
        `${server.url}/api/v1/admin/pengguna/${operator.userId}/dokumen`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        },
      );
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const text = await send({
      jenis: 'NDA',
      tanggalTandaTangan: '2026-10-01',
      isiBase64: Buffer.from('bukan PDF').toString('base64'),
    });
    expect(text).toEqual({
      status: 415,
      body: {
        code: 'JENIS_BERKAS_DITOLAK',
        message:
          'Berkas harus berupa PDF, PNG atau JPEG (diperiksa dari isi berkas, bukan dari namanya)',
      },
    });
    const big = await send({
      jenis: 'NDA',
      tanggalTandaTangan: '2026-10-01',
      isiBase64: Buffer.concat([TINY_PDF, Buffer.alloc(DOCUMENT_MAX_BYTES)]).toString('base64'),
    });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('BERKAS_TERLALU_BESAR');
    const huge = await send({
      jenis: 'NDA',
      tanggalTandaTangan: '2026-10-01',
      isiBase64: Buffer.alloc(3 * DOCUMENT_MAX_BYTES).toString('base64'),
    });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('BERKAS_TERLALU_BESAR');
    const ok = await send({
      jenis: 'NDA',
      tanggalTandaTangan: '2026-10-01',
      namaBerkas: 'nda-operator.pdf',
      isiBase64: TINY_PDF.toString('base64'),
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      userId: operator.userId,
      jenis: 'NDA',
      ditandatangani: '2026-10-01',
      tipe: 'application/pdf',
      ukuran: TINY_PDF.length,
    });
    const list = await fetch(`${server.url}/api/v1/admin/pengguna/${operator.userId}/dokumen`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const documents = ((await list.json()) as { data: { namaBerkas: string }[] }).data;
    expect(documents.map((d) => d.namaBerkas)).toEqual(['nda-operator.pdf']);
    const operatorToken = await apiToken(server.url, operator.userId, TEST_PASSWORD);
    expect((await apiLookup(server.url, operatorToken, FOUND)).body.code).toBe('DITEMUKAN');
  });

  it("lets a head record their operators' NDAs, not another head's SPTJM nor another agency's users", async () => {
    const headA = await makeUser(t.db, { agencyCode: agency.code, role: 'KEPALA_INSTANSI' });
    const secondHeadA = await makeUser(t.db, {
      agencyCode: agency.code,
      role: 'KEPALA_INSTANSI',
      documents: false,
    });
    const operatorA = await makeUser(t.db, { agencyCode: agency.code, documents: false });
    const operatorB = await makeUser(t.db, { agencyCode: other.code, documents: false });
    const head = new PortalClient(server.url);
    await head.login(headA.userId, TEST_PASSWORD);
    const nda = await upload(
      head,
      '/instansi/pengguna',
      operatorA.userId,
      'NDA',
      pdfUpload(TINY_PDF),
    );
    expect(nda.status).toBe(303);
    const notOwn = await upload(
      head,
      '/instansi/pengguna',
      secondHeadA.userId,
      'SPTJM',
      pdfUpload(TINY_PDF),
    );
    expect(notOwn.status).toBe(403);
    expect(notOwn.html).toContain('hanya mencatat SPTJM miliknya sendiri');
    // Another agency's user does not exist for this head: the page itself is 404.
    expect((await head.request(`/instansi/pengguna/${operatorB.userId}`)).status).toBe(404);
    const foreign = await head.request(`/instansi/pengguna/${operatorB.userId}/dokumen`, {
      _csrf: 'x',
    });
    expect([403, 404]).toContain(foreign.status);
    const rows = await t.db
      .selectFrom('user_document')
      .select('user_id')
      .where('user_id', 'in', [secondHeadA.id, operatorB.id])
      .execute();
    expect(rows).toEqual([]);
  });

  it('serves a scan to Dukcapil and to the head of its agency only', async () => {
    const operator = await makeUser(t.db, { agencyCode: agency.code, documents: false });
    await upload(
      admin,
      '/dukcapil/pengguna',
      operator.userId,
      'NDA',
      pdfUpload(tinyPng(), 'x.png'),
    );
    const doc = await t.db
      .selectFrom('user_document')
      .select('id')
      .where('user_id', '=', operator.id)
      .executeTakeFirstOrThrow();
    const download = await admin.download(`/dokumen/${doc.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('content-disposition')).toContain('attachment');
    expect(download.body.equals(tinyPng())).toBe(true);

    const headA = await makeUser(t.db, { agencyCode: agency.code, role: 'KEPALA_INSTANSI' });
    const headB = await makeUser(t.db, { agencyCode: other.code, role: 'KEPALA_INSTANSI' });
    const own = new PortalClient(server.url);
    await own.login(headA.userId, TEST_PASSWORD);
    expect((await own.download(`/dokumen/${doc.id}`)).status).toBe(200);
    const foreign = new PortalClient(server.url);
    await foreign.login(headB.userId, TEST_PASSWORD);
    expect((await foreign.download(`/dokumen/${doc.id}`)).status).toBe(404);
    const self = new PortalClient(server.url);
    await self.login(operator.userId, TEST_PASSWORD);
    const refused = await self.download(`/dokumen/${doc.id}`);
    expect(refused.status).toBe(303);
    expect(refused.body.length).toBe(0);
  });
});
