import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { LoginPage, untilNewDocument } from './browser.js';
import { portalWorld } from './portal-world.js';
import { makeAgency, makeAgreement, makeUser, TEST_PASSWORD, TINY_PDF } from './factories.js';

/**
 * The head's usage report in Chromium (issue 10 item 5): from the tile of reports owed, the
 * head drafts the semester report, reads the figures, completes the narrative, submits it,
 * downloads the PDF and attaches the signed scan.
 */

describe('the usage report in Chromium', { timeout: 120_000 }, () => {
  const world = portalWorld();
  let page: Page;

  const click = (name: string) =>
    untilNewDocument(page, () => page.getByRole('button', { name, exact: true }).click());

  it('the head drafts, completes and submits the semester report', async () => {
    const agency = await makeAgency(world.t.db);
    const agreement = await makeAgreement(world.t.db, agency.code);
    const head = await makeUser(world.t.db, { role: 'KEPALA_INSTANSI', agencyCode: agency.code });
    const operator = await makeUser(world.t.db, { agencyCode: agency.code });
    await world.t.db
      .insertInto('audit_log')
      .values(
        [0, 1, 2, 3, 4].map((i) => ({
          at: new Date(Date.parse('2026-02-02T03:00:00Z') + i * 86_400_000 * 20),
          action: 'LOOKUP',
          channel: 'PORTAL',
          user_id: operator.id,
          agency_id: agency.id,
          agreement_id: agreement.id,
          nik: `330305470390000${i}`,
          purpose: 'Verifikasi pemohon',
          response_code: i === 4 ? 'TIDAK_DITEMUKAN' : 'DITEMUKAN',
        })),
      )
      .execute();

    page = await world.openPage();
    const login = new LoginPage(page);
    await login.goto();
    await login.submit(head.userId, TEST_PASSWORD);
    // the head's home shows the reports owed
    expect(await page.locator('#laporan-jatuh-tempo').innerText()).toContain(
      'Laporan semester belum dikirim',
    );
    await untilNewDocument(page, () =>
      page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Laporan' }).click(),
    );
    await page.getByLabel('Jenis laporan').selectOption('SEMESTER');
    await page.getByLabel('Semester').fill('2026-S1');
    await click('Susun draf');
    expect(await page.locator('#status-laporan').innerText()).toBe('Draf');
    expect(await page.locator('#angka-total').innerText()).toBe('5');

    await page.getByLabel('Nomor surat').fill('400.12/9/UJI/2026');
    await page.getByLabel('Kendala').fill('Tidak ada kendala berarti.');
    await page.getByLabel('Rencana tindak lanjut').fill('Pelatihan operator baru.');
    await click('Simpan narasi');
    expect(await page.locator('#hasil').innerText()).toContain('Narasi laporan disimpan');
    expect(await page.getByLabel('Nomor surat').inputValue()).toBe('400.12/9/UJI/2026');

    await page.getByLabel(/Saya telah memeriksa angka dan narasi/).check();
    await click('Kirim laporan');
    expect(await page.locator('#status-laporan').innerText()).toBe('Terkirim');
    expect(await page.locator('#checkpoint').innerText()).toMatch(
      /Checkpoint log audit: ukuran \d+, akar [0-9a-f]{64}/,
    );
    const reportUrl = page.url().split('?')[0]!;
    const pdf = await page.request.get(`${reportUrl}/laporan.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    await page.getByLabel('Pindaian laporan').setInputFiles({
      name: 'laporan-ttd.pdf',
      mimeType: 'application/pdf',
      buffer: TINY_PDF,
    });
    await click('Lampirkan');
    expect(await page.locator('#hasil').innerText()).toContain('Pindaian laporan');
    expect(await page.locator('#riwayat').innerText()).toContain('pindaian dilampirkan');

    // the list shows it sent, and the tile no longer counts 2026-S1
    await untilNewDocument(page, () => page.getByRole('link', { name: '← Semua laporan' }).click());
    expect(await page.locator('#daftar-laporan tr[data-state="DIKIRIM"]').count()).toBe(1);
    expect(await page.locator('#laporan-jatuh-tempo').innerText()).not.toContain(
      'Semester 1 Tahun 2026',
    );
  });
});
