import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../src/domain/user-scope.js';
import { makeDeps } from '../src/services/deps.js';
import { DEMO_SERVICE_KINDS } from '../src/services/service-cases/demo-kinds.js';
import { setServiceKindsByNumber } from '../src/services/service-cases/kinds.js';
import { untilNewDocument } from './browser.js';
import { portalWorld } from './portal-world.js';
import { makeReturnAgency } from './data-balikan.js';
import { makeResident, makeUser, TEST_PASSWORD } from './factories.js';

/**
 * The counter flow (SPEC §7, Lampiran II; issue 12 item 1) in Chromium: the officer opens a
 * case for the applicant at the desk, looks the applicant up from it, records a mismatch and
 * the correction, checks again without typing the NIK, issues the document, hands it over,
 * sends the prefilled return data and closes the case; the head sees the case, the return
 * data owed, and then arriving.
 */

const FOUND = '3303054703900002';
const JKN = '0001234567890';

describe('the counter flow in Chromium', { timeout: 120_000 }, () => {
  const world = portalWorld({
    seed: async (t) =>
      void (await makeResident(t.db, { nik: FOUND, namaLengkap: 'RATNA SARI DEWI' })),
  });
  const signIn = (userId: string) => world.signIn(userId, TEST_PASSWORD);

  const click = (page: Page, name: string) =>
    untilNewDocument(page, () => page.getByRole('button', { name, exact: true }).click());
  const state = (page: Page) => page.locator('#status-layanan').getAttribute('data-state');

  it('an officer serves an applicant from application to closed case', async () => {
    const { agency, agreement, operator } = await makeReturnAgency(world.t.db);
    const deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, world.t.db);
    await setServiceKindsByNumber(
      deps,
      CLI_ACTOR,
      agreement.nomorDukcapil,
      DEMO_SERVICE_KINDS.DINKES,
    );
    const head = await makeUser(world.t.db, { role: 'KEPALA_INSTANSI', agencyCode: agency.code });

    const page = await signIn(operator.userId);
    await untilNewDocument(page, () =>
      page
        .getByRole('navigation', { name: 'Menu' })
        .getByRole('link', { name: 'Layanan loket' })
        .click(),
    );

    // Steps 1–2: the application received; the NIK is typed here, once.
    await page.getByLabel('Nomor permohonan').fill('PRM/2026/0042');
    await page.getByLabel('Jenis layanan').selectOption({ label: 'Pendaftaran peserta JKN' });
    await page.getByLabel('NIK pemohon').fill(FOUND);
    await click(page, 'Buka layanan');
    const caseNumber = (await page.getByRole('heading', { level: 1 }).innerText()).replace(
      'Layanan ',
      '',
    );
    expect(caseNumber).toMatch(/^LYN\/UJI\d+\/\d{4}\/00001$/);
    expect(await state(page)).toBe('TERBUKA');

    // Step 3: the lookup from the case, in the lookup's own result view.
    await click(page, 'Periksa NIK pemohon');
    expect(await page.locator('#respon').getAttribute('data-code')).toBe('DITEMUKAN');
    // The result on the case's page carries its origin as on the lookup page: the request ID
    // is the audit row's, the NIK checked is the case's.
    const requestId = Number(await page.locator('#id-permintaan').textContent());
    expect(requestId).toBeGreaterThan(0);
    expect(await page.locator('.tanda-air').count()).toBe(1);
    expect(await page.locator('dl.data').last().innerText()).toContain('RATNA SARI DEWI');
    expect(await state(page)).toBe('DIPERIKSA');

    // 4b: the officer finds a mismatch; the applicant corrects (8–9).
    await page.getByLabel('Hal yang harus diperbaiki pemohon').fill('Nama pada formulir keliru');
    await click(page, 'Tidak sesuai — minta perbaikan');
    expect(await state(page)).toBe('PERBAIKAN');
    expect(await page.locator('main').innerText()).not.toContain('RATNA SARI DEWI');
    await page.getByLabel('Perbaikan yang diterima').fill('Formulir diperbaiki pemohon');
    await click(page, 'Catat perbaikan');
    expect(await state(page)).toBe('DIPERBAIKI');

    // Step 10: checked again with no NIK field to fill.
    const checkForm = page.locator('#form-periksa');
    expect(await checkForm.locator('input[name="nik"]').count()).toBe(0);
    expect(await checkForm.innerText()).toContain(FOUND);
    await click(page, 'Periksa ulang NIK');
    expect(await page.locator('#respon').getAttribute('data-code')).toBe('DITEMUKAN');

    // 4a, then the document issued and handed over (step 5).
    await click(page, 'Sesuai — setujui permohonan');
    expect(await state(page)).toBe('DISETUJUI');
    await page.getByLabel('Nomor kepesertaan JKN').fill(JKN);
    await click(page, 'Terbitkan dokumen');
    expect(await page.locator('#nomor-dokumen').innerText()).toBe(JKN);
    await click(page, 'Dokumen telah diserahkan');
    expect(await state(page)).toBe('DISERAHKAN');

    // The head sees the case, and its return data owed.
    const office = await signIn(head.userId);
    await office.goto('/instansi/layanan');
    expect(await office.locator('#jumlah-tertunda').innerText()).toBe('1');
    const row = office.locator(`#daftar-layanan tr[data-case="${caseNumber}"]`);
    expect(await row.locator('[data-state]').getAttribute('data-state')).toBe('DISERAHKAN');
    // Per state and officer: the officer's one case, handed over.
    const perOfficer = office.locator('#layanan-per-petugas');
    expect(await perOfficer.locator(`thead [data-officer="${operator.userId}"]`).count()).toBe(1);
    const handedOver = await perOfficer.locator('tr[data-state="DISERAHKAN"] td').allInnerTexts();
    expect(handedOver.map((cell) => cell.trim())).toEqual(['1', '1']);

    // Step 6: the return data, prefilled with the number just issued.
    const jkn = page.locator('#data-balikan').getByLabel('Nomor kepesertaan JKN');
    expect(await jkn.inputValue()).toBe(JKN);
    await page.locator('#data-balikan').getByLabel('Nomor rekam medis').fill('RM-2026/0042');
    await click(page, 'Kirim data balikan');
    expect(await state(page)).toBe('DATA_BALIKAN_TERKIRIM');
    expect(await page.locator('#pesan-layanan').innerText()).toContain('Data balikan diterima');

    // Step 7.
    await click(page, 'Tutup layanan');
    expect(await state(page)).toBe('SELESAI');
    const rows = page.locator('#riwayat-layanan tbody tr');
    const history: (string | null)[] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      history.push(await rows.nth(i).getAttribute('data-action'));
    }
    expect(history).toEqual([
      'BUKA',
      'PERIKSA',
      'TIDAK_SESUAI',
      'CATAT_PERBAIKAN',
      'PERIKSA',
      'SESUAI',
      'TERBITKAN',
      'SERAHKAN',
      'KIRIM_DATA_BALIKAN',
      'TUTUP',
    ]);
    expect(await page.locator('main').innerText()).not.toContain('RATNA SARI DEWI');

    // The head sees the return data arrive: the case closed with its time, nothing owed,
    // and the agency's compliance counting the NIK as returned.
    await office.reload();
    expect(await office.locator('#jumlah-tertunda').innerText()).toBe('0');
    expect(await row.locator('[data-state]').getAttribute('data-state')).toBe('SELESAI');
    expect(await row.innerText()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    await office.goto('/kepatuhan');
    expect(await office.locator('#angka [data-figure="returned"]').innerText()).toBe('1');
    expect(await office.locator('#angka [data-figure="pending"]').innerText()).toBe('0');
  });
});
