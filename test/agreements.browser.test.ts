import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeResident, makeUser, TEST_PASSWORD, TINY_PDF } from './factories.js';
import {
  changeInitialPassword,
  LoginPage,
  LookupPage,
  untilNewDocument,
  UsersConsole,
} from './browser.js';
import { portalWorld } from './portal-world.js';

/**
 * The Dukcapil console in a real browser: an admin registers an agency, drafts its agreement
 * and puts it in force after the confirmation, creates the agency's operator and records the
 * operator's NDA; the operator changes the one-time password and can then look up, and is
 * stopped once the admin revokes the agreement.
 */

const FOUND = '3303054703900002';
const OPERATOR_PASSWORD = 'sandi-petugas-dinsos-2026';

describe('agencies and agreements in Chromium', { timeout: 120_000 }, () => {
  const world = portalWorld({ seed: async (t) => void (await makeResident(t.db, { nik: FOUND })) });
  const openPage = () => world.openPage();

  /** Clicks something that loads a new page and waits for it. */
  const go = (page: Page, action: () => Promise<unknown>) => untilNewDocument(page, action);
  const path = (page: Page) => new URL(page.url()).pathname;

  it('an admin registers an agency, drafts and activates its agreement; its operator looks up until it is revoked', async () => {
    const admin = await makeUser(world.t.db, { role: 'ADMIN_DUKCAPIL' });
    const page = await openPage();
    const login = new LoginPage(page);
    await login.goto();
    await login.submit(admin.userId, TEST_PASSWORD);
    expect(path(page)).toBe('/dukcapil');

    // The section menu leads to the console.
    await go(page, () => page.getByRole('link', { name: 'Instansi & PKS' }).click());
    expect(path(page)).toBe('/dukcapil/instansi');
    await go(page, () => page.getByRole('link', { name: 'Daftarkan instansi' }).click());
    await page.getByLabel('Kode instansi').fill('DINSOS');
    await page.getByLabel('Nama resmi instansi').fill('Dinas Sosial Kabupaten Purbalingga');
    await page.getByLabel('Alamat kantor').fill('Jl. Jenderal Sudirman No. 5, Purbalingga');
    await page
      .getByLabel('Jabatan pimpinan instansi')
      .fill('Kepala Dinas Sosial Kabupaten Purbalingga');
    await go(page, () => page.getByRole('button', { name: 'Simpan' }).click());
    expect(await page.locator('#hasil').innerText()).toContain('Instansi terdaftar.');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Dinas Sosial Kabupaten Purbalingga (DINSOS)',
    );

    // A draft: the parties come prefilled from Dukcapil and the agency.
    await go(page, () => page.getByRole('link', { name: 'Buat draf PKS' }).click());
    expect(await page.getByLabel('Jabatan pimpinan PIHAK KEDUA').inputValue()).toBe(
      'Kepala Dinas Sosial Kabupaten Purbalingga',
    );
    await page.getByLabel('Nomor PKS Dukcapil').fill('400.12/3500/2026');
    await page.getByLabel('Nomor PKS instansi').fill('460/120/2026');
    await page.getByLabel('Tanggal penandatanganan').fill('2026-11-20');
    await page.getByLabel('Tanggal berakhir').fill('2028-11-20');
    await page.getByLabel('Maksud dan tujuan').fill('Verifikasi data penerima bantuan sosial');
    for (const element of ['NIK', 'Nama Lengkap', 'Tanggal Lahir']) {
      await page.getByLabel(element, { exact: true }).check();
    }
    await page.getByLabel('Alamat IP titik akses').fill('127.0.0.1, ::1');
    await go(page, () => page.getByRole('button', { name: 'Simpan draf' }).click());
    expect(path(page)).toMatch(/^\/dukcapil\/pks\/\d+$/);
    expect(await page.locator('#hasil').innerText()).toContain('Draf PKS disimpan.');
    const agreementUrl = page.url().split('?')[0]!;
    expect(await page.locator('[data-status]').first().getAttribute('data-status')).toBe('DRAFT');

    // Putting it in force asks for a ticked confirmation first.
    await go(page, () => page.getByRole('link', { name: 'Berlakukan' }).click());
    await page.getByLabel('Alasan').fill('Naskah PKS bertanda tangan diterima');
    await page.getByLabel('Saya telah memeriksa dan menyetujui tindakan ini').check();
    await go(page, () => page.getByRole('button', { name: 'Berlakukan PKS' }).click());
    expect(await page.locator('#hasil').innerText()).toContain('PKS berlaku.');
    expect(await page.locator('[data-status]').first().getAttribute('data-status')).toBe('AKTIF');
    expect(await page.locator('#riwayat-pks').innerText()).toContain(
      'Naskah PKS bertanda tangan diterima',
    );

    // The Director General's approval letter the agreement rests on (SPEC §4).
    await go(page, () => page.getByRole('link', { name: 'Surat persetujuan Dirjen' }).click());
    await page.getByLabel('Nomor surat').fill('400.8.1.2/8765/Dukcapil');
    await page.getByLabel('Tanggal surat').fill('2025-07-25');
    await go(page, () => page.getByRole('button', { name: 'Catat surat persetujuan' }).click());
    expect(await page.locator('#persetujuan-dirjen').innerText()).toBe(
      'Nomor 400.8.1.2/8765/Dukcapil, tanggal 25 Juli 2025',
    );

    // The admin creates the agency's operator and records the signed NDA; the operator
    // changes the one-time password and can now look up.
    const users = new UsersConsole(page);
    const oneTime = await users.createUser({
      agencyCode: 'DINSOS',
      role: 'OPERATOR',
      userId: 'petugas.dinsos',
      name: 'Petugas Loket Dinas Sosial',
    });
    await users.recordDocument('petugas.dinsos', '2026-11-20', TINY_PDF);

    const counter = await openPage();
    const counterLogin = new LoginPage(counter);
    await counterLogin.goto();
    await counterLogin.submit('petugas.dinsos', oneTime);
    expect(path(counter)).toBe('/akun');
    await changeInitialPassword(counter, oneTime, OPERATOR_PASSWORD);
    const lookup = new LookupPage(counter);
    await lookup.goto();
    await lookup.lookup(FOUND, 'Verifikasi penerima bantuan');
    expect(await lookup.resultCode()).toBe('DITEMUKAN');

    // Revoked: the operator's next step finds the session ended.
    await page.goto(agreementUrl);
    await go(page, () => page.getByRole('link', { name: 'Cabut' }).click());
    await page.getByLabel('Alasan').fill('Tidak memenuhi kewajiban data balikan');
    await page.getByLabel('Saya telah memeriksa dan menyetujui tindakan ini').check();
    await go(page, () => page.getByRole('button', { name: 'Cabut PKS' }).click());
    expect(await page.locator('[data-status]').first().getAttribute('data-status')).toBe('DICABUT');
    await lookup.fill(FOUND, 'Verifikasi penerima bantuan');
    await go(counter, () => lookup.submitButton.click());
    expect(path(counter)).toBe('/masuk');
    await counterLogin.submit('petugas.dinsos', OPERATOR_PASSWORD);
    expect(await counterLogin.alert.innerText()).toBe('Instansi tidak aktif');
  });
});
