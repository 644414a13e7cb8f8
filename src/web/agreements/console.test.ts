import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeAgency, makeAgreement, makeUser, TEST_PASSWORD } from '../../../test/factories.js';
import { PortalClient, startTestServer, type TestServer } from '../../../test/server.js';

/** The text a reader sees: tags dropped, entities of the escaper undone, blanks collapsed. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

const AGENCY_FORM = {
  code: 'DINDIK',
  name: 'Dinas Pendidikan Kabupaten Purbalingga',
  address: 'Jl. Mayjend Sungkono, Purbalingga',
  headTitle: 'Kepala Dinas Pendidikan Kabupaten Purbalingga',
  headName: '',
  email: 'dindik@purbalinggakab.go.id',
  phone: '',
};

const DRAFT_FORM = {
  nomorDukcapil: '400.12/3001/2026',
  nomorInstansi: '421/77/2026',
  nomorJuknis: '400.12/3002/2026',
  signedOn: '2026-11-20',
  endsOn: '2028-11-20',
  purpose: 'Verifikasi data peserta didik dan calon peserta didik',
  grantedElements: ['NIK', 'NAMA_LENGKAP', 'TANGGAL_LAHIR', 'ALAMAT'],
  accessMethods: ['PORTAL'],
  accessPoints: '10.10.0.70, 127.0.0.1',
  bandwidthKbps: '1000',
  quotaStage: 'PRA_POC',
  firstPartyName: 'Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga',
  firstPartyHeadTitle: 'Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga',
  firstPartyHeadName: '',
  secondPartyName: 'Dinas Pendidikan Kabupaten Purbalingga',
  secondPartyHeadTitle: 'Kepala Dinas Pendidikan Kabupaten Purbalingga',
  secondPartyHeadName: '',
};

describe('the agencies and agreements console and the head’s own page', () => {
  let t: TestDatabase;
  let server: TestServer;
  let admin: PortalClient;
  let agencyPath = '';
  let agreementPath = '';

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
    const user = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
    admin = new PortalClient(server.url);
    await admin.login(user.userId, TEST_PASSWORD);
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  it('registers an agency from the form, and keeps what was typed when it refuses', async () => {
    const refused = await admin.submit('/dukcapil/instansi/baru', '/dukcapil/instansi/baru', {
      ...AGENCY_FORM,
      address: '',
      email: 'bukan-email',
    });
    expect(refused.status).toBe(400);
    expect(text(refused.html)).toContain('Alamat instansi wajib diisi; Alamat email tidak sah');
    expect(refused.html).toContain('value="Dinas Pendidikan Kabupaten Purbalingga"');

    const created = await admin.submit(
      '/dukcapil/instansi/baru',
      '/dukcapil/instansi/baru',
      AGENCY_FORM,
    );
    expect(created.status).toBe(303);
    expect(created.location).toMatch(/^\/dukcapil\/instansi\/\d+\?hasil=instansi-didaftarkan$/);
    agencyPath = created.location!.split('?')[0]!;
    const detail = await admin.request(created.location!);
    expect(detail.status).toBe(200);
    const shown = text(detail.html);
    expect(shown).toContain('Instansi terdaftar.');
    expect(shown).toContain('Dinas Pendidikan Kabupaten Purbalingga (DINDIK)');
    expect(shown).toContain('Kepala Dinas Pendidikan Kabupaten Purbalingga');
    expect(shown).toContain('Belum ada PKS.');
    expect(detail.html).toContain('data-action="INSTANSI_DIDAFTARKAN"');
  });

  it('lists agencies with paging and filters by status and name', async () => {
    for (let i = 0; i < 21; i++) await makeAgency(t.db, { name: `Kantor Kecamatan Uji ${i}` });
    const first = await admin.request('/dukcapil/instansi?nama=Kecamatan');
    expect(first.status).toBe(200);
    expect(first.html.match(/data-agency="/g)).toHaveLength(20);
    expect(text(first.html)).toContain('Halaman 1 dari 2 (21 baris)');
    const second = await admin.request('/dukcapil/instansi?status=&nama=Kecamatan&halaman=2');
    expect(second.html.match(/data-agency="/g)).toHaveLength(1);
    const inactive = await admin.request('/dukcapil/instansi?status=NON_AKTIF');
    expect(text(inactive.html)).toContain('Tidak ada instansi yang sesuai.');
    expect(first.html.length).toBeLessThan(30_000);
  });

  it('creates a draft, puts it in force after the confirmation, and shows its history', async () => {
    const form = `${agencyPath}/pks/baru`;
    const prefilled = await admin.request(form);
    expect(prefilled.html).toContain(
      'value="Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga"',
    );
    expect(prefilled.html).toContain('value="Kepala Dinas Pendidikan Kabupaten Purbalingga"');

    const refused = await admin.submit(form, form, { ...DRAFT_FORM, accessPoints: '10.10.0.300' });
    expect(refused.status).toBe(400);
    expect(text(refused.html)).toContain('Alamat IP titik akses tidak sah: 10.10.0.300');

    const created = await admin.submit(form, form, DRAFT_FORM);
    expect(created.status).toBe(303);
    expect(created.location).toMatch(/^\/dukcapil\/pks\/\d+\?hasil=draf-dibuat$/);
    agreementPath = created.location!.split('?')[0]!;
    const draft = text((await admin.request(created.location!)).html);
    expect(draft).toContain('Draf PKS disimpan.');
    expect(draft).toContain('NIK, Nama Lengkap, Tanggal Lahir, Alamat');
    expect(draft).toContain('10.10.0.70, 127.0.0.1');
    expect(draft).toContain('1.000 kbps');

    const edited = await admin.submit(`${agreementPath}/ubah`, `${agreementPath}/ubah`, {
      ...DRAFT_FORM,
      bandwidthKbps: '2048',
    });
    expect(edited.location).toBe(`${agreementPath}?hasil=draf-diubah`);

    const activatePage = `${agreementPath}/berlakukan`;
    const unconfirmed = await admin.submit(activatePage, activatePage, { reason: '' });
    expect(unconfirmed.status).toBe(400);
    expect(text(unconfirmed.html)).toContain('Centang pernyataan persetujuan untuk melanjutkan');
    const activated = await admin.submit(activatePage, activatePage, {
      reason: 'Naskah PKS bertanda tangan diterima',
      konfirmasi: 'ya',
    });
    expect(activated.location).toBe(`${agreementPath}?hasil=diberlakukan`);
    const inForce = await admin.request(activated.location!);
    expect(inForce.html).toContain('data-status="AKTIF"');
    expect(inForce.html.match(/<tr data-kind="/g)).toHaveLength(3);
    const history = text(inForce.html);
    expect(history).toContain('Bandwidth: 1.000 kbps → 2.048 kbps');
    expect(history).toContain('Naskah PKS bertanda tangan diterima');
    // In force: only an addendum, ending or revoking is offered.
    expect(inForce.html).toContain(`href="${agreementPath}/adendum"`);
    expect(inForce.html).not.toContain(`href="${agreementPath}/ubah"`);
    const editPage = await admin.request(`${agreementPath}/ubah`);
    expect(editPage.status).toBe(409);
    expect(text(editPage.html)).toContain('PKS yang berlaku hanya dapat diubah melalui adendum');
  });

  it('records an addendum: the old terms stay in the history', async () => {
    const page = `${agreementPath}/adendum`;
    const form = await admin.request(page);
    expect(form.html).toContain('value="2028-11-20"');
    const done = await admin.submit(page, page, {
      nomor: '400.12/3100/2026',
      tanggal: '2026-11-24',
      endsOn: '2030-11-20',
      grantedElements: DRAFT_FORM.grantedElements,
      accessMethods: ['PORTAL'],
      accessPoints: '10.10.0.70, 127.0.0.1',
      bandwidthKbps: '2048',
      quotaStage: 'PRA_POC',
      reason: 'Perpanjangan sesuai permohonan instansi',
      konfirmasi: 'ya',
    });
    expect(done.location).toBe(`${agreementPath}?hasil=adendum`);
    const shown = text((await admin.request(done.location!)).html);
    expect(shown).toContain('Adendum dicatat. Ketentuan lama tetap tersimpan dalam riwayat.');
    expect(shown).toContain('Nomor 400.12/3100/2026, 24 November 2026');
    expect(shown).toContain('Tanggal berakhir: 20 November 2028 → 20 November 2030');
  });

  it('lets the head read their own agency and agreement, and nobody else’s', async () => {
    const head = await makeUser(t.db, { agencyCode: 'DINDIK', role: 'KEPALA_INSTANSI' });
    const portal = new PortalClient(server.url);
    await portal.login(head.userId, TEST_PASSWORD);
    const own = await portal.request('/instansi');
    expect(own.status).toBe(200);
    expect(text(own.html)).toContain('Dinas Pendidikan Kabupaten Purbalingga (DINDIK)');
    const id = agreementPath.split('/').at(-1)!;
    const detail = await portal.request(`/instansi/pks/${id}`);
    expect(detail.status).toBe(200);
    expect(text(detail.html)).toContain('Perpanjangan sesuai permohonan instansi');
    expect(detail.html).not.toContain('/berlakukan');
    expect(detail.html).not.toContain('class="button');

    const other = await makeAgency(t.db);
    const theirs = await makeAgreement(t.db, other.code);
    const refused = await portal.request(`/instansi/pks/${theirs.id}`);
    expect(refused.status).toBe(404);
    expect(refused.html).not.toContain(theirs.nomorDukcapil);
  });

  it('ends the agreement with its grounds and reason; the agency’s users are stopped at once', async () => {
    const operator = await makeUser(t.db, { agencyCode: 'DINDIK' });
    const counter = new PortalClient(server.url);
    await counter.login(operator.userId, TEST_PASSWORD);
    expect((await counter.request('/cari')).status).toBe(200);

    const page = `${agreementPath}/akhiri`;
    const confirm = await admin.request(page);
    expect(text(confirm.html)).toContain('semua sesi serta token mereka diakhiri');
    const ended = await admin.submit(page, page, {
      grounds: 'Perubahan nama atau kelembagaan instansi',
      reason: 'Dinas Pendidikan berganti nama menjadi Dinas Pendidikan dan Kebudayaan',
      konfirmasi: 'ya',
    });
    expect(ended.location).toBe(`${agreementPath}?hasil=diakhiri`);
    const shown = text((await admin.request(ended.location!)).html);
    expect(shown).toContain(
      'Perubahan nama atau kelembagaan instansi: Dinas Pendidikan berganti nama menjadi Dinas Pendidikan dan Kebudayaan',
    );
    expect((await counter.request('/cari')).location).toBe('/masuk');
    const again = await new PortalClient(server.url).login(operator.userId, TEST_PASSWORD);
    expect(text(again.html)).toContain('Instansi tidak aktif');

    const revokePage = await admin.request(`${agreementPath}/cabut`);
    expect(revokePage.status).toBe(409);
    expect(text(revokePage.html)).toContain('PKS telah berakhir; statusnya final');
  });

  it('deactivates and reactivates the agency after a confirmation with a reason', async () => {
    const page = `${agencyPath}/nonaktifkan`;
    const noReason = await admin.submit(page, page, { reason: '', konfirmasi: 'ya' });
    expect(noReason.status).toBe(400);
    expect(text(noReason.html)).toContain('Alasan wajib diisi');
    const off = await admin.submit(page, page, {
      reason: 'Menunggu PKS baru',
      konfirmasi: 'ya',
    });
    expect(off.location).toBe(`${agencyPath}?hasil=instansi-dinonaktifkan`);
    const detail = await admin.request(off.location!);
    expect(detail.html).toContain('data-status="NON_AKTIF"');
    expect(detail.html).toContain(`href="${agencyPath}/aktifkan"`);
    expect(text(detail.html)).toContain('Menunggu PKS baru');
    const on = await admin.submit(`${agencyPath}/aktifkan`, `${agencyPath}/aktifkan`, {
      reason: 'PKS baru sedang disiapkan',
      konfirmasi: 'ya',
    });
    expect(on.location).toBe(`${agencyPath}?hasil=instansi-diaktifkan`);
  });

  it('shows evaluators everything and offers them nothing to change', async () => {
    const evaluator = await makeUser(t.db, { role: 'EVALUATOR_DUKCAPIL' });
    const portal = new PortalClient(server.url);
    await portal.login(evaluator.userId, TEST_PASSWORD);
    const list = await portal.request('/dukcapil/instansi');
    expect(list.status).toBe(200);
    expect(list.html).not.toContain('/dukcapil/instansi/baru');
    const agency = await portal.request(agencyPath);
    expect(agency.status).toBe(200);
    expect(agency.html).not.toContain('/nonaktifkan');
    expect(agency.html).not.toContain('/pks/baru');
    const agreement = await portal.request(agreementPath);
    expect(agreement.status).toBe(200);
    expect(agreement.html).not.toContain('class="button');
    const all = await portal.request('/dukcapil/pks?status=BERAKHIR');
    expect(all.html).toContain('data-agreement="400.12/3001/2026"');
  });
});
