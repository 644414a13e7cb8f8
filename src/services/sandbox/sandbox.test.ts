import fs from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeAgency } from '../../../test/factories.js';
import { requestToken, startTestServer, type TestServer } from '../../../test/server.js';
import { refusalOf } from '../../domain/national-service.js';
import { RESPONSES } from '../../domain/responses.js';
import {
  SANDBOX_BANNER,
  SANDBOX_NIK_BAD_FORMAT,
  SANDBOX_RESIDENTS,
  sandboxRoutes,
} from '../../domain/sandbox.js';
import { REGISTRY_HEADER } from '../../domain/resident-row.js';
import { projectFile } from '../../project-files.js';
import { countResidents } from '../../store/residents.js';
import { makeDeps } from '../deps.js';
import { Refusal } from '../errors.js';
import { importResidents } from '../registry/import.js';
import { prepareSandbox } from './sandbox.js';

const NOW = new Date('2026-11-24T03:00:00Z');
const PASSWORD = 'sandbox-uji-rahasia-1';
const GENERATED = 40;

/** The answer of the native API for a route: the token's refusal, or the lookup's code. */
async function nativeAnswer(server: TestServer, userId: string, password: string, nik: string) {
  const token = await requestToken(server.url, userId, password);
  if (!token.body.accessToken) return { code: token.body.code, header: null };
  const response = await fetch(`${server.url}/api/v1/nik/lookup`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token.body.accessToken}`,
    },
    body: JSON.stringify({ nik, purpose: 'Uji integrasi aplikasi sebelum PoC' }),
  });
  const body = (await response.json()) as { code: string };
  return { code: body.code, header: response.headers.get('x-gerbang-lingkungan') };
}

/** CALL_NIK as the hospital bridge sends it. */
async function compatibleAnswer(server: TestServer, userId: string, password: string, nik: string) {
  const response = await fetch(`${server.url}/dukcapil/get_json/SANDBOX/CALL_NIK`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nik, user_id: userId, password, IP_USER: '127.0.0.1' }),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('x-gerbang-lingkungan')).toBe('sandbox');
  const body = (await response.json()) as { content: Record<string, string>[] };
  return body.content[0]!;
}

describe('the PoC sandbox (gerbang sandbox)', () => {
  let t: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    t = await createTestDatabase();
    const deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, {
      clock: () => NOW,
    });
    const created = await prepareSandbox(deps, {
      password: PASSWORD,
      residents: GENERATED,
      log: () => {},
    });
    expect(created).toBe(true);
    server = await startTestServer(t.db, NOW, { sandbox: true });
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  it('holds the generated residents and the fixed ones, and opens again without loading twice', async () => {
    expect(await countResidents(t.db)).toBe(GENERATED + SANDBOX_RESIDENTS.length);
    const deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, {
      clock: () => NOW,
    });
    expect(await prepareSandbox(deps, { password: undefined, log: () => {} })).toBe(false);
    expect(await countResidents(t.db)).toBe(GENERATED + SANDBOX_RESIDENTS.length);
  });

  it('answers each of the twelve answers of SPEC §2 on purpose, on the native API and CALL_NIK', async () => {
    const routes = sandboxRoutes();
    expect(new Set(routes.map((route) => route.answer))).toEqual(new Set(Object.keys(RESPONSES)));
    for (const route of routes) {
      const password = route.answer === 'GAGAL_LOGIN' ? 'salah-sekali' : PASSWORD;
      const native = await nativeAnswer(server, route.userId, password, route.nik);
      expect(native.code, route.answer).toBe(route.answer);
      const content = await compatibleAnswer(server, route.userId, password, route.nik);
      if (route.answer === 'DITEMUKAN') {
        expect(content.NIK).toBe(route.nik);
        expect(content.NAMA_LGKP).toBe('AGUS SETIAWAN');
      } else {
        expect(content, route.answer).toEqual({
          RESPON: refusalOf(route.answer, 'NASIONAL').text,
          RESPONSE_CODE: refusalOf(route.answer, 'NASIONAL').code,
        });
      }
    }
    // The other wrong-format NIK of the table, and the quota kept spent on another day.
    expect(
      (await nativeAnswer(server, 'uji.operator', PASSWORD, SANDBOX_NIK_BAD_FORMAT[1])).code,
    ).toBe('FORMAT_SALAH');
    server.setNow(new Date('2026-11-25T03:00:00Z'));
    try {
      expect(
        (await nativeAnswer(server, 'uji.kuota', PASSWORD, SANDBOX_RESIDENTS[0]!.nik)).code,
      ).toBe('KUOTA_HABIS');
    } finally {
      server.setNow(NOW);
    }
  });

  it('marks every answer and every portal page, and shows the NIK table on its page', async () => {
    const answer = await nativeAnswer(server, 'uji.operator', PASSWORD, SANDBOX_RESIDENTS[1]!.nik);
    expect(answer).toEqual({ code: 'DITEMUKAN', header: 'sandbox' });
    const login = await fetch(`${server.url}/masuk`);
    const loginPage = await login.text();
    expect(login.headers.get('x-gerbang-lingkungan')).toBe('sandbox');
    expect(loginPage).toContain(SANDBOX_BANNER);
    const page = await fetch(`${server.url}/sandbox`);
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain(SANDBOX_BANNER);
    for (const route of sandboxRoutes()) {
      expect(text).toContain(`data-answer="${route.answer}"`);
      expect(text).toContain(route.nik);
      expect(text).toContain(route.userId);
    }
    // How an application calls with its own credentials, as docs/SANDBOX.md says.
    for (const part of ['/api/v1/oauth/token', 'X-Gerbang-Operator', '<code>OPERATOR</code>'])
      expect(text).toContain(part);
  });

  it('docs/SANDBOX.md lists every NIK and user ID of the table', () => {
    const doc = fs.readFileSync(projectFile('docs', 'SANDBOX.md'), 'utf8');
    for (const route of sandboxRoutes()) {
      expect(doc, route.answer).toContain(route.nik);
      expect(doc, route.answer).toContain(`\`${route.userId}\``);
      expect(doc, route.answer).toContain(`\`${route.answer}\``);
    }
    for (const nik of SANDBOX_NIK_BAD_FORMAT) expect(doc).toContain(nik);
  });

  it('refuses a register import, and the server refuses to be a sandbox on a register', async () => {
    const csv = `${REGISTRY_HEADER}\n3303051708859999,BUDI,LAKI-LAKI,PURBALINGGA,1985-08-17,KAWIN,WIRASWASTA,JL. A,3303051001,001,001,AKTIF\n`;
    const refused = await importResidents(t.db, Readable.from([csv]), { today: NOW }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(Refusal);
    expect((refused as Refusal).code).toBe('LINGKUNGAN_UJI');
    expect(await countResidents(t.db)).toBe(GENERATED + SANDBOX_RESIDENTS.length);

    const other = await createTestDatabase();
    try {
      await makeAgency(other.db, { code: 'DINKES' });
      const deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, other.db);
      const notSandbox = await prepareSandbox(deps, { password: PASSWORD, log: () => {} }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(notSandbox).toBeInstanceOf(Refusal);
      expect((notSandbox as Refusal).message).toContain('bukan sandbox');
    } finally {
      await other.drop();
    }
  });
});
