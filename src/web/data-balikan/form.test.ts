import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeReturnAgency, testNiks } from '../../../test/data-balikan.js';
import { makeResident, makeUser, TEST_PASSWORD } from '../../../test/factories.js';
import { PortalClient, startTestServer, type TestServer } from '../../../test/server.js';
import { findRecordHistory } from '../../store/data-balikan.js';

const FOUND = '3303054703900002';
const DECEASED = '3303050101500011';
const UNKNOWN = '3303050404800014';
const status = (html: string) => /id="hasil" data-status="([A-Z_]+)"/.exec(html)?.[1];

describe('return data from the portal form, right after a lookup', () => {
  let t: TestDatabase;
  let server: TestServer;
  let agency: Awaited<ReturnType<typeof makeReturnAgency>>;
  let operator: PortalClient;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
    await makeResident(t.db, { nik: FOUND, namaLengkap: 'SRI WAHYUNINGSIH' });
    await makeResident(t.db, {
      nik: DECEASED,
      namaLengkap: 'SUPARNO',
      jenisKelamin: 'LAKI-LAKI',
      status: 'MENINGGAL',
    });
    agency = await makeReturnAgency(t.db);
    operator = new PortalClient(server.url);
    await operator.login(agency.operator.userId, TEST_PASSWORD);
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  it('offers the form under a found resident with the NIK fixed, and accepts it', async () => {
    const lookup = await operator.lookup(FOUND);
    expect(lookup.code).toBe('DITEMUKAN');
    expect(lookup.html).toContain('Kirim data balikan untuk NIK ini');
    expect(lookup.html).toContain(`<input type="hidden" name="nik" value="${FOUND}" />`);
    expect(lookup.html).toContain('Nomor kepesertaan JKN');

    const sent = await operator.submit('/data-balikan/formulir', '/data-balikan/formulir', {
      nik: FOUND,
      nomor_kepesertaan_jkn: '0001234567890',
      nomor_rekam_medis: 'RM-77',
    });
    expect(sent.status).toBe(200);
    expect(status(sent.html)).toBe('DITERIMA');
    // Nothing of the resident beyond the NIK is on the answer page.
    expect(sent.html).not.toContain('SRI WAHYUNINGSIH');
    const [saved] = await findRecordHistory(t.db, agency.agreement.id, FOUND);
    expect(saved).toMatchObject({
      channel: 'FORMULIR',
      submitted_by: agency.operator.userId,
      fields: { nomor_kepesertaan_jkn: '0001234567890', nomor_rekam_medis: 'RM-77' },
    });
  });

  it('records the same data once, and a changed one as a correction', async () => {
    const again = await operator.submit('/data-balikan/formulir', '/data-balikan/formulir', {
      nik: FOUND,
      nomor_kepesertaan_jkn: '0001234567890',
      nomor_rekam_medis: 'RM-77',
    });
    expect(status(again.html)).toBe('TIDAK_BERUBAH');
    const corrected = await operator.submit('/data-balikan/formulir', '/data-balikan/formulir', {
      nik: FOUND,
      nomor_kepesertaan_jkn: '0001234567890',
      nomor_rekam_medis: 'RM-78',
    });
    expect(status(corrected.html)).toBe('DIKOREKSI');
    const history = await findRecordHistory(t.db, agency.agreement.id, FOUND);
    expect(history.map((h) => h.version)).toEqual([2, 1]);
  });

  it('offers the form for a deceased resident too, but not for an unknown NIK', async () => {
    const deceased = await operator.lookup(DECEASED);
    expect(deceased.code).toBe('MENINGGAL');
    expect(deceased.html).toContain('Kirim data balikan untuk NIK ini');
    const unknown = await operator.lookup(UNKNOWN);
    expect(unknown.code).toBe('TIDAK_DITEMUKAN');
    expect(unknown.html).not.toContain('Kirim data balikan');
  });

  it('refuses an invalid record with its reason and keeps what was typed', async () => {
    const refused = await operator.submit('/data-balikan/formulir', '/data-balikan/formulir', {
      nik: DECEASED,
      nomor_kepesertaan_jkn: '12',
      nomor_surat_kematian: '474.3/12/2026',
    });
    expect(refused.status).toBe(422);
    expect(status(refused.html)).toBe('DITOLAK');
    expect(refused.html).toContain('Nomor kepesertaan JKN harus berupa 13 digit angka');
    expect(refused.html).toContain('value="474.3/12/2026"');
  });

  it('refuses a NIK the agency never looked up', async () => {
    const [never] = testNiks(1, 900);
    const refused = await operator.submit('/data-balikan/formulir', '/data-balikan/formulir', {
      nik: never!,
      nomor_rekam_medis: 'RM-1',
    });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('tidak pernah diakses instansi Anda');
  });

  it('refuses a post without the CSRF token', async () => {
    const forged = await operator.request('/data-balikan/formulir', {
      nik: FOUND,
      nomor_rekam_medis: 'RM-X',
    });
    expect(forged.status).toBe(403);
  });

  it('is for agency staff only: Dukcapil staff and visitors are sent away', async () => {
    const visitor = await new PortalClient(server.url).request('/data-balikan/formulir');
    expect(visitor.location).toBe('/masuk');
    const admin = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
    const dukcapil = new PortalClient(server.url);
    await dukcapil.login(admin.userId, TEST_PASSWORD);
    const page = await dukcapil.request('/data-balikan/formulir');
    expect(page.status).toBe(303);
    expect(page.location).toBe('/dukcapil');
  });

  it('says so when the agreement has no return-data schema yet', async () => {
    const bare = await makeReturnAgency(t.db, null);
    const client = new PortalClient(server.url);
    await client.login(bare.operator.userId, TEST_PASSWORD);
    const page = await client.request('/data-balikan/formulir');
    expect(page.html).toContain('belum ditetapkan Dukcapil');
    const lookup = await client.lookup(FOUND);
    expect(lookup.code).toBe('DITEMUKAN');
    expect(lookup.html).not.toContain('Kirim data balikan');
  });
});
