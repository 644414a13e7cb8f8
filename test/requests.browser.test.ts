import fs from 'node:fs/promises';
import { PDFParse } from 'pdf-parse';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { untilNewDocument } from './browser.js';
import { portalWorld } from './portal-world.js';
import { makeAgency, makeAgreement, makeUser, TINY_PDF } from './factories.js';
import { USER_ID_FORM, whereInDatabase } from './requests.js';

/**
 * Issue 3 in Chromium: the agency head files a user ID change request with its letter, the
 * Dukcapil admin reviews and approves it, sees the one-time password once, and downloads the
 * Berita Acara Serah Terima — a PDF whose text names the handover, its number, the new user
 * ID and the agency.
 */
describe('user ID change in Chromium', { timeout: 120_000 }, () => {
  const world = portalWorld();
  const signIn = (userId: string, password: string) => world.signIn(userId, password);

  async function press(page: Page, name: string): Promise<void> {
    await untilNewDocument(page, () => page.getByRole('button', { name, exact: true }).click());
  }

  it('the head files, Dukcapil approves, the BAST PDF downloads', async () => {
    const agency = await makeAgency(world.t.db, {
      code: 'DINUJI',
      name: 'Dinas Uji Kabupaten Purbalingga',
    });
    const agreement = await makeAgreement(world.t.db, agency.code);
    const head = await makeUser(world.t.db, { role: 'KEPALA_INSTANSI', agencyCode: agency.code });
    const admin = await makeUser(world.t.db, { role: 'ADMIN_DUKCAPIL' });

    // The agency head: menu → Permohonan → new request → user ID change.
    const headPage = await signIn(head.userId, head.password);
    await untilNewDocument(headPage, () =>
      headPage
        .getByRole('navigation', { name: 'Menu' })
        .getByRole('link', { name: 'Permohonan' })
        .click(),
    );
    await untilNewDocument(headPage, () =>
      headPage.getByRole('link', { name: 'Ajukan permohonan baru' }).click(),
    );
    await untilNewDocument(headPage, () =>
      headPage.getByRole('link', { name: 'Perubahan user ID' }).click(),
    );
    await headPage.getByLabel('Nomor surat', { exact: true }).fill('470/501/2026');
    await headPage.getByLabel('Tanggal surat', { exact: true }).fill('2026-11-20');
    await headPage.getByLabel('1. NIK').fill(USER_ID_FORM.nik);
    await headPage.getByLabel('2. Nama lengkap').fill(USER_ID_FORM.namaLengkap);
    await headPage
      .getByLabel('3. Nomor identitas kepegawaian')
      .fill(USER_ID_FORM.nomorIdentitasKepegawaian);
    await headPage.getByLabel('4. Status kepegawaian').selectOption('PNS');
    await headPage.getByLabel('5. Jabatan').fill(USER_ID_FORM.jabatan);
    await headPage.getByLabel('6. Kode wilayah kantor').fill('3303051001');
    await headPage.getByLabel('7. Nama kantor').fill(USER_ID_FORM.namaKantor);
    await headPage.getByLabel('7. Alamat kantor').fill(USER_ID_FORM.alamatKantor);
    await headPage.getByLabel('Peran user ID baru').selectOption('OPERATOR');
    await headPage.getByLabel('User ID yang diusulkan (tidak wajib)').fill('dinuji.petugas');
    await headPage.getByLabel('Pindaian surat permohonan (tidak wajib)').setInputFiles({
      name: 'surat-permohonan.pdf',
      mimeType: 'application/pdf',
      buffer: TINY_PDF,
    });
    await press(headPage, 'Kirim permohonan');
    expect(await headPage.locator('#pesan').innerText()).toContain('Permohonan telah diajukan');
    expect(await headPage.locator('#status').getAttribute('data-state')).toBe('DIAJUKAN');
    expect(await headPage.locator('#isian').innerText()).toContain('33.03.05.1001');
    expect(await headPage.locator('#lampiran').innerText()).toContain('surat-permohonan.pdf');
    const requestPath = new URL(headPage.url()).pathname;
    const id = requestPath.split('/').pop()!;

    // Dukcapil's admin: the list → the request → review → approve with the confirmation.
    const adminPage = await signIn(admin.userId, admin.password);
    await adminPage.goto('/dukcapil/permohonan');
    await untilNewDocument(adminPage, () =>
      adminPage.locator('#daftar-permohonan').getByRole('link', { name: id, exact: true }).click(),
    );
    await press(adminPage, 'Mulai telaah');
    expect(await adminPage.locator('#status').getAttribute('data-state')).toBe('DITELAAH');
    const approval = adminPage.locator('#form-setujui');
    await approval.getByLabel('Nomor surat jawaban').fill('400.12/3501/2026');
    expect(await approval.getByLabel('User ID yang dibuat').inputValue()).toBe('dinuji.petugas');
    await approval.getByRole('checkbox').check();
    await untilNewDocument(adminPage, () =>
      approval.getByRole('button', { name: 'Setujui permohonan' }).click(),
    );
    const password = (await adminPage.locator('#kata-sandi').innerText()).trim();
    expect(password).toMatch(/^\w{4}-\w{4}-\w{4}$/);
    expect(await adminPage.locator('#user-id').innerText()).toBe('dinuji.petugas');
    const bastNumber = (await adminPage.locator('#nomor-bast').innerText()).trim();
    expect(bastNumber).toBe('400.12/BAST-001/Disdukcapil/2026');

    // The download: a PDF made now, with the password, stored nowhere.
    const [download] = await Promise.all([
      adminPage.waitForEvent('download'),
      adminPage.getByRole('button', { name: 'Unduh BAST (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('BAST-dinuji.petugas.pdf');
    const pdf = await fs.readFile(await download.path());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await new PDFParse({ data: pdf }).getText()).text.replace(/\s+/g, ' ');
    expect(text).toContain('BERITA ACARA SERAH TERIMA');
    expect(text).toContain(`Nomor: ${bastNumber}`);
    expect(text).toContain('dinuji.petugas');
    expect(text).toContain('Dinas Uji Kabupaten Purbalingga');
    expect(text).toContain(agreement.nomorDukcapil);
    expect(text).toContain(password);
    expect(await whereInDatabase(world.t.db, password)).toEqual([]);

    // The head sees the answer and the new user ID, never the password.
    await headPage.goto(requestPath);
    const answer = await headPage.locator('#jawaban').innerText();
    expect(answer).toContain('Disetujui');
    expect(answer).toContain('dinuji.petugas');
    expect(await headPage.content()).not.toContain(password);
  });
});
