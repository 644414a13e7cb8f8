import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import {
  makeAgency,
  makeAgreement,
  makeApplication,
  makeResident,
  makeUser,
  TEST_PASSWORD,
} from '../../test/factories.js';
import {
  apiLookup,
  apiToken,
  PortalClient,
  requestToken,
  startTestServer,
  type TestServer,
} from '../../test/server.js';
import { RESPONSES } from '../domain/responses.js';

const FOUND = '3303054703900002';

interface Json {
  status: number;
  body: Record<string, unknown> & { code?: string; message?: string };
}

async function call(
  server: TestServer,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<Json> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json['body'] };
}

function draft(instansiId: number, n: number, overrides: Record<string, unknown> = {}) {
  return {
    instansiId,
    nomorDukcapil: `400.12/${8100 + n}/2026`,
    nomorInstansi: `440/${n}/2026`,
    tanggalTandaTangan: '2026-11-20',
    tanggalBerakhir: '2028-11-20',
    maksudTujuan: 'Verifikasi data pemohon bantuan sosial',
    elemenData: ['NIK', 'NAMA_LENGKAP', 'TANGGAL_LAHIR'],
    metodeAkses: ['PORTAL', 'API'],
    titikAkses: ['127.0.0.1', '::1'],
    bandwidthKbps: 1000,
    tahapKuota: 'PRA_POC',
    ...overrides,
  };
}

async function sessionsRevoked(t: TestDatabase, userId: number) {
  const rows = await t.db
    .selectFrom('auth_session')
    .select(['kind', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('kind')
    .execute();
  return rows.map((row) => ({ kind: row.kind, revoked: row.revoked_at !== null }));
}

describe('agencies and agreements over the JSON admin API, and the cascade to their users', () => {
  let t: TestDatabase;
  let server: TestServer;
  let admin: string;
  let adminUser: { userId: string };
  let n = 0;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
    await makeResident(t.db, { nik: FOUND });
    adminUser = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
    admin = await apiToken(server.url, adminUser.userId, TEST_PASSWORD);
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  /** An agency with an agreement in force made through the API, and its operator. */
  async function agencyInForce() {
    n += 1;
    const agency = await call(server, admin, 'POST', '/api/v1/admin/instansi', {
      kode: `DINSOS${n}`,
      nama: `Dinas Sosial Uji ${n}`,
      alamat: 'Jl. Jenderal Sudirman No. 1, Purbalingga',
      jabatanPimpinan: `Kepala Dinas Sosial Uji ${n}`,
    });
    expect(agency.status).toBe(201);
    const agencyId = agency.body.id as number;
    const created = await call(server, admin, 'POST', '/api/v1/admin/pks', draft(agencyId, n));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'DRAFT',
      tindakanTersedia: ['edit', 'activate', 'cancel'],
    });
    const agreementId = created.body.id as number;
    const active = await call(
      server,
      admin,
      'POST',
      `/api/v1/admin/pks/${agreementId}/berlakukan`,
      {
        catatan: 'Naskah bertanda tangan diterima',
      },
    );
    expect(active.status).toBe(200);
    expect(active.body.status).toBe('AKTIF');
    // The API answers only through an application whose PoC passed (issue 11): one at the
    // test's address, as the factory's agreements have.
    await makeApplication(t.db, agencyId);
    const operator = await makeUser(t.db, { agencyCode: `DINSOS${n}` });
    return { agencyId, agreementId, operator, code: `DINSOS${n}` };
  }

  it('registers, lists, edits an agency, and refuses a clear 400 for bad input', async () => {
    const { agencyId, code } = await agencyInForce();
    const list = await call(server, admin, 'GET', `/api/v1/admin/instansi?cari=${code}`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({
      total: 1,
      data: [
        {
          kode: code,
          status: 'AKTIF',
          jumlahPengguna: 1,
          pksBerlaku: { tanggalBerakhir: '2028-11-20' },
        },
      ],
    });
    const edited = await call(server, admin, 'PUT', `/api/v1/admin/instansi/${agencyId}`, {
      nama: 'Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak',
      alamat: 'Jl. Jenderal Sudirman No. 1, Purbalingga',
      jabatanPimpinan: 'Kepala Dinsospermades',
      telepon: '(0281) 891234',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ telepon: '(0281) 891234', jumlahPengguna: 1 });
    expect((edited.body.riwayat as { tindakan: string }[])[0]!.tindakan).toBe('INSTANSI_DIUBAH');

    const bad = await call(server, admin, 'POST', '/api/v1/admin/instansi', {
      kode: 'ab cd',
      nama: 'Instansi',
      alamat: 'Jl. Mana Saja',
      jabatanPimpinan: 'Kepala',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe(
      'Kode instansi 2–20 karakter: huruf besar, angka atau garis bawah',
    );
    const missing = await call(server, admin, 'GET', '/api/v1/admin/instansi/999999');
    expect(missing).toMatchObject({ status: 404, body: { code: 'TIDAK_ADA' } });
  });

  it('keeps an agreement’s history: draft edits, addendum with old and new terms', async () => {
    n += 1;
    const agency = await makeAgency(t.db);
    const created = await call(server, admin, 'POST', '/api/v1/admin/pks', draft(agency.id, n));
    const id = created.body.id as number;
    expect(created.body).toMatchObject({
      pihakKesatu: { nama: 'Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga' },
      pihakKedua: { jabatanPimpinan: `Kepala Instansi Uji ${agency.code}` },
    });
    const body: Record<string, unknown> = draft(agency.id, n, { bandwidthKbps: 2048 });
    delete body.instansiId;
    expect((await call(server, admin, 'PUT', `/api/v1/admin/pks/${id}`, body)).status).toBe(200);
    expect(
      (await call(server, admin, 'POST', `/api/v1/admin/pks/${id}/berlakukan`, {})).status,
    ).toBe(200);
    const refused = await call(server, admin, 'PUT', `/api/v1/admin/pks/${id}`, body);
    expect(refused).toMatchObject({
      status: 400,
      body: {
        message: 'PKS tidak dapat diubah: PKS yang berlaku hanya dapat diubah melalui adendum',
      },
    });
    const amended = await call(server, admin, 'POST', `/api/v1/admin/pks/${id}/adendum`, {
      perubahan: { tanggalBerakhir: '2030-11-20', tahapKuota: 'PASCA_POC' },
      alasan: 'Perpanjangan PKS dan hasil PoC',
      adendum: { nomor: '400.12/0042/2026', tanggal: '2026-11-24' },
    });
    expect(amended.status).toBe(200);
    expect(amended.body).toMatchObject({ tanggalBerakhir: '2030-11-20', tahapKuota: 'PASCA_POC' });
    const history = amended.body.riwayat as Record<string, unknown>[];
    expect(history.map((e) => e.peristiwa)).toEqual(['DIBUAT', 'DIUBAH', 'DIAKTIFKAN', 'ADENDUM']);
    expect(history[1]).toMatchObject({
      ketentuanSebelum: { bandwidthKbps: 1000 },
      ketentuanSesudah: { bandwidthKbps: 2048 },
    });
    expect(history[3]).toMatchObject({
      alasan: 'Perpanjangan PKS dan hasil PoC',
      adendum: { nomor: '400.12/0042/2026', tanggal: '2026-11-24' },
      ketentuanSebelum: { tanggalBerakhir: '2028-11-20', tahapKuota: 'PRA_POC' },
      ketentuanSesudah: { tanggalBerakhir: '2030-11-20', tahapKuota: 'PASCA_POC' },
    });
    const list = await call(
      server,
      admin,
      'GET',
      `/api/v1/admin/pks?instansiId=${agency.id}&status=AKTIF`,
    );
    expect(list.body).toMatchObject({ total: 1, data: [{ id }] });
  });

  it('revoking an agreement while a user holds a token: the next lookup is INSTANSI_TIDAK_AKTIF, the token is revoked', async () => {
    const { agreementId, operator } = await agencyInForce();
    const token = await apiToken(server.url, operator.userId, TEST_PASSWORD);
    const portal = new PortalClient(server.url);
    await portal.login(operator.userId, TEST_PASSWORD);
    expect((await apiLookup(server.url, token, FOUND)).body.code).toBe('DITEMUKAN');

    const revoked = await call(server, admin, 'POST', `/api/v1/admin/pks/${agreementId}/cabut`, {
      alasan: 'Tidak menyampaikan data balikan',
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'DICABUT', sesiDiakhiri: 2 });

    const answer = await apiLookup(server.url, token, FOUND);
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      code: 'INSTANSI_TIDAK_AKTIF',
      message: RESPONSES.INSTANSI_TIDAK_AKTIF.message,
    });
    expect(await sessionsRevoked(t, operator.id)).toEqual([
      { kind: 'API', revoked: true },
      { kind: 'PORTAL', revoked: true },
    ]);
    const again = await requestToken(server.url, operator.userId, TEST_PASSWORD);
    expect(again).toMatchObject({ status: 403, body: { code: 'INSTANSI_TIDAK_AKTIF' } });
    expect((await portal.request('/cari')).location).toBe('/masuk');
  });

  it('a token issued before the end date answers INSTANSI_TIDAK_AKTIF the day after, with no job running', async () => {
    const agency = await makeAgency(t.db);
    await makeAgreement(t.db, agency.code, { signedOn: '2025-01-01', endsOn: '2026-11-24' });
    const operator = await makeUser(t.db, { agencyCode: agency.code });
    server.setNow(new Date('2026-11-24T16:30:00Z')); // 23:30 WIB on the end date
    try {
      const token = await apiToken(server.url, operator.userId, TEST_PASSWORD);
      const portal = new PortalClient(server.url);
      await portal.login(operator.userId, TEST_PASSWORD);
      expect((await portal.request('/cari')).status).toBe(200);
      server.setNow(new Date('2026-11-24T17:00:00Z')); // 00:00 WIB on 25 November
      const answer = await apiLookup(server.url, token, FOUND);
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({
        code: 'INSTANSI_TIDAK_AKTIF',
        message: RESPONSES.INSTANSI_TIDAK_AKTIF.message,
      });
      const page = await portal.request('/cari');
      expect(page.status).toBe(403);
      expect(page.html).toContain('data-code="INSTANSI_TIDAK_AKTIF"');
      expect(page.html).not.toContain('Sisa kuota');
      expect((await portal.lookup(FOUND)).code).toBe('INSTANSI_TIDAK_AKTIF');
      const login = await requestToken(server.url, operator.userId, TEST_PASSWORD);
      expect(login.body.code).toBe('INSTANSI_TIDAK_AKTIF');
      const lateAdmin = await apiToken(server.url, adminUser.userId, TEST_PASSWORD);
      const listed = await call(
        server,
        lateAdmin,
        'GET',
        `/api/v1/admin/pks?instansiId=${agency.id}`,
      );
      expect(listed.body).toMatchObject({
        data: [{ status: 'AKTIF', statusBerlaku: 'BERAKHIR', tindakanTersedia: [] }],
      });
    } finally {
      server.setNow(new Date('2026-11-24T03:00:00Z'));
    }
  });

  it('deactivating the agency stops its users on the API and the portal at once; reactivating lets them log in again', async () => {
    const { agencyId, operator, code } = await agencyInForce();
    const head = await makeUser(t.db, { agencyCode: code, role: 'KEPALA_INSTANSI' });
    const token = await apiToken(server.url, operator.userId, TEST_PASSWORD);
    const headPortal = new PortalClient(server.url);
    await headPortal.login(head.userId, TEST_PASSWORD);
    expect((await headPortal.request('/instansi')).status).toBe(200);

    const off = await call(
      server,
      admin,
      'POST',
      `/api/v1/admin/instansi/${agencyId}/nonaktifkan`,
      {
        alasan: 'Evaluasi kepatuhan semester',
      },
    );
    expect(off.body).toMatchObject({ status: 'NON_AKTIF', sesiDiakhiri: 2 });
    expect((await apiLookup(server.url, token, FOUND)).body.code).toBe('INSTANSI_TIDAK_AKTIF');
    expect(await sessionsRevoked(t, operator.id)).toEqual([{ kind: 'API', revoked: true }]);
    expect((await headPortal.request('/instansi')).location).toBe('/masuk');
    const login = await new PortalClient(server.url).login(head.userId, TEST_PASSWORD);
    expect(login.status).toBe(403);
    expect(login.html).toContain(RESPONSES.INSTANSI_TIDAK_AKTIF.message);

    const on = await call(server, admin, 'POST', `/api/v1/admin/instansi/${agencyId}/aktifkan`, {
      alasan: 'Evaluasi selesai',
    });
    expect(on.body.status).toBe('AKTIF');
    // The ended token stays ended; a new login works.
    expect((await apiLookup(server.url, token, FOUND)).body.code).toBe('GAGAL_LOGIN');
    const fresh = await apiToken(server.url, operator.userId, TEST_PASSWORD);
    expect((await apiLookup(server.url, fresh, FOUND, 'Verifikasi pemohon')).body.code).toBe(
      'DITEMUKAN',
    );
  });

  it('ending by agreement also ends sessions; the head reads their own agreements, not drafts', async () => {
    const { agreementId, code, agencyId } = await agencyInForce();
    const head = await makeUser(t.db, { agencyCode: code, role: 'KEPALA_INSTANSI' });
    const headToken = await apiToken(server.url, head.userId, TEST_PASSWORD);
    const own = await call(server, headToken, 'GET', '/api/v1/instansi/pks');
    expect(own.body).toMatchObject({ data: [{ id: agreementId, status: 'AKTIF' }] });
    n += 1;
    const extra = await call(server, admin, 'POST', '/api/v1/admin/pks', draft(agencyId, n));
    const detail = await call(server, headToken, 'GET', `/api/v1/instansi/pks/${agreementId}`);
    expect(detail.status).toBe(200);
    expect((detail.body.riwayat as { peristiwa: string }[]).map((e) => e.peristiwa)).toEqual([
      'DIBUAT',
      'DIAKTIFKAN',
    ]);
    const draftOfOwn = await call(
      server,
      headToken,
      'GET',
      `/api/v1/instansi/pks/${extra.body.id as number}`,
    );
    expect(draftOfOwn.status).toBe(404);

    const ended = await call(server, admin, 'POST', `/api/v1/admin/pks/${agreementId}/akhiri`, {
      alasan: 'Perubahan nama instansi',
    });
    expect(ended.body).toMatchObject({ status: 'BERAKHIR', sesiDiakhiri: 1 });
    expect(await call(server, headToken, 'GET', '/api/v1/instansi/pks')).toMatchObject({
      status: 403,
      body: { code: 'INSTANSI_TIDAK_AKTIF' },
    });
  });

  it('describes every endpoint in the OpenAPI document with Indonesian summaries', async () => {
    const openapi = (await (await fetch(`${server.url}/api/v1/konsol/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { summary?: string; tags?: string[] }>>;
    };
    const expected = {
      '/api/v1/admin/instansi': ['get', 'post'],
      '/api/v1/admin/instansi/{id}': ['get', 'put'],
      '/api/v1/admin/instansi/{id}/nonaktifkan': ['post'],
      '/api/v1/admin/instansi/{id}/aktifkan': ['post'],
      '/api/v1/admin/pks': ['get', 'post'],
      '/api/v1/admin/pks/{id}': ['get', 'put'],
      '/api/v1/admin/pks/{id}/berlakukan': ['post'],
      '/api/v1/admin/pks/{id}/batalkan': ['post'],
      '/api/v1/admin/pks/{id}/akhiri': ['post'],
      '/api/v1/admin/pks/{id}/cabut': ['post'],
      '/api/v1/admin/pks/{id}/adendum': ['post'],
      '/api/v1/instansi/pks': ['get'],
      '/api/v1/instansi/pks/{id}': ['get'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      for (const method of methods) {
        const operation = openapi.paths[path]?.[method];
        expect(operation?.summary, `${method} ${path}`).toBeTruthy();
        expect(operation?.tags?.[0]).toMatch(/^(Instansi|PKS)/);
      }
    }
  });
});
