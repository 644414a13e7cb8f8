import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Request, Response } from 'playwright-core';
import { ELEMENTS, type Element } from '../src/domain/elements.js';
import { RESPONSES } from '../src/domain/responses.js';
import { findVillagePlace } from '../src/reference/regions.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import {
  auditOf,
  makeAgency,
  makeAgreement,
  makeResident,
  makeUser,
  TEST_PASSWORD,
} from './factories.js';
import { startTestServer, type TestServer } from './server.js';
import {
  launchBrowser,
  LoginPage,
  LookupPage,
  newPortalPage,
  untilNewDocument,
} from './browser.js';

/**
 * The portal in a real browser (Chromium), used the way a counter officer uses it: the
 * answers of SPEC §2 on screen, the daily quota counting down, zero storage (no-store pages,
 * no remembered NIKs, nothing left to see after logout) and a page that stays usable on the
 * agencies' 1 Mbps link.
 */

const FOUND = '3303054703900002';
const FOUND_VILLAGE = '3303051001';
const DECEASED = '3303050101500011';
const DECEASED_VILLAGE = '3303052004';

/** What a 1 Mbps link gives: 125 000 bytes a second each way, 40 ms latency. */
const ONE_MBPS = { latency: 40, downloadThroughput: 125_000, uploadThroughput: 125_000 };
const SCREENSHOT = '/tmp/gerbang-result.png';

const isPost = (path: string) => (response: Response) =>
  response.request().method() === 'POST' && new URL(response.url()).pathname === path;
const isGet = (path: string) => (response: Response) =>
  response.request().method() === 'GET' && new URL(response.url()).pathname === path;

async function hasSessionCookie(context: BrowserContext): Promise<boolean> {
  return (await context.cookies()).some((cookie) => cookie.name === 'gerbang_sesi');
}

describe('portal in Chromium', { timeout: 60_000 }, () => {
  let t: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  const opened: Page[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestDatabase(), launchBrowser()]);
    server = await startTestServer(t.db);
    await makeResident(t.db, { nik: FOUND, kodeDesa: FOUND_VILLAGE });
    await makeResident(t.db, {
      nik: DECEASED,
      namaLengkap: 'SUPARNO',
      jenisKelamin: 'LAKI-LAKI',
      tempatLahir: 'BOBOTSARI',
      tanggalLahir: '1950-01-01',
      statusPerkawinan: 'CERAI MATI',
      jenisPekerjaan: 'PETANI/PEKEBUN',
      alamat: 'DUSUN KALIKAJAR NO. 7',
      kodeDesa: DECEASED_VILLAGE,
      rt: '005',
      rw: '004',
      status: 'MENINGGAL',
    });
  }, 120_000);

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((page) => page.context().close()));
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.drop();
  }, 60_000);

  /** A new page in a browser context of its own: no cookies, empty cache. */
  async function openPage(): Promise<Page> {
    const page = await newPortalPage(browser, server.url);
    opened.push(page);
    return page;
  }

  /** An operator of an agency of its own, so that every test starts on a full quota of 200. */
  async function newOperator(grantedElements: readonly Element[] = ELEMENTS) {
    const agency = await makeAgency(t.db);
    await makeAgreement(t.db, agency.code, { grantedElements });
    return makeUser(t.db, { agencyCode: agency.code });
  }

  it('an operator logs in, verifies a living and a deceased resident, sees the quota count down, and logs out', async () => {
    // The agreement grants five of the eight elements: the page shows those and no others.
    const operator = await newOperator([
      'NIK',
      'NAMA_LENGKAP',
      'JENIS_KELAMIN',
      'TANGGAL_LAHIR',
      'ALAMAT',
    ]);
    const page = await openPage();
    const login = new LoginPage(page);
    await login.goto();
    await login.heading.waitFor();

    const lookupPageAnswer = page.waitForResponse(isGet('/cari'));
    const lookup = await login.login(operator.userId, TEST_PASSWORD);
    const firstView = await lookupPageAnswer;
    expect(firstView.status()).toBe(200);
    expect(firstView.headers()['cache-control']).toBe('no-store');
    expect(await hasSessionCookie(page.context())).toBe(true);
    expect(await lookup.logoutButton.isVisible()).toBe(true);

    // The browser must not remember NIKs: neither the field nor its form autocompletes.
    expect(await lookup.nikInput.getAttribute('autocomplete')).toBe('off');
    expect(await page.locator('form', { has: lookup.nikInput }).getAttribute('autocomplete')).toBe(
      'off',
    );
    expect(await lookup.result.count()).toBe(0);
    expect(await lookup.remainingQuota()).toBe(200);

    // A living resident: "Data Ditemukan" with exactly the granted elements.
    const foundAnswer = await lookup.lookup(FOUND);
    expect(foundAnswer.status()).toBe(200);
    expect(foundAnswer.headers()['cache-control']).toBe('no-store');
    expect(await lookup.resultCode()).toBe('DITEMUKAN');
    expect((await lookup.result.innerText()).trim()).toBe(RESPONSES.DITEMUKAN.message);
    expect(await page.getByText('SRI WAHYUNINGSIH', { exact: true }).isVisible()).toBe(true);
    const village = findVillagePlace(FOUND_VILLAGE)!;
    expect(await lookup.shownData()).toEqual({
      NIK: FOUND,
      'Nama Lengkap': 'SRI WAHYUNINGSIH',
      'Jenis Kelamin': 'PEREMPUAN',
      'Tanggal Lahir': '7 Maret 1990',
      Alamat: 'JL. JENDERAL SUDIRMAN NO. 12 RT 003 RW 002',
      'Desa/Kelurahan': village.desa,
      Kecamatan: `${village.kecamatan} (${village.kodeKecamatan})`,
      'Kabupaten/Kota': village.kabupaten,
      Provinsi: village.provinsi,
    });
    const foundText = await page.locator('main').innerText();
    for (const notGranted of ['Tempat Lahir', 'Status Perkawinan', 'Jenis Pekerjaan', 'GURU']) {
      expect(foundText).not.toContain(notGranted);
    }
    // The NIK checked stays in the field, for a second check without retyping (issue 12).
    expect(await lookup.nikInput.inputValue()).toBe(FOUND);
    expect(await lookup.remainingQuota()).toBe(199);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // A deceased resident: the message only, nothing of the person anywhere in the page.
    const deceasedAnswer = await lookup.lookup(DECEASED);
    expect(deceasedAnswer.status()).toBe(200);
    expect(deceasedAnswer.headers()['cache-control']).toBe('no-store');
    expect(await lookup.resultCode()).toBe('MENINGGAL');
    expect((await lookup.result.innerText()).trim()).toBe(RESPONSES.MENINGGAL.message);
    expect(await lookup.residentData.count()).toBe(0);
    const deceasedHtml = await page.content();
    const deceasedVillage = findVillagePlace(DECEASED_VILLAGE)!;
    // The NIK the officer typed stays, in the field and as the NIK checked (issue 12): what
    // was typed, nothing the register answered.
    expect(await lookup.nikInput.inputValue()).toBe(DECEASED);
    expect(await page.locator('#nik-diperiksa').innerText()).toBe(DECEASED);
    for (const personal of [
      'SUPARNO',
      'LAKI-LAKI',
      'BOBOTSARI',
      '1950',
      'CERAI MATI',
      'PETANI/PEKEBUN',
      'KALIKAJAR',
      deceasedVillage.desa,
      // nor anything left over from the previous answer
      FOUND,
      'SRI WAHYUNINGSIH',
    ]) {
      expect(deceasedHtml).not.toContain(personal);
    }
    expect(await lookup.remainingQuota()).toBe(198);

    // Logging out ends the session: the lookup page sends the visitor back to login.
    const loggedOut = await lookup.logout();
    expect(loggedOut.isShown()).toBe(true);
    await loggedOut.heading.waitFor();
    expect(await hasSessionCookie(page.context())).toBe(false);
    await new LookupPage(page).goto();
    expect(loggedOut.isShown()).toBe(true);
    await loggedOut.heading.waitFor();
    expect(await page.content()).not.toContain('SRI WAHYUNINGSIH');

    const lookups = (await auditOf(t.db, operator.userId)).filter((row) => row.action === 'LOOKUP');
    expect(lookups.map((row) => [row.channel, row.nik, row.response_code])).toEqual([
      ['PORTAL', FOUND, 'DITEMUKAN'],
      ['PORTAL', DECEASED, 'MENINGGAL'],
    ]);
  });

  it('a wrong password shows "Gagal Login" and opens no session', async () => {
    const operator = await newOperator();
    const page = await openPage();
    const login = new LoginPage(page);
    await login.goto();

    const refused = page.waitForResponse(isPost('/masuk'));
    await login.submit(operator.userId, `salah-${TEST_PASSWORD}`);
    expect((await refused).status()).toBe(RESPONSES.GAGAL_LOGIN.httpStatus);
    expect(login.isShown()).toBe(true);
    expect((await login.alert.innerText()).trim()).toBe(RESPONSES.GAGAL_LOGIN.message);
    expect(await login.userIdInput.inputValue()).toBe(operator.userId);
    expect(await login.passwordInput.inputValue()).toBe('');
    expect(await hasSessionCookie(page.context())).toBe(false);

    // An unknown user ID gets the very same answer.
    await login.submit('tidak.ada', TEST_PASSWORD);
    expect((await login.alert.innerText()).trim()).toBe(RESPONSES.GAGAL_LOGIN.message);

    // Without a session the lookup page is out of reach; with the right password it opens.
    await new LookupPage(page).goto();
    expect(login.isShown()).toBe(true);
    const lookup = await login.login(operator.userId, TEST_PASSWORD);
    expect(await lookup.remainingQuota()).toBe(200);
  });

  it('Back after logout does not show the resident data again', async () => {
    const operator = await newOperator();
    const page = await openPage();
    const login = new LoginPage(page);
    await login.goto();
    const lookup = await login.login(operator.userId, TEST_PASSWORD);
    await lookup.lookup(FOUND);
    expect(await page.getByText('SRI WAHYUNINGSIH', { exact: true }).isVisible()).toBe(true);
    await lookup.logout();
    expect(login.isShown()).toBe(true);

    // Back leads to the answer of the lookup form. The page was no-store, so Chromium does not
    // show it from memory or cache: it asks to send the form again (ERR_CACHE_MISS) instead.
    await untilNewDocument(page, () =>
      page.goBack().catch((error: unknown) => {
        if (!String(error).includes('ERR_CACHE_MISS')) throw error;
      }),
    );
    expect(await page.content()).not.toContain('SRI WAHYUNINGSIH');
    expect(await page.content()).not.toContain(FOUND);

    // Reloading, as that page suggests, sends the form again without a session: the portal
    // answers with the login page and looks nothing up.
    await untilNewDocument(page, () => page.reload());
    expect(login.isShown()).toBe(true);
    await login.heading.waitFor();
    expect(await page.content()).not.toContain('SRI WAHYUNINGSIH');

    // Going further back, to the lookup page before the lookup, reloads it: login again.
    await untilNewDocument(page, () => page.goBack());
    expect(login.isShown()).toBe(true);
    await login.heading.waitFor();

    const lookups = (await auditOf(t.db, operator.userId)).filter((row) => row.action === 'LOOKUP');
    expect(lookups).toHaveLength(1);
  });

  it('on a 1 Mbps link the login page is under 60 KB and a lookup answers within a second', async () => {
    const operator = await newOperator();
    const page = await openPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...ONE_MBPS });

    // Everything the browser fetches for the login page, both ways, headers included.
    const transfers: Promise<{ url: string; type: string; bytes: number }>[] = [];
    const onFinished = (request: Request) => {
      transfers.push(
        request.sizes().then((sizes) => ({
          url: request.url(),
          type: request.resourceType(),
          bytes:
            sizes.requestHeadersSize +
            sizes.requestBodySize +
            sizes.responseHeadersSize +
            sizes.responseBodySize,
        })),
      );
    };
    page.on('requestfinished', onFinished);
    const documentDone = page.waitForEvent(
      'requestfinished',
      (r) => r.resourceType() === 'document',
    );
    const stylesheetDone = page.waitForEvent(
      'requestfinished',
      (r) => r.resourceType() === 'stylesheet',
    );
    const login = new LoginPage(page);
    const loginStarted = Date.now();
    await login.goto();
    await Promise.all([documentDone, stylesheetDone]);
    page.off('requestfinished', onFinished);
    const loginLoadMs = Date.now() - loginStarted;
    const loginTransfers = await Promise.all(transfers);
    const loginBytes = loginTransfers.reduce((sum, transfer) => sum + transfer.bytes, 0);
    expect(loginTransfers.map((transfer) => transfer.type)).toEqual(
      expect.arrayContaining(['document', 'stylesheet']),
    );
    expect(loginBytes).toBeLessThan(60 * 1024);

    const lookup = await login.login(operator.userId, TEST_PASSWORD);
    // The page itself sees a 1 Mbps link (Chromium adds a little noise to what it reports).
    const downlinkMbps = await page.evaluate<number>('navigator.connection.downlink');
    expect(downlinkMbps).toBeGreaterThan(0.5);
    expect(downlinkMbps).toBeLessThan(2);

    // The first lookup after the server started also loads its reference data (regions); the
    // one-second goal is for the counter's everyday lookups, so the second one is measured.
    const timeLookup = async () => {
      await lookup.fill(FOUND);
      const clicked = Date.now();
      await lookup.submit();
      const elapsed = Date.now() - clicked;
      expect(await lookup.resultCode()).toBe('DITEMUKAN');
      expect(await page.getByText('SRI WAHYUNINGSIH', { exact: true }).isVisible()).toBe(true);
      // The browser's own account of the same navigation, from its start to the parsed page.
      const timing = JSON.parse(
        await page.evaluate<string>(
          'JSON.stringify(performance.getEntriesByType("navigation")[0])',
        ),
      ) as { responseStart: number; domContentLoadedEventEnd: number };
      return { elapsed, timing };
    };
    const first = await timeLookup();
    const measured = await timeLookup();

    console.info(
      `1 Mbps link: login page ${loginBytes} B in ${loginTransfers.length} transfers ` +
        `(${loginTransfers.map((x) => `${x.type} ${x.bytes} B`).join(', ')}), loaded in ${loginLoadMs} ms; ` +
        `lookup result after the click: first ${first.elapsed} ms, then ${measured.elapsed} ms ` +
        `(browser: first byte ${Math.round(measured.timing.responseStart)} ms, ` +
        `DOMContentLoaded ${Math.round(measured.timing.domContentLoadedEventEnd)} ms)`,
    );
    expect(measured.elapsed).toBeLessThan(1000);
    expect(measured.timing.domContentLoadedEventEnd).toBeLessThan(1000);
    expect(await lookup.remainingQuota()).toBe(198);
  });
});
