import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { REFUSALS } from '../src/domain/refusals.js';
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
  type LookupPage,
  newPortalPage,
  untilNewDocument,
} from './browser.js';

/**
 * F5 and Back on a result page, in a real browser (issue 9 §2): the browser sends the form
 * again, and the portal answers with a plain message instead of looking the NIK up again —
 * the quota on the page does not move and the audit trail gets no second record.
 */

const FOUND = '3303054703900002';
const OTHER = '3303050101500011';
const ALREADY_USED = REFUSALS.FORMULIR_SUDAH_DIPAKAI.message;

describe('a result page reloaded or revisited in Chromium', { timeout: 90_000 }, () => {
  let t: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  const opened: Page[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestDatabase(), launchBrowser()]);
    server = await startTestServer(t.db);
    await makeResident(t.db, { nik: FOUND });
    await makeResident(t.db, { nik: OTHER, namaLengkap: 'SUPARNO', jenisKelamin: 'LAKI-LAKI' });
  }, 120_000);

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((page) => page.context().close()));
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.drop();
  }, 60_000);

  async function signIn(): Promise<{
    page: Page;
    lookup: LookupPage;
    lookups: () => Promise<number>;
  }> {
    const agency = await makeAgency(t.db);
    await makeAgreement(t.db, agency.code);
    const user = await makeUser(t.db, { agencyCode: agency.code });
    const page = await newPortalPage(browser, server.url);
    opened.push(page);
    const login = new LoginPage(page);
    await login.goto();
    const lookup = await login.login(user.userId, TEST_PASSWORD);
    const lookups = async () =>
      (await auditOf(t.db, user.userId)).filter((row) => row.action === 'LOOKUP').length;
    return { page, lookup, lookups };
  }

  /** What the officer sees after the browser sent a used form again. */
  async function expectAlreadyUsed(page: Page, lookup: LookupPage, remaining: number) {
    expect(await lookup.resultCode()).toBe('FORMULIR_SUDAH_DIPAKAI');
    expect((await lookup.result.innerText()).trim()).toBe(ALREADY_USED);
    expect(await lookup.residentData.count()).toBe(0);
    const text = await page.locator('main').innerText();
    expect(text).not.toContain('SRI WAHYUNINGSIH');
    expect(text).not.toContain('SUPARNO');
    expect(await lookup.remainingQuota()).toBe(remaining);
    // A fresh, empty form for a new search.
    expect(await lookup.nikInput.inputValue()).toBe('');
    expect(await lookup.purposeInput.inputValue()).toBe('');
  }

  it('F5 on a result page shows the message and spends no quota', async () => {
    const { page, lookup, lookups } = await signIn();
    expect(await lookup.remainingQuota()).toBe(200);
    const found = await lookup.lookup(FOUND);
    expect(found.status()).toBe(200);
    expect(await lookup.resultCode()).toBe('DITEMUKAN');
    expect(await page.getByText('SRI WAHYUNINGSIH', { exact: true }).isVisible()).toBe(true);
    expect(await lookup.remainingQuota()).toBe(199);
    expect(await lookups()).toBe(1);

    // Reload re-posts the form (the resubmission accepted): the portal looks nothing up.
    const reposted = page.waitForResponse(
      (response) => response.request().method() === 'POST' && response.url().endsWith('/cari'),
    );
    await untilNewDocument(page, () => page.reload());
    expect((await reposted).status()).toBe(409);
    await expectAlreadyUsed(page, lookup, 199);
    // Again, and again nothing.
    await untilNewDocument(page, () => page.reload());
    await expectAlreadyUsed(page, lookup, 199);
    expect(await lookups()).toBe(1);

    // The fresh form works as usual.
    await lookup.lookup(OTHER);
    expect(await lookup.resultCode()).toBe('DITEMUKAN');
    expect(await page.getByText('SUPARNO', { exact: true }).isVisible()).toBe(true);
    expect(await lookup.remainingQuota()).toBe(198);
    expect(await lookups()).toBe(2);
  });

  it('Back, then Forward, to result pages and their resubmission spend no quota', async () => {
    const { page, lookup, lookups } = await signIn();
    await lookup.lookup(FOUND);
    expect(await lookup.remainingQuota()).toBe(199);
    await lookup.lookup(OTHER);
    expect(await lookup.remainingQuota()).toBe(198);
    expect(await lookups()).toBe(2);

    // Back to the first result page. Pages are no-store: Chromium has nothing kept to show
    // (ERR_CACHE_MISS) and asks to send the form again; sending it gets the message.
    const missed = (error: unknown) => {
      if (!String(error).includes('ERR_CACHE_MISS')) throw error;
    };
    await untilNewDocument(page, () => page.goBack().catch(missed));
    expect(await page.content()).not.toContain('SRI WAHYUNINGSIH');
    await untilNewDocument(page, () => page.reload());
    await expectAlreadyUsed(page, lookup, 198);
    expect(await lookups()).toBe(2);

    // Forward to the second result page: likewise.
    await untilNewDocument(page, () => page.goForward().catch(missed));
    expect(await page.content()).not.toContain('SUPARNO');
    await untilNewDocument(page, () => page.reload());
    await expectAlreadyUsed(page, lookup, 198);
    expect(await lookups()).toBe(2);
  });
});
