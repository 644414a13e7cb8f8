import fs from 'node:fs/promises';
import { PDFParse } from 'pdf-parse';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { lapseAgreements } from '../src/services/agreements/lapse.js';
import { actOnReader, registerReader } from '../src/services/card-readers/readers.js';
import { makeDeps } from '../src/services/deps.js';
import { LoginPage, untilNewDocument } from './browser.js';
import { portalWorld } from './portal-world.js';
import { makeAgency, makeAgreement, makeUser } from './factories.js';

/**
 * Issue 12 in Chromium: the agreement lapses; its head signs in afterwards, sees only the
 * SAM-return page, is refused the lookup, records the SAM's pull, makes the BAST and downloads
 * it as PDF.
 */
const BEFORE_END = new Date('2026-11-24T03:00:00Z');
const AFTER_END = new Date('2026-12-02T03:00:00Z');

describe('the SAM return after an agreement’s lapse, in Chromium', { timeout: 120_000 }, () => {
  const world = portalWorld({ now: BEFORE_END });
  let page: Page | undefined;

  it('the head signs in after the end, sees only the returns, and downloads the BAST', async () => {
    let now = BEFORE_END;
    const deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, world.t.db, {
      clock: () => now,
    });
    const agency = await makeAgency(world.t.db, { name: 'Dinas Uji Kabupaten Purbalingga' });
    const agreement = await makeAgreement(world.t.db, agency.code, {
      endsOn: '2026-11-30',
      accessMethods: ['PORTAL', 'CARD_READER'],
    });
    const head = await makeUser(world.t.db, { role: 'KEPALA_INSTANSI', agencyCode: agency.code });
    const operator = await makeUser(world.t.db, { role: 'OPERATOR', agencyCode: agency.code });
    const admin = await makeUser(world.t.db, { role: 'ADMIN_DUKCAPIL' });
    const headActor = { id: head.id, role: 'KEPALA_INSTANSI' as const, agencyId: agency.id };
    const adminActor = { id: admin.id, role: 'ADMIN_DUKCAPIL' as const, agencyId: null };
    const readerId = await registerReader(deps, headActor, {
      serial: 'SN-PERAMBAN-1',
      make: 'Merek Uji KTP-el R1',
      location: 'Loket 2',
      operator: operator.userId,
      samNumber: 'SAM-PERAMBAN-1',
    });
    await actOnReader(deps, headActor, readerId, 'AJUKAN', {
      reference: 'SIF/1',
      onDate: '2026-11-20',
    });
    await actOnReader(deps, adminActor, readerId, 'PERSONALISASI', {
      reference: 'PRS/1',
      onDate: '2026-11-21',
    });
    await actOnReader(deps, adminActor, readerId, 'AKTIVASI', {
      reference: 'AKT/1',
      onDate: '2026-11-22',
    });
    now = AFTER_END;
    world.server.setNow(AFTER_END);
    expect(await lapseAgreements(deps)).toHaveLength(1);

    page = await world.openPage();
    const login = new LoginPage(page);
    await login.goto();
    await login.submit(head.userId, head.password);
    expect(new URL(page.url()).pathname).toBe('/instansi/pembaca-kartu/pengembalian');
    await expect(
      page.getByRole('heading', { name: 'Pengembalian SAM', level: 1 }).isVisible(),
    ).resolves.toBe(true);
    const menu = await page.locator('nav.sections a').allInnerTexts();
    expect(menu).toEqual(['Pengembalian SAM']);
    await expect(page.locator('#setelah-berakhir').innerText()).resolves.toContain(
      `PKS nomor ${agreement.nomorDukcapil} telah berakhir`,
    );

    // The lookup is refused with the clear page, which leads back to the returns.
    const refused = await page.goto('/cari');
    expect(refused?.status()).toBe(403);
    await expect(page.locator('#akses-terbatas').isVisible()).resolves.toBe(true);
    await untilNewDocument(page, () =>
      page!.locator('main').getByRole('link', { name: 'Pengembalian SAM' }).click(),
    );

    const row = page.locator('tr[data-serial="SN-PERAMBAN-1"]');
    await row.getByLabel('Tanggal SAM dicabut').fill('2026-12-02');
    await untilNewDocument(page, () =>
      row.getByRole('button', { name: 'Catat pencabutan SAM' }).click(),
    );
    await untilNewDocument(page, () =>
      page!
        .locator('tr[data-serial="SN-PERAMBAN-1"]')
        .getByRole('button', { name: 'Buat BAST' })
        .click(),
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .locator('tr[data-serial="SN-PERAMBAN-1"]')
        .getByRole('link', { name: 'Unduh BAST (PDF)' })
        .click(),
    ]);
    const pdf = await fs.readFile(await download.path());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await new PDFParse({ data: pdf }).getText()).text.replace(/\s+/g, ' ');
    expect(text).toContain('SAM-PERAMBAN-1');
    expect(text).toContain('Dinas Uji Kabupaten Purbalingga');
  });
});
