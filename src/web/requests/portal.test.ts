import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { TINY_PDF } from '../../../test/factories.js';
import {
  FormClient,
  makeRequestWorld,
  TINY_PNG,
  USER_ID_FORM,
  whereInDatabase,
} from '../../../test/requests.js';
import { startTestServer, type TestServer } from '../../../test/server.js';

/**
 * The requests section of the portal over HTTP, as the agency head and Dukcapil's admin use
 * it: forms with files, refusals shown on the form, confirmation before a decision, the
 * one-time password on the approval page only, the BAST as a download.
 */

let database: TestDatabase;
let server: TestServer;
let world: Awaited<ReturnType<typeof makeRequestWorld>>;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await makeRequestWorld(database.db);
  server = await startTestServer(database.db);
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

const FORM_PAGE = '/instansi/permohonan/baru?jenis=PERUBAHAN_USER_ID';

async function signedIn(user: { userId: string; password: string }): Promise<FormClient> {
  const client = new FormClient(server.url);
  await client.login(user.userId, user.password);
  return client;
}

function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('the agency head files a request', () => {
  it('offers each kind, then its form', async () => {
    const head = await signedIn(world.headA);
    const choice = await head.get('/instansi/permohonan/baru');
    expect(choice.status).toBe(200);
    for (const label of ['Perubahan user ID', 'Proof of concept (PoC)', 'Perpanjangan PKS']) {
      expect(text(choice.html)).toContain(label);
    }
    const form = await head.get(FORM_PAGE);
    expect(form.html).toContain('enctype="multipart/form-data"');
    for (const label of [
      '1. NIK',
      '2. Nama lengkap',
      '3. Nomor identitas kepegawaian',
      '4. Status kepegawaian',
      '5. Jabatan',
      '6. Kode wilayah kantor',
      '7. Nama kantor',
      '7. Alamat kantor',
    ]) {
      expect(text(form.html)).toContain(label);
    }
    const study = await head.get('/instansi/permohonan/baru?jenis=PERUBAHAN_METODE_ELEMEN');
    expect(study.html).toMatch(/name="kajianTeknis"[^>]*required/);
  });

  it('shows every problem on the form, and keeps the typed values', async () => {
    const head = await signedIn(world.headA);
    const answer = await head.postMultipart(
      FORM_PAGE,
      '/instansi/permohonan/baru',
      {
        jenis: 'PERUBAHAN_USER_ID',
        nomorSurat: '470/55/2026',
        tanggalSurat: '2026-11-20',
        ...USER_ID_FORM,
        nik: '33030547039000',
        kodeWilayahKantor: '33.03.99',
      },
      [{ field: 'suratPermohonan', name: 'surat.pdf', content: Buffer.from('bukan pdf') }],
    );
    expect(answer.status).toBe(400);
    const shown = text(answer.html);
    expect(shown).toContain('NIK: NIK harus terdiri dari 16 digit');
    expect(shown).toContain(
      'Kode wilayah kantor: Kode wilayah 33.03.99 tidak terdapat dalam data wilayah Kemendagri',
    );
    expect(shown).toContain(
      'Surat permohonan "surat.pdf" bukan berkas PDF, PNG atau JPEG menurut isinya',
    );
    expect(answer.html).toContain('value="Petugas Uji Satu"');
    expect(answer.html).toContain('value="470/55/2026"');
  });

  it('refuses a file over 5 MB by name, on the form', async () => {
    const head = await signedIn(world.headA);
    const answer = await head.postMultipart(
      '/instansi/permohonan/baru?jenis=POC',
      '/instansi/permohonan/baru',
      {
        jenis: 'POC',
        nomorSurat: '470/58/2026',
        tanggalSurat: '2026-11-20',
        namaAplikasi: 'SIMRS',
      },
      [
        {
          field: 'suratPermohonan',
          name: 'besar.pdf',
          content: Buffer.concat([TINY_PDF, Buffer.alloc(5 * 1024 * 1024)]),
        },
      ],
    );
    expect(answer.status).toBe(400);
    expect(text(answer.html)).toContain('Surat permohonan "besar.pdf" melebihi batas 5 MB');
  });

  it('files with attachments and lands on the request, its history and its files', async () => {
    const head = await signedIn(world.headA);
    const answer = await head.postMultipart(
      FORM_PAGE,
      '/instansi/permohonan/baru',
      {
        jenis: 'PERUBAHAN_USER_ID',
        nomorSurat: '470/56/2026',
        tanggalSurat: '2026-11-20',
        ...USER_ID_FORM,
        userIdUsulan: 'uji.portal.baru',
      },
      [
        { field: 'suratPermohonan', name: 'surat.pdf', content: TINY_PDF },
        { field: 'lampiranLain', name: 'foto.png', content: TINY_PNG },
        { field: 'lampiranLain', name: 'kedua.pdf', content: TINY_PDF },
      ],
    );
    expect(answer.status).toBe(303);
    const location = answer.location!;
    expect(location).toMatch(/^\/instansi\/permohonan\/\d+\?hasil=diajukan$/);
    const page = await head.get(location);
    const shown = text(page.html);
    expect(shown).toContain('Permohonan telah diajukan');
    expect(page.html).toContain('data-state="DIAJUKAN"');
    expect(shown).toContain('uji.portal.baru');
    expect(shown).toContain('33.03.05 (Purbalingga)');
    const links = [
      ...page.html.matchAll(/href="(\/instansi\/permohonan\/\d+\/lampiran\/\d+)"/g),
    ].map((m) => m[1]!);
    expect(links).toHaveLength(3);
    const png = await head.get(links[1]!);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('content-disposition')).toContain('filename="foto.png"');
    expect(png.body.equals(TINY_PNG)).toBe(true);

    const list = await head.get('/instansi/permohonan?jenis=PERUBAHAN_USER_ID');
    expect(text(list.html)).toContain('470/56/2026');
  });
});

describe("Dukcapil's admin decides", () => {
  async function filed(fields: Record<string, string | string[]>, kind: string) {
    const head = await signedIn(world.headA);
    const answer = await head.postMultipart(
      `/instansi/permohonan/baru?jenis=${kind}`,
      '/instansi/permohonan/baru',
      { jenis: kind, nomorSurat: '470/57/2026', tanggalSurat: '2026-11-20', ...fields },
    );
    expect(answer.status).toBe(303);
    return Number(/\/(\d+)\?/.exec(answer.location!)![1]);
  }

  it('lists requests with filters; the evaluator sees no action', async () => {
    const evaluator = await signedIn(world.evaluator);
    const list = await evaluator.get(`/dukcapil/permohonan?instansi=${world.agencyA.code}`);
    expect(list.status).toBe(200);
    expect(list.html).toMatch(new RegExp(`<option\\s+value="${world.agencyA.code}"\\s+selected`));
    const id = /href="\/dukcapil\/permohonan\/(\d+)"/.exec(list.html)![1];
    const detail = await evaluator.get(`/dukcapil/permohonan/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.html).not.toContain('Tindak lanjut');
  });

  it('requires the confirmation, then approves a user ID change and shows the password once', async () => {
    const id = await filed(
      { ...USER_ID_FORM, userIdUsulan: 'uji.portal.dua' },
      'PERUBAHAN_USER_ID',
    );
    const admin = await signedIn(world.admin);
    const page = `/dukcapil/permohonan/${id}`;
    const review = await admin.post(page, `${page}/telaah`, {});
    expect(review.location).toBe(`${page}?hasil=ditelaah`);

    const detail = await admin.get(page);
    expect(detail.html).toContain('id="form-setujui"');
    expect(detail.html).toContain('value="uji.portal.dua"');
    const unconfirmed = await admin.postMultipart(page, `${page}/setujui`, {
      nomorJawaban: '400.12/3100/2026',
      tanggalJawaban: '2026-11-24',
      userIdBaru: 'uji.portal.dua',
    });
    expect(unconfirmed.status).toBe(400);
    expect(text(unconfirmed.html)).toContain(
      'Centang pernyataan konfirmasi sebelum menyetujui permohonan',
    );

    const approved = await admin.postMultipart(
      page,
      `${page}/setujui`,
      {
        nomorJawaban: '400.12/3100/2026',
        tanggalJawaban: '2026-11-24',
        userIdBaru: 'uji.portal.dua',
        konfirmasi: 'ya',
      },
      [{ field: 'suratJawaban', name: 'jawaban.pdf', content: TINY_PDF }],
    );
    expect(approved.status).toBe(200);
    expect(approved.headers.get('cache-control')).toBe('no-store');
    const password = /id="kata-sandi">([^<]+)</.exec(approved.html)![1]!;
    expect(password).toMatch(/^\w{4}-\w{4}-\w{4}$/);
    expect(text(approved.html)).toContain('hanya ditampilkan sekali');

    // The password is on no other page, and nowhere in the database.
    const after = await admin.get(page);
    expect(after.html).not.toContain(password);
    expect(text(after.html)).toContain('User ID uji.portal.dua diserahkan');
    expect(await whereInDatabase(database.db, password)).toEqual([]);

    // The BAST with the password: posted from the approval page.
    const csrf = /name="_csrf" value="([^"]+)"/.exec(approved.html)![1]!;
    const pdf = await admin.post(page, `${page}/bast.pdf`, { kataSandi: password }, csrf);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toContain('BAST-uji.portal.dua.pdf');
    const pdfText = (await new PDFParse({ data: pdf.body }).getText()).text.replace(/\s+/g, ' ');
    expect(pdfText).toContain('BERITA ACARA SERAH TERIMA');
    expect(pdfText).toContain(password);

    // The copy the head downloads has no password.
    const head = await signedIn(world.headA);
    const copy = await head.get(`/instansi/permohonan/${id}/bast.pdf`);
    expect(copy.status).toBe(200);
    const copyText = (await new PDFParse({ data: copy.body }).getText()).text;
    expect(copyText).toContain('uji.portal.dua');
    expect(copyText).not.toContain(password);

    // Posting the approval again (a reload) hands nothing over a second time.
    const again = await admin.postMultipart(page, `${page}/setujui`, {
      nomorJawaban: '400.12/3100/2026',
      tanggalJawaban: '2026-11-24',
      konfirmasi: 'ya',
    });
    expect(again.status).toBe(400);
    expect(text(again.html)).toContain('Permohonan sudah disetujui; tidak dapat diubah lagi');
  });

  it('schedules a PoC and rejects with a reason, each recorded in the history', async () => {
    const id = await filed({ namaAplikasi: 'SIMRS RSUD' }, 'POC');
    const admin = await signedIn(world.admin);
    const page = `/dukcapil/permohonan/${id}`;
    const past = await admin.post(page, `${page}/jadwal`, { tanggalPoc: '2026-11-01' });
    expect(past.status).toBe(400);
    expect(text(past.html)).toContain('Tanggal PoC tidak boleh sebelum hari ini');
    expect((await admin.post(page, `${page}/jadwal`, { tanggalPoc: '2026-12-01' })).status).toBe(
      303,
    );
    const noReason = await admin.postMultipart(page, `${page}/tolak`, {
      nomorJawaban: '400.12/3101/2026',
      tanggalJawaban: '2026-11-24',
      konfirmasi: 'ya',
    });
    expect(text(noReason.html)).toContain('Alasan penolakan wajib diisi');
    const rejected = await admin.postMultipart(page, `${page}/tolak`, {
      nomorJawaban: '400.12/3101/2026',
      tanggalJawaban: '2026-11-24',
      alasan: 'Aplikasi belum memenuhi standar keamanan',
      konfirmasi: 'ya',
    });
    expect(rejected.location).toBe(`${page}?hasil=ditolak`);
    const head = await signedIn(world.headA);
    const seen = text((await head.get(`/instansi/permohonan/${id}`)).html);
    expect(seen).toContain('Alasan: Aplikasi belum memenuhi standar keamanan');
    expect(seen).toContain('PoC dijadwalkan pada 2026-12-01');
  });
});
