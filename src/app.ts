import fs from 'node:fs';
import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import csrf from '@fastify/csrf-protection';
import swagger from '@fastify/swagger';
import type { TrustProxy } from './config.js';
import { projectFile } from './project-files.js';
import { normalizeClientIp } from './domain/client-ip.js';
import type { Deps } from './services/deps.js';
import { NotFound, RuleViolation } from './services/errors.js';
import { CSRF_COOKIE } from './web/kit/guards.js';
import { portalRoutes } from './web/lookup/routes.js';
import { secondStepRoutes } from './web/account/second-step.js';
import { accountRoutes } from './web/account/routes.js';
import { usersRoutes } from './web/users/routes.js';
import { adminUsersApiRoutes } from './http/users.js';
import { accountApiRoutes } from './http/account.js';
import { complianceRoutes } from './web/compliance/routes.js';
import { dataBalikanFormRoutes } from './web/data-balikan/form.js';
import { dataBalikanRoutes } from './web/data-balikan/routes.js';
import { page } from './web/kit/layout.js';
import { html } from './web/kit/html.js';
import { apiRoutes } from './http/lookup.js';
import { dataBalikanApiRoutes } from './http/data-balikan.js';
import { dataBalikanStoreRoutes } from './http/data-balikan-store.js';
import { requestsApiRoutes } from './http/requests.js';
import { requestsPortalRoutes } from './web/requests/routes.js';
import { deadlineRoutes } from './web/deadlines/routes.js';
import { deadlineBannerHook } from './web/deadlines/banner.js';
import { deadlinesApiRoutes } from './http/deadlines.js';
import { agreementsRoutes } from './web/agreements/routes.js';
import { adminAgreementsApiRoutes } from './http/agreements.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The address the access-point check compares, set once per request (see trustProxy). */
    clientIp: string;
  }
}

export interface AppOptions {
  /** See config.ts: false, true, or the addresses/networks of trusted reverse proxies. */
  readonly trustProxy: TrustProxy;
  readonly secureCookies: boolean;
  readonly logLevel: string;
  /** Where the log goes (standard output when absent); tests read it to prove what it lacks. */
  readonly logStream?: NodeJS.WritableStream;
}

function safeError(error: FastifyError) {
  return {
    type: error.name,
    code: error.code,
    message: error.message,
    stack: (error.stack ?? '').split('\n').slice(1, 8).join('\n'),
  };
}
const stylesheet = fs.readFileSync(projectFile('src', 'web', 'static', 'app.css'));

/**
 * The request pipeline, top to bottom: security headers, cookies and forms, CSRF, the
 * OpenAPI description, no-store on everything that may carry population data, the JSON API,
 * the portal, then 404 and errors.
 */
export async function buildApp(deps: Deps, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    trustProxy:
      typeof options.trustProxy === 'boolean' ? options.trustProxy : [...options.trustProxy],
    bodyLimit: 64 * 1024,
    // Request bodies and answers may hold NIKs and names: never log them. The audit trail in
    // the database is the record of every access; these logs are for operations.
    logController: new LogController({ disableRequestLogging: true }),
    logger: {
      level: options.logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      // A database error carries the statement's parameters (NIK, purpose, token hash): log
      // only what identifies the fault.
      serializers: { err: safeError },
    },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.secureCookies,
    frameguard: { action: 'deny' },
  });
  app.decorateRequest('clientIp', '');
  app.addHook('onRequest', async (request) => {
    request.clientIp = normalizeClientIp(request.ip);
  });
  await app.register(cookie);
  await app.register(formbody);
  await app.register(csrf, {
    cookieKey: CSRF_COOKIE,
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure: options.secureCookies },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Gerbang — API verifikasi NIK',
        version: '1.0.0',
        description:
          'Layanan verifikasi penduduk Disdukcapil Kabupaten Purbalingga bagi instansi pengguna sesuai PKS.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });

  // Overdue and due-soon deadlines atop every page an agency head opens (issue 3 item 6).
  app.addHook('onSend', deadlineBannerHook(deps));
  app.addHook('onSend', async (request, reply) => {
    if (!request.url.startsWith('/static/')) {
      reply.header('cache-control', 'no-store');
      reply.header('pragma', 'no-cache');
    }
  });

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/static/app.css', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .send(stylesheet),
  );

  const isApi = (url: string) => url.startsWith('/api/');

  app.setNotFoundHandler(async (request, reply) => {
    if (isApi(request.url)) {
      return reply.code(404).send({ code: 'TIDAK_ADA', message: 'Alamat API tidak dikenal' });
    }
    const body = html`<h1>Halaman tidak ditemukan</h1>
      <p><a href="/">Kembali ke beranda</a></p>`;
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send(page({ title: 'Tidak ditemukan', body }));
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    if (error instanceof NotFound) {
      if (isApi(request.url)) {
        return reply.code(404).send({ code: 'TIDAK_ADA', message: error.message });
      }
      const body = html`<h1>Tidak ditemukan</h1>
        <div class="alert bad">${error.message}</div>
        <p><a href="/">Kembali ke beranda</a></p>`;
      return reply
        .code(404)
        .type('text/html; charset=utf-8')
        .send(page({ title: 'Tidak ditemukan', body }));
    }
    if (error instanceof RuleViolation) {
      if (isApi(request.url)) {
        return reply.code(400).send({ code: 'PERMINTAAN_TIDAK_VALID', message: error.message });
      }
      const body = html`<h1>Permintaan tidak dapat diproses</h1>
        <div class="alert bad">${error.message}</div>
        <p><a href="/">Kembali ke beranda</a></p>`;
      return reply
        .code(400)
        .type('text/html; charset=utf-8')
        .send(page({ title: 'Galat', body }));
    }
    let message: string;
    if (error.validation) message = `Permintaan tidak valid: ${error.message}`;
    else if (error.code?.startsWith('FST_CSRF'))
      message = 'Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi.';
    else if (status === 413) message = 'Permintaan terlalu besar';
    else if (status < 500) message = 'Permintaan tidak dapat diproses';
    else {
      request.log.error({ err: error }, 'galat tak terduga');
      message = 'Terjadi gangguan pada server. Silakan coba lagi atau hubungi Admin Dukcapil.';
    }
    if (isApi(request.url)) {
      const code = error.validation
        ? 'PERMINTAAN_TIDAK_VALID'
        : status < 500
          ? 'PERMINTAAN_DITOLAK'
          : 'GANGGUAN_SERVER';
      return reply.code(status).send({ code, message });
    }
    const body = html`<h1>Permintaan tidak dapat diproses</h1>
      <div class="alert bad">${message}</div>
      <p><a href="/">Kembali ke beranda</a></p>`;
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(page({ title: 'Galat', body }));
  });

  await app.register(apiRoutes(deps));
  await app.register(dataBalikanApiRoutes(deps));
  await app.register(dataBalikanStoreRoutes(deps));
  await app.register(portalRoutes(deps, { secureCookies: options.secureCookies }));
  await app.register(secondStepRoutes(deps, { secureCookies: options.secureCookies }));
  await app.register(accountRoutes(deps));
  await app.register(usersRoutes(deps));
  await app.register(adminUsersApiRoutes(deps));
  await app.register(accountApiRoutes(deps));
  await app.register(complianceRoutes(deps));
  await app.register(dataBalikanFormRoutes(deps));
  await app.register(dataBalikanRoutes(deps));
  await app.register(requestsApiRoutes(deps));
  await app.register(requestsPortalRoutes(deps));
  await app.register(deadlineRoutes(deps));
  await app.register(deadlinesApiRoutes(deps));
  await app.register(agreementsRoutes(deps));
  await app.register(adminAgreementsApiRoutes(deps));
  return app;
}
