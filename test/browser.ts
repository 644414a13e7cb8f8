import fs from 'node:fs';
import { chromium, type Browser, type Locator, type Page, type Response } from 'playwright-core';

/**
 * A real browser for portal tests: Debian's Chromium driven by playwright-core, and page
 * objects that use the portal the way a counter officer does (labels, buttons, visible text).
 */

/**
 * Debian's Chromium headless shell (package chromium-headless-shell: the same Blink and V8 as
 * /usr/bin/chromium without the full browser's window machinery, what Playwright itself runs
 * for headless tests), else the full Chromium. The shell ran the 23 browser tests in 34 s
 * instead of 54 s on this 2-core machine.
 */
export const CHROMIUM_PATH = fs.existsSync('/usr/bin/chromium-headless-shell')
  ? '/usr/bin/chromium-headless-shell'
  : '/usr/bin/chromium';

/** Generous per-action timeout: the test machine may be busy with other suites. */
export const ACTION_TIMEOUT_MS = 15_000;

/**
 * Headless Chromium for a test file. The network flags keep it from calling home on the closed
 * network (component updates, sync, QUIC probes), which would otherwise hang or add noise.
 *
 * One Chromium process serves every test file of a worker (starting one takes 4–5 s): each
 * file gets a handle whose `close()` closes the contexts it opened, so no file sees another's
 * cookies, pages or cache; the process ends with the worker.
 */
export async function launchBrowser(): Promise<Browser> {
  let browser = await (shared ??= startChromium());
  if (!browser.isConnected()) {
    shared = startChromium();
    browser = await shared;
  }
  return fileHandle(browser);
}

let shared: Promise<Browser> | undefined;

function startChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * The browser as a file sees it: `close()` closes every context, not the process. A worker
 * runs one file at a time, so every context open then is that file's.
 */
function fileHandle(browser: Browser): Browser {
  const close = async () => {
    await Promise.all(browser.contexts().map((context) => context.close()));
  };
  return new Proxy(browser, {
    get(target, property): unknown {
      if (property === 'close') return close;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

/** A fresh page in a fresh context (own cookies and cache) with the generous timeouts. */
export async function newPortalPage(browser: Browser, baseUrl: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'id-ID' });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  return context.newPage();
}

/**
 * Runs an action that makes the page load a new document (a form post, Back) and resolves
 * once that new document is parsed. Waiting for the commit first matters: the previous page
 * may hold the same elements (a result, the quota), and must not be read by mistake.
 */
export async function untilNewDocument(page: Page, action: () => Promise<unknown>): Promise<void> {
  const committed = page.waitForEvent('framenavigated', {
    predicate: (frame) => frame === page.mainFrame(),
  });
  try {
    await action();
  } catch (error) {
    committed.catch(() => undefined); // the action failed: nobody waits for the commit
    throw error;
  }
  await committed;
  await page.waitForLoadState('domcontentloaded');
}

function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

/** The header of every signed-in page. */
class SignedInPage {
  constructor(readonly page: Page) {}

  get logoutButton(): Locator {
    return this.page.getByRole('button', { name: 'Keluar' });
  }

  /** Presses "Keluar"; the portal ends the session and shows the login page. */
  async logout(): Promise<LoginPage> {
    await untilNewDocument(this.page, () => this.logoutButton.click());
    return new LoginPage(this.page);
  }
}

export class LoginPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<Response | null> {
    return this.page.goto('/masuk');
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { name: 'Masuk', level: 1 });
  }

  get userIdInput(): Locator {
    return this.page.getByLabel('User ID');
  }

  get passwordInput(): Locator {
    return this.page.getByLabel('Kata Sandi');
  }

  get submitButton(): Locator {
    return this.page.getByRole('button', { name: 'Masuk', exact: true });
  }

  /** The error shown above the form after a refused login. */
  get alert(): Locator {
    return this.page.getByRole('alert');
  }

  isShown(): boolean {
    return pathOf(this.page) === '/masuk';
  }

  /** Fills the form and presses "Masuk"; resolves on the page the portal answers with. */
  async submit(userId: string, password: string): Promise<void> {
    await this.userIdInput.fill(userId);
    await this.passwordInput.fill(password);
    await untilNewDocument(this.page, () => this.submitButton.click());
  }

  /** Logs an agency operator in; the portal sends them on to the lookup page. */
  async login(userId: string, password: string): Promise<LookupPage> {
    await this.submit(userId, password);
    const lookup = new LookupPage(this.page);
    if (!lookup.isShown()) {
      const text = await this.page.locator('main').innerText();
      throw new Error(`login of ${userId} did not reach /cari but ${this.page.url()}: ${text}`);
    }
    await lookup.heading.waitFor();
    return lookup;
  }
}

export class LookupPage extends SignedInPage {
  async goto(): Promise<Response | null> {
    return this.page.goto('/cari');
  }

  isShown(): boolean {
    return pathOf(this.page) === '/cari';
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { name: 'Verifikasi NIK', level: 1 });
  }

  get nikInput(): Locator {
    return this.page.getByLabel('NIK', { exact: true });
  }

  get purposeInput(): Locator {
    return this.page.getByLabel('Keperluan', { exact: true });
  }

  get submitButton(): Locator {
    return this.page.getByRole('button', { name: 'Periksa' });
  }

  /** The answer of the last lookup: its message, with the response code in data-code. */
  get result(): Locator {
    return this.page.locator('#respon');
  }

  /** The resident's elements, shown only with "Data Ditemukan". */
  get residentData(): Locator {
    return this.page.locator('dl.data');
  }

  /** The resident's data as shown: label → value, in page order. */
  async shownData(): Promise<Record<string, string>> {
    const [labels, values] = await Promise.all([
      this.residentData.locator('dt').allInnerTexts(),
      this.residentData.locator('dd').allInnerTexts(),
    ]);
    if (labels.length !== values.length) {
      throw new Error(`resident data has ${labels.length} labels but ${values.length} values`);
    }
    return Object.fromEntries(labels.map((label, i) => [label.trim(), values[i]!.trim()]));
  }

  /** The quota left today, as the page shows it. */
  async remainingQuota(): Promise<number> {
    const strong = this.page.locator('#kuota strong[data-remaining]');
    const [attribute, shown] = await Promise.all([
      strong.getAttribute('data-remaining'),
      strong.innerText(),
    ]);
    if (attribute === null || attribute !== shown.trim()) {
      throw new Error(
        `quota on the page is inconsistent: data-remaining=${attribute}, shown ${shown}`,
      );
    }
    return Number(attribute);
  }

  async resultCode(): Promise<string | null> {
    return this.result.getAttribute('data-code');
  }

  /** Types a NIK and a purpose into the form, without sending it. */
  async fill(nik: string, purpose = 'Verifikasi peserta JKN'): Promise<void> {
    await this.nikInput.fill(nik);
    await this.purposeInput.fill(purpose);
  }

  /**
   * Presses "Periksa". Resolves with the portal's answer to the form post once the new page
   * with the result is on screen.
   */
  async submit(): Promise<Response> {
    const answer = this.page.waitForResponse(
      (response) =>
        response.request().method() === 'POST' && new URL(response.url()).pathname === '/cari',
    );
    try {
      await untilNewDocument(this.page, () => this.submitButton.click());
      await this.result.waitFor({ state: 'visible' });
    } catch (error) {
      answer.catch(() => undefined);
      throw error;
    }
    return answer;
  }

  /** Looks a NIK up as an operator does: type it, type the purpose, press "Periksa". */
  async lookup(nik: string, purpose?: string): Promise<Response> {
    await this.fill(nik, purpose);
    return this.submit();
  }
}

/**
 * The Dukcapil admin's users console, as an admin uses it: create a user ID (the one-time
 * password is read off the result page) and record a signed document on the user's page.
 */
export class UsersConsole {
  constructor(readonly page: Page) {}

  /** From any Dukcapil page: Menu → Pengguna → Buat user ID baru. Returns the one-time password. */
  async createUser(input: {
    agencyCode: string;
    role: string;
    userId: string;
    name: string;
  }): Promise<string> {
    const page = this.page;
    await untilNewDocument(page, () =>
      page
        .getByRole('navigation', { name: 'Menu' })
        .getByRole('link', { name: 'Pengguna' })
        .click(),
    );
    await untilNewDocument(page, () =>
      page.getByRole('link', { name: 'Buat user ID baru' }).click(),
    );
    await page.getByLabel('Instansi').selectOption(input.agencyCode);
    await page.getByLabel('Peran').selectOption(input.role);
    await page.getByLabel('User ID').fill(input.userId);
    await page.getByLabel('Nama').fill(input.name);
    await untilNewDocument(page, () =>
      page.getByRole('button', { name: 'Buat user ID', exact: true }).click(),
    );
    await page.getByRole('heading', { name: 'User ID dibuat' }).waitFor();
    return (await page.locator('#sandi-sekali-pakai').innerText()).trim();
  }

  /** Opens the user from the "documents missing" list and uploads the signed scan. */
  async recordDocument(userId: string, signedOn: string, scan: Buffer): Promise<void> {
    const page = this.page;
    await page.goto('/dukcapil/pengguna?dokumen=kurang');
    await untilNewDocument(page, () =>
      page.locator('#daftar-pengguna').getByRole('link', { name: userId }).click(),
    );
    await page.getByLabel('Tanggal penandatanganan').fill(signedOn);
    await page.getByLabel(/Berkas pindaian/).setInputFiles({
      name: `dokumen-${userId}.pdf`,
      mimeType: 'application/pdf',
      buffer: scan,
    });
    await untilNewDocument(page, () =>
      page.getByRole('button', { name: 'Unggah dan catat', exact: true }).click(),
    );
    await page.getByText('Perubahan telah dicatat.').waitFor();
  }
}

/** A new user's first sign-in: held on /akun until the one-time password is replaced. */
export async function changeInitialPassword(
  page: Page,
  oneTime: string,
  newPassword: string,
): Promise<void> {
  await page.getByText('Ganti kata sandi awal').waitFor();
  await page.getByLabel('Kata sandi saat ini').fill(oneTime);
  await page.getByLabel('Kata sandi baru', { exact: true }).fill(newPassword);
  await page.getByLabel('Ulangi kata sandi baru').fill(newPassword);
  await untilNewDocument(page, () =>
    page.getByRole('button', { name: 'Ganti kata sandi', exact: true }).click(),
  );
  await page.getByText('Kata sandi telah diganti').waitFor();
}
