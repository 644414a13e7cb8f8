import fs from 'node:fs/promises';
import { PDFParse } from 'pdf-parse';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { POC_CASES } from '../src/domain/poc-checklist.js';
import { untilNewDocument } from './browser.js';
import { portalWorld } from './portal-world.js';
import { makeAgency, makeAgreement, makeResident, makeUser } from './factories.js';
import { whereInDatabase } from './requests.js';
import { clientCredentialsGrant } from './server.js';

const FOUND = '3303054703900002';
const APPLICATION = 'SIMRS Puskesmas Bojong';
const TODAY = '2026-11-24';

/**
 * Issue 11 in Chromium, end to end: the agency head registers an application; Dukcapil
 * records the technical guide's revision, runs the application's PoC with its checklist (a
 * case refused on its field first), records the result and downloads the result letter; the
 * head issues the credentials, shown once; the application obtains a token with them and calls
 * CALL_NIK and the native lookup for a named operator (from this test, over HTTP); the head
 * sees those calls on the usage page, the application named.
 */
describe('an application from registration to its calls, in Chromium', { timeout: 180_000 }, () => {
  const world = portalWorld();
  const signIn = (userId: string, password: string) => world.signIn(userId, password);

  const press = (page: Page, name: string) =>
    untilNewDocument(page, () => page.getByRole('button', { name, exact: true }).click());
  const menu = (page: Page, name: string) =>
    untilNewDocument(page, () =>
      page
        .getByRole('navigation', { name: 'Menu' })
        .getByRole('link', { name, exact: true })
        .click(),
    );

  it('registers, passes its PoC, gets credentials once, calls, and shows on the usage page', async () => {
    await makeResident(world.t.db, { nik: FOUND });
    const agency = await makeAgency(world.t.db, { code: 'PKMBJG', name: 'Puskesmas Bojong' });
    // The agreement grants the API (its addendum); the agency has no application yet.
    await makeAgreement(world.t.db, agency.code, {}, { application: false });
    const head = await makeUser(world.t.db, { role: 'KEPALA_INSTANSI', agencyCode: agency.code });
    const operator = await makeUser(world.t.db, { agencyCode: agency.code });
    const admin = await makeUser(world.t.db, { role: 'ADMIN_DUKCAPIL' });

    // The head: menu → Aplikasi → register.
    const headPage = await signIn(head.userId, head.password);
    await menu(headPage, 'Aplikasi');
    await headPage.getByLabel('Nama aplikasi').fill(APPLICATION);
    await headPage.getByLabel('Kegunaan aplikasi').fill('Pendaftaran pasien dan verifikasi NIK');
    await headPage.getByLabel('Kontak teknis').fill('Budi (TI), 0281-891234');
    await headPage.getByLabel('Titik akses (alamat IP)').fill('127.0.0.1');
    await press(headPage, 'Daftarkan');
    const row = headPage.locator(`#daftar-aplikasi tr[data-aplikasi="${APPLICATION}"]`);
    expect(await row.innerText()).toContain('Terdaftar (belum lulus PoC)');
    expect(await row.innerText()).toContain('Revisi Juknis diperlukan, belum dicatat');

    // Its PoC request, naming the application.
    await untilNewDocument(headPage, () => row.getByRole('link', { name: 'Ajukan PoC' }).click());
    await headPage.getByLabel('Nomor surat', { exact: true }).fill('470/801/2026');
    await headPage.getByLabel('Tanggal surat', { exact: true }).fill('2026-11-20');
    await headPage.getByLabel('Aplikasi terdaftar yang diuji').selectOption({ label: APPLICATION });
    await press(headPage, 'Kirim permohonan');
    expect(await headPage.locator('#pesan').innerText()).toContain('Permohonan telah diajukan');
    const id = new URL(headPage.url()).pathname.split('/').pop()!;

    // Dukcapil: the guide's revision on its applications page.
    const adminPage = await signIn(admin.userId, admin.password);
    await menu(adminPage, 'Aplikasi');
    await adminPage.getByLabel('Nomor revisi Juknis').fill('400.12/2436.1/2026');
    await adminPage.getByLabel('Tanggal revisi').fill(TODAY);
    await press(adminPage, 'Catat revisi Juknis');
    expect(await adminPage.locator(`tr[data-aplikasi="${APPLICATION}"]`).innerText()).toContain(
      'Revisi 400.12/2436.1/2026',
    );

    // The PoC: scheduled, then its checklist.
    await adminPage.goto(`/dukcapil/permohonan/${id}`);
    await adminPage.locator('#form-jadwal').getByLabel('Tanggal PoC').fill(TODAY);
    await press(adminPage, 'Jadwalkan');
    expect(await adminPage.locator('#status').getAttribute('data-state')).toBe('DIJADWALKAN');
    await untilNewDocument(adminPage, () =>
      adminPage.getByRole('link', { name: 'Daftar periksa PoC dan surat hasil PoC' }).click(),
    );
    const result = (label: string) => adminPage.getByLabel(`Hasil: ${label}`, { exact: true });
    const note = (label: string) => adminPage.getByLabel(`Catatan: ${label}`, { exact: true });
    // A failed case without its note comes back on its field, the choices kept.
    const meninggal = POC_CASES.find((c) => c.code === 'JAWABAN_MENINGGAL')!;
    await result(meninggal.label).selectOption('TIDAK_LULUS');
    await press(adminPage, 'Simpan daftar periksa');
    const summary = adminPage.getByRole('alert').filter({ hasText: 'Daftar periksa belum dapat' });
    expect(await summary.innerText()).toContain(
      'Kasus JAWABAN_MENINGGAL tidak lulus: tuliskan catatan apa yang gagal',
    );
    expect(await note(meninggal.label).getAttribute('aria-invalid')).toBe('true');
    expect(await result(meninggal.label).inputValue()).toBe('TIDAK_LULUS');
    for (const c of POC_CASES) {
      await result(c.label).selectOption('LULUS');
      await note(c.label).fill('Sesuai pada sandbox');
    }
    await press(adminPage, 'Simpan daftar periksa');
    expect(await adminPage.locator('#pesan').innerText()).toContain('Daftar periksa PoC disimpan.');
    await adminPage.getByLabel('Nomor surat hasil PoC').fill('400.12/4801/2026');
    await adminPage.getByLabel('Tanggal surat hasil PoC').fill(TODAY);
    await press(adminPage, 'Catat hasil PoC dan buat surat');
    expect(await adminPage.locator('#hasil-poc').getAttribute('data-passed')).toBe('ya');

    // The result letter, downloaded.
    const [download] = await Promise.all([
      adminPage.waitForEvent('download'),
      adminPage.getByRole('link', { name: 'Unduh surat hasil PoC (PDF)' }).click(),
    ]);
    const pdf = await fs.readFile(await download.path());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const letter = (await new PDFParse({ data: pdf }).getText()).text.replace(/\s+/g, ' ');
    expect(letter).toContain('SURAT HASIL PROOF OF CONCEPT (PoC)');
    expect(letter).toContain('Nomor: 400.12/4801/2026');
    expect(letter).toContain(APPLICATION);
    expect(letter).toContain('dinyatakan LULUS PoC');

    // The head issues the credentials: the secret on this answer only.
    await headPage.goto('/instansi/aplikasi');
    expect(await row.innerText()).toContain('Lulus PoC');
    await untilNewDocument(headPage, () =>
      row.getByRole('button', { name: 'Terbitkan kredensial' }).click(),
    );
    const clientId = (await headPage.locator('#client-id').innerText()).trim();
    const clientSecret = (await headPage.locator('#client-secret').innerText()).trim();
    expect(clientId).toMatch(/^gbc_[0-9a-f]{20}$/);
    expect(clientSecret).toMatch(/^gbs_/);
    await headPage.goto('/instansi/aplikasi');
    expect(await headPage.content()).not.toContain(clientSecret);
    expect(await whereInDatabase(world.t.db, clientSecret)).toEqual([]);

    // The application: a token with its client ID and secret, then its calls for the operator.
    const grant = await clientCredentialsGrant(world.server.url, clientId, clientSecret);
    expect(grant.status).toBe(200);
    const token = String(grant.body.access_token);
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'X-Gerbang-Operator': operator.userId,
    };
    const callNik = await fetch(`${world.server.url}/dukcapil/get_json/PKMBJG/CALL_NIK`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ nik: FOUND, IP_USER: '192.168.0.1' }),
    });
    expect(callNik.status).toBe(200);
    const person = ((await callNik.json()) as { content: Record<string, string>[] }).content[0]!;
    expect(person).toMatchObject({ NIK: FOUND, NAMA_LGKP: 'SRI WAHYUNINGSIH' });
    const native = await fetch(`${world.server.url}/api/v1/nik/lookup`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ nik: FOUND, purpose: 'Pendaftaran pasien rawat jalan' }),
    });
    expect(native.status).toBe(200);
    expect(((await native.json()) as { code: string }).code).toBe('DITEMUKAN');

    // The head sees both calls on the usage page, through the application, by the operator.
    await menu(headPage, 'Pemantauan Akses');
    const channels = headPage.locator(`#tabel-saluran tr[data-aplikasi="${APPLICATION}"]`);
    expect(await channels.count()).toBe(2);
    const channelText = (await channels.allInnerTexts()).join('\n');
    expect(channelText).toContain('klien layanan nasional');
    expect(channelText).toContain(`aplikasi ${APPLICATION}`);
    const lookups = headPage.locator('#tabel-verifikasi tbody tr');
    expect(await lookups.count()).toBe(2);
    for (const text of await lookups.allInnerTexts()) {
      expect(text).toContain(operator.userId);
      expect(text).toContain(`aplikasi ${APPLICATION}`);
    }
  });
});
