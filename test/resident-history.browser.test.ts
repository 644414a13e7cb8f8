import fs from 'node:fs/promises';
import { PDFParse } from 'pdf-parse';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { LoginPage, untilNewDocument } from './browser.js';
import { portalWorld } from './portal-world.js';
import { makeAgency, makeAgreement, makeUser } from './factories.js';

/**
 * Issue 14 in Chromium: at the counter, Dukcapil's officer opens "Riwayat akses penduduk",
 * records a resident's request (NIK, number, identity checked) and downloads the PDF; its
 * text, read back, holds the agencies, the WIB times and the purposes, and none of the
 * operators' names or user IDs.
 */
const NIK = '3303054703900031';

describe('resident access statement in Chromium', { timeout: 120_000 }, () => {
  const world = portalWorld();
  let page: Page | undefined;

  it('the officer records a request and downloads the PDF letter', async () => {
    const hospital = await makeAgency(world.t.db, {
      code: 'RSUD_UJI',
      name: 'RSUD dr. Goeteng Taroenadibrata',
    });
    const bank = await makeAgency(world.t.db, {
      code: 'BANK_UJI',
      name: 'Bank Jateng Purbalingga',
    });
    await makeAgreement(world.t.db, hospital.code);
    await makeAgreement(world.t.db, bank.code);
    const nurse = await makeUser(world.t.db, { userId: 'perawat.sari', agencyCode: hospital.code });
    const teller = await makeUser(world.t.db, { userId: 'teller.budi', agencyCode: bank.code });
    // Dukcapil's counter officer, whose role holds this duty alone (the admin may too).
    const officer = await makeUser(world.t.db, { role: 'PETUGAS_LAYANAN_DUKCAPIL' });
    const accesses = [
      ['2026-11-20T02:00:00Z', nurse.id, hospital.id, 'Pendaftaran pasien RM-7781'],
      ['2026-11-21T07:30:00Z', teller.id, bank.id, 'Pembukaan rekening tabungan'],
    ] as const;
    for (const [at, userId, agencyId, purpose] of accesses) {
      await world.t.db
        .insertInto('audit_log')
        .values({
          at: new Date(at),
          action: 'LOOKUP',
          channel: 'PORTAL',
          user_id: userId,
          agency_id: agencyId,
          client_ip: '127.0.0.1',
          nik: NIK,
          purpose,
          response_code: 'DITEMUKAN',
        })
        .execute();
    }

    page = await world.openPage();
    const login = new LoginPage(page);
    await login.goto();
    await login.submit(officer.userId, officer.password);
    await untilNewDocument(page, () =>
      page!.getByRole('link', { name: 'Riwayat akses penduduk' }).click(),
    );
    await page.getByLabel('NIK pemohon').fill(NIK);
    await page.getByLabel('Nomor permohonan').fill('RA/2026/0300');
    await page.getByRole('checkbox').check();
    await page.getByLabel('Dokumen identitas yang ditunjukkan').fill('KTP-el asli');
    await untilNewDocument(page, () =>
      page!.getByRole('button', { name: 'Tampilkan riwayat akses' }).click(),
    );
    const rows = page.locator('#riwayat-akses tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(1).innerText()).toContain('Bank Jateng Purbalingga');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Unduh PDF untuk dicetak' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('riwayat-akses-RA-2026-0300.pdf');
    const pdf = await fs.readFile(await download.path());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await new PDFParse({ data: pdf }).getText()).text.replace(/\s+/g, ' ');
    expect(text).toContain('RIWAYAT AKSES DATA KEPENDUDUKAN');
    expect(text).toContain('Nomor: RA/2026/0300');
    for (const expected of [
      'RSUD dr. Goeteng Taroenadibrata',
      'Bank Jateng Purbalingga',
      '2026-11-20 09:00:00',
      '2026-11-21 14:30:00',
      'Pendaftaran pasien RM-7781',
      'Pembukaan rekening tabungan',
    ]) {
      expect(text).toContain(expected);
    }
    for (const hidden of ['perawat.sari', 'teller.budi', 'Pengguna Uji']) {
      expect(text).not.toContain(hidden);
    }
    const recorded = await world.t.db
      .selectFrom('admin_action')
      .select(['action', 'target'])
      .where('action', 'like', 'RIWAYAT_AKSES_%')
      .orderBy('id')
      .execute();
    expect(recorded).toEqual([
      { action: 'RIWAYAT_AKSES_DIMINTA', target: 'RA/2026/0300' },
      { action: 'RIWAYAT_AKSES_DICETAK', target: 'RA/2026/0300' },
    ]);
  });
});
