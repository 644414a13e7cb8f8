import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { maskNik } from '../src/domain/nik-mask.js';
import { REFUSALS } from '../src/domain/refusals.js';
import { makeAgency, makeAgreement, makeResident, makeUser, TEST_PASSWORD } from './factories.js';
import { COUNTER_PACE_MS } from './oversight.js';
import { LoginPage, type LookupPage, untilNewDocument } from './browser.js';
import { portalWorld } from './portal-world.js';

/**
 * Oversight end to end in a real browser (issue 9, "How it is checked"): an operator sweeps
 * sequential NIKs and is warned; Dukcapil sets the agreement's policy to BLOKIR and the sweep
 * goes on until the operator is held; Dukcapil sees the alert with its evidence (masked),
 * reviews it and releases the user; the operator looks up again; the agency head lands on the
 * usage page and sees the lookups and the alert; F5 on a result page spends no quota.
 *
 * The server's clock moves at counter pace (COUNTER_PACE_MS) before every lookup, so that the
 * sweep is the only pattern in these lookups: no rapid-input finding joins it.
 */

/** A sweep of serials: one region (330305) and one birth date (12 March 1990), serials 1, 2, … */
const sweep = (serial: number) => `330305120390${String(serial).padStart(4, '0')}`;
const SWEEP_LENGTH = 7;
/** An ordinary applicant: another district, another birth date. */
const ORDINARY = '3303021106850001';
const DAILY_LIMIT = 200;
const START = new Date('2026-11-24T03:00:00Z'); // Tuesday, 10.00 WIB

/** The lookup page with what the input-pattern policy adds: its warning. */
function patternWarning(page: Page): Locator {
  return page.locator('#peringatan-pola');
}

/** Dukcapil's alert pages, as an admin works them. */
class AlertConsole {
  constructor(readonly page: Page) {}

  /** Menu → Peringatan pola; opens the alert of `kind` about `userId`. Returns its number. */
  async open(userId: string, kind: string): Promise<number> {
    const page = this.page;
    await untilNewDocument(page, () =>
      page
        .getByRole('navigation', { name: 'Menu' })
        .getByRole('link', { name: 'Peringatan pola' })
        .click(),
    );
    await page.getByRole('heading', { name: 'Peringatan pola input NIK', level: 1 }).waitFor();
    const row = page
      .locator(`#daftar-peringatan tr[data-kind="${kind}"]`)
      .filter({ has: page.getByRole('cell', { name: userId, exact: true }) });
    expect(await row.count()).toBe(1);
    const id = Number(await row.getAttribute('data-alert'));
    await untilNewDocument(page, () => row.getByRole('link', { name: `#${id}` }).click());
    await page
      .getByRole('heading', { name: new RegExp(`^Peringatan #${id}:`), level: 1 })
      .waitFor();
    return id;
  }

  /** The masked NIKs of the evidence, oldest first. */
  evidenceNiks(): Promise<string[]> {
    return this.page.locator('#bukti tbody td.nik').allInnerTexts();
  }

  async markUnderReview(): Promise<void> {
    await untilNewDocument(this.page, () =>
      this.page.getByRole('button', { name: 'Tandai sedang ditinjau' }).click(),
    );
    await this.page.getByText('Peringatan ditandai sedang ditinjau.').waitFor();
  }

  async releaseHold(reason: string): Promise<void> {
    const form = this.page.locator('form#lepas');
    await form.getByLabel('Saya yakin: pengguna ini kembali dapat mencari NIK').check();
    await form.getByLabel('Alasan pelepasan (wajib)').fill(reason);
    await untilNewDocument(this.page, () =>
      form.getByRole('button', { name: 'Lepaskan tahanan' }).click(),
    );
    await this.page.getByText('Tahanan pengguna dilepas.').waitFor();
  }
}

describe('oversight in Chromium: warned, held, reviewed, released, seen by the head', () => {
  let now = START;
  const world = portalWorld({
    now: START,
    seed: async (t) => {
      for (let serial = 1; serial <= SWEEP_LENGTH; serial++) {
        await makeResident(t.db, { nik: sweep(serial) });
      }
      await makeResident(t.db, {
        nik: ORDINARY,
        namaLengkap: 'SUPARNO',
        jenisKelamin: 'LAKI-LAKI',
      });
    },
  });
  const openPage = () => world.openPage();

  /** Signs in a user who does not land on the lookup form; resolves on their landing page. */
  async function signIn(userId: string): Promise<Page> {
    const page = await openPage();
    const login = new LoginPage(page);
    await login.goto();
    await login.submit(userId, TEST_PASSWORD);
    return page;
  }

  /** The next applicant at the counter: the clock moves on, then the lookup. */
  async function lookUp(lookup: LookupPage, nik: string): Promise<string | null> {
    now = new Date(now.getTime() + COUNTER_PACE_MS);
    world.server.setNow(now);
    const answer = await lookup.lookup(nik);
    expect(answer.status()).toBe(200);
    return lookup.resultCode();
  }

  it(
    'an operator sweeping NIKs is warned, then held; Dukcapil reviews and releases; the head sees it',
    {
      timeout: 180_000,
    },
    async () => {
      const agency = await makeAgency(world.t.db, { name: 'Dinas Kesehatan Uji Pengawasan' });
      const agreement = await makeAgreement(world.t.db, agency.code);
      const operator = await makeUser(world.t.db, { agencyCode: agency.code });
      const head = await makeUser(world.t.db, { role: 'KEPALA_INSTANSI', agencyCode: agency.code });
      const admin = await makeUser(world.t.db, { role: 'ADMIN_DUKCAPIL' });

      // 1. Policy PERINGATAN (the agreement's default): the 4th sequential NIK is warned about.
      const operatorPage = await openPage();
      const login = new LoginPage(operatorPage);
      await login.goto();
      const lookup = await login.login(operator.userId, TEST_PASSWORD);
      expect(await lookup.remainingQuota()).toBe(DAILY_LIMIT);
      for (let serial = 1; serial <= 4; serial++) {
        expect(await lookUp(lookup, sweep(serial))).toBe('DITEMUKAN');
        expect(await lookup.remainingQuota()).toBe(DAILY_LIMIT - serial);
        expect(await patternWarning(operatorPage).count(), `lookup ${serial}`).toBe(
          serial < 4 ? 0 : 1,
        );
      }
      const warned = await patternWarning(operatorPage).innerText();
      expect(warned).toContain('NIK berurutan');
      expect(warned).toContain(
        'Dinas Kependudukan dan Pencatatan Sipil telah menerima pemberitahuan.',
      );
      expect(warned).not.toContain('ditahan');

      // 2. Dukcapil sets the agreement's policy to BLOKIR through the policy form.
      const adminPage = await signIn(admin.userId);
      expect(new URL(adminPage.url()).pathname).toBe('/dukcapil');
      await adminPage.goto(`/dukcapil/pks/${agreement.id}`);
      expect(await adminPage.locator('#pola-input [data-policy]').getAttribute('data-policy')).toBe(
        'PERINGATAN',
      );
      await untilNewDocument(adminPage, () =>
        adminPage.getByRole('link', { name: 'Ubah kebijakan pola input' }).click(),
      );
      await adminPage
        .getByLabel('Kebijakan bila pola input tidak wajar terdeteksi')
        .selectOption('BLOKIR');
      await untilNewDocument(adminPage, () =>
        adminPage.getByRole('button', { name: 'Simpan kebijakan' }).click(),
      );
      await adminPage.getByText('Kebijakan pola input NIK dan jam layanan disimpan.').waitFor();
      expect(await adminPage.locator('#pola-input [data-policy]').getAttribute('data-policy')).toBe(
        'BLOKIR',
      );

      // The sweep goes on: the 5th is answered, counted, and holds the operator; the next are
      // refused with AKSES_DITAHAN and count nothing.
      expect(await lookUp(lookup, sweep(5))).toBe('DITEMUKAN');
      expect(await lookup.remainingQuota()).toBe(DAILY_LIMIT - 5);
      const held = await patternWarning(operatorPage).innerText();
      expect(held).toContain('NIK berurutan');
      expect(held).toContain('Akses Anda ditahan sampai dilepaskan oleh Admin Dinas Dukcapil.');
      for (const serial of [6, 7]) {
        expect(await lookUp(lookup, sweep(serial))).toBe('AKSES_DITAHAN');
        expect((await lookup.result.innerText()).trim()).toBe(
          'Akses ditahan karena pola input NIK tidak wajar, silahkan menghubungi Admin',
        );
        expect(await lookup.residentData.count()).toBe(0);
        expect(await lookup.remainingQuota()).toBe(DAILY_LIMIT - 5);
      }

      // 3. Dukcapil opens the alert: its evidence masked, never a full NIK on the page.
      const alerts = new AlertConsole(adminPage);
      await alerts.open(operator.userId, 'BERURUTAN');
      expect(await alerts.evidenceNiks()).toEqual([1, 2, 3, 4, 5].map((s) => maskNik(sweep(s))));
      expect(await adminPage.locator('#ringkasan [data-user]').innerText()).toContain('Ditahan');
      expect(await adminPage.content()).not.toMatch(/\d{16}/);
      await alerts.markUnderReview();
      await alerts.releaseHold('Instansi menjelaskan: uji coba aplikasi antrean, sudah dihentikan');
      expect(await adminPage.locator('#keputusan').getAttribute('data-decision')).toBe('DILEPAS');
      expect(await adminPage.locator('#ringkasan [data-state]').getAttribute('data-state')).toBe(
        'DITINJAU',
      );
      expect(await adminPage.content()).not.toMatch(/\d{16}/);

      // 4. The operator is served again: an ordinary applicant is found, and counted.
      expect(await lookUp(lookup, ORDINARY)).toBe('DITEMUKAN');
      expect(await operatorPage.getByText('SUPARNO', { exact: true }).isVisible()).toBe(true);
      expect(await patternWarning(operatorPage).count()).toBe(0);
      expect(await lookup.remainingQuota()).toBe(DAILY_LIMIT - 6);

      // 5. The head lands on the usage page: the operator's lookups and the alert.
      const headPage = await signIn(head.userId);
      expect(new URL(headPage.url()).pathname).toBe('/instansi/penggunaan');
      await headPage
        .getByRole('heading', { name: 'Penggunaan Verifikasi NIK', level: 1 })
        .waitFor();
      expect(await headPage.locator('[data-figure="today"]').innerText()).toBe('8');
      expect(await headPage.locator('[data-figure="open-alerts"]').innerText()).toBe('1');
      const operatorRow = headPage.locator(
        `#tabel-operator tr[data-operator="${operator.userId}"]`,
      );
      expect(await operatorRow.locator('td').allInnerTexts()).toEqual([
        expect.any(String), // name
        '8', // lookups
        '6', // found
        '0', // not found
        '2', // refused (held)
        expect.any(String), // last
      ]);
      const listed = headPage.locator('#tabel-verifikasi tbody tr');
      expect(await listed.count()).toBe(8);
      expect(await listed.first().innerText()).toContain(maskNik(ORDINARY));
      const alertRows = headPage.locator('#tabel-peringatan tbody tr');
      expect(await alertRows.count()).toBe(1);
      const alertCells = await alertRows.first().locator('td').allInnerTexts();
      expect(alertCells.slice(1)).toEqual([
        'NIK berurutan',
        operator.userId,
        '1', // repeated once: the 5th lookup added to the 4th's alert
        'Sedang ditinjau',
        'Pengguna ditahan',
      ]);
      expect(await headPage.content()).not.toMatch(/\d{16}/);

      // 6. F5 on the operator's result page: the form is not sent again, nothing is spent.
      await untilNewDocument(operatorPage, () => operatorPage.reload());
      expect(await lookup.resultCode()).toBe('FORMULIR_SUDAH_DIPAKAI');
      expect((await lookup.result.innerText()).trim()).toBe(
        REFUSALS.FORMULIR_SUDAH_DIPAKAI.message,
      );
      expect(await lookup.remainingQuota()).toBe(DAILY_LIMIT - 6);
    },
  );
});
