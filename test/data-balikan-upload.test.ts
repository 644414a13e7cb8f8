import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataBalikanSchema } from '../src/domain/data-balikan.js';
import { NOT_ACCESSED_REASON } from '../src/services/data-balikan/submission.js';
import {
  dataBalikanCsv,
  dataBalikanXlsx,
  type FileRow,
} from '../src/services/data-balikan/template.js';
import { UPLOAD_KEPT_HOURS } from '../src/services/data-balikan/upload.js';
import {
  STOPPED_WHILE_APPLYING,
  STOPPED_WHILE_CHECKING,
} from '../src/services/data-balikan/upload-jobs.js';
import { DPMPTSP_DATA_BALIKAN } from '../src/services/demo/agreements.js';
import { findRecordHistory } from '../src/store/data-balikan.js';
import { insertUpload, transitionUpload } from '../src/store/data-balikan-upload.js';
import { makeReturnAgency, recordAccess, testNiks } from './data-balikan.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { makeUser, TEST_PASSWORD } from './factories.js';
import { PortalClient, startTestServer, type TestServer } from './server.js';

const NOW = new Date('2026-11-24T03:00:00Z');
const SECTION = '/data-balikan';
const UPLOAD = '/data-balikan/unggah';

let t: TestDatabase;
let server: TestServer;
let nikOffset = 10_000;

type ReturnAgency = Awaited<ReturnType<typeof makeReturnAgency>>;

/** An agency with a signed-in operator and `accessed` NIKs it looked up. */
async function agencyWithAccess(count: number, schema?: DataBalikanSchema) {
  const agency: ReturnAgency = await makeReturnAgency(t.db, schema);
  const niks = testNiks(count, nikOffset);
  nikOffset += count;
  await recordAccess(t.db, {
    agreementId: agency.agreement.id,
    agencyId: agency.agency.id,
    userId: agency.operator.id,
    niks,
  });
  const client = new PortalClient(server.url);
  await client.login(agency.operator.userId, TEST_PASSWORD);
  return { ...agency, niks, client };
}

const jkn = (i: number) => String(1_000_000_000_000 + i);
const rowsOf = (niks: readonly string[]): FileRow[] =>
  niks.map((nik, i) => ({
    nik,
    values: { nomor_kepesertaan_jkn: jkn(i), nomor_rekam_medis: `RM-${i}` },
  }));

const status = (html: string) => /id="hasil" data-status="([A-Z_]+)"/.exec(html)?.[1];
const alertText = (html: string) =>
  /id="hasil"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1]?.replace(/\s+/g, ' ').trim();
const refreshes = (html: string) => html.includes('<meta http-equiv="refresh" content="2" />');

/** The refused rows listed on a result page: line, NIK, reasons. */
function refusedRows(html: string): [number, string, string][] {
  return [
    ...html.matchAll(
      /<tr data-line="(\d+)">\s*<td>\d+<\/td>\s*<td class="nik">([^<]*)<\/td>\s*<td>([^<]*)<\/td>/g,
    ),
  ].map((m) => [Number(m[1]), m[2]!, m[3]!.replace(/&quot;/g, '"')]);
}

async function countRows(agreementId: number): Promise<number> {
  const row = await t.db
    .selectFrom('data_balikan')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('agreement_id', '=', agreementId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function stagedRows(uploadId: number) {
  return t.db
    .selectFrom('data_balikan_upload_row')
    .select(['line', 'fields', 'reasons'])
    .where('upload_id', '=', uploadId)
    .orderBy('line')
    .execute();
}

/** Follows the status page's own refresh until the upload is done; its final page. */
async function untilDone(client: PortalClient, path: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const page = await client.request(path);
    expect(page.status).toBe(200);
    if (!refreshes(page.html)) return page.html;
    if (Date.now() > deadline) throw new Error(`still processing: ${alertText(page.html)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Uploads a file from the section page; the upload's id and its final result page. */
async function uploadFile(client: PortalClient, name: string, content: Buffer | string) {
  const answer = await client.upload(SECTION, UPLOAD, { name, content });
  expect(answer.status, answer.html).toBe(303);
  const path = answer.location!;
  expect(path).toMatch(/^\/data-balikan\/unggahan\/\d+$/);
  const html = await untilDone(client, path);
  return { id: Number(path.split('/').pop()), path, html };
}

beforeAll(async () => {
  t = await createTestDatabase();
  server = await startTestServer(t.db, NOW);
});
afterAll(async () => {
  await server.close();
  await t.drop();
});

describe('the /data-balikan section', () => {
  it("explains the agreement's fields, offers templates, the upload form and the one-NIK form", async () => {
    const { client } = await agencyWithAccess(0, DPMPTSP_DATA_BALIKAN);
    const page = await client.request(SECTION);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<code>nomor_perizinan_investasi</code>');
    expect(page.html).toContain('Jenis perizinan investasi');
    expect(page.html).toContain('salah satu dari: NIB, SERTIFIKAT STANDAR');
    expect(page.html).toContain('16 digit angka, ditulis sebagai teks');
    expect(page.html).toContain('href="/data-balikan/templat.xlsx"');
    expect(page.html).toContain('href="/data-balikan/templat.csv"');
    expect(page.html).toMatch(
      /<form[^>]*action="\/data-balikan\/unggah"[^>]*enctype="multipart\/form-data"/,
    );
    expect(page.html).toContain('<a href="/data-balikan/formulir">Isi formulir satu NIK</a>');
    expect(page.html).not.toContain('<script');
  });

  it('serves the templates: header nik + schema keys; XLSX with notes and a guide', async () => {
    const { client } = await agencyWithAccess(0, DPMPTSP_DATA_BALIKAN);
    const csv = await client.download('/data-balikan/templat.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain('templat-data-balikan.csv');
    expect(csv.body.toString('utf8')).toBe(
      '\uFEFFnik,nomor_perizinan_investasi,jenis_perizinan_investasi\r\n',
    );
    const xlsx = await client.download('/data-balikan/templat.xlsx');
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.getRow(1).values).toEqual([
      undefined,
      'nik',
      'nomor_perizinan_investasi',
      'jenis_perizinan_investasi',
    ]);
    expect(book.worksheets[1]!.name).toBe('Petunjuk');
  });

  it('is for agency staff only: Dukcapil staff are sent to their own home page', async () => {
    await makeUser(t.db, { userId: 'admin.unggah', role: 'ADMIN_DUKCAPIL' });
    const admin = new PortalClient(server.url);
    await admin.login('admin.unggah', TEST_PASSWORD);
    const page = await admin.request(SECTION);
    expect(page.status).toBe(303);
    expect(page.location).toBe('/dukcapil');
  });
});

describe('uploading a file in which every row is valid', () => {
  it('applies a CSV whole, in one go, on the BERKAS channel', async () => {
    const a = await agencyWithAccess(3);
    const { html, id } = await uploadFile(
      a.client,
      'januari.csv',
      dataBalikanCsv(a.caller.dataBalikanSchema!, rowsOf(a.niks)),
    );
    expect(status(html)).toBe('DITERAPKAN');
    expect(alertText(html)).toBe(
      'Seluruh 3 baris diterapkan (3 baru, 0 koreksi, 0 tidak berubah).',
    );
    expect(await countRows(a.agreement.id)).toBe(3);
    const [saved] = await findRecordHistory(t.db, a.agreement.id, a.niks[1]!);
    expect(saved).toMatchObject({
      channel: 'BERKAS',
      submitted_by: a.operator.userId,
      fields: { nomor_kepesertaan_jkn: jkn(1), nomor_rekam_medis: 'RM-1' },
    });
    // Nothing is kept of an upload applied whole.
    expect(await stagedRows(id)).toEqual([]);
    // The section lists it.
    const section = await a.client.request(SECTION);
    expect(section.html).toContain(`href="/data-balikan/unggahan/${id}">januari.csv</a>`);
  });

  it('applies an XLSX whole, and a second upload of it changes nothing', async () => {
    const a = await agencyWithAccess(4);
    const file = await dataBalikanXlsx(a.caller.dataBalikanSchema!, rowsOf(a.niks));
    const first = await uploadFile(a.client, 'Data Balikan.xlsx', file);
    expect(alertText(first.html)).toBe(
      'Seluruh 4 baris diterapkan (4 baru, 0 koreksi, 0 tidak berubah).',
    );
    const again = await uploadFile(a.client, 'Data Balikan.xlsx', file);
    expect(alertText(again.html)).toBe(
      'Seluruh 4 baris diterapkan (0 baru, 0 koreksi, 4 tidak berubah).',
    );
    expect(await countRows(a.agreement.id)).toBe(4);
  });
});

describe('uploading a file with refused rows', () => {
  it('applies nothing and lists every refused row with its line and reasons', async () => {
    const other = await agencyWithAccess(1);
    const a = await agencyWithAccess(7, DPMPTSP_DATA_BALIKAN);
    const [never] = testNiks(1, 900_000);
    const n = a.niks;
    const text = [
      'nik,nomor_perizinan_investasi,jenis_perizinan_investasi',
      `${n[0]},P-1,NIB`, // 2 valid
      `12345,P-2,NIB`, // 3 bad NIK
      `${n[1]},,NIB`, // 4 required field missing
      `${n[2]},P-4,IZIN USAHA`, // 5 not an option
      `${never},P-5,NIB`, // 6 never accessed
      `${other.niks[0]},P-6,NIB`, // 7 another agency's NIK
      '', // 8 blank line
      `${n[0]},P-9,PBG`, // 9 repeated NIK
      `${n[3]},P-10,NIB,lebih`, // 10 value without a header
      `${n[4]},P/11,pbg`, // 11 valid (option in any case)
    ].join('\n');
    const { html, id } = await uploadFile(a.client, 'campur.csv', text);
    expect(status(html)).toBe('DITOLAK');
    expect(alertText(html)).toBe(
      '7 dari 9 baris ditolak, sehingga tidak ada data yang diterapkan.',
    );
    expect(refusedRows(html)).toEqual([
      [3, '12345', expect.stringMatching(/^NIK: /)],
      [4, n[1]!, 'Nomor perizinan investasi wajib diisi'],
      [5, n[2]!, expect.stringContaining('Jenis perizinan investasi harus salah satu dari: NIB,')],
      [6, never!, NOT_ACCESSED_REASON],
      [7, other.niks[0]!, NOT_ACCESSED_REASON],
      [9, n[0]!, 'NIK ini sudah ada pada baris 2; setiap NIK cukup dikirim sekali'],
      [10, n[3]!, 'Ada nilai pada kolom D yang tidak memiliki judul kolom'],
    ]);
    expect(html).toContain('Terapkan hanya 2 baris yang valid');
    expect(await countRows(a.agreement.id)).toBe(0);
    expect(await countRows(other.agreement.id)).toBe(0);
    // The valid rows wait server-side with the refused ones: nothing has to be uploaded again.
    expect((await stagedRows(id)).map((r) => [r.line, r.fields !== null])).toEqual([
      [2, true],
      [3, false],
      [4, false],
      [5, false],
      [6, false],
      [7, false],
      [9, false],
      [10, false],
      [11, true],
    ]);
  });

  it('applies only the valid rows on request, in one transaction, and keeps the refusals to read', async () => {
    const a = await agencyWithAccess(3);
    const text = [
      'nik,nomor_kepesertaan_jkn,nomor_rekam_medis',
      `${a.niks[0]},${jkn(0)},RM-0`,
      `${a.niks[1]},123,RM-1`,
      `${a.niks[2]},,RM-2`,
    ].join('\r\n');
    const { html, path, id } = await uploadFile(a.client, 'sebagian.csv', text);
    expect(status(html)).toBe('DITOLAK');
    const applied = await a.client.submit(path, `${path}/terapkan`, {});
    expect(applied.status).toBe(303);
    const result = await untilDone(a.client, applied.location!);
    expect(status(result)).toBe('DITERAPKAN');
    expect(alertText(result)).toBe(
      '2 baris yang valid diterapkan (2 baru, 0 koreksi, 0 tidak berubah). 1 baris yang ditolak tidak diterapkan.',
    );
    expect(refusedRows(result)).toEqual([
      [3, a.niks[1]!, 'Nomor kepesertaan JKN harus berupa 13 digit angka'],
    ]);
    expect(result).not.toContain('Terapkan hanya');
    expect(await countRows(a.agreement.id)).toBe(2);
    // Applied rows are no longer kept; the refused row stays until the upload expires.
    expect((await stagedRows(id)).map((r) => r.line)).toEqual([3]);

    const csv = await a.client.download(`${path}/penolakan.csv`);
    expect(csv.body.toString('utf8')).toBe(
      `\uFEFFbaris,nik,alasan\r\n3,${a.niks[1]},Nomor kepesertaan JKN harus berupa 13 digit angka\r\n`,
    );
    // A second click has nothing left to apply.
    const twice = await a.client.submit(path, `${path}/terapkan`, {});
    expect(twice.status).toBe(409);
    expect(twice.html).toContain('Unggahan ini sudah diterapkan.');
    expect(await countRows(a.agreement.id)).toBe(2);
  });

  it('discards an upload with its rows', async () => {
    const a = await agencyWithAccess(2);
    const text = `nik,nomor_rekam_medis\n${a.niks[0]},RM-1\n${a.niks[1]},\n`;
    const { path, id } = await uploadFile(a.client, 'batal.csv', text);
    const discarded = await a.client.submit(path, `${path}/batal`, {});
    expect(discarded.status).toBe(303);
    const page = await a.client.request(path);
    expect(status(page.html)).toBe('DIBATALKAN');
    expect(await stagedRows(id)).toEqual([]);
    expect((await a.client.submit(path, `${path}/terapkan`, {})).status).toBe(409);
    expect(await countRows(a.agreement.id)).toBe(0);
  });

  it('hides an upload from another agency, which can neither apply nor download it', async () => {
    const a = await agencyWithAccess(2);
    const b = await agencyWithAccess(2);
    const text = `nik,nomor_rekam_medis\n${a.niks[0]},RM-1\n${a.niks[1]},\n`;
    const { path } = await uploadFile(a.client, 'rahasia.csv', text);
    const seen = await b.client.request(path);
    expect(seen.status).toBe(404);
    expect(seen.html).not.toContain(a.niks[0]);
    expect((await b.client.download(`${path}/penolakan.csv`)).status).toBe(404);
    const bSection = await b.client.request(SECTION);
    const applied = await b.client.request(`${path}/terapkan`, {
      _csrf: /name="_csrf" value="([^"]+)"/.exec(bSection.html)![1]!,
    });
    expect(applied.status).toBe(404);
    expect(await countRows(a.agreement.id)).toBe(0);
    expect(status((await a.client.request(path)).html)).toBe('DITOLAK');
    // A colleague in the same agency sees it.
    const colleague = await makeUser(t.db, { agencyCode: a.agency.code, role: 'KEPALA_INSTANSI' });
    const head = new PortalClient(server.url);
    await head.login(colleague.userId, TEST_PASSWORD);
    expect(status((await head.request(path)).html)).toBe('DITOLAK');
  });
});

describe('files refused whole', () => {
  it('names an unknown header column, and a missing nik column', async () => {
    const a = await agencyWithAccess(1);
    const unknown = await uploadFile(a.client, 'judul.csv', `nik,golongan_darah\n${a.niks[0]},O\n`);
    expect(status(unknown.html)).toBe('GAGAL');
    expect(alertText(unknown.html)).toContain(
      'Kolom &quot;golongan_darah&quot; pada baris judul (baris 1) tidak dikenal',
    );
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Data');
    sheet.addRow(['nomor_rekam_medis']);
    sheet.addRow(['RM-1']);
    const noNik = await uploadFile(
      a.client,
      'tanpa-nik.xlsx',
      Buffer.from(await book.xlsx.writeBuffer()),
    );
    expect(status(noNik.html)).toBe('GAGAL');
    expect(alertText(noNik.html)).toContain(
      'Kolom &quot;nik&quot; tidak ada pada baris judul (baris 1)',
    );
    expect(await countRows(a.agreement.id)).toBe(0);
  });

  it('refuses wrong file types, oversize files and a missing file at once, with the reason', async () => {
    const a = await agencyWithAccess(0);
    const send = (name: string, content: Buffer | string) =>
      a.client.upload(SECTION, UPLOAD, { name, content });
    const pdf = await send('laporan.pdf', '%PDF-1.7 ...');
    expect(pdf.status).toBe(415);
    expect(pdf.html).toContain('Jenis berkas tidak didukung');
    const fakeXlsx = await send('palsu.xlsx', 'nik\n3303014101900001\n');
    expect(fakeXlsx.status).toBe(415);
    expect(fakeXlsx.html).toContain('bukan buku kerja Excel');
    const ansi = await send('ansi.csv', Buffer.from('nik,nomor_rekam_medis\n1,Ñ\n', 'latin1'));
    expect(ansi.status).toBe(415);
    expect(ansi.html).toContain('UTF-8');
    const big = await send('besar.csv', Buffer.alloc(20 * 1024 * 1024 + 1, 'a'));
    expect(big.status).toBe(413);
    expect(big.html).toContain('Berkas melebihi batas 20 MB');
    const empty = await send('kosong.csv', '');
    expect(empty.status).toBe(400);
    const none = await a.client.upload(SECTION, UPLOAD, null);
    expect(none.status).toBe(400);
    expect(none.html).toContain('Pilih berkas CSV atau XLSX');
    // The section page comes back with the message and the form.
    expect(none.html).toContain('id="form-unggah"');
  });

  it('refuses an upload without the form token', async () => {
    const a = await agencyWithAccess(1);
    const form = new FormData();
    form.append('berkas', new Blob(['nik\n']), 'x.csv');
    const login = await a.client.request(SECTION);
    expect(login.status).toBe(200);
    const response = await fetch(`${server.url}${UPLOAD}`, { method: 'POST', body: form });
    expect(response.status).toBe(403);
  });
});

describe('progress, interruption and expiry', () => {
  it('shows progress while a file is read and refreshes itself; a lost process ends as failed', async () => {
    const a = await agencyWithAccess(0);
    // An upload whose server process died while reading it: nothing renews its heartbeat.
    const id = await insertUpload(t.db, {
      agreementId: a.agreement.id,
      agencyId: a.agency.id,
      uploadedBy: a.operator.id,
      fileName: 'besar.csv',
      format: 'CSV',
      sizeBytes: 4_000_000,
      lineTotal: 100_001,
      now: NOW,
      expiresAt: new Date(NOW.getTime() + 86_400_000),
    });
    await transitionUpload(t.db, id, ['MENUNGGU'], { status: 'MEMBACA', line_read: 4001 });
    const path = `/data-balikan/unggahan/${id}`;
    const reading = await a.client.request(path);
    expect(refreshes(reading.html)).toBe(true);
    expect(reading.html).not.toContain('<script');
    expect(alertText(reading.html)).toContain('Memproses baris 4.001 dari 100.001');
    expect(reading.html).toContain('<progress value="4001" max="100001"></progress>');

    server.setNow(new Date(NOW.getTime() + 61_000));
    try {
      const after = await a.client.request(path);
      expect(refreshes(after.html)).toBe(false);
      expect(status(after.html)).toBe('GAGAL');
      expect(after.html).toContain(STOPPED_WHILE_CHECKING);
    } finally {
      server.setNow(NOW);
    }
  });

  it('puts an interrupted application of the valid rows back to await a decision', async () => {
    const a = await agencyWithAccess(2);
    const text = `nik,nomor_rekam_medis\n${a.niks[0]},RM-1\n${a.niks[1]},\n`;
    const { path, id } = await uploadFile(a.client, 'terputus.csv', text);
    // A process claimed the application, then died before its transaction committed.
    await transitionUpload(t.db, id, ['DITOLAK'], { status: 'MENERAPKAN' });
    expect(refreshes((await a.client.request(path)).html)).toBe(true);
    server.setNow(new Date(NOW.getTime() + 120_000));
    try {
      const back = await a.client.request(path);
      expect(status(back.html)).toBe('DITOLAK');
      expect(back.html).toContain(STOPPED_WHILE_APPLYING);
      expect(await countRows(a.agreement.id)).toBe(0);
      const applied = await a.client.submit(path, `${path}/terapkan`, {});
      expect(status(await untilDone(a.client, applied.location!))).toBe('DITERAPKAN');
      expect(await countRows(a.agreement.id)).toBe(1);
    } finally {
      server.setNow(NOW);
    }
  });

  it(`expires an undecided upload after ${UPLOAD_KEPT_HOURS} hours and deletes its rows`, async () => {
    const a = await agencyWithAccess(2);
    const text = `nik,nomor_rekam_medis\n${a.niks[0]},RM-1\n${a.niks[1]},\n`;
    const { path, id } = await uploadFile(a.client, 'lama.csv', text);
    expect((await stagedRows(id)).length).toBe(2);
    server.setNow(new Date(NOW.getTime() + (UPLOAD_KEPT_HOURS * 3600 + 1) * 1000));
    try {
      // A day later the session has long ended: sign in again.
      await a.client.login(a.operator.userId, TEST_PASSWORD);
      const page = await a.client.request(path);
      expect(status(page.html)).toBe('KEDALUWARSA');
      expect(await stagedRows(id)).toEqual([]);
      const applied = await a.client.submit(path, `${path}/terapkan`, {});
      expect(applied.status).toBe(409);
      expect(await countRows(a.agreement.id)).toBe(0);
    } finally {
      server.setNow(NOW);
    }
  });
});

describe('files of 100,000 rows', () => {
  it('accepts a 100,000-row CSV whole', async () => {
    const a = await agencyWithAccess(100_000);
    const { html } = await uploadFile(
      a.client,
      'seratus-ribu.csv',
      dataBalikanCsv(a.caller.dataBalikanSchema!, rowsOf(a.niks)),
    );
    expect(alertText(html)).toBe(
      'Seluruh 100.000 baris diterapkan (100.000 baru, 0 koreksi, 0 tidak berubah).',
    );
    expect(await countRows(a.agreement.id)).toBe(100_000);
  });

  it('refuses a 100,000-row CSV with a bad row at line 99,999 whole, naming that line', async () => {
    const a = await agencyWithAccess(100_000);
    const rows = rowsOf(a.niks);
    // Line 1 is the header: the 99,998th row is line 99,999.
    rows[99_997] = { nik: rows[99_997]!.nik, values: { nomor_kepesertaan_jkn: '12345' } };
    const { html, id } = await uploadFile(
      a.client,
      'satu-salah.csv',
      dataBalikanCsv(a.caller.dataBalikanSchema!, rows),
    );
    expect(status(html)).toBe('DITOLAK');
    expect(alertText(html)).toBe(
      '1 dari 100.000 baris ditolak, sehingga tidak ada data yang diterapkan.',
    );
    expect(refusedRows(html)).toEqual([
      [99_999, a.niks[99_997]!, 'Nomor kepesertaan JKN harus berupa 13 digit angka'],
    ]);
    expect(html).toContain('Terapkan hanya 99.999 baris yang valid');
    expect(await countRows(a.agreement.id)).toBe(0);
    expect((await stagedRows(id)).length).toBe(100_000);
  });

  it('accepts a 100,000-row XLSX whole', async () => {
    const a = await agencyWithAccess(100_000);
    const file = await dataBalikanXlsx(a.caller.dataBalikanSchema!, rowsOf(a.niks));
    const { html } = await uploadFile(a.client, 'seratus-ribu.xlsx', file);
    expect(alertText(html)).toBe(
      'Seluruh 100.000 baris diterapkan (100.000 baru, 0 koreksi, 0 tidak berubah).',
    );
    expect(await countRows(a.agreement.id)).toBe(100_000);
  });
});
