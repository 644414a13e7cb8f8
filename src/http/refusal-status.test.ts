import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  installCallerChecks,
  installRefusalHandlers,
  routeDeclarationCheck,
  type RouteDeclaration,
} from '../app-pipeline.js';
import { ACCOUNT_REFUSALS } from '../domain/account-refusals.js';
import { Refusal, REFUSAL_CODES, REFUSALS } from '../domain/refusals.js';
import { RESPONSES } from '../domain/responses.js';
import type { Deps } from '../services/deps.js';
import { REFUSAL_STATUS } from './refusal-status.js';

describe('the refusal table', () => {
  it('gives every code of domain/refusals.ts a status, and no other code', () => {
    expect(Object.keys(REFUSAL_STATUS).sort()).toEqual([...REFUSAL_CODES].sort());
    for (const code of REFUSAL_CODES) {
      const status = REFUSAL_STATUS[code];
      expect(Number.isInteger(status) && status >= 400 && status < 600, code).toBe(true);
      expect(REFUSALS[code].message.length, code).toBeGreaterThan(0);
    }
  });

  it('keeps the statuses and texts of the SPEC §2 and login tables for their codes', () => {
    for (const code of [
      'GAGAL_LOGIN',
      'USER_NON_AKTIF',
      'INSTANSI_TIDAK_AKTIF',
      'IP_TIDAK_SESUAI',
      'AKSES_DITAHAN',
      'KUOTA_HABIS',
    ] as const) {
      expect(REFUSAL_STATUS[code], code).toBe(RESPONSES[code].httpStatus);
      expect(REFUSALS[code].message, code).toBe(RESPONSES[code].message);
    }
    for (const code of ['OTP_DIPERLUKAN', 'GANTI_KATA_SANDI', 'TOTP_WAJIB'] as const) {
      expect(REFUSAL_STATUS[code], code).toBe(ACCOUNT_REFUSALS[code].httpStatus);
    }
  });

  it('keeps the codes and statuses the API answered before the one model', () => {
    expect(REFUSAL_STATUS).toMatchObject({
      PERMINTAAN_TIDAK_VALID: 400,
      TIDAK_ADA: 404,
      TIDAK_DITEMUKAN: 404,
      TIDAK_BERWENANG: 403,
      AKUN_SENDIRI: 409,
      STATUS_TIDAK_SESUAI: 409,
      TIDAK_TERKUNCI: 409,
      BERKAS_KOSONG: 400,
      BERKAS_TERLALU_BESAR: 413,
      JENIS_BERKAS_DITOLAK: 415,
      TERLALU_BANYAK_DATA: 413,
      KUNCI_SUDAH_DIPAKAI: 422,
      DITOLAK: 422,
      GANGGUAN_SERVER: 500,
    });
  });
});

describe('the error pipeline', () => {
  let app: FastifyInstance;
  // The checks below never reach the database: no token, no session cookie.
  const deps = { clock: () => new Date(), tokenTtlSeconds: 60, sessionTtlSeconds: 60 } as Deps;
  const Body = Type.Object(
    { purpose: Type.String({ minLength: 1 }), jumlah: Type.Optional(Type.Integer()) },
    { additionalProperties: false },
  );

  beforeAll(async () => {
    app = Fastify({ ajv: { customOptions: { removeAdditional: false, coerceTypes: false } } });
    app.decorateRequest('clientIp', '');
    installCallerChecks(app, deps);
    await app.register(cookie);
    installRefusalHandlers(app, deps);
    const publicApi = { config: { permission: 'public' as const }, schema: { body: Body } };
    app.post('/api/v1/uji/terbuka', publicApi, async () => ({ ok: true }));
    app.post(
      '/api/v1/uji/admin',
      { config: { permission: 'user.manage' }, schema: { body: Body } },
      async () => ({ ok: true }),
    );
    app.post(
      '/api/v1/uji/sendiri',
      { config: { permission: 'nik.lookup', authInUseCase: true }, schema: { body: Body } },
      async () => ({ ok: true }),
    );
    app.get('/api/v1/uji/konflik', { config: { permission: 'public' } }, async () => {
      throw new Refusal('KONFLIK', 'PKS ini sudah berlaku', { problems: ['a', 'b'] });
    });
    app.get('/api/v1/uji/lama', { config: { permission: 'public' } }, async () => {
      throw new Refusal('TIDAK_ADA', 'Instansi tidak ditemukan');
    });
    app.get('/api/v1/uji/pengguna', { config: { permission: 'public' } }, async () => {
      throw new Refusal('AKUN_SENDIRI', 'Tidak untuk akun sendiri');
    });
    app.get('/api/v1/uji/rusak', { config: { permission: 'public' } }, async () => {
      throw new Error('SELECT … nik = 3303…');
    });
    app.get('/uji/halaman', { config: { permission: 'public' } }, async () => {
      throw new Refusal('TIDAK_ADA', 'Permohonan tidak ditemukan');
    });
    app.get('/uji/aturan', { config: { permission: 'public' } }, async () => {
      throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Alasan <b>wajib</b> diisi');
    });
    app.post(
      '/uji/formulir',
      { config: { permission: 'user.manage' }, schema: { body: Body } },
      async () => 'ok',
    );
    await app.ready();
  });
  afterAll(() => app.close());

  const post = (url: string, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url, payload });

  it('answers a body the schema refuses in Bahasa Indonesia, by field', async () => {
    const answer = await post('/api/v1/uji/terbuka', { jumlah: 'dua', lain: 1 });
    expect(answer.statusCode).toBe(400);
    const body = answer.json<{ code: string; message: string; errors: unknown[] }>();
    expect(body.code).toBe('PERMINTAAN_TIDAK_VALID');
    expect(body.message).toMatch(/^Permintaan tidak valid: /);
    expect(body.message).not.toMatch(/must/);
    expect(body.errors.length).toBeGreaterThan(0);
    const missing = await post('/api/v1/uji/terbuka', {});
    expect(missing.json()).toEqual({
      code: 'PERMINTAAN_TIDAK_VALID',
      message: 'Permintaan tidak valid: purpose wajib diisi',
      errors: [{ field: 'purpose', message: 'purpose wajib diisi' }],
    });
  });

  it('checks the caller before the body: 401 GAGAL_LOGIN, however malformed the body', async () => {
    // A route whose use case authenticates gets a well-formed body to the use case, which
    // refuses (and audits) it there.
    for (const [url, payloads] of [
      ['/api/v1/uji/admin', [{}, { purpose: 'ok' }, 'bukan json']],
      ['/api/v1/uji/sendiri', [{}, { purpose: 1 }, 'bukan json']],
    ] as const) {
      for (const payload of payloads) {
        const answer = await app.inject({
          method: 'POST',
          url,
          payload,
          headers: { 'content-type': 'application/json' },
        });
        expect(answer.statusCode, `${url} ${JSON.stringify(payload)}`).toBe(401);
        expect(answer.json()).toEqual({ code: 'GAGAL_LOGIN', message: 'Gagal Login' });
      }
    }
  });

  it('answers a thrown refusal with its code, message and status', async () => {
    const conflict = await app.inject('/api/v1/uji/konflik');
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toEqual({
      code: 'KONFLIK',
      message: 'PKS ini sudah berlaku',
      masalah: ['a', 'b'],
    });
    const old = await app.inject('/api/v1/uji/lama');
    expect(old.statusCode).toBe(404);
    expect(old.json()).toEqual({ code: 'TIDAK_ADA', message: 'Instansi tidak ditemukan' });
    const user = await app.inject('/api/v1/uji/pengguna');
    expect(user.statusCode).toBe(409);
    expect(user.json()).toEqual({ code: 'AKUN_SENDIRI', message: 'Tidak untuk akun sendiri' });
  });

  it('hides what an unexpected error says', async () => {
    const answer = await app.inject('/api/v1/uji/rusak');
    expect(answer.statusCode).toBe(500);
    expect(answer.json()).toEqual({
      code: 'GANGGUAN_SERVER',
      message: REFUSALS.GANGGUAN_SERVER.message,
    });
  });

  it('answers an unknown API address and page', async () => {
    const api = await app.inject('/api/v1/tidak-ada');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ code: 'TIDAK_ADA', message: 'Alamat API tidak dikenal' });
    const page = await app.inject('/tidak-ada');
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Halaman tidak ditemukan');
  });

  it('renders a refusal on the portal as its error page, escaped', async () => {
    const missing = await app.inject('/uji/halaman');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('text/html');
    expect(missing.body).toContain('<h1>Tidak ditemukan</h1>');
    expect(missing.body).toContain('Permohonan tidak ditemukan');
    const rule = await app.inject('/uji/aturan');
    expect(rule.statusCode).toBe(400);
    expect(rule.body).toContain('Permintaan tidak dapat diproses');
    expect(rule.body).toContain('Alasan &lt;b&gt;wajib&lt;/b&gt; diisi');
  });

  it('sends a visitor to the login page before telling what is wrong with a form', async () => {
    const answer = await app.inject({ method: 'POST', url: '/uji/formulir', payload: {} });
    expect(answer.statusCode).toBe(303);
    expect(answer.headers.location).toBe('/masuk');
  });

  it('records every route with its declaration, and refuses to start with an undeclared one', async () => {
    expect(app.routeDeclarations).toEqual(
      expect.arrayContaining([
        { method: 'POST', url: '/api/v1/uji/admin', permission: 'user.manage' },
      ]),
    );
    const other = Fastify();
    installCallerChecks(other, deps);
    expect(() => other.get('/uji/belum', async () => 'ok')).toThrow(/config\.permission/);
    await other.close();
    expect(app.routeDeclarations.some((r) => r.method === 'HEAD')).toBe(false);
  });
});

describe('routeDeclarationCheck', () => {
  const route = (url: string, permission?: string) =>
    ({
      method: 'GET',
      url,
      handler: () => undefined,
      ...(permission ? { config: { permission } } : {}),
    }) as Parameters<ReturnType<typeof routeDeclarationCheck>>[0];

  it('when strict, refuses a route without a declaration, but not files and the API description', () => {
    const check = routeDeclarationCheck([], true);
    expect(() => check(route('/api/v1/pks'))).toThrow(/config\.permission/);
    expect(() => check(route('/dukcapil/pks'))).toThrow(/config\.permission/);
    expect(() => check(route('/api/v1/pks', 'agreement.viewAll'))).not.toThrow();
    expect(() => check(route('/static/app.css'))).not.toThrow();
    expect(() => check(route('/api/v1/openapi.json'))).not.toThrow();
  });

  it('when not strict, only records', () => {
    const seen: RouteDeclaration[] = [];
    routeDeclarationCheck(seen, false)(route('/api/v1/pks'));
    expect(seen).toEqual([{ method: 'GET', url: '/api/v1/pks', permission: undefined }]);
  });
});
