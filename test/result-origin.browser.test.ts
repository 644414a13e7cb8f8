import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from './db.js';
import { makeAgency, makeAgreement, makeResident, makeUser, TEST_PASSWORD } from './factories.js';
import { startTestServer, type TestServer } from './server.js';
import { launchBrowser, LoginPage, newPortalPage, untilNewDocument } from './browser.js';
import { CONFIDENTIALITY_NOTICE, PRINT_REFUSED_NOTICE } from '../src/web/lookup/result-origin.js';

/**
 * Issue 12 items 3 and 4 in a real browser: a lookup result carries its origin (operator,
 * agency, time in WIB, request ID) on screen and in print; printed (print media emulated) it
 * is the result alone, or only a notice when the agreement does not allow printing; the NIK
 * checked stays in the form after every answer; the guide shows the agreement's numbers.
 */

const FOUND = '3303054703900002';
const DECEASED = '3303050101500011';
const ABSENT = '3303054703900099';
/** The test server's clock: 2026-11-24 03:00 UTC is 10.00 WIB. */
const SHOWN_TIME = '24 November 2026 pukul 10.00.00 WIB';

describe('results that carry their origin, and the guide, in Chromium', { timeout: 90_000 }, () => {
  let t: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  const opened: Page[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestDatabase(), launchBrowser()]);
    server = await startTestServer(t.db);
    await makeResident(t.db, { nik: FOUND });
    await makeResident(t.db, { nik: DECEASED, namaLengkap: 'SUPARNO', status: 'MENINGGAL' });
  }, 120_000);
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((page) => page.context().close()));
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.drop();
  }, 60_000);

  /** An operator of an agency of its own whose agreement allows printing or not. */
  async function signedInOperator(printAllowed: boolean, role = 'OPERATOR') {
    const agency = await makeAgency(t.db);
    const agreement = await makeAgreement(t.db, agency.code, {
      grantedElements: ['NIK', 'NAMA_LENGKAP', 'TANGGAL_LAHIR', 'ALAMAT'],
    });
    await sql`UPDATE agreement SET print_allowed = ${printAllowed},
      data_balikan_schema = ${JSON.stringify({
        fields: [
          { key: 'nomor_rekam_medis', label: 'Nomor rekam medis', required: true, maxLength: 30 },
        ],
        dueDays: 7,
      })}::jsonb WHERE id = ${agreement.id}`.execute(t.db);
    const user = await makeUser(t.db, { agencyCode: agency.code, role });
    const page = await newPortalPage(browser, server.url);
    opened.push(page);
    const login = new LoginPage(page);
    await login.goto();
    await login.submit(user.userId, TEST_PASSWORD);
    const agencyName = (
      await sql<{ name: string }>`SELECT name FROM agency WHERE code = ${agency.code}`.execute(t.db)
    ).rows[0]!.name;
    return { page, user, agencyName };
  }

  async function lookUp(page: Page, nik: string) {
    if (new URL(page.url()).pathname !== '/cari') await page.goto('/cari');
    await page.getByLabel('NIK', { exact: true }).fill(nik);
    await page.getByLabel('Keperluan', { exact: true }).fill('Verifikasi pasien rawat jalan');
    const answer = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/cari',
    );
    await untilNewDocument(page, () => page.getByRole('button', { name: 'Periksa' }).click());
    return answer;
  }

  const latestAuditId = async (userId: number) =>
    Number(
      (
        await sql<{
          id: string;
        }>`SELECT max(id)::text AS id FROM audit_log WHERE user_id = ${userId}`.execute(t.db)
      ).rows[0]!.id,
    );

  /** The text a printout holds: innerText follows the print stylesheet's display rules. */
  const printedText = (page: Page) => page.evaluate<string>('document.body.innerText');

  it('a found result shows its origin on screen, prints alone with the watermark, and keeps the NIK', async () => {
    const { page, user, agencyName } = await signedInOperator(true);
    const answer = await lookUp(page, FOUND);
    const size = (await answer.body()).length;
    console.info(`result page (found, print allowed): ${size} B`);
    expect(size).toBeLessThan(20 * 1024);

    expect(await page.locator('#respon').getAttribute('data-code')).toBe('DITEMUKAN');
    const requestId = await latestAuditId(user.id);
    const origin = page.locator('#tanda-asal');
    expect(await origin.isVisible()).toBe(true);
    const originText = await origin.innerText();
    for (const part of [user.userId, agencyName, SHOWN_TIME, String(requestId), FOUND]) {
      expect(originText).toContain(part);
    }
    expect(await page.locator('#id-permintaan').innerText()).toBe(String(requestId));
    const overlay = page.locator('.tanda-air');
    expect(await overlay.isVisible()).toBe(true);
    const watermark = await page.evaluate<string>(
      'getComputedStyle(document.querySelector(".tanda-air"), "::before").content',
    );
    expect(watermark).toContain(`${user.userId}`);
    expect(watermark).toContain(`ID ${requestId}`);
    expect(watermark).toContain(SHOWN_TIME);
    // The NIK stays in the field for a second check without retyping.
    expect(await page.getByLabel('NIK', { exact: true }).inputValue()).toBe(FOUND);

    await page.emulateMedia({ media: 'print' });
    for (const hidden of [
      'header.bar',
      'nav.sections',
      'footer',
      '#kuota',
      '#kirim-data-balikan',
    ]) {
      expect(await page.locator(hidden).isVisible(), hidden).toBe(false);
    }
    for (const form of await page.locator('form').all()) expect(await form.isVisible()).toBe(false);
    for (const shown of [
      '#hasil-verifikasi',
      'dl.data',
      '#tanda-asal',
      '.rahasia-cetak',
      '.tanda-air',
    ]) {
      expect(await page.locator(shown).isVisible(), shown).toBe(true);
    }
    const printed = await printedText(page);
    expect(printed).toContain('SRI WAHYUNINGSIH');
    expect(printed).toContain(String(requestId));
    expect(printed).toContain(CONFIDENTIALITY_NOTICE);
    for (const absent of [
      'Periksa',
      'Keluar',
      'Sisa kuota',
      'Kirim data balikan',
      'Panduan',
      'Verifikasi NIK',
    ]) {
      expect(printed).not.toContain(absent);
    }
    const pdf = await page.pdf();
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('.rahasia-cetak').isVisible()).toBe(false);
    expect(await page.locator('#izin-cetak').getAttribute('data-print-allowed')).toBe('ya');
  });

  it('when the agreement does not allow printing, the page says so and prints only the notice', async () => {
    const { page } = await signedInOperator(false);
    await lookUp(page, FOUND);
    expect(await page.locator('#respon').getAttribute('data-code')).toBe('DITEMUKAN');
    expect(await page.locator('#izin-cetak').innerText()).toContain(
      'Pencetakan hasil ini tidak diizinkan oleh PKS instansi Anda.',
    );
    expect(await page.locator('#tanda-asal').isVisible()).toBe(true);

    await page.emulateMedia({ media: 'print' });
    expect((await printedText(page)).trim()).toBe(PRINT_REFUSED_NOTICE);
    for (const hidden of ['dl.data', '#tanda-asal', '.tanda-air', '#respon', 'form']) {
      expect(await page.locator(hidden).first().isVisible(), hidden).toBe(false);
    }
    expect(await page.locator('.cetak-dilarang').isVisible()).toBe(true);
  });

  it('the checked NIK stays in the form after not found, deceased, a format error and found', async () => {
    const { page, user } = await signedInOperator(false);
    for (const [nik, code] of [
      [ABSENT, 'TIDAK_DITEMUKAN'],
      [DECEASED, 'MENINGGAL'],
      ['33030547039', 'FORMAT_SALAH'],
      [FOUND, 'DITEMUKAN'],
    ] as const) {
      await lookUp(page, nik);
      expect(await page.locator('#respon').getAttribute('data-code')).toBe(code);
      expect(await page.getByLabel('NIK', { exact: true }).inputValue()).toBe(nik);
      expect(await page.locator('#nik-diperiksa').innerText()).toBe(nik);
      expect(await page.locator('#id-permintaan').innerText()).toBe(
        String(await latestAuditId(user.id)),
      );
    }
    // The NIK kept in the field is checked again with one press, a new lookup of its own.
    const before = await latestAuditId(user.id);
    await page.getByLabel('Keperluan', { exact: true }).fill('Pemeriksaan ulang dokumen');
    await untilNewDocument(page, () => page.getByRole('button', { name: 'Periksa' }).click());
    expect(await page.locator('#respon').getAttribute('data-code')).toBe('DITEMUKAN');
    expect(await latestAuditId(user.id)).toBeGreaterThan(before);
  });

  it('the guide, linked from the header, shows the operator their agreement’s numbers and their section', async () => {
    const { page } = await signedInOperator(false);
    await untilNewDocument(page, () =>
      page.locator('header').getByRole('link', { name: 'Panduan' }).click(),
    );
    expect(new URL(page.url()).pathname).toBe('/panduan');
    expect(await page.locator('#pks-kuota').innerText()).toContain('200 NIK per hari');
    expect(await page.locator('#pks-elemen').innerText()).toContain('4 dari 8 elemen');
    expect(await page.locator('#pks-elemen').innerText()).toContain('Tanggal Lahir');
    expect(await page.locator('#pks-berakhir').innerText()).toContain('16 September 2027');
    expect(await page.locator('#pks-data-balikan').innerText()).toContain(
      'Nomor rekam medis (wajib)',
    );
    expect(await page.locator('#pks-data-balikan').innerText()).toContain('7 hari');
    expect(await page.locator('#pks-cetak').innerText()).toBe('Tidak diizinkan');
    const deadlines = await page.locator('#pks-tenggat li').allInnerTexts();
    expect(deadlines.join('\n')).toContain('Permohonan perpanjangan PKS');
    expect(deadlines.join('\n')).toContain('16 Juli 2027');
    expect(await page.locator('#peran-operator').isVisible()).toBe(true);
    expect(await page.locator('#peran-kepala').count()).toBe(0);
    expect(await page.locator('#jawaban tbody tr').count()).toBe(12);
  });

  it('the head sees their section and the same numbers, not the operator’s section', async () => {
    const { page } = await signedInOperator(true, 'KEPALA_INSTANSI');
    await page.goto('/panduan');
    expect(await page.locator('#peran-kepala').isVisible()).toBe(true);
    expect(await page.locator('#peran-operator').count()).toBe(0);
    expect(await page.locator('#pks-cetak').innerText()).toBe('Diizinkan, dengan tanda asal');
  });
});
