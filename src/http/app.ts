import fs from 'node:fs';
import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import csrf from '@fastify/csrf-protection';
import swagger from '@fastify/swagger';
import { projectFile } from '../project-files.js';
import type { Deps } from '../services/deps.js';
import { RuleViolation } from '../services/errors.js';
import { CSRF_COOKIE } from '../web/guards.js';
import { portalRoutes } from '../web/routes.js';
import { page } from '../web/layout.js';
import { html } from '../web/html.js';
import { apiRoutes } from './api.js';

export interface AppOptions {
  readonly trustProxy: boolean;
  readonly secureCookies: boolean;
  readonly logLevel: string;
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
    trustProxy: options.trustProxy,
    bodyLimit: 64 * 1024,
    // Request bodies and answers may hold NIKs and names: never log them. The audit trail in
    // the database is the record of every access; these logs are for operations.
    logController: new LogController({ disableRequestLogging: true }),
    logger: {
      level: options.logLevel,
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
  await app.register(portalRoutes(deps, { secureCookies: options.secureCookies }));
  return app;
}
