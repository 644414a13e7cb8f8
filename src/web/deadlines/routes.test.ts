import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { oversizedPdf, SCANS } from '../../../test/deadlines.js';
import { makeAgency, makeAgreement, makeUser } from '../../../test/factories.js';
import { PortalClient, startTestServer, type TestServer } from '../../../test/server.js';

/** The row of a deadline on a page, by the end of its key (e.g. "iso-2026-03-16"). */
function row(html: string, keyEnd: string): string {
  const match = new RegExp(`<tr\\s+data-key="[^"]*${keyEnd}"[\\s\\S]*?</tr>`).exec(html);
  if (!match) throw new Error(`no row ${keyEnd}`);
  return match[0];
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('deadline pages', () => {
  let t: TestDatabase;
  let server: TestServer;
  let head: PortalClient;
  let admin: PortalClient;
  let evaluator: PortalClient;
  let operator: PortalClient;

  const login = async (role: string, agencyCode?: string) => {
    const user = await makeUser(t.db, { role, agencyCode });
    const client = new PortalClient(server.url);
    await client.login(user.userId, user.password);
    return client;
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
    await makeAgency(t.db, { code: 'DINKES', name: 'Dinas Kesehatan' });
    await makeAgreement(t.db, 'DINKES', { nomorDukcapil: '400.12/2427/2025' });
    await makeAgency(t.db, { code: 'DPMPTSP', name: 'Dinas Penanaman Modal dan PTSP' });
    await makeAgreement(t.db, 'DPMPTSP', { nomorDukcapil: '400.12/2426/2025' });
    head = await login('KEPALA_INSTANSI', 'DINKES');
    operator = await login('OPERATOR', 'DINKES');
    admin = await login('ADMIN_DUKCAPIL');
    evaluator = await login('EVALUATOR_DUKCAPIL');
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  it('shows the head every duty with its status in words, and what the calendar lacks', async () => {
    const page = await head.request('/instansi/tenggat');
    expect(page.status).toBe(200);
    expect(text(row(page.html, 'iso-2026-03-16'))).toContain(
      'Sertifikat ISO/IEC 27001 (6 bulan sejak PKS ditandatangani 16 September 2025)',
    );
    expect(text(row(page.html, 'iso-2026-03-16'))).toContain('Terlambat · lewat 253 hari');
    expect(text(row(page.html, 'laporan-2025-S2'))).toContain(
      '15 Januari 2026 10 hari kerja setelah 31 Desember 2025; hari libur yang dilewati: 1 Januari 2026 (Tahun Baru Masehi)',
    );
    expect(text(row(page.html, 'perpanjangan-2027-07-16'))).toContain(
      'Akan datang · 234 hari lagi',
    );
    expect(page.html).toContain('data-figure="TERLAMBAT">3<');
    expect(page.html).toContain('id="kalender-belum-lengkap"');
    // No banner on the deadline page itself: the full list is there.
    expect(page.html).not.toContain('id="pengingat-tenggat"');
    expect(page.html).toContain('enctype="multipart/form-data"');
  });

  it('puts a reminder atop the head’s other pages, not the operator’s', async () => {
    const account = await head.request('/akun');
    expect(account.status).toBe(200);
    expect(text(account.html)).toContain('Pengingat tenggat: 3 kewajiban terlambat.');
    expect(account.html).toContain('<a href="/instansi/tenggat">Lihat dan penuhi kewajiban</a>');
    const lookup = await head.request('/cari');
    expect(lookup.html).toContain('id="pengingat-tenggat"');
    expect((await operator.request('/cari')).html).not.toContain('id="pengingat-tenggat"');
  });

  it('takes an ISO certificate from the head, with confirmation, and lets it be downloaded', async () => {
    const fields = {
      nomor: 'ISMS 01234',
      tanggalTerbit: '2026-10-01',
      tanggalBerakhir: '2029-09-30',
    };
    const unconfirmed = await head.uploadForm(
      '/instansi/tenggat',
      '/instansi/tenggat/sertifikat-iso',
      fields,
      SCANS.pdf,
    );
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.html).toContain('Centang pernyataan konfirmasi');
    // What the head typed stays in the form.
    expect(unconfirmed.html).toContain('value="ISMS 01234"');

    const notAScan = await head.uploadForm(
      '/instansi/tenggat',
      '/instansi/tenggat/sertifikat-iso',
      { ...fields, konfirmasi: 'ya' },
      SCANS.fakePdf,
    );
    expect(notAScan.status).toBe(400);
    expect(notAScan.html).toContain('bukan PDF, PNG atau JPEG menurut isinya');

    const tooLarge = await head.uploadForm(
      '/instansi/tenggat',
      '/instansi/tenggat/sertifikat-iso',
      { ...fields, konfirmasi: 'ya' },
      { ...SCANS.pdf, content: oversizedPdf() },
    );
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.html).toContain('melebihi 5 MB');

    const done = await head.uploadForm(
      '/instansi/tenggat',
      '/instansi/tenggat/sertifikat-iso',
      { ...fields, konfirmasi: 'ya' },
      SCANS.pdf,
    );
    expect(done.status).toBe(303);
    expect(done.location).toBe('/instansi/tenggat?hasil=iso');
    const page = await head.request('/instansi/tenggat?hasil=iso');
    expect(page.html).toContain('Sertifikat ISO/IEC 27001 telah dicatat.');
    const iso = row(page.html, 'iso-2026-03-16');
    expect(text(iso)).toContain('Terpenuhi, terlambat');
    expect(text(iso)).toContain('Diterima 24 November 2026 (melewati batas waktu)');
    const link = /href="(\/instansi\/tenggat\/berkas\/\d+)"/.exec(iso)![1]!;
    const file = await head.download(link);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.body.equals(SCANS.pdf.content)).toBe(true);
    // Dukcapil downloads the same scan from its own page.
    const dukcapilLink = link.replace('/instansi/tenggat', '/dukcapil/tenggat');
    expect((await evaluator.download(dukcapilLink)).status).toBe(200);
    expect((await operator.download(link)).status).toBe(303);
  });

  it('gives Dukcapil every agency at a glance, filtered and paged', async () => {
    const overview = await evaluator.request('/dukcapil/tenggat');
    expect(overview.status).toBe(200);
    const perAgency = /<table id="per-instansi">[\s\S]*?<\/table>/.exec(overview.html)![0];
    expect(text(perAgency)).toContain('DINKES Dinas Kesehatan 2 terlambat 0 4 1');
    expect(text(perAgency)).toContain('DPMPTSP Dinas Penanaman Modal dan PTSP 3 terlambat 0 4 0');
    expect(overview.html).toContain('14 tenggat; halaman 1 dari 1.');
    const overdue = await evaluator.request(
      '/dukcapil/tenggat?status=TERLAMBAT&jenis=SERTIFIKAT_ISO',
    );
    expect(overdue.html).toContain('1 tenggat; halaman 1 dari 1.');
    expect(text(overdue.html)).toContain('DPMPTSP Sertifikat ISO/IEC 27001');
    // The evaluator reads an agency's page without any form.
    const agency = await evaluator.request('/dukcapil/tenggat/instansi/DPMPTSP');
    expect(agency.status).toBe(200);
    expect(agency.html).not.toContain('enctype="multipart/form-data"');
    expect((await evaluator.request('/dukcapil/tenggat/instansi/TIDAKADA')).status).toBe(404);
  });

  it('lets the admin record a change the agency has not notified; the head then files it', async () => {
    const recorded = await admin.uploadForm(
      '/dukcapil/tenggat/instansi/DINKES',
      '/dukcapil/tenggat/instansi/DINKES/perubahan-pejabat',
      {
        tanggalPerubahan: '2026-11-02',
        uraian: 'Pelantikan Kepala Dinas Kesehatan yang baru',
        konfirmasi: 'ya',
      },
      null,
    );
    expect(recorded.status).toBe(303);
    expect(recorded.location).toBe('/dukcapil/tenggat/instansi/DINKES?hasil=pejabat');
    const page = await head.request('/instansi/tenggat');
    const change = row(page.html, 'pejabat-\\d+');
    expect(text(change)).toContain('16 November 2026');
    expect(text(change)).toContain('Terlambat · lewat 8 hari');
    const action = /action="(\/instansi\/tenggat\/perubahan-pejabat\/\d+)"/.exec(page.html)![1]!;
    // Without a letter the head's notice is refused.
    const empty = await head.uploadForm('/instansi/tenggat', action, { konfirmasi: 'ya' }, null);
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('Pilih berkas surat pemberitahuan');
    const filed = await head.uploadForm(
      '/instansi/tenggat',
      action,
      { konfirmasi: 'ya' },
      SCANS.png,
    );
    expect(filed.location).toBe('/instansi/tenggat?hasil=pemberitahuan');
    expect(text(row((await head.request('/instansi/tenggat')).html, 'pejabat-\\d+'))).toContain(
      'Terpenuhi, terlambat',
    );
  });

  it('keeps the head’s address for reminders', async () => {
    const refused = await head.submit('/instansi/tenggat', '/instansi/tenggat/surel', {
      surel: 'bukan-alamat',
    });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('Alamat surel tidak valid');
    const saved = await head.submit('/instansi/tenggat', '/instansi/tenggat/surel', {
      surel: 'kepala@dinkes.purbalinggakab.go.id',
    });
    expect(saved.status).toBe(303);
    expect((await head.request('/instansi/tenggat')).html).toContain(
      'value="kepala@dinkes.purbalinggakab.go.id"',
    );
  });

  it('lets the admin keep the holiday calendar, with confirmation before removing a day', async () => {
    const calendar = await admin.request('/dukcapil/tenggat/libur?tahun=2027');
    expect(text(calendar.html)).toContain(
      'wajib dimasukkan setiap tahun sesuai Surat Keputusan Bersama (SKB) 3 Menteri',
    );
    expect(calendar.html).toContain('Tahun 2027 baru memuat hari libur bertanggal tetap.');
    const added = await admin.submit('/dukcapil/tenggat/libur', '/dukcapil/tenggat/libur', {
      tanggal: '2027-01-04',
      nama: 'Cuti bersama (entri uji)',
      jenis: 'CUTI_BERSAMA',
    });
    expect(added.location).toBe('/dukcapil/tenggat/libur?tahun=2027&hasil=ADDED');
    const after = await admin.request(added.location!);
    expect(text(after.html)).toContain(
      '4 Januari 2027 Senin Cuti bersama (entri uji) Cuti bersama',
    );
    // The semester report due after 31 Dec 2026 moves from 15 to 18 January 2027.
    expect(text(row((await head.request('/instansi/tenggat')).html, 'laporan-2026-S2'))).toContain(
      '18 Januari 2027',
    );

    const confirm = await admin.request('/dukcapil/tenggat/libur/2027-01-04/hapus');
    expect(confirm.status).toBe(200);
    expect(text(confirm.html)).toContain('akan dihapus dari kalender');
    const unconfirmed = await admin.submit(
      '/dukcapil/tenggat/libur/2027-01-04/hapus',
      '/dukcapil/tenggat/libur/2027-01-04/hapus',
      { alasan: 'Salah masukan tanggal' },
    );
    expect(unconfirmed.status).toBe(400);
    const removed = await admin.submit(
      '/dukcapil/tenggat/libur/2027-01-04/hapus',
      '/dukcapil/tenggat/libur/2027-01-04/hapus',
      { alasan: 'Salah masukan tanggal', konfirmasi: 'ya' },
    );
    expect(removed.location).toBe('/dukcapil/tenggat/libur?tahun=2027&hasil=dihapus');
    const actions = await t.db
      .selectFrom('admin_action')
      .select(['action', 'target', 'reason'])
      .where('action', 'like', 'LIBUR_%')
      .orderBy('id')
      .execute();
    expect(actions).toEqual([
      { action: 'LIBUR_DITAMBAH', target: '2027-01-04', reason: null },
      { action: 'LIBUR_DIHAPUS', target: '2027-01-04', reason: 'Salah masukan tanggal' },
    ]);

    const imported = await admin.uploadForm(
      '/dukcapil/tenggat/libur',
      '/dukcapil/tenggat/libur/impor',
      {},
      {
        name: 'libur.csv',
        content: 'tanggal,nama,jenis\n2030-01-02,Entri uji,CUTI_BERSAMA\n',
        type: 'text/csv',
      },
    );
    expect(imported.status).toBe(200);
    expect(imported.html).toContain('1 ditambahkan, 0 diperbarui, 0 tidak berubah');

    // The evaluator reads the calendar but gets no form.
    const read = await evaluator.request('/dukcapil/tenggat/libur?tahun=2027');
    expect(read.status).toBe(200);
    expect(read.html).not.toContain('action="/dukcapil/tenggat/libur"');
  });
});
