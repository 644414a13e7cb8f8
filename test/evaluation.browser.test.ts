import fs from 'node:fs/promises';
import { PDFParse } from 'pdf-parse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../src/services/mail/mailer.js';
import { launchBrowser, LoginPage, newPortalPage, untilNewDocument } from './browser.js';
import { makeReturnAgency, recordAccess, testNiks } from './data-balikan.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { submittedReport } from './evaluation.js';
import { makeUser, TEST_PASSWORD } from './factories.js';
import { startTestServer, type TestServer } from './server.js';
import { startSmtpServer, type TestSmtpServer } from './smtp.js';

/**
 * Issue 10 items 3–5 in Chromium: Dukcapil finds a submitted semester report in its inbox
 * (the dashboard counts it as unevaluated), evaluates it on the checklist form, and produces
 * and sends the report to the Directorate General, which arrives with its PDF and XLSX; the
 * warning letter its evaluation ended in downloads from the evaluation's page and, for the
 * agency head, from the report page.
 */

const NOW = new Date('2026-07-20T03:00:00Z');

/** A PDF's text with its whitespace made single spaces. */
async function pdfText(pdf: Buffer): Promise<string> {
  return (await new PDFParse({ data: pdf }).getText()).text.replace(/\s+/g, ' ');
}
const SUBDIT = 'subdit.med@dukcapil.kemendagri.test';

describe(
  'Dukcapil evaluates a report and reports to the DG in Chromium',
  { timeout: 180_000 },
  () => {
    let t: TestDatabase;
    let server: TestServer;
    let browser: Browser;
    let smtp: TestSmtpServer;
    let mailer: Mailer;
    let agencyCode: string;
    const pages: Page[] = [];

    beforeAll(async () => {
      [t, browser, smtp] = await Promise.all([
        createTestDatabase(),
        launchBrowser(),
        startSmtpServer(),
      ]);
      mailer = createMailer({ url: smtp.url, from: 'Gerbang Dukcapil <gerbang@dukcapil.test>' });
      server = await startTestServer(t.db, NOW, { mailer, subditMedEmail: SUBDIT });
      await makeUser(t.db, { role: 'ADMIN_DUKCAPIL', userId: 'admin.evaluasi' });
      const agency = await makeReturnAgency(t.db);
      agencyCode = agency.agency.code;
      await makeUser(t.db, {
        role: 'KEPALA_INSTANSI',
        agencyCode,
        userId: 'kepala.teguran',
      });
      await recordAccess(t.db, {
        agreementId: agency.agreement.id,
        agencyId: agency.agency.id,
        userId: agency.operator.id,
        niks: testNiks(4),
        at: new Date('2026-04-10T03:00:00Z'),
      });
      await submittedReport(t.db, {
        agencyId: agency.agency.id,
        agreementId: agency.agreement.id,
        userId: agency.operator.id,
        semester: '2026-S1',
        receivedOn: '2026-07-10',
      });
    }, 120_000);

    afterAll(async () => {
      for (const page of pages) await page.context().close();
      await browser?.close();
      await server?.close();
      mailer?.close();
      await smtp?.close();
      await t?.drop();
    }, 60_000);

    const click = (page: Page, name: string) =>
      untilNewDocument(page, () => page.getByRole('button', { name, exact: true }).click());

    it('evaluates the submitted report and sends the DG report', async () => {
      const page = await newPortalPage(browser, server.url);
      pages.push(page);
      const login = new LoginPage(page);
      await login.goto();
      await login.submit('admin.evaluasi', TEST_PASSWORD);

      await untilNewDocument(page, () => page.goto('/dukcapil'));
      await expect
        .poll(() => page.locator('[data-figure="/dukcapil/laporan?status=BELUM"]').textContent())
        .toBe('1');

      await untilNewDocument(page, () => page.goto('/dukcapil/laporan?periode=2026-S1'));
      const row = page.locator('#kotak-laporan tbody tr', { hasText: agencyCode });
      await expect.poll(() => row.textContent()).toContain('Belum dievaluasi');
      await untilNewDocument(page, () => row.getByRole('button', { name: 'Evaluasi' }).click());
      expect(await page.locator('h1').textContent()).toContain(agencyCode);
      expect(await page.locator('#daftar-periksa').textContent()).toContain('0 dari 4');

      for (const item of ['TUJUAN', 'KERAHASIAAN', 'PENGAMANAN']) {
        await page.locator(`select[name="jawaban_${item}"]`).selectOption('YA');
      }
      await page.getByLabel('Temuan').fill('Data balikan belum dikirim untuk NIK yang diakses');
      await page.getByLabel('Rekomendasi').fill('Kirim data balikan dalam 7 hari');
      await page.getByLabel('Tindak lanjut').selectOption('SURAT_TEGURAN');
      await click(page, 'Finalkan evaluasi');
      expect(await page.locator('[data-figure="keadaan"]').textContent()).toContain(
        'surat teguran belum dicatat',
      );
      expect(await page.locator('[data-figure="predikat"]').textContent()).toContain('C');

      await page.getByLabel('Nomor surat teguran').fill('470/15/Dukcapil/2026');
      await page.getByLabel('Tanggal surat').fill('2026-07-20');
      await click(page, 'Catat surat teguran terkirim');
      expect(await page.locator('[data-figure="keadaan"]').textContent()).toContain(
        'surat teguran terkirim',
      );
      // the numbered letter, as made when recorded, downloads from the evaluation's page
      const href = await page
        .getByRole('link', { name: 'Unduh surat teguran (PDF)' })
        .getAttribute('href');
      const letter = await page.request.get(href!);
      expect(letter.headers()['content-type']).toBe('application/pdf');
      const letterText = await pdfText(await letter.body());
      expect(letterText).toContain('SURAT TEGURAN Nomor: 470/15/Dukcapil/2026');
      expect(letterText).toContain('Data balikan belum dikirim untuk NIK yang diakses');

      await untilNewDocument(page, () => page.goto('/dukcapil/laporan-dirjen?semester=2026-S1'));
      const recap = page.locator('#rekap-semester tbody tr', { hasText: agencyCode });
      expect(await recap.textContent()).toContain('Tepat waktu');
      expect(await recap.textContent()).toContain('Surat teguran');
      await page.getByLabel('Nomor surat').fill('470/99/Dukcapil/2026');
      await click(page, 'Susun laporan');
      const produced = page.locator('#laporan-dirjen tbody tr', {
        hasText: '470/99/Dukcapil/2026',
      });
      expect(await produced.locator('[data-state]').getAttribute('data-state')).toBe('DISUSUN');
      await untilNewDocument(page, () =>
        produced.getByRole('button', { name: 'Kirim ke subdit MED' }).click(),
      );
      expect(
        await page
          .locator('#laporan-dirjen tbody tr', { hasText: '470/99/Dukcapil/2026' })
          .locator('[data-state]')
          .getAttribute('data-state'),
      ).toBe('TERKIRIM');
      const mail = smtp.received.find((m) => m.to.includes(SUBDIT))!;
      expect(mail.attachments.map((a) => a.contentType)).toEqual([
        'application/pdf',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ]);
      expect(mail.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
    });

    it('the agency head downloads the warning letter from the report page', async () => {
      const page = await newPortalPage(browser, server.url);
      pages.push(page);
      const login = new LoginPage(page);
      await login.goto();
      await login.submit('kepala.teguran', TEST_PASSWORD);
      await untilNewDocument(page, () => page.goto('/instansi/laporan'));
      const row = page.locator('#surat-teguran tbody tr', { hasText: '470/15/Dukcapil/2026' });
      expect(await row.textContent()).toContain('20 Juli 2026');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        row.getByRole('link', { name: /470\/15\/Dukcapil\/2026/ }).click(),
      ]);
      const text = await pdfText(await fs.readFile(await download.path()));
      expect(text).toContain('SURAT TEGURAN Nomor: 470/15/Dukcapil/2026');
      expect(text).toContain(`(${agencyCode})`);
    });
  },
);
