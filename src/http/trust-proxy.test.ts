import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import {
  auditOf,
  makeAgency,
  makeAgreement,
  makeResident,
  makeUser,
  TEST_PASSWORD,
} from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/server.js';
import { loadConfig, parseTrustProxy, type TrustProxy } from '../config.js';

const FOUND = '3303054703900002';
/** The agreement's access point: the agency's LAN address behind the proxy. */
const ACCESS_POINT = '10.10.0.67';

describe('GERBANG_TRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['0', false],
    ['true', true],
    ['YES', true],
    ['127.0.0.1', ['127.0.0.1']],
    ['127.0.0.1, 10.0.0.0/8 ,::1', ['127.0.0.1', '10.0.0.0/8', '::1']],
    ['fd00::/8', ['fd00::/8']],
  ] as const)('%j is %j', (raw, expected) => {
    expect(parseTrustProxy(raw)).toEqual(expected);
  });

  it.each(['proxy.local', '10.0.0.0/33', '10.0.0.1/', '::1/129', '1.2.3', ',', 'true,false'])(
    'refuses %j at start, naming the setting',
    (raw) => {
      expect(() => loadConfig({ GERBANG_TRUST_PROXY: raw })).toThrow(/GERBANG_TRUST_PROXY/);
    },
  );

  it('is off by default', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
  });
});

describe('the access point behind a reverse proxy', () => {
  let t: TestDatabase;
  const servers: TestServer[] = [];
  let operator: { userId: string };

  beforeAll(async () => {
    t = await createTestDatabase();
    await makeResident(t.db, { nik: FOUND });
    const agency = await makeAgency(t.db);
    await makeAgreement(t.db, agency.code, { accessPoints: [ACCESS_POINT] });
    operator = await makeUser(t.db, { agencyCode: agency.code });
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await t.drop();
  });

  async function serverTrusting(trustProxy: TrustProxy | undefined) {
    const server = await startTestServer(
      t.db,
      undefined,
      trustProxy === undefined ? {} : { trustProxy },
    );
    servers.push(server);
    return server;
  }

  /** Token and lookup as sent through a proxy that names the client in X-Forwarded-For. */
  async function viaProxy(server: TestServer, forwardedFor: string) {
    const headers = { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor };
    const login = await fetch(`${server.url}/api/v1/auth/token`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ userId: operator.userId, password: TEST_PASSWORD }),
    });
    const token = (await login.json()) as { accessToken?: string; code?: string };
    if (!token.accessToken) return { login: login.status, code: token.code };
    const lookup = await fetch(`${server.url}/api/v1/nik/lookup`, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${token.accessToken}` },
      body: JSON.stringify({ nik: FOUND, purpose: 'Verifikasi pasien' }),
    });
    return { login: login.status, code: ((await lookup.json()) as { code: string }).code };
  }

  it('ignores X-Forwarded-For with trust off (the default): the connecting address is checked', async () => {
    for (const server of [await serverTrusting(undefined), await serverTrusting(false)]) {
      expect(await viaProxy(server, ACCESS_POINT)).toEqual({
        login: 403,
        code: 'IP_TIDAK_SESUAI',
      });
    }
    const audit = await auditOf(t.db, operator.userId);
    expect(audit.at(-1)).toMatchObject({ action: 'LOGIN', client_ip: '127.0.0.1' });
  });

  it('checks the forwarded address when the request comes from a trusted proxy (127.0.0.1)', async () => {
    const server = await serverTrusting(['127.0.0.1']);
    expect(await viaProxy(server, ACCESS_POINT)).toEqual({ login: 200, code: 'DITEMUKAN' });
    expect(await viaProxy(server, '10.10.0.99')).toEqual({ login: 403, code: 'IP_TIDAK_SESUAI' });
    const audit = await auditOf(t.db, operator.userId);
    expect(audit.filter((row) => row.action === 'LOOKUP').at(-1)).toMatchObject({
      client_ip: ACCESS_POINT,
      response_code: 'DITEMUKAN',
    });
  });

  it('ignores X-Forwarded-For from a proxy that is not the trusted one', async () => {
    const server = await serverTrusting(['10.20.0.1']);
    expect(await viaProxy(server, ACCESS_POINT)).toEqual({ login: 403, code: 'IP_TIDAK_SESUAI' });
  });
});
