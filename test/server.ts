import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/http/app.js';
import type { Deps } from '../src/services/deps.js';
import type { Db } from '../src/store/db.js';

export interface TestServer {
  readonly url: string;
  readonly app: FastifyInstance;
  /** Moves the server's clock. */
  setNow(at: Date): void;
  close(): Promise<void>;
}

/** The real HTTP server on a random loopback port, on the given database, with a settable clock. */
export async function startTestServer(
  db: Db,
  now = new Date('2026-11-24T03:00:00Z'),
): Promise<TestServer> {
  let current = now;
  const deps: Deps = { db, clock: () => current, tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 };
  const app = await buildApp(deps, { trustProxy: false, secureCookies: false, logLevel: 'warn' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    setNow: (at) => {
      current = at;
    },
    close: () => app.close(),
  };
}

/** POST /api/v1/auth/token as an agency application sends it. */
export async function requestToken(baseUrl: string, userId: string, password: string) {
  const response = await fetch(`${baseUrl}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, password }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { accessToken?: string; code?: string; message?: string },
  };
}

export async function apiToken(baseUrl: string, userId: string, password: string): Promise<string> {
  const { body } = await requestToken(baseUrl, userId, password);
  if (!body.accessToken) throw new Error(`login ${userId} refused: ${body.code}`);
  return body.accessToken;
}

export interface LookupAnswer {
  status: number;
  headers: Headers;
  body: {
    code: string;
    message: string;
    data?: Record<string, unknown>;
    quota?: { limit: number | null; used: number; remaining: number | null };
  };
}

export async function apiLookup(
  baseUrl: string,
  token: string | undefined,
  nik: string,
  purpose = 'Verifikasi peserta JKN',
): Promise<LookupAnswer> {
  const response = await fetch(`${baseUrl}/api/v1/nik/lookup`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ nik, purpose }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as LookupAnswer['body'],
  };
}

/** A portal visitor without a browser: keeps cookies and the form's CSRF token between requests. */
export class PortalClient {
  private cookies = new Map<string, string>();
  constructor(private readonly baseUrl: string) {}

  async request(
    path: string,
    form?: Record<string, string>,
  ): Promise<{ status: number; html: string; location: string | null; headers: Headers }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name!);
      else this.cookies.set(name!, value);
    }
    return {
      status: response.status,
      html: await response.text(),
      location: response.headers.get('location'),
      headers: response.headers,
    };
  }

  /** Fetches a page and submits its form with the CSRF token it carries. */
  async submit(pagePath: string, actionPath: string, fields: Record<string, string>) {
    const pageHtml = (await this.request(pagePath)).html;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(pageHtml)?.[1];
    if (!csrf) throw new Error(`no CSRF token on ${pagePath}`);
    return this.request(actionPath, { _csrf: csrf, ...fields });
  }

  async login(userId: string, password: string) {
    return this.submit('/masuk', '/masuk', { userId, password });
  }

  /** Looks a NIK up on the portal and reads the response code and quota off the page. */
  async lookup(nik: string, purpose = 'Verifikasi pasien') {
    const page = await this.submit('/cari', '/cari', { nik, purpose });
    return {
      ...page,
      code: /data-code="([A-Z_]+)"/.exec(page.html)?.[1],
      remaining: Number(/data-remaining="(\d+)"/.exec(page.html)?.[1] ?? NaN),
    };
  }

  hasSession(): boolean {
    return this.cookies.has('gerbang_sesi');
  }
}
