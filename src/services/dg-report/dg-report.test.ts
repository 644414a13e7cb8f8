import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReturnAgency, recordAccess, testNiks } from '../../../test/data-balikan.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { submittedReport } from '../../../test/evaluation.js';
import { makeUser } from '../../../test/factories.js';
import { startSmtpServer, type TestSmtpServer } from '../../../test/smtp.js';
import { parseDgFormat, type DgFormat } from '../../domain/dg-report.js';
import { makeDeps, type Deps } from '../deps.js';
import { finaliseEvaluation } from '../evaluation/draft.js';
import { startReportEvaluation } from '../evaluation/start.js';
import { createMailer, type Mailer } from '../mail/mailer.js';
import {
  dgReportDownload,
  produceDgReport,
  sendDgReport,
  sendQueuedDgReports,
} from './dg-reports.js';

/**
 * The report to the Directorate General (issue 10 item 4): each agency's figures, report
 * status and evaluation, read back from the PDF and the XLSX in the configured order, and
 * mailed with both files to subdit MED through the outbox (a real local SMTP server).
 */

const NOW = new Date('2026-07-20T03:00:00Z'); // after semester 1 2026's report deadline
const SUBDIT = 'subdit.med@dukcapil.kemendagri.test';
const FORMAT = (
  parseDgFormat({
    sections: [
      'HASIL_EVALUASI',
      'STATUS_LAPORAN',
      { code: 'ANGKA_INSTANSI', title: 'Angka Penggunaan' },
      'TINDAK_LANJUT',
    ],
  }) as { format: DgFormat }
).format;

let t: TestDatabase;
let deps: Deps;
let smtp: TestSmtpServer;
let mailer: Mailer;
let admin: { id: number; role: 'ADMIN_DUKCAPIL' };
let onTime: Awaited<ReturnType<typeof makeReturnAgency>>;
let missing: Awaited<ReturnType<typeof makeReturnAgency>>;
const log = { info: () => {}, error: () => {} };

beforeAll(async () => {
  t = await createTestDatabase();
  deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, { clock: () => NOW });
  smtp = await startSmtpServer();
  mailer = createMailer({ url: smtp.url, from: 'Gerbang Dukcapil <gerbang@dukcapil.test>' });
  const adminUser = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
  admin = { id: adminUser.id, role: 'ADMIN_DUKCAPIL' };
  onTime = await makeReturnAgency(t.db);
  missing = await makeReturnAgency(t.db);
  await recordAccess(t.db, {
    agreementId: onTime.agreement.id,
    agencyId: onTime.agency.id,
    userId: onTime.operator.id,
    niks: testNiks(7),
    at: new Date('2026-03-10T03:00:00Z'),
  });
  await recordAccess(t.db, {
    agreementId: missing.agreement.id,
    agencyId: missing.agency.id,
    userId: missing.operator.id,
    niks: testNiks(3, 50),
    at: new Date('2026-05-10T03:00:00Z'),
    responseCode: 'TIDAK_DITEMUKAN',
  });
  const reportId = await submittedReport(t.db, {
    agencyId: onTime.agency.id,
    agreementId: onTime.agreement.id,
    userId: onTime.operator.id,
    semester: '2026-S1',
    receivedOn: '2026-07-10',
  });
  const evaluationId = await startReportEvaluation(deps, admin, reportId);
  await finaliseEvaluation(deps, admin, evaluationId, {
    answers: {
      TUJUAN: { answer: 'YA', note: '' },
      KERAHASIAAN: { answer: 'YA', note: '' },
      PENGAMANAN: { answer: 'YA', note: '' },
    },
    findings: 'Data balikan belum dikirim',
    recommendations: 'Kirim data balikan',
    followUp: 'SURAT_TEGURAN',
  });
});

afterAll(async () => {
  mailer.close();
  await smtp.close();
  await t.drop();
});

describe('the report to the Directorate General', () => {
  let id: number;

  it('refuses a semester not ended and a missing letter number', async () => {
    await expect(
      produceDgReport(deps, admin, { semester: '2026-S2', letterNumber: '470/1/2026' }, FORMAT),
    ).rejects.toMatchObject({ code: 'PERMINTAAN_TIDAK_VALID' });
    await expect(
      produceDgReport(deps, admin, { semester: '2026-S1', letterNumber: '' }, FORMAT),
    ).rejects.toMatchObject({ code: 'PERMINTAAN_TIDAK_VALID' });
    await expect(
      produceDgReport(
        deps,
        { id: onTime.operator.id, role: 'OPERATOR' },
        { semester: '2026-S1', letterNumber: '470/1/2026' },
        FORMAT,
      ),
    ).rejects.toMatchObject({ code: 'TIDAK_ADA' });
  });

  it('holds each agency’s figures, report status and evaluation in the PDF, in the format’s order', async () => {
    ({ id } = await produceDgReport(
      deps,
      admin,
      { semester: '2026-S1', letterNumber: '470/77/Dukcapil/2026' },
      FORMAT,
    ));
    const pdf = await dgReportDownload(deps, admin, id, 'pdf');
    const text = (await new PDFParse({ data: pdf.content }).getText()).text.replace(/\s+/g, ' ');
    expect(text).toContain('470/77/Dukcapil/2026');
    expect(text).toContain('Semester 1 2026');
    expect(text).toContain(onTime.agency.code);
    expect(text).toContain(missing.agency.code);
    expect(text).toContain('Tepat waktu');
    expect(text).toContain('Tidak menyampaikan');
    expect(text).toContain('Surat teguran');
    const order = [
      'A. Hasil Evaluasi',
      'B. Status Laporan',
      'C. Angka Penggunaan',
      'D. Tindak Lanjut',
    ];
    const at = order.map((title) => text.indexOf(title));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text).not.toContain('Ringkasan');
    expect(text).toMatch(/Halaman 1 dari \d/);
  });

  it('holds the same figures in the XLSX, a sheet per section in that order', async () => {
    const xlsx = await dgReportDownload(deps, admin, id, 'xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.content as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Surat',
      'A Hasil Evaluasi',
      'B Status Laporan Semester Insta',
      'C Angka Penggunaan',
      'D Tindak Lanjut',
    ]);
    const rows = (name: string) =>
      workbook
        .getWorksheet(name)!
        .getSheetValues()
        .slice(2)
        .map((r) => (r as unknown[]).slice(1));
    const figures = rows('C Angka Penggunaan');
    expect(figures).toContainEqual([onTime.agency.code, 7, 7, 0, 0, 7, '0%', 7, 0, 0]);
    expect(figures).toContainEqual([missing.agency.code, 3, 0, 3, 0, 0, '–', 0, 0, 0]);
    const status = rows('B Status Laporan Semester Insta');
    expect(status.find((r) => String(r[1]).startsWith(onTime.agency.code))?.[5]).toBe(
      'Tepat waktu',
    );
    expect(status.find((r) => String(r[1]).startsWith(missing.agency.code))?.[5]).toBe(
      'Tidak menyampaikan',
    );
    const evaluation = rows('A Hasil Evaluasi');
    expect(evaluation.find((r) => String(r[0]).startsWith(missing.agency.code))?.[2]).toBe(
      'Belum dievaluasi',
    );
  });

  it('is not mailed without SMTP and subdit MED’s address', async () => {
    await expect(
      sendDgReport(deps, admin, id, { mailer: undefined, address: SUBDIT, format: FORMAT, log }),
    ).rejects.toMatchObject({ code: 'PERMINTAAN_TIDAK_VALID' });
  });

  it('arrives at subdit MED with the PDF and the XLSX, and is recorded as sent', async () => {
    const sent = await sendDgReport(deps, admin, id, {
      mailer,
      address: SUBDIT,
      format: FORMAT,
      log,
    });
    expect(sent).toEqual({ state: 'TERKIRIM', semester: '2026-S1' });
    const mail = smtp.received.at(-1)!;
    expect(mail.to).toEqual([SUBDIT]);
    expect(mail.subject).toContain('Semester 1 2026');
    expect(mail.attachments.map((a) => a.filename)).toEqual([
      `laporan-dirjen-2026-S1-${id}.pdf`,
      `laporan-dirjen-2026-S1-${id}.xlsx`,
    ]);
    expect(
      mail.attachments[0]!.content.equals((await dgReportDownload(deps, admin, id, 'pdf')).content),
    ).toBe(true);
    const row = await t.db
      .selectFrom('dg_report')
      .select(['state', 'sent_to', 'sent_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'TERKIRIM', sent_to: SUBDIT });
    const trail = await t.db
      .selectFrom('admin_action')
      .select('action')
      .where('action', 'like', 'LAPORAN_DIRJEN_%')
      .orderBy('id')
      .execute();
    expect(trail.map((a) => a.action)).toEqual([
      'LAPORAN_DIRJEN_DISUSUN',
      'LAPORAN_DIRJEN_DIANTREKAN',
      'LAPORAN_DIRJEN_TERKIRIM',
    ]);
    await expect(
      sendDgReport(deps, admin, id, { mailer, address: SUBDIT, format: FORMAT, log }),
    ).rejects.toMatchObject({ code: 'KONFLIK' });
  });

  it('stays queued when the mail server refuses, and goes out on the next run', async () => {
    const second = await produceDgReport(
      deps,
      admin,
      { semester: '2026-S1', letterNumber: '470/78/Dukcapil/2026' },
      FORMAT,
    );
    const before = smtp.received.length;
    smtp.failing(true);
    try {
      const result = await sendDgReport(deps, admin, second.id, {
        mailer,
        address: SUBDIT,
        format: FORMAT,
        log,
      });
      expect(result.state).toBe('ANTRE');
    } finally {
      smtp.failing(false);
    }
    expect(smtp.received.length).toBe(before);
    expect(await sendQueuedDgReports(deps, { mailer, address: SUBDIT, log })).toEqual({
      sent: 1,
      failed: 0,
    });
    expect(smtp.received.length).toBe(before + 1);
    expect(await sendQueuedDgReports(deps, { mailer, address: SUBDIT, log })).toEqual({
      sent: 0,
      failed: 0,
    });
  });
});
