import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import {
  makeAgency,
  makeAgreement,
  makeResident,
  makeUser,
  TEST_PASSWORD,
} from '../../../test/factories.js';
import { maskNik } from '../../domain/nik-mask.js';
import { wibDateTime, wibDay } from '../../domain/time.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import { login } from '../account/login.js';
import { makeDeps, type Deps } from '../deps.js';
import { lookupResident } from '../lookup/lookup-resident.js';
import { csvCell } from '../exports/tabular-file.js';
import {
  AUDIT_EXPORT_COLUMNS,
  ADMIN_EXPORT_COLUMNS,
  auditExportValues,
  EXPORT_ROW_CAP,
  exportAuditSearch,
} from './audit-export.js';
import {
  auditSealState,
  searchAdminTrail,
  searchAuditTrail,
  SEARCH_COUNT_CAP,
  type AuditSearchParams,
} from './audit-search.js';

/**
 * Dukcapil's search of the audit trail: every filter narrows the rows as the test computes
 * them from the rows it wrote; pages; WIB days; the export equals the search and is itself
 * audited; the seal's state.
 */

const NOW = new Date('2026-11-24T03:00:00Z'); // 10.00 WIB
const FOUND = '3303054703900002';
const OTHER = '3303051203850001';

interface Written {
  id: number;
  at: Date;
  action: string;
  userId: string | null;
  agencyCode: string | null;
  nik: string | null;
  responseCode: string;
}

describe('the audit trail search', () => {
  let t: TestDatabase;
  let deps: Deps;
  const admin = { id: 0, role: 'ADMIN_DUKCAPIL' as const, clientIp: '10.0.0.9' };
  const evaluator = { id: 0, role: 'EVALUATOR_DUKCAPIL' as const, clientIp: '10.0.0.8' };
  let agencies: Record<'A' | 'B', { id: number; code: string }>;
  let users: Record<'a1' | 'a2' | 'b1', { id: number; userId: string }>;
  const written: Written[] = [];

  async function write(row: Omit<Written, 'id'>) {
    const user = row.userId ? Object.values(users).find((u) => u.userId === row.userId) : null;
    const agency = row.agencyCode
      ? Object.values(agencies).find((a) => a.code === row.agencyCode)
      : null;
    const inserted = await t.db
      .insertInto('audit_log')
      .values({
        at: row.at,
        action: row.action,
        channel: 'PORTAL',
        user_id: user?.id ?? null,
        agency_id: agency?.id ?? null,
        client_ip: '10.10.0.67',
        nik: row.nik,
        purpose: row.action === 'LOOKUP' ? 'Verifikasi pemohon' : null,
        response_code: row.responseCode,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    written.push({ ...row, id: Number(inserted.id) });
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    deps = makeDeps({ tokenTtlSeconds: 600, sessionTtlSeconds: 600 }, t.db, { clock: () => NOW });
    agencies = {
      A: await makeAgency(t.db, { code: 'CARI_A' }),
      B: await makeAgency(t.db, { code: 'CARI_B' }),
    };
    await makeAgreement(t.db, 'CARI_A');
    await makeAgreement(t.db, 'CARI_B');
    users = {
      a1: await makeUser(t.db, { userId: 'cari.a1', agencyCode: 'CARI_A' }),
      a2: await makeUser(t.db, { userId: 'cari.a2', agencyCode: 'CARI_A' }),
      b1: await makeUser(t.db, { userId: 'cari.b1', agencyCode: 'CARI_B' }),
    };
    const adminUser = await makeUser(t.db, { userId: 'cari.admin', role: 'ADMIN_DUKCAPIL' });
    admin.id = adminUser.id;
    evaluator.id = (await makeUser(t.db, { role: 'EVALUATOR_DUKCAPIL' })).id;

    // 120 lookups over five WIB days, two agencies, three operators, three NIKs.
    const codes = ['DITEMUKAN', 'TIDAK_DITEMUKAN', 'DITEMUKAN', 'FORMAT_SALAH', 'KUOTA_HABIS'];
    const who = ['cari.a1', 'cari.a2', 'cari.b1'] as const;
    for (let i = 0; i < 120; i++) {
      const userId = who[i % 3]!;
      await write({
        at: new Date(Date.UTC(2026, 10, 19, 1, 0, 0) + i * 53 * 60_000),
        action: 'LOOKUP',
        userId,
        agencyCode: userId === 'cari.b1' ? 'CARI_B' : 'CARI_A',
        nik: i % 7 === 0 ? FOUND : i % 11 === 0 ? '33030x' : `3303${String(100000000000 + i)}`,
        responseCode: codes[i % 5]!,
      });
    }
    // The last second of 23 November WIB and the first of 24 November WIB.
    await write({
      at: new Date('2026-11-23T16:59:59Z'),
      action: 'LOOKUP',
      userId: 'cari.a1',
      agencyCode: 'CARI_A',
      nik: OTHER,
      responseCode: 'DITEMUKAN',
    });
    await write({
      at: new Date('2026-11-23T17:00:00Z'),
      action: 'LOOKUP',
      userId: 'cari.a1',
      agencyCode: 'CARI_A',
      nik: OTHER,
      responseCode: 'DITEMUKAN',
    });
    await write({
      at: new Date('2026-11-24T01:00:00Z'),
      action: 'LOGIN',
      userId: 'cari.b1',
      agencyCode: 'CARI_B',
      nik: null,
      responseCode: 'BERHASIL',
    });
    await write({
      at: new Date('2026-11-24T01:30:00Z'),
      action: 'LOGIN',
      userId: null,
      agencyCode: null,
      nik: null,
      responseCode: 'GAGAL_LOGIN',
    });

    // A real lookup through the use case, as an operator of A makes it.
    await makeResident(t.db, { nik: FOUND });
    const session = await login(deps, {
      userId: 'cari.a2',
      password: TEST_PASSWORD,
      kind: 'API',
      clientIp: '127.0.0.1',
    });
    if (!session.ok) throw new Error(session.code);
    const result = await lookupResident(deps, {
      token: session.token,
      channel: 'API',
      nik: FOUND,
      purpose: 'Verifikasi peserta',
      clientIp: '127.0.0.1',
    });
    expect(result.code).toBe('DITEMUKAN');
    const real = await sql<{ id: number; at: Date; action: string }>`
      SELECT id, at, action FROM audit_log WHERE user_id = ${users.a2.id} AND channel = 'API'
      ORDER BY id`.execute(t.db);
    for (const row of real.rows) {
      written.push({
        id: Number(row.id),
        at: row.at,
        action: row.action,
        userId: 'cari.a2',
        agencyCode: 'CARI_A',
        nik: row.action === 'LOOKUP' ? FOUND : null,
        responseCode: row.action === 'LOOKUP' ? 'DITEMUKAN' : 'BERHASIL',
      });
    }
  });
  afterAll(async () => {
    await t.drop();
  });

  /** Newest first, as the page lists them. */
  const newestFirst = (rows: Written[]) =>
    [...rows].sort((a, b) => b.at.getTime() - a.at.getTime() || b.id - a.id);

  /** Every page of a search, its rows in order. */
  async function everyRow(params: AuditSearchParams) {
    const ids: number[] = [];
    const first = await searchAuditTrail(deps, admin, params, { page: 1, size: 50 });
    ids.push(...first.rows.map((r) => r.id));
    for (let page = 2; page <= first.pages; page++) {
      const next = await searchAuditTrail(deps, admin, params, { page, size: 50 });
      ids.push(...next.rows.map((r) => r.id));
    }
    return { ids, total: first.total, first };
  }

  it('an open search lists every row newest first, NIKs masked', async () => {
    const { ids, total, first } = await everyRow({});
    expect(total).toBe(written.length);
    expect(ids).toEqual(newestFirst(written).map((w) => w.id));
    const found = first.rows.find((r) => r.id === written.find((w) => w.nik === FOUND)!.id);
    const anyFound = (await searchAuditTrail(deps, admin, { nik: FOUND }, { page: 1, size: 50 }))
      .rows[0]!;
    expect(anyFound.nik).toBe(maskNik(FOUND));
    expect(anyFound.nik).toBe('330305••••••0002');
    expect(JSON.stringify(first.rows)).not.toContain(FOUND);
    expect(found?.nik ?? anyFound.nik).not.toContain('4703');
  });

  it.each<[string, AuditSearchParams, (w: Written) => boolean]>([
    ['the full NIK, exactly', { nik: FOUND }, (w) => w.nik === FOUND],
    ['the NIK typed with spaces', { nik: '3303 0547 0390 0002' }, (w) => w.nik === FOUND],
    ['a malformed input as recorded', { nik: '33030x' }, (w) => w.nik === '33030x'],
    ['part of a NIK finds nothing', { nik: '330305' }, () => false],
    ['a user ID', { pengguna: 'cari.a2' }, (w) => w.userId === 'cari.a2'],
    ['a user ID in capitals', { pengguna: 'CARI.B1' }, (w) => w.userId === 'cari.b1'],
    ['an unknown user ID', { pengguna: 'tidak.ada' }, () => false],
    ['an agency', { instansi: 'cari_b' }, (w) => w.agencyCode === 'CARI_B'],
    ['a response', { respons: 'kuota_habis' }, (w) => w.responseCode === 'KUOTA_HABIS'],
    ['an action', { tindakan: 'LOGIN' }, (w) => w.action === 'LOGIN'],
    [
      'a WIB date range',
      { dari: '2026-11-20', sampai: '2026-11-21' },
      (w) => wibDay(w.at) >= '2026-11-20' && wibDay(w.at) <= '2026-11-21',
    ],
    ['from a WIB day on', { dari: '2026-11-22' }, (w) => wibDay(w.at) >= '2026-11-22'],
    [
      'everything at once',
      {
        pengguna: 'cari.a1',
        instansi: 'CARI_A',
        respons: 'DITEMUKAN',
        tindakan: 'LOOKUP',
        dari: '2026-11-19',
        sampai: '2026-11-22',
      },
      (w) =>
        w.userId === 'cari.a1' &&
        w.responseCode === 'DITEMUKAN' &&
        wibDay(w.at) >= '2026-11-19' &&
        wibDay(w.at) <= '2026-11-22',
    ],
  ])('narrows by %s', async (_name, params, expected) => {
    const want = newestFirst(written.filter(expected)).map((w) => w.id);
    const { ids, total } = await everyRow(params);
    expect(ids).toEqual(want);
    expect(total).toBe(want.length);
  });

  it('a WIB day runs from 00.00 to 23.59.59 WIB', async () => {
    const lastSecond = written.find((w) => w.at.toISOString() === '2026-11-23T16:59:59.000Z')!;
    const firstSecond = written.find((w) => w.at.toISOString() === '2026-11-23T17:00:00.000Z')!;
    const on23 = await everyRow({ nik: OTHER, dari: '2026-11-23', sampai: '2026-11-23' });
    expect(on23.ids).toEqual([lastSecond.id]);
    const on24 = await everyRow({ nik: OTHER, dari: '2026-11-24', sampai: '2026-11-24' });
    expect(on24.ids).toEqual([firstSecond.id]);
    expect(wibDateTime(lastSecond.at)).toBe('2026-11-23 23:59:59');
    expect(wibDateTime(firstSecond.at)).toBe('2026-11-24 00:00:00');
  });

  it('pages hold within the list; no row is shown twice', async () => {
    const size = 50;
    const all = newestFirst(written).map((w) => w.id);
    const pages = Math.ceil(all.length / size);
    const last = await searchAuditTrail(deps, admin, {}, { page: pages, size });
    expect(last.page).toBe(pages);
    expect(last.pages).toBe(pages);
    expect(last.rows.map((r) => r.id)).toEqual(all.slice((pages - 1) * size));
    // Past the last page is the last page; page 0 is the first.
    const beyond = await searchAuditTrail(deps, admin, {}, { page: 999, size });
    expect(beyond.page).toBe(pages);
    expect(beyond.rows.map((r) => r.id)).toEqual(last.rows.map((r) => r.id));
    const zero = await searchAuditTrail(deps, admin, {}, { page: 0, size });
    expect(zero.page).toBe(1);
    expect(zero.rows.map((r) => r.id)).toEqual(all.slice(0, size));
    // An empty search is one empty page.
    const none = await searchAuditTrail(deps, admin, { pengguna: 'tidak.ada' }, { page: 3, size });
    expect(none).toMatchObject({ page: 1, pages: 1, total: 0, rows: [] });
  });

  it('says what is wrong with a search and runs none', async () => {
    const wrong = await searchAuditTrail(
      deps,
      admin,
      { dari: '2026-02-30', sampai: 'kemarin', instansi: 'TIDAK_ADA', tindakan: 'HAPUS' },
      { page: 1, size: 50 },
    );
    expect(wrong.rows).toEqual([]);
    expect(wrong.errors.map((e) => e.field).sort()).toEqual(
      ['dari', 'instansi', 'sampai', 'tindakan'].sort(),
    );
    const backwards = await searchAuditTrail(
      deps,
      admin,
      { dari: '2026-11-24', sampai: '2026-11-23' },
      { page: 1, size: 50 },
    );
    expect(backwards.errors).toEqual([
      { field: 'sampai', message: 'Tanggal akhir tidak boleh sebelum tanggal awal' },
    ]);
  });

  it('refuses anyone but Dukcapil', async () => {
    await expect(
      searchAuditTrail(deps, { role: 'KEPALA_INSTANSI' }, {}, { page: 1, size: 50 }),
    ).rejects.toMatchObject({ code: 'TIDAK_BERWENANG' });
    await expect(
      exportAuditSearch(
        deps,
        { id: users.a1.id, role: 'OPERATOR', clientIp: '1.1.1.1' },
        {
          format: 'csv',
          tab: 'jejak',
          params: {},
        },
      ),
    ).rejects.toMatchObject({ code: 'TIDAK_BERWENANG' });
  });

  /** The CSV's rows after the header, as cells (no quoted commas in this data). */
  async function csvRows(body: NodeJS.ReadableStream): Promise<string[][]> {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    return text
      .slice(1)
      .split('\r\n')
      .filter((line) => line !== '')
      .map((line) => line.split(','));
  }

  it('exports the search as CSV, equal to its pages, and records the export', async () => {
    const params = { instansi: 'CARI_A', tindakan: 'LOOKUP', nik: FOUND };
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log`.execute(t.db);
    const file = await exportAuditSearch(deps, admin, { format: 'csv', tab: 'jejak', params });
    if (!file.ok) throw new Error(file.message);
    expect(file.fileName).toBe('jejak-audit_2026-11-24.csv');
    const [header, ...rows] = await csvRows(file.body);
    expect(header).toEqual([...AUDIT_EXPORT_COLUMNS]);
    const { ids } = await everyRow(params);
    expect(rows.map((r) => Number(r[0]))).toEqual(ids);
    expect(rows.length).toBe(file.rows);
    const page = (await searchAuditTrail(deps, admin, params, { page: 1, size: 50 })).rows;
    expect(rows[0]).toEqual([
      String(page[0]!.id),
      wibDateTime(page[0]!.at),
      'LOOKUP',
      page[0]!.channel,
      page[0]!.userId,
      page[0]!.displayName,
      'CARI_A',
      page[0]!.clientIp,
      maskNik(FOUND),
      page[0]!.purpose,
      '',
      page[0]!.responseCode,
    ]);
    expect(rows.flat().join()).not.toContain(FOUND);

    // One EKSPOR row: who, from where, the agency, the NIK searched, the filter and the count.
    const after = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM audit_log`.execute(t.db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n + 1);
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: 'EKSPOR',
      channel: 'PORTAL',
      user_id: admin.id,
      agency_id: agencies.A.id,
      nik: FOUND,
      response_code: 'BERHASIL',
    });
    expect(audit.purpose).toBe(
      `Ekspor jejak audit CSV · nik ${maskNik(FOUND)}, instansi CARI_A, tindakan LOOKUP · ${rows.length} baris`,
    );
    // The export is found by a search of its NIK, and is not in its own file.
    const byNik = await everyRow({ nik: FOUND, tindakan: 'EKSPOR' });
    expect(byNik.ids).toEqual([Number(audit.id)]);
    expect(rows.map((r) => Number(r[0]))).not.toContain(Number(audit.id));
  });

  it('exports the search as XLSX with the same cells', async () => {
    const params = { pengguna: 'cari.b1' };
    const file = await exportAuditSearch(deps, evaluator, { format: 'xlsx', tab: 'jejak', params });
    if (!file.ok) throw new Error(file.message);
    expect(file.fileName).toBe('jejak-audit_2026-11-24.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.read(file.body);
    const sheet = workbook.getWorksheet('Jejak audit')!;
    const width = AUDIT_EXPORT_COLUMNS.length;
    const values: unknown[][] = [];
    sheet.eachRow((row) => {
      values.push(Array.from({ length: width }, (_, i) => row.getCell(i + 1).value ?? ''));
    });
    expect(values[0]).toEqual([...AUDIT_EXPORT_COLUMNS]);
    // Every row of every page, cell for cell, as the export writes a row of the search.
    const entries = [];
    const first = await searchAuditTrail(deps, admin, params, { page: 1, size: 50 });
    for (let page = 1; page <= first.pages; page++) {
      entries.push(...(await searchAuditTrail(deps, admin, params, { page, size: 50 })).rows);
    }
    expect(values.slice(1)).toEqual(entries.map(auditExportValues));
    expect(entries.length).toBeGreaterThan(1);
    const { ids } = await everyRow(params);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'user_id', 'purpose'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'EKSPOR', user_id: evaluator.id });
    expect(audit.purpose).toBe(`Ekspor jejak audit XLSX · pengguna cari.b1 · ${ids.length} baris`);
  });

  it('refuses a wrong format, and a wrong search without recording anything', async () => {
    await expect(
      exportAuditSearch(deps, admin, { format: 'pdf', tab: 'jejak', params: {} }),
    ).rejects.toMatchObject({ code: 'PERMINTAAN_TIDAK_VALID' });
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log`.execute(t.db);
    const wrong = await exportAuditSearch(deps, admin, {
      format: 'csv',
      tab: 'jejak',
      params: { dari: '31-12-2026' },
    });
    expect(wrong).toMatchObject({ ok: false, errors: [{ field: 'dari' }] });
    const after = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log`.execute(t.db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('keeps a formula typed as a purpose from running in a spreadsheet', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+62 812')).toBe("'+62 812");
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('Verifikasi, pemohon')).toBe('"Verifikasi, pemohon"');
  });

  it('searches and exports the administrative actions', async () => {
    const at = (iso: string) => new Date(iso);
    await recordAdminAction(t.db, {
      at: at('2026-11-20T02:00:00Z'),
      actorId: admin.id,
      agencyId: agencies.A.id,
      action: 'USER_DITAHAN',
      target: 'cari.a1',
      reason: 'Pola input berurutan',
    });
    await recordAdminAction(t.db, {
      at: at('2026-11-22T02:00:00Z'),
      actorId: admin.id,
      agencyId: agencies.B.id,
      action: 'PKS_DICABUT',
      target: '400.12/1/2025',
      detail: { catatan: 'uji' },
    });
    await recordAdminAction(t.db, {
      at: at('2026-11-23T17:00:00Z'),
      actorId: null,
      agencyId: agencies.A.id,
      action: 'USER_DILEPAS',
      target: 'cari.a1',
    });
    const all = await t.db
      .selectFrom('admin_action')
      .leftJoin('app_user as u', 'u.id', 'admin_action.actor_id')
      .leftJoin('agency as ag', 'ag.id', 'admin_action.agency_id')
      .select(['admin_action.id', 'admin_action.at', 'admin_action.action', 'u.user_id', 'ag.code'])
      .execute();
    const newest = (rows: typeof all) =>
      [...rows]
        .sort((a, b) => b.at.getTime() - a.at.getTime() || b.id - a.id)
        .map((r) => Number(r.id));
    const search = async (params: Record<string, string>) =>
      (await searchAdminTrail(deps, admin, params, { page: 1, size: 50 })).rows.map((r) => r.id);

    expect(await search({})).toEqual(newest(all));
    expect(await search({ instansi: 'CARI_A' })).toEqual(
      newest(all.filter((r) => r.code === 'CARI_A')),
    );
    expect(await search({ pelaku: 'cari.admin' })).toEqual(
      newest(all.filter((r) => r.user_id === 'cari.admin')),
    );
    expect(await search({ tindakan: 'pks_dicabut' })).toEqual(
      newest(all.filter((r) => r.action === 'PKS_DICABUT')),
    );
    expect(await search({ dari: '2026-11-24', sampai: '2026-11-24' })).toEqual(
      newest(all.filter((r) => wibDay(r.at) === '2026-11-24')),
    );

    const file = await exportAuditSearch(deps, admin, {
      format: 'csv',
      tab: 'admin',
      params: { instansi: 'CARI_A' },
    });
    if (!file.ok) throw new Error(file.message);
    expect(file.fileName).toBe('tindakan-admin_2026-11-24.csv');
    const [header, ...rows] = await csvRows(file.body);
    expect(header).toEqual([...ADMIN_EXPORT_COLUMNS]);
    expect(rows.map((r) => Number(r[0]))).toEqual(await search({ instansi: 'CARI_A' }));
    const released = rows.find((r) => r[5] === 'USER_DILEPAS')!;
    expect(released.slice(2, 7)).toEqual([
      '(baris perintah)',
      '',
      'CARI_A',
      'USER_DILEPAS',
      'cari.a1',
    ]);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'purpose', 'agency_id'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({
      action: 'EKSPOR',
      agency_id: agencies.A.id,
      purpose: `Ekspor tindakan administratif CSV · instansi CARI_A · ${rows.length} baris`,
    });
  });

  it('counts a broad search up to its cap, and refuses an export beyond its own', async () => {
    const agency = await makeAgency(t.db, { code: 'CARI_BESAR' });
    await sql`
      INSERT INTO audit_log (at, action, channel, agency_id, nik, response_code)
      SELECT timestamptz '2026-10-01 01:00:00+00' + g * interval '1 second', 'LOOKUP', 'API',
             ${agency.id}, '3303050101900001', 'DITEMUKAN'
      FROM generate_series(1, ${EXPORT_ROW_CAP + 1}) AS g`.execute(t.db);
    const broad = await searchAuditTrail(
      deps,
      admin,
      { instansi: 'CARI_BESAR' },
      { page: 9999, size: 50 },
    );
    expect(broad).toMatchObject({
      capped: true,
      total: SEARCH_COUNT_CAP,
      pages: SEARCH_COUNT_CAP / 50,
    });
    expect(broad.page).toBe(SEARCH_COUNT_CAP / 50);
    expect(broad.rows).toHaveLength(50);

    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log`.execute(t.db);
    const refused = await exportAuditSearch(deps, admin, {
      format: 'xlsx',
      tab: 'jejak',
      params: { instansi: 'CARI_BESAR' },
    });
    expect(refused).toEqual({
      ok: false,
      message:
        'Hasil pencarian berisi lebih dari 100.000 baris, batas satu ekspor. Persempit pencarian (misalnya rentang tanggal atau instansi), lalu ekspor lagi.',
      errors: [],
    });
    const after = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log`.execute(t.db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    // Narrowed to 1 October WIB (01.00.01 to 16.59.59 UTC: 57,599 rows), it goes.
    const narrowed = await exportAuditSearch(deps, admin, {
      format: 'csv',
      tab: 'jejak',
      params: { instansi: 'CARI_BESAR', sampai: '2026-10-01' },
    });
    expect(narrowed).toMatchObject({ ok: true, rows: 16 * 3600 - 1 });
    if (!narrowed.ok) return;
    // Read in batches of 2,000 by (time, id): every row once, newest first, the same count.
    const [, ...rows] = await csvRows(narrowed.body);
    const ids = rows.map((r) => Number(r[0]));
    expect(ids).toHaveLength(16 * 3600 - 1);
    expect(new Set(ids).size).toBe(ids.length);
    const times = rows.map((r) => r[1]!);
    expect(times[0]).toBe('2026-10-01 23:59:59');
    expect(times.at(-1)).toBe('2026-10-01 08:00:01');
    expect(times.every((time, i) => i === 0 || time < times[i - 1]!)).toBe(true);
  }, 120_000);

  it('exports rows of one instant, to the microsecond, across batches, each once', async () => {
    const agency = await makeAgency(t.db, { code: 'CARI_SERENTAK' });
    await sql`
      INSERT INTO audit_log (at, action, channel, agency_id, nik, response_code)
      SELECT timestamptz '2026-09-01 01:00:00.123456+00' + (g / 2100) * interval '1 microsecond',
             'LOOKUP', 'API', ${agency.id}, '3303050101900002', 'DITEMUKAN'
      FROM generate_series(1, 2500) AS g`.execute(t.db);
    const file = await exportAuditSearch(deps, admin, {
      format: 'csv',
      tab: 'jejak',
      params: { instansi: 'CARI_SERENTAK' },
    });
    if (!file.ok) throw new Error(file.message);
    const [, ...rows] = await csvRows(file.body);
    const ids = rows.map((r) => Number(r[0]));
    expect(ids).toHaveLength(2500);
    // The 401 rows a microsecond later first, then the 2,099 of the same instant; by id within.
    const written = (
      await sql<{
        id: number;
      }>`SELECT id FROM audit_log WHERE agency_id = ${agency.id} AND action = 'LOOKUP'
        ORDER BY at DESC, id DESC`.execute(t.db)
    ).rows.map((r) => Number(r.id));
    expect(ids).toEqual(written);
  });

  it('shows the seal: none yet, then the latest checkpoint and verification', async () => {
    const rows = async () =>
      (
        await sql<{ n: number }>`SELECT ((SELECT count(*) FROM audit_log) +
          (SELECT count(*) FROM admin_action))::int AS n`.execute(t.db)
      ).rows[0]!.n;
    const empty = await auditSealState(deps, admin);
    expect(empty).toEqual({ unsealed: await rows() });

    // As the sealer writes them: two leaves, a checkpoint of size 2, then a verification.
    await sql`INSERT INTO audit_signing_key (key_id, name, public_key, created_at)
      VALUES ('0a1b2c3d', 'gerbang-uji', ${Buffer.alloc(32, 7)}, ${NOW})`.execute(t.db);
    const [first, second] = newestFirst(written).reverse();
    await sql`INSERT INTO audit_seal_leaf (position, source, source_id, format, leaf_hash) VALUES
      (0, 'audit_log', ${first!.id}, 1, ${Buffer.alloc(32, 1)}),
      (1, 'audit_log', ${second!.id}, 1, ${Buffer.alloc(32, 2)})`.execute(t.db);
    const root = Buffer.from('c0ffee'.repeat(10) + 'abcd', 'hex');
    await sql`INSERT INTO audit_checkpoint (size, root_hash, sealed_at, key_id, note, frontier)
      VALUES (2, ${root}, ${new Date('2026-11-24T02:59:00Z')}, '0a1b2c3d', 'catatan', ARRAY[${root}]::bytea[])`.execute(
      t.db,
    );
    const sealed = await auditSealState(deps, admin);
    expect(sealed.checkpoint).toEqual({
      size: 2,
      rootHash: root.toString('hex'),
      rootHashShort: 'c0ffeec0ffeec0ff',
      sealedAt: new Date('2026-11-24T02:59:00Z'),
    });
    expect(sealed.unsealed).toBe((await rows()) - 2);
    expect(sealed.verification).toBeUndefined();

    await sql`INSERT INTO audit_verification (at, ok, size, problem, duration_ms) VALUES
      (${new Date('2026-11-24T02:00:00Z')}, true, 2, NULL, 41),
      (${new Date('2026-11-24T02:30:00Z')}, false, 2, 'Baris audit_log 7 berubah', 40)`.execute(
      t.db,
    );
    expect((await auditSealState(deps, admin)).verification).toEqual({
      at: new Date('2026-11-24T02:30:00Z'),
      ok: false,
      size: 2,
      problem: 'Baris audit_log 7 berubah',
      durationMs: 40,
    });
  });
});
