import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitDataBalikan, type IncomingRecord } from '../src/services/data-balikan/submission.js';
import type { AgencyCaller } from '../src/services/data-balikan/sender.js';
import { makeDeps, type Deps } from '../src/services/deps.js';
import type { DataBalikanSchema } from '../src/domain/data-balikan.js';
import { DINKES_DATA_BALIKAN, DPMPTSP_DATA_BALIKAN } from '../src/services/demo/agreements.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { makeReturnAgency, recordAccess, testNiks } from './data-balikan.js';
import { makeResident, makeUser, TEST_PASSWORD } from './factories.js';
import { PortalClient, startTestServer, type TestServer } from './server.js';

/**
 * Return-data compliance in the portal (issue 4): the agency console, Dukcapil's console,
 * who may open which, and Dukcapil's export parsed back from CSV and XLSX.
 */

const NOW = new Date('2026-11-24T03:00:00Z'); // 24 November 2026, 10:00 WIB
const RESIDENT_NIK = '3303054703900002';
const RESIDENT_NAME = 'RARASATI KUSUMAWARDHANI PRAWIROSENTONO';

let t: TestDatabase;
let server: TestServer;
let deps: Deps;

type Agency = Awaited<ReturnType<typeof makeReturnAgency>>;
let dinkes: Agency;
let dpmptsp: Agency;
let head: { userId: string };
let evaluator: { userId: string };
let admin: { userId: string };

/** DINKES's fields and a free-text one, to see commas and quotes survive the CSV. */
const DINKES_WITH_NOTE: DataBalikanSchema = {
  ...DINKES_DATA_BALIKAN,
  fields: [
    ...DINKES_DATA_BALIKAN.fields,
    { key: 'keterangan', label: 'Keterangan', required: false, maxLength: 100 },
  ],
};

const A_NIKS = testNiks(4, 0);
const B_NIKS = testNiks(3, 100);

async function submitAt(
  caller: AgencyCaller,
  at: string,
  records: { nik: string; values: Record<string, string> }[],
) {
  const clocked: Deps = { ...deps, clock: () => new Date(at) };
  const incoming: IncomingRecord[] = records.map((r, i) => ({
    line: i + 1,
    nik: r.nik,
    values: r.values,
  }));
  const result = await submitDataBalikan(clocked, caller, 'FORMULIR', incoming, 'SEMUA');
  expect(result.refused).toEqual([]);
}

/** A CSV file read back as the register's loader would: one object per row, by header. */
function csvRows(text: Buffer | string): Record<string, string>[] {
  return parse<Record<string, string>>(text, { columns: true });
}

async function signedIn(userId: string) {
  const client = new PortalClient(server.url);
  const login = await client.login(userId, TEST_PASSWORD);
  expect(login.status).toBe(303);
  return client;
}

beforeAll(async () => {
  t = await createTestDatabase();
  server = await startTestServer(t.db, NOW);
  deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, { clock: () => NOW });

  dinkes = await makeReturnAgency(t.db, DINKES_WITH_NOTE);
  dpmptsp = await makeReturnAgency(t.db, DPMPTSP_DATA_BALIKAN);
  head = await makeUser(t.db, { agencyCode: dinkes.agency.code, role: 'KEPALA_INSTANSI' });
  evaluator = await makeUser(t.db, { role: 'EVALUATOR_DUKCAPIL' });
  admin = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
  await makeResident(t.db, { nik: RESIDENT_NIK, namaLengkap: RESIDENT_NAME });

  // DINKES: two NIKs in September (overdue), two in November (pending) of which one returned
  // and then corrected.
  const access = (a: Agency, niks: string[], at: string) =>
    recordAccess(t.db, {
      agreementId: a.agreement.id,
      agencyId: a.agency.id,
      userId: a.operator.id,
      niks,
      at: new Date(at),
    });
  await access(dinkes, A_NIKS.slice(0, 2), '2026-09-15T03:00:00Z');
  await access(dinkes, A_NIKS.slice(2), '2026-11-10T03:00:00Z');
  await access(dpmptsp, B_NIKS, '2026-11-12T03:00:00Z');

  await submitAt(dinkes.caller, '2026-11-20T03:00:00Z', [
    { nik: A_NIKS[2]!, values: { nomor_kepesertaan_jkn: '0001234567890' } },
    {
      nik: A_NIKS[0]!,
      values: { nomor_rekam_medis: 'RM-7', keterangan: 'pasien "lama", rawat inap' },
    },
  ]);
  await submitAt(dinkes.caller, '2026-11-23T03:00:00Z', [
    { nik: A_NIKS[2]!, values: { nomor_kepesertaan_jkn: '0001234567891' } },
  ]);
  await submitAt(dpmptsp.caller, '2026-11-22T03:00:00Z', [
    {
      nik: B_NIKS[0]!,
      values: { nomor_perizinan_investasi: 'NIB-001', jenis_perizinan_investasi: 'NIB' },
    },
  ]);
});
afterAll(async () => {
  await server.close();
  await t.drop();
});

describe('the agency console /kepatuhan', () => {
  it("shows the agency's own figures, charts and the NIKs it still owes", async () => {
    const operator = await signedIn(dinkes.operator.userId);
    // A real lookup from the portal: the resident's name is shown once, on the lookup page.
    const lookup = await operator.lookup(RESIDENT_NIK);
    expect(lookup.code).toBe('DITEMUKAN');
    expect(lookup.html).toContain(RESIDENT_NAME);

    const page = await operator.request('/kepatuhan');
    expect(page.status).toBe(200);
    // 2 in September + 2 in November + the lookup just made; 2 returned; the September
    // one without return data is overdue.
    expect(page.html).toMatch(/data-figure="accessed">5</);
    expect(page.html).toMatch(/data-figure="returned">2</);
    expect(page.html).toMatch(/data-figure="pending">2</);
    expect(page.html).toMatch(/data-figure="overdue">1</);
    expect(page.html).toMatch(/data-figure="percent">40%</);
    expect(page.html).toContain('Ada 1 NIK terlambat');
    expect(page.html).toContain('href="/data-balikan"');
    expect(page.html).toMatch(/<tr data-month="2026-09">[\s\S]*?<\/tr>/);
    expect(page.html.match(/<svg /g)).toHaveLength(2);

    // The list: NIK, first access and operator, never the resident's data.
    expect(page.html).toContain(RESIDENT_NIK);
    expect(page.html).toContain(A_NIKS[1]);
    expect(page.html).not.toContain(RESIDENT_NAME);
    expect(page.html).not.toContain('RARASATI');
    expect(page.html).not.toContain('JENDERAL SUDIRMAN');
    // Another agency's NIKs never appear.
    for (const nik of B_NIKS) expect(page.html).not.toContain(nik);
  });

  it('filters the list by status and by period', async () => {
    const operator = await signedIn(dinkes.operator.userId);
    const overdue = await operator.request('/kepatuhan?status=terlambat');
    const list = /<table id="tabel-nik">[\s\S]*?<\/table>/.exec(overdue.html)![0];
    expect(list).toContain(A_NIKS[1]);
    expect(list).not.toContain(A_NIKS[3]);
    expect(list).toContain('Terlambat');

    const november = await operator.request('/kepatuhan?from=2026-11&to=2026-11');
    expect(november.html).toMatch(/data-figure="accessed">3</);
    expect(november.html).toContain('Di luar periode ini masih ada 1 NIK terlambat');

    const wrong = await operator.request('/kepatuhan?from=2026-13');
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('format TTTT-BB');
  });

  it('is open to the head of the agency, and keeps agency staff out of Dukcapil pages', async () => {
    const kepala = await signedIn(head.userId);
    expect((await kepala.request('/kepatuhan')).status).toBe(200);
    // Each is sent to their own home: the head to the agency's usage, the operator to lookup.
    for (const [client, home] of [
      [kepala, '/instansi/penggunaan'],
      [await signedIn(dinkes.operator.userId), '/cari'],
    ] as const) {
      for (const path of [
        '/dukcapil/kepatuhan',
        `/dukcapil/kepatuhan/${dinkes.agency.code}`,
        '/dukcapil/data-balikan/ekspor?format=csv',
      ]) {
        const answer = await client.request(path);
        expect(answer.status).toBe(303);
        expect(answer.location).toBe(home);
      }
    }
    const visitor = new PortalClient(server.url);
    expect((await visitor.request('/kepatuhan')).location).toBe('/masuk');
  });
});

describe('the Dukcapil console /dukcapil/kepatuhan', () => {
  it('lists every agency with its figures and flags overdue ones in words', async () => {
    const client = await signedIn(evaluator.userId);
    const page = await client.request('/dukcapil/kepatuhan');
    expect(page.status).toBe(200);
    const row = (code: string) =>
      new RegExp(`<tr data-agency="${code}"[^>]*>[\\s\\S]*?</tr>`).exec(page.html)![0];
    expect(row(dinkes.agency.code)).toContain('NIK terlambat');
    expect(row(dinkes.agency.code)).toContain('class="bad"');
    expect(row(dpmptsp.agency.code)).toContain('Tidak ada yang terlambat');
    // The evaluator may look but not export.
    expect(page.html).not.toContain('/dukcapil/data-balikan/ekspor');
  });

  it("shows one agency's detail with charts and its list", async () => {
    const client = await signedIn(evaluator.userId);
    const page = await client.request(`/dukcapil/kepatuhan/${dpmptsp.agency.code}`);
    expect(page.status).toBe(200);
    expect(page.html.match(/<svg /g)).toHaveLength(2);
    expect(page.html).toMatch(/data-figure="accessed">3</);
    expect(page.html).toContain(B_NIKS[1]);
    for (const nik of A_NIKS) expect(page.html).not.toContain(nik);
    expect((await client.request('/dukcapil/kepatuhan/TIDAKADA')).status).toBe(404);
  });

  it('says so when an agreement has no return-data schema, and counts nothing overdue', async () => {
    const unset = await makeReturnAgency(t.db, null);
    await recordAccess(t.db, {
      agreementId: unset.agreement.id,
      agencyId: unset.agency.id,
      userId: unset.operator.id,
      niks: testNiks(2, 900),
      at: new Date('2026-02-02T03:00:00Z'),
    });
    const client = await signedIn(evaluator.userId);
    const page = await client.request(`/dukcapil/kepatuhan/${unset.agency.code.toLowerCase()}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Skema data balikan belum ditetapkan Dukcapil');
    expect(page.html).toMatch(/data-figure="pending">2</);
    expect(page.html).toMatch(/data-figure="overdue">0</);
  });

  it('carries no script and no inline style, so the strict CSP lets the charts show', async () => {
    const client = await signedIn(admin.userId);
    const page = await client.request(`/dukcapil/kepatuhan/${dinkes.agency.code}`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.html).toContain('<svg ');
    expect(page.html).not.toMatch(/<script/i);
    expect(page.html).not.toMatch(/style=/i);
    expect(page.html).toContain('Bulan akses pertama (WIB)');
    expect(page.html).toContain('Jumlah NIK');
  });

  it('refuses the export to the evaluator', async () => {
    const client = await signedIn(evaluator.userId);
    const answer = await client.request('/dukcapil/data-balikan/ekspor?format=csv');
    expect(answer.status).toBe(303);
    expect(answer.headers.get('content-disposition')).toBeNull();
    expect(answer.html).not.toContain(A_NIKS[0]);
  });
});

describe('the export of received return data', () => {
  const download = (client: PortalClient, query: string) =>
    client.download(`/dukcapil/data-balikan/ekspor?${query}`);

  async function exportAudits() {
    const result = await sql<{ purpose: string; user_id: string; agency_id: number | null }>`
      SELECT a.purpose, u.user_id, a.agency_id FROM audit_log a JOIN app_user u ON u.id = a.user_id
      WHERE a.action = 'EKSPOR' ORDER BY a.id`.execute(t.db);
    return result.rows;
  }

  it('gives the current versions as CSV, one column per field, and records the export', async () => {
    const client = await signedIn(admin.userId);
    const before = (await exportAudits()).length;
    const { status, headers, body } = await download(
      client,
      `format=csv&agency=${dinkes.agency.code.toLowerCase()}`,
    );
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(headers.get('cache-control')).toBe('no-store');
    expect(headers.get('content-disposition')).toBe(
      `attachment; filename="data-balikan_${dinkes.agency.code}_2026-11-24.csv"`,
    );
    const text = body.toString('utf8');
    expect(text.split('\r\n')[0]).toBe(
      'kode_instansi,nomor_pks,nik,versi,diterima_pada_wib,kanal,dikirim_oleh,' +
        'nomor_kepesertaan_jkn,nomor_rekam_medis,nomor_surat_kematian,nomor_surat_kelahiran,' +
        'keterangan',
    );
    const rows = csvRows(text);
    expect(rows).toEqual([
      {
        kode_instansi: dinkes.agency.code,
        nomor_pks: dinkes.agreement.nomorDukcapil,
        nik: A_NIKS[0],
        versi: '1',
        diterima_pada_wib: '2026-11-20 10:00:00',
        kanal: 'FORMULIR',
        dikirim_oleh: dinkes.operator.userId,
        nomor_kepesertaan_jkn: '',
        nomor_rekam_medis: 'RM-7',
        nomor_surat_kematian: '',
        nomor_surat_kelahiran: '',
        keterangan: 'pasien "lama", rawat inap',
      },
      expect.objectContaining({
        nik: A_NIKS[2],
        versi: '2',
        diterima_pada_wib: '2026-11-23 10:00:00',
        nomor_kepesertaan_jkn: '0001234567891',
      }),
    ]);
    const audits = await exportAudits();
    expect(audits).toHaveLength(before + 1);
    expect(audits.at(-1)).toMatchObject({ user_id: admin.userId, agency_id: dinkes.agency.id });
    expect(audits.at(-1)!.purpose).toContain('2 baris');
  });

  it('gives every version with history, and keeps to the dates asked', async () => {
    const client = await signedIn(admin.userId);
    const all = await download(client, `format=csv&agency=${dinkes.agency.code}&history=1`);
    const rows = csvRows(all.body.toString('utf8'));
    expect(rows.map((r) => [r.nik, r.versi, r.versi_terkini])).toEqual([
      [A_NIKS[2], '1', 'TIDAK'],
      [A_NIKS[0], '1', 'YA'],
      [A_NIKS[2], '2', 'YA'],
    ]);
    const late = await download(client, 'format=csv&from=2026-11-21&to=2026-11-22');
    const lateRows = csvRows(late.body.toString('utf8'));
    expect(lateRows.map((r) => r.nik)).toEqual([B_NIKS[0]]);
    expect(lateRows[0]).toMatchObject({
      kode_instansi: dpmptsp.agency.code,
      nomor_perizinan_investasi: 'NIB-001',
      jenis_perizinan_investasi: 'NIB',
    });
    const wrong = await download(client, 'format=pdf');
    expect(wrong.status).toBe(400);
    // A date that does not exist is refused with the reason, never a server error.
    for (const query of ['format=csv&from=2026-13-01', 'format=csv&to=2026-02-30']) {
      const impossible = await download(client, query);
      expect(impossible.status, query).toBe(400);
      expect(impossible.body.toString('utf8'), query).toContain('harus tanggal yang sah');
    }
  });

  it('gives the same as XLSX, which reads back with the NIK as text', async () => {
    const client = await signedIn(admin.userId);
    const { status, headers, body } = await download(client, 'format=xlsx');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(headers.get('content-disposition')).toBe(
      'attachment; filename="data-balikan_SEMUA_2026-11-24.xlsx"',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    const header = values(1) as string[];
    expect(header.slice(0, 7)).toEqual([
      'kode_instansi',
      'nomor_pks',
      'nik',
      'versi',
      'diterima_pada_wib',
      'kanal',
      'dikirim_oleh',
    ]);
    expect(header).toContain('nomor_kepesertaan_jkn');
    expect(header).toContain('jenis_perizinan_investasi');
    expect(sheet.actualRowCount).toBe(4);
    const records = [2, 3, 4].map((n) =>
      Object.fromEntries(header.map((key, i) => [key, values(n)[i]])),
    );
    expect(records.map((r) => r.nik)).toEqual([A_NIKS[0], A_NIKS[2], B_NIKS[0]]);
    expect(records[1]).toMatchObject({
      kode_instansi: dinkes.agency.code,
      versi: 2,
      nomor_kepesertaan_jkn: '0001234567891',
    });
  });
});

describe('a large export', () => {
  it('streams every row once, in order, across database batches', async () => {
    const many = await makeReturnAgency(t.db);
    const niks = testNiks(4_500, 20_000);
    await sql`
      INSERT INTO data_balikan
        (agreement_id, agency_id, nik, fields, version, channel, submitted_by, received_at)
      SELECT ${many.agreement.id}::int, ${many.agency.id}::int, n,
             jsonb_build_object('nomor_rekam_medis', 'RM-' || n), 1, 'BERKAS',
             ${many.operator.id}::int, ${NOW}::timestamptz
      FROM unnest(${niks}::text[]) AS n`.execute(t.db);
    const client = await signedIn(admin.userId);
    const csv = await client.download(
      `/dukcapil/data-balikan/ekspor?format=csv&agency=${many.agency.code}`,
    );
    const rows = csvRows(csv.body.toString('utf8'));
    expect(rows.map((r) => r.nik)).toEqual(niks);
    expect(rows[4_499]!.nomor_rekam_medis).toBe(`RM-${niks[4_499]}`);

    const xlsx = await client.download(
      `/dukcapil/data-balikan/ekspor?format=xlsx&agency=${many.agency.code}`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.actualRowCount).toBe(4_501);
    expect(sheet.getRow(4_501).getCell(3).value).toBe(niks[4_499]);
  });
});

describe('page size on a 1 Mbps link', () => {
  it('stays under 60 KB for 12 months × 10 operators and a full page of the list', async () => {
    const big = await makeReturnAgency(t.db);
    const operators = [big.operator];
    for (let i = 1; i < 10; i++) {
      operators.push(await makeUser(t.db, { agencyCode: big.agency.code }));
    }
    let offset = 5000;
    for (let month = 0; month < 12; month++) {
      const at = new Date(Date.UTC(2025, 11 + month, 10, 3));
      for (const operator of operators) {
        await recordAccess(t.db, {
          agreementId: big.agreement.id,
          agencyId: big.agency.id,
          userId: operator.id,
          niks: testNiks(6, offset),
          at,
        });
        offset += 6;
      }
    }
    const client = await signedIn(admin.userId);
    const page = await client.request(`/dukcapil/kepatuhan/${big.agency.code}`);
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/data-figure="accessed">720</);
    expect(page.html.match(/<tr data-operator=/g)).toHaveLength(10);
    expect(page.html.match(/<tr data-month=/g)).toHaveLength(12);
    expect(page.html).toContain('Halaman 1 dari');
    const bytes = Buffer.byteLength(page.html);
    expect(bytes).toBeLessThan(60 * 1024);
  });
});
