import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeAgency, makeAgreement, makeUser, TINY_PDF } from '../../../test/factories.js';
import { startSmtpServer, type TestSmtpServer } from '../../../test/smtp.js';
import type { Actor } from '../../domain/actor.js';
import { DOCUMENT_MAX_BYTES } from '../../domain/documents.js';
import { checkpointLine } from '../../domain/usage-report.js';
import { sealAll } from '../audit-seal/sealer.js';
import { verifyAuditTrail } from '../audit-seal/verify.js';
import { computeDeadlines } from '../deadlines/compute-deadlines.js';
import { makeDeps, type Deps } from '../deps.js';
import { createMailer } from '../mail/mailer.js';
import { summarizeClosedDays } from './daily-summary.js';
import { reportFigures, type ReportFigures } from './figures.js';
import { sendReportMail } from './report-mail.js';
import { draftReport } from './drafting.js';
import { attachScan, reportFile } from './files.js';
import { saveNarrative } from './narrative.js';
import { submitReport } from './submission.js';
import { reportView } from './view.js';

/**
 * The agency's usage report (issue 10 items 1, 2): figures equal to what the audit trail says
 * when counted here directly (per month, response, operator), whether the days are in the
 * daily summaries or still in the live tail; the PDF and XLSX read back; the refusals; the
 * semester duty fulfilled; the mail with its attachments; the checkpoint `verify` accepts.
 */

/** The code and message of the refusal a promise rejects with. */
async function refusalOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  throw new Error('expected a refusal');
}

const NOW = new Date('2026-07-06T03:00:00Z'); // Monday 6 July 2026, 10.00 WIB
const CHANNELS = ['PORTAL', 'API', 'CARD_READER'] as const;
const RESPONSES = ['DITEMUKAN', 'TIDAK_DITEMUKAN', 'MENINGGAL', 'KUOTA_HABIS'] as const;

describe('usage report', () => {
  let t: TestDatabase;
  let deps: Deps;
  let agency: { id: number; code: string };
  let agreementId: number;
  let otherAgreementId: number;
  let head: Pick<Actor, 'id' | 'role' | 'agencyId'>;
  let ops: { id: number; userId: string }[];
  let smtp: TestSmtpServer;

  /** Independent figures: straight from audit_log, by month (WIB), response and user. */
  async function countedDirectly(agreement: number, from: string, to: string) {
    const result = await sql<{ month: string; response_code: string; user_id: number; n: number }>`
      SELECT to_char(at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM') AS month, response_code,
             user_id, count(*)::int AS n
      FROM audit_log
      WHERE action = 'LOOKUP' AND agreement_id = ${agreement}
        AND (at AT TIME ZONE 'Asia/Jakarta')::date BETWEEN ${from}::date AND ${to}::date
      GROUP BY 1, 2, 3`.execute(t.db);
    const byMonth = new Map<string, number>();
    const byResponse = new Map<string, number>();
    const byUser = new Map<number, number>();
    for (const r of result.rows) {
      byMonth.set(r.month, (byMonth.get(r.month) ?? 0) + r.n);
      byResponse.set(r.response_code, (byResponse.get(r.response_code) ?? 0) + r.n);
      byUser.set(r.user_id, (byUser.get(r.user_id) ?? 0) + r.n);
    }
    return { byMonth, byResponse, byUser, total: result.rows.reduce((n, r) => n + r.n, 0) };
  }

  function expectSame(f: ReportFigures, direct: Awaited<ReturnType<typeof countedDirectly>>) {
    expect(f.lookups.total).toBe(direct.total);
    for (const m of f.lookups.byMonth) expect(m.lookups).toBe(direct.byMonth.get(m.month) ?? 0);
    expect(f.lookups.byMonth.reduce((n, m) => n + m.lookups, 0)).toBe(direct.total);
    for (const r of f.lookups.byResponse)
      expect(r.lookups).toBe(direct.byResponse.get(r.code) ?? 0);
    expect(new Map(f.operators.map((o) => [o.userKey, o.lookups]))).toEqual(direct.byUser);
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    deps = makeDeps({ tokenTtlSeconds: 600, sessionTtlSeconds: 600 }, t.db, { clock: () => NOW });
    agency = await makeAgency(t.db, { code: 'LAPOR' });
    await t.db
      .updateTable('agency')
      .set({ head_title: 'Kepala Dinas Uji', address: 'Jl. Uji No. 1, Purbalingga' })
      .where('id', '=', agency.id)
      .execute();
    agreementId = (await makeAgreement(t.db, agency.code)).id;
    const other = await makeAgency(t.db, { code: 'LAIN' });
    otherAgreementId = (await makeAgreement(t.db, other.code)).id;
    const h = await makeUser(t.db, { role: 'KEPALA_INSTANSI', agencyCode: agency.code });
    head = { id: h.id, role: 'KEPALA_INSTANSI', agencyId: agency.id };
    ops = [
      await makeUser(t.db, { agencyCode: agency.code }),
      await makeUser(t.db, { agencyCode: agency.code }),
    ];
    const otherOp = await makeUser(t.db, { agencyCode: other.code });
    // A deterministic spread over the semester and just around its edges (WIB midnight).
    const rows: {
      at: Date;
      action: string;
      channel: string;
      user_id: number;
      agency_id: number;
      agreement_id: number;
      nik: string;
      purpose: string;
      response_code: string;
    }[] = [];
    const push = (at: Date, i: number, own = true) =>
      rows.push({
        at,
        action: 'LOOKUP',
        channel: CHANNELS[i % 3]!,
        user_id: own ? ops[i % 2]!.id : otherOp.id,
        agency_id: own ? agency.id : other.id,
        agreement_id: own ? agreementId : otherAgreementId,
        nik: `33030547039${String(10000 + (i % 37)).slice(1)}`,
        purpose: i % 4 === 0 ? 'Pendaftaran pasien' : 'Verifikasi JKN',
        response_code: RESPONSES[i % 4]!,
      });
    for (let i = 0; i < 300; i++) {
      // 1 Jan 2026 00:00 WIB + i × ~14.5 hours: every month of the semester
      push(new Date(Date.parse('2025-12-31T17:00:00Z') + i * 52_000_000), i);
      if (i % 10 === 0)
        push(new Date(Date.parse('2026-02-01T03:00:00Z') + i * 3_600_000), i, false);
    }
    push(new Date('2025-12-31T16:59:59Z'), 1); // 31 Dec 2025 23:59:59 WIB: before
    push(new Date('2026-06-30T16:59:59Z'), 2); // 30 Jun 2026 23:59:59 WIB: last second inside
    push(new Date('2026-06-30T17:00:00Z'), 3); // 1 Jul 2026 00:00 WIB: after
    await t.db.insertInto('audit_log').values(rows).execute();
    await t.db
      .insertInto('quota_usage')
      .values([
        { agency_id: agency.id, day: '2026-03-02', shard: 0, used: 200 },
        { agency_id: agency.id, day: '2026-03-03', shard: 0, used: 12 },
      ])
      .execute();
    smtp = await startSmtpServer();
  });

  afterAll(async () => {
    await smtp?.close();
    await t?.drop();
  });

  it('counts what the audit trail holds: all in the tail, half summarised, all summarised', async () => {
    const direct = await countedDirectly(agreementId, '2026-01-01', '2026-06-30');
    expect(direct.total).toBeGreaterThan(290);
    // nothing summarised: everything read from audit_log
    expectSame(await reportFigures(deps, agreementId, '2026-01-01', '2026-06-30'), direct);
    // summaries up to 31 March 2026, the rest the live tail
    const april = { ...deps, clock: () => new Date('2026-04-01T05:00:00Z') };
    const run = await summarizeClosedDays(april, 1000);
    expect(run.summarizedUntil?.toISOString()).toBe('2026-03-31T17:00:00.000Z');
    const half = await reportFigures(deps, agreementId, '2026-01-01', '2026-06-30');
    expectSame(half, direct);
    // every closed day summarised
    await summarizeClosedDays(deps, 1000);
    const full = await reportFigures(deps, agreementId, '2026-01-01', '2026-06-30');
    expectSame(full, direct);
    expect(full.lookups.byMonthChannelResponse).toEqual(half.lookups.byMonthChannelResponse);
    expect(full.returnData).toEqual(half.returnData);
    expect(full.purposes).toEqual(half.purposes);
    // an ad-hoc range across the summary's edge, and the agreement's own rows only
    expectSame(
      await reportFigures(deps, agreementId, '2026-03-15', '2026-04-15'),
      await countedDirectly(agreementId, '2026-03-15', '2026-04-15'),
    );
    expect(full.quota).toMatchObject({ limit: 200, hits: 212, daysUsed: 2, daysAtLimit: 1 });
    expect(full.cardReaders).toEqual([]);
    expect(full.users.map((u) => u.documentsComplete)).toEqual([true, true, true]);
    // return data: NIKs first accessed in the period (37 distinct NIKs, the found answers)
    const accessed = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (
        SELECT nik, min(at) AS first_at FROM audit_log
        WHERE agreement_id = ${agreementId} AND action = 'LOOKUP'
          AND response_code IN ('DITEMUKAN', 'MENINGGAL', 'GANDA', 'NON_AKTIF')
        GROUP BY nik) f
      WHERE (first_at AT TIME ZONE 'Asia/Jakarta')::date BETWEEN '2026-01-01' AND '2026-06-30'`.execute(
      t.db,
    );
    expect(full.returnData.accessed).toBe(accessed.rows[0]!.n);
  });

  it('refuses a period outside the agreement, a semester not ended, a bad range', async () => {
    expect(
      await refusalOf(
        draftReport(deps, head, { agreementId, kind: 'SEMESTER', semester: '2025-S1' }),
      ),
    ).toEqual({
      code: 'PERIODE_LAPORAN_TIDAK_SAH',
      message:
        'Periode Semester 1 Tahun 2025 (1 Januari 2025 s.d. 30 Juni 2025) berada di luar masa berlaku PKS (16 September 2025 s.d. 16 September 2027).',
    });
    expect(
      await refusalOf(
        draftReport(deps, head, { agreementId, kind: 'SEMESTER', semester: '2026-S2' }),
      ),
    ).toEqual({
      code: 'SEMESTER_BELUM_BERAKHIR',
      message:
        'Laporan Semester 2 Tahun 2026 baru dapat disusun setelah semester berakhir pada 31 Desember 2026.',
    });
    await expect(
      draftReport(deps, head, {
        agreementId,
        kind: 'SEWAKTU_WAKTU',
        from: '2025-08-01',
        to: '2025-10-01',
      }),
    ).rejects.toMatchObject({ code: 'PERIODE_LAPORAN_TIDAK_SAH' });
    await expect(
      draftReport(deps, head, {
        agreementId,
        kind: 'SEWAKTU_WAKTU',
        from: '2026-05-01',
        to: '2026-04-01',
      }),
    ).rejects.toMatchObject({ code: 'PERIODE_LAPORAN_TIDAK_SAH' });
    await expect(
      draftReport(deps, head, {
        agreementId: otherAgreementId,
        kind: 'SEMESTER',
        semester: '2026-S1',
      }),
    ).rejects.toMatchObject({ code: 'TIDAK_DITEMUKAN' });
    const none = await t.db.selectFrom('usage_report').select('id').execute();
    expect(none).toEqual([]);
  });

  it('drafts, completes and submits: PDF and XLSX hold the figures and the checkpoint; the duty is met; Dukcapil is mailed', async () => {
    const id = await draftReport(deps, head, {
      agreementId,
      kind: 'SEMESTER',
      semester: '2026-S1',
    });
    expect(
      await draftReport(deps, head, { agreementId, kind: 'semester', semester: '2026-s1' }),
    ).toBe(id);
    await expect(submitReport(deps, head, id)).rejects.toMatchObject({
      code: 'PERMINTAAN_TIDAK_VALID',
    });
    await saveNarrative(deps, head, id, {
      letterNumber: '400.12/77/LAPOR/2026',
      obstacles: 'Jaringan terputus dua hari pada bulan Maret.',
      followUp: 'Menambah jalur cadangan.',
      officialsChanges: '',
    });
    await sealAll(deps);
    const submitted = await submitReport(deps, head, id);
    await expect(submitReport(deps, head, id)).rejects.toMatchObject({
      code: 'LAPORAN_SUDAH_DIKIRIM',
    });
    await expect(
      draftReport(deps, head, { agreementId, kind: 'SEMESTER', semester: '2026-S1' }),
    ).rejects.toMatchObject({ code: 'LAPORAN_SUDAH_DIKIRIM' });

    const view = await reportView(deps, head, id);
    expect(view.report.state).toBe('DIKIRIM');
    const f = view.figures;
    const pdf = await reportFile(deps, head, id, 'pdf');
    const parsed = await new PDFParse({ data: pdf.content }).getText();
    const text = parsed.text.replace(/\s+/g, ' ');
    expect(text).toContain(`Instansi Uji ${agency.code}`.toUpperCase());
    expect(text).toContain('Semester 1 Tahun 2026 (1 Januari 2026 s.d. 30 Juni 2026)');
    expect(text).toContain('400.12/77/LAPOR/2026');
    expect(text).toContain('Senin tanggal enam bulan Juli tahun dua ribu dua puluh enam');
    expect(text).toContain(checkpointLine(submitted.checkpoint.size, submitted.checkpoint.rootHex));
    expect(text).toContain('bertanggung jawab mutlak');
    expect(text).toContain(`Jumlah pencarian NIK : ${f.lookups.total.toLocaleString('id-ID')}`);
    expect(text).toContain(`Halaman 1 dari ${parsed.total}`);
    expect(text).toContain('Jaringan terputus dua hari');
    for (const o of f.operators) expect(text).toContain(`${o.userId} `);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await reportFile(deps, head, id, 'xlsx')).content as never);
    const perMonth = book.getWorksheet('Per bulan')!;
    let sum = 0;
    perMonth.eachRow((row, n) => {
      if (n > 2) sum += Number(row.getCell(4).value);
    });
    expect(sum).toBe(f.lookups.total);
    const operators = book.getWorksheet('Operator')!;
    const xlsxOps = new Map<string, number>();
    operators.eachRow((row, n) => {
      if (n > 2) xlsxOps.set(row.getCell(1).text, Number(row.getCell(3).value));
    });
    expect(xlsxOps).toEqual(new Map(f.operators.map((o) => [o.userId!, o.lookups])));
    const summary = book.getWorksheet('Ringkasan')!;
    const cells = new Map<string, unknown>();
    summary.eachRow((row) => cells.set(row.getCell(1).text, row.getCell(2).value));
    expect(cells.get('Checkpoint: akar')).toBe(submitted.checkpoint.rootHex);
    expect(cells.get('Jumlah pencarian')).toBe(f.lookups.total);

    // the semester duty is met by this report, received today
    const { deadlines } = await computeDeadlines(deps, agency.id);
    const duty = deadlines.find((d) => d.key === `pks-${agreementId}-laporan-2026-S1`)!;
    expect(duty.status).toBe('TERPENUHI');
    expect(duty.fulfilment).toMatchObject({ on: '2026-07-06', late: false });

    // verify accepts the report's checkpoint and refuses another root
    const ok = await verifyAuditTrail(deps, {
      reportCheckpoint: {
        size: submitted.checkpoint.size,
        rootHash: Buffer.from(submitted.checkpoint.rootHex, 'hex'),
      },
    });
    expect(ok.broken).toBeUndefined();
    const wrong = await verifyAuditTrail(deps, {
      reportCheckpoint: { size: submitted.checkpoint.size, rootHash: Buffer.alloc(32, 7) },
    });
    expect(wrong.broken?.kind).toBe('CHECKPOINT_LUAR');

    // the outbox mails it to Dukcapil with the PDF and the XLSX
    const mailer = createMailer({ url: smtp.url, from: 'gerbang@uji.local' });
    const log = { info: () => undefined, error: () => undefined };
    const run = await sendReportMail(deps, {
      mailer,
      dukcapilAddress: 'laporan@dukcapil.uji',
      log,
    });
    expect(run).toEqual({ sent: 1, failed: 0 });
    expect(
      await sendReportMail(deps, { mailer, dukcapilAddress: 'laporan@dukcapil.uji', log }),
    ).toEqual({ sent: 0, failed: 0 });
    mailer.close();
    const mail = smtp.received.at(-1)!;
    expect(mail.to).toEqual(['laporan@dukcapil.uji']);
    expect(mail.subject).toContain('Laporan semester');
    expect(mail.text).toContain(
      checkpointLine(submitted.checkpoint.size, submitted.checkpoint.rootHex),
    );
    expect(mail.attachments.map((a) => a.contentType)).toEqual([
      'application/pdf',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    expect(mail.attachments[0]!.content.equals(pdf.content)).toBe(true);
  });

  it('takes the signed scan after submission only, within 5 MB; a correction replaces the report and keeps the history', async () => {
    const [sent] = await t.db
      .selectFrom('usage_report')
      .select('id')
      .where('state', '=', 'DIKIRIM')
      .execute();
    const id = sent!.id;
    const oversize = await refusalOf(
      attachScan(deps, head, id, {
        fileName: 'besar.pdf',
        bytes: Buffer.alloc(DOCUMENT_MAX_BYTES + 1, 1),
      }),
    );
    expect(oversize.code).toBe('BERKAS_TERLALU_BESAR');
    expect(oversize.message).toContain('5.0 MB melebihi batas 5 MB');
    await expect(
      attachScan(deps, head, id, { fileName: 'teks.pdf', bytes: Buffer.from('bukan pdf') }),
    ).rejects.toMatchObject({ code: 'DITOLAK' });
    await attachScan(deps, head, id, { fileName: 'laporan bertanda tangan.pdf', bytes: TINY_PDF });
    expect((await reportFile(deps, head, id, 'pindaian')).content.equals(TINY_PDF)).toBe(true);

    await expect(
      draftReport(deps, head, {
        agreementId,
        kind: 'SEMESTER',
        semester: '2026-S1',
        correction: true,
      }),
    ).rejects.toMatchObject({ code: 'PERMINTAAN_TIDAK_VALID' });
    const v2 = await draftReport(deps, head, {
      agreementId,
      kind: 'SEMESTER',
      semester: '2026-S1',
      correction: true,
      correctionReason: 'Angka kendala jaringan salah tulis',
    });
    await expect(
      attachScan(deps, head, v2, { fileName: 'a.pdf', bytes: TINY_PDF }),
    ).rejects.toMatchObject({ code: 'KONFLIK' });
    await saveNarrative(deps, head, v2, {
      letterNumber: '400.12/78/LAPOR/2026',
      obstacles: 'Jaringan terputus tiga hari pada bulan Maret.',
      correctionReason: 'Angka kendala jaringan salah tulis',
    });
    await submitReport(deps, head, v2);
    const states = await t.db
      .selectFrom('usage_report')
      .select(['id', 'version', 'state', 'corrects_id'])
      .orderBy('id')
      .execute();
    expect(states).toEqual([
      { id, version: 1, state: 'DIGANTI', corrects_id: null },
      { id: v2, version: 2, state: 'DIKIRIM', corrects_id: id },
    ]);
    const history = (await reportView(deps, head, id)).history.map((e) => e.action);
    expect(history).toEqual([
      'DRAF_DIBUAT',
      'NARASI_DISIMPAN',
      'DIKIRIM',
      'DIKIRIM_SUREL',
      'PINDAIAN_DILAMPIRKAN',
      'DIGANTI_KOREKSI',
    ]);
    const pdf = await reportFile(deps, head, v2, 'pdf');
    const text = (await new PDFParse({ data: pdf.content }).getText()).text.replace(/\s+/g, ' ');
    expect(text).toContain('koreksi ke-1');
    expect(text).toContain('Angka kendala jaringan salah tulis');
    // another agency's head sees none of it
    await expect(
      reportView(deps, { id: head.id, role: 'KEPALA_INSTANSI', agencyId: agency.id + 1 }, id),
    ).rejects.toMatchObject({ code: 'TIDAK_DITEMUKAN' });
  });
});
