import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from './db.js';
import { makeReturnAgency } from './data-balikan.js';
import { makeResident, makeUser, TEST_PASSWORD } from './factories.js';
import { startTestServer, type TestServer } from './server.js';
import { launchBrowser, LoginPage, newPortalPage, untilNewDocument } from './browser.js';

/**
 * The counter flow's last steps (SPEC §7, 5–6) in a real browser: the officer verifies an
 * applicant, serves them, sends the return data from the result page, and the agency's
 * compliance page shows the NIK as returned — while Dukcapil sees the same figure.
 */

const FOUND = '3303054703900002';

describe('return data in Chromium', { timeout: 90_000 }, () => {
  let t: TestDatabase;
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestDatabase(), launchBrowser()]);
    server = await startTestServer(t.db);
    await makeResident(t.db, { nik: FOUND, namaLengkap: 'RATNA SARI DEWI' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.drop();
  }, 60_000);

  const figure = (page: Page, name: string) =>
    page.locator(`#angka [data-figure="${name}"]`).innerText();

  it('an operator looks up, sends return data from the result page, and sees compliance change', async () => {
    const { operator } = await makeReturnAgency(t.db);
    const page = await newPortalPage(browser, server.url);
    try {
      const login = new LoginPage(page);
      await login.goto();
      const lookup = await login.login(operator.userId, TEST_PASSWORD);
      await lookup.lookup(FOUND, 'Pendaftaran pasien JKN');
      expect(await lookup.resultCode()).toBe('DITEMUKAN');

      // Before anything is sent the NIK is pending on the compliance page.
      const compliance = await newPortalPage(browser, server.url);
      await compliance.context().addCookies(await page.context().cookies());
      await compliance.goto('/kepatuhan');
      expect(await figure(compliance, 'accessed')).toBe('1');
      expect(await figure(compliance, 'returned')).toBe('0');
      expect(await figure(compliance, 'pending')).toBe('1');
      await expect.poll(() => compliance.locator('#tabel-nik').innerText()).toContain(FOUND);

      // The form sits under the result, folded; the NIK is fixed, the rest typed.
      await page.getByText('Kirim data balikan untuk NIK ini').click();
      await page.getByLabel('Nomor kepesertaan JKN').fill('0001234567890');
      await page.getByLabel('Nomor rekam medis').fill('RM-2026/0042');
      await untilNewDocument(page, () =>
        page.getByRole('button', { name: 'Kirim data balikan' }).click(),
      );
      const outcome = page.locator('#hasil');
      expect(await outcome.getAttribute('data-status')).toBe('DITERIMA');
      expect(await outcome.innerText()).toContain(`Data balikan untuk NIK ${FOUND} diterima`);
      expect(await page.locator('main').innerText()).not.toContain('RATNA SARI DEWI');

      await compliance.reload();
      expect(await figure(compliance, 'returned')).toBe('1');
      expect(await figure(compliance, 'pending')).toBe('0');
      expect(await compliance.locator('main').innerText()).not.toContain(FOUND);
      await compliance.context().close();

      // Dukcapil's console shows the same figures for the agency.
      const admin = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
      const dukcapil = await newPortalPage(browser, server.url);
      try {
        const login = new LoginPage(dukcapil);
        await login.goto();
        await login.submit(admin.userId, TEST_PASSWORD);
        await dukcapil.goto('/dukcapil/kepatuhan');
        await dukcapil.getByRole('link', { name: /UJI/ }).first().click();
        await dukcapil.waitForLoadState('domcontentloaded');
        expect(await figure(dukcapil, 'returned')).toBe('1');
      } finally {
        await dukcapil.context().close();
      }
    } finally {
      await page.context().close();
    }
  });
});
