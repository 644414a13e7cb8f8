import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, LoginPage, newPortalPage } from './browser.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { startTestServer, type TestServer } from './server.js';

/**
 * What a Chromium walk of the portal stands on: a test database, the server on it and a
 * browser, made before the tests of the `describe` it is called in and closed after them,
 * with every page it opened. Read its fields inside tests and hooks (they exist from the
 * world's `beforeAll` on).
 */
export interface PortalWorld {
  readonly t: TestDatabase;
  readonly server: TestServer;
  readonly browser: Browser;
  /** A new portal page in a browser context of its own. */
  openPage(): Promise<Page>;
  /** A new page, signed in through the login form. */
  signIn(userId: string, password: string): Promise<Page>;
}

export function portalWorld(
  options: {
    /** The server's clock (startTestServer's default otherwise). */
    readonly now?: Date;
    /** What the tests need in the database before the first one runs. */
    readonly seed?: (t: TestDatabase) => Promise<void>;
  } = {},
): PortalWorld {
  let t: TestDatabase | undefined;
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const pages: Page[] = [];
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`portalWorld: ${name} is read before beforeAll`);
    return value;
  };

  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestDatabase(), launchBrowser()]);
    server = await startTestServer(t.db, options.now);
    await options.seed?.(t);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(pages.map((page) => page.context().close()));
    await browser?.close();
    await server?.close();
    await t?.drop();
  }, 60_000);

  const world: PortalWorld = {
    get t() {
      return ready(t, 't');
    },
    get server() {
      return ready(server, 'server');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    async openPage() {
      const page = await newPortalPage(world.browser, world.server.url);
      pages.push(page);
      return page;
    },
    async signIn(userId, password) {
      const page = await world.openPage();
      const login = new LoginPage(page);
      await login.goto();
      await login.submit(userId, password);
      return page;
    },
  };
  return world;
}
