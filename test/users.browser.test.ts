import { describe, expect, it } from 'vitest';
import {
  makeAgency,
  makeAgreement,
  makeResident,
  makeUser,
  TEST_PASSWORD,
  TINY_PDF,
} from './factories.js';
import { changeInitialPassword, LoginPage, LookupPage, UsersConsole } from './browser.js';
import { portalWorld } from './portal-world.js';

const FOUND = '3303054703900002';
const NEW_PASSWORD = 'sandi-petugas-loket-2026';

/**
 * Issue 3 in Chromium: a Dukcapil admin creates an operator; the operator signs in with the
 * one-time password, must change it, and cannot look residents up until the admin records
 * the signed NDA (an upload); then the lookup answers "Data Ditemukan".
 */
describe('users console in Chromium', { timeout: 90_000 }, () => {
  let agency: { code: string; name: string };
  const world = portalWorld({
    seed: async (t) => {
      await makeResident(t.db, { nik: FOUND });
      const made = await makeAgency(t.db, { name: 'Dinas Kesehatan Uji' });
      agency = { code: made.code, name: 'Dinas Kesehatan Uji' };
      await makeAgreement(t.db, agency.code);
    },
  });
  const openPage = () => world.openPage();

  it('admin creates an operator; the operator is refused until the NDA is uploaded, then served', async () => {
    const adminUser = await makeUser(world.t.db, { role: 'ADMIN_DUKCAPIL' });
    const admin = await openPage();
    const adminLogin = new LoginPage(admin);
    await adminLogin.goto();
    await adminLogin.submit(adminUser.userId, TEST_PASSWORD);
    expect(new URL(admin.url()).pathname).toBe('/dukcapil');

    const users = new UsersConsole(admin);
    const oneTime = await users.createUser({
      agencyCode: agency.code,
      role: 'OPERATOR',
      userId: 'petugas.loket',
      name: 'Petugas Loket',
    });
    expect(oneTime.length).toBeGreaterThanOrEqual(16);

    // The operator signs in and is held on the account page until the password is changed.
    const officer = await openPage();
    const officerLogin = new LoginPage(officer);
    await officerLogin.goto();
    await officerLogin.submit('petugas.loket', oneTime);
    expect(new URL(officer.url()).pathname).toBe('/akun');
    await changeInitialPassword(officer, oneTime, NEW_PASSWORD);
    expect(await officer.locator('#dokumen-saya').innerText()).toContain('Belum tercatat');

    // No NDA yet: the lookup is refused.
    const lookup = new LookupPage(officer);
    await lookup.goto();
    await lookup.lookup(FOUND);
    expect(await lookup.resultCode()).toBe('USER_NON_AKTIF');
    expect(await lookup.residentData.count()).toBe(0);

    // The admin records the signed NDA on the operator's page.
    await users.recordDocument('petugas.loket', '2026-11-20', TINY_PDF);
    const row = admin.locator('#dokumen tbody tr').first();
    expect(await row.innerText()).toContain('20 November 2026');
    expect(await row.innerText()).toContain('Berlaku');
    expect(await admin.locator('#riwayat').innerText()).toContain('Dokumen dicatat');

    // The same session, no new login: the next lookup is served.
    await lookup.lookup(FOUND);
    expect(await lookup.resultCode()).toBe('DITEMUKAN');
    expect(await lookup.residentData.isVisible()).toBe(true);
  });
});
