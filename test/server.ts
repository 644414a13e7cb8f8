import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { TrustProxy } from '../src/config.js';
import { buildApp } from '../src/app.js';
import type { LoginLimits } from '../src/domain/login-limits.js';
import { makeDeps } from '../src/services/deps.js';
import type { Mailer } from '../src/services/mail/mailer.js';
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
  options: {
    readonly trustProxy?: TrustProxy;
    readonly loginLimits?: LoginLimits;
    /** The PoC sandbox's app (`gerbang sandbox`): its header, banner and page. */
    readonly sandbox?: boolean;
    /** SMTP and subdit MED's address, for what the portal mails at once (the DG report). */
    readonly mailer?: Mailer;
    readonly subditMedEmail?: string;
  } = {},
): Promise<TestServer> {
  let current = now;
  const deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, db, {
    clock: () => current,
  });
  const app = await buildApp(deps, {
    trustProxy: options.trustProxy ?? false,
    secureCookies: false,
    logLevel: 'warn',
    ...(options.loginLimits ? { loginLimits: options.loginLimits } : {}),
    ...(options.sandbox ? { sandbox: true } : {}),
    mailer: options.mailer,
    subditMedEmail: options.subditMedEmail,
  });
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

/**
 * POST /api/v1/oauth/token as an application sends it (RFC 6749 client credentials in the
 * form body): the status, headers and JSON answer.
 */
export async function clientCredentialsGrant(
  baseUrl: string,
  clientId: string,
  clientSecret: string,
) {
  const response = await fetch(`${baseUrl}/api/v1/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    }).toString(),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, string | number>,
  };
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

/** Form fields; a list is sent as repeated fields, as a browser sends ticked checkboxes. */
export type FormFields = Readonly<Record<string, string | readonly string[]>>;

function formBody(fields: FormFields): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of typeof value === 'string' ? [value] : value) params.append(name, item);
  }
  return params.toString();
}

/** A portal visitor without a browser: keeps cookies and the form's CSRF token between requests. */
export class PortalClient {
  private cookies = new Map<string, string>();
  constructor(private readonly baseUrl: string) {}

  async request(
    path: string,
    form?: FormFields,
  ): Promise<{ status: number; html: string; location: string | null; headers: Headers }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? formBody(form) : undefined,
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

  /** A GET whose answer is a file (binary-safe), with the session cookie. */
  async download(path: string): Promise<{ status: number; headers: Headers; body: Buffer }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      },
    });
    return {
      status: response.status,
      headers: response.headers,
      body: Buffer.from(await response.arrayBuffer()),
    };
  }

  /** Fetches a page and submits its form with the CSRF token it carries. */
  async submit(pagePath: string, actionPath: string, fields: FormFields) {
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
    // The form's one-time token travels with it, as a browser posts the form's hidden fields.
    const form = (await this.request('/cari')).html;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form)?.[1];
    const formToken = /name="formToken" value="([^"]+)"/.exec(form)?.[1];
    if (!csrf) throw new Error('no CSRF token on /cari');
    const page = await this.request('/cari', {
      _csrf: csrf,
      ...(formToken ? { formToken } : {}),
      nik,
      purpose,
    });
    return {
      ...page,
      code: /data-code="([A-Z_]+)"/.exec(page.html)?.[1],
      remaining: Number(/data-remaining="(\d+)"/.exec(page.html)?.[1] ?? NaN),
    };
  }

  hasSession(): boolean {
    return this.cookies.has('gerbang_sesi');
  }

  /**
   * Fetches a page and posts its form as multipart/form-data, as a browser sends a file
   * input: the CSRF token the page carries, then the file (omitted when `file` is null).
   */
  async upload(
    pagePath: string,
    actionPath: string,
    file: { name: string; content: Buffer | string; type?: string } | null,
    fieldName = 'berkas',
  ): Promise<{ status: number; html: string; location: string | null }> {
    const pageHtml = (await this.request(pagePath)).html;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(pageHtml)?.[1];
    if (!csrf) throw new Error(`no CSRF token on ${pagePath}`);
    const form = new FormData();
    form.append('_csrf', csrf);
    if (file) {
      const bytes = typeof file.content === 'string' ? Buffer.from(file.content) : file.content;
      form.append(
        fieldName,
        new Blob([bytes], { type: file.type ?? 'application/octet-stream' }),
        file.name,
      );
    }
    const response = await fetch(`${this.baseUrl}${actionPath}`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      },
      body: form,
    });
    return {
      status: response.status,
      html: await response.text(),
      location: response.headers.get('location'),
    };
  }

  /**
   * Posts a multipart form with text fields and, unless `file` is null, one file, with the
   * CSRF token of the page it comes from (as a browser submits an upload form).
   */
  async uploadForm(
    pagePath: string,
    actionPath: string,
    fields: Record<string, string>,
    file: { name: string; content: Buffer | string; type?: string; field?: string } | null,
  ): Promise<{ status: number; html: string; location: string | null }> {
    const pageHtml = (await this.request(pagePath)).html;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(pageHtml)?.[1];
    if (!csrf) throw new Error(`no CSRF token on ${pagePath}`);
    const form = new FormData();
    form.append('_csrf', csrf);
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    if (file) {
      const bytes = typeof file.content === 'string' ? Buffer.from(file.content) : file.content;
      form.append(
        file.field ?? 'berkas',
        new Blob([bytes], { type: file.type ?? 'application/octet-stream' }),
        file.name,
      );
    }
    const response = await fetch(`${this.baseUrl}${actionPath}`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      },
      body: form,
    });
    return {
      status: response.status,
      html: await response.text(),
      location: response.headers.get('location'),
    };
  }
}
