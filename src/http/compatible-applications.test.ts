import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import {
  makeAgency,
  makeAgreement,
  makeApplication,
  makeResident,
  makeUser,
  TEST_PASSWORD,
} from '../../test/factories.js';
import { actingAs } from '../../test/requests.js';
import {
  apiToken,
  clientCredentialsGrant,
  startTestServer,
  type TestServer,
} from '../../test/server.js';
import { OPERATOR_HEADER } from '../domain/applications.js';
import { CLI_ACTOR } from '../domain/user-scope.js';
import { setWordingProfile } from '../services/agreements/wording-profile.js';
import { issueCredentials, revokeApplication } from '../services/applications/applications.js';
import { agencyLookups, agencyUsage } from '../services/oversight/usage.js';
import { makeDeps, type Deps } from '../services/deps.js';

const FOUND = '3303054703900002';
const UNKNOWN = '3303050404800014';
const NOW = new Date('2026-11-24T03:00:00Z');

type Content = Record<string, string>;

/**
 * The national service's paths called with an application's credentials (issue 11 item 3):
 * its bearer token with the operator in `X-Gerbang-Operator`, or — for a client that can fill
 * only USER_ID and PASSWORD — its client ID and secret there with the operator in `OPERATOR`.
 * The same lookup statement decides as for every channel; refusals in the envelope's words.
 */
describe('the compatible endpoints with an application’s credentials', () => {
  let t: TestDatabase;
  let server: TestServer;
  let deps: Deps;
  let agreementId: number;
  let applicationId: number;
  let operator: { userId: string };
  let operatorNoNda: { userId: string };
  let operatorOther: { userId: string };
  let head: Awaited<ReturnType<typeof makeUser>>;
  let agencyId: number;
  let clientId: string;
  let clientSecret: string;
  let token: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db, NOW);
    deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, {
      clock: () => NOW,
    });
    await makeResident(t.db, { nik: FOUND });
    const agency = await makeAgency(t.db, { code: 'RSAPP' });
    agencyId = agency.id;
    agreementId = (await makeAgreement(t.db, agency.code, {}, { application: false })).id;
    const other = await makeAgency(t.db, { code: 'RSLAIN' });
    await makeAgreement(t.db, other.code);
    head = await makeUser(t.db, { agencyCode: agency.code, role: 'KEPALA_INSTANSI' });
    operator = await makeUser(t.db, { agencyCode: agency.code });
    operatorNoNda = await makeUser(t.db, { agencyCode: agency.code, documents: false });
    operatorOther = await makeUser(t.db, { agencyCode: other.code });
    applicationId = await makeApplication(t.db, agency.id, {
      name: 'SIMRS Khanza RS Aplikasi',
      accessPoint: '127.0.0.1',
    });
    ({ clientId, clientSecret } = await issueCredentials(
      deps,
      actingAs(head, 'KEPALA_INSTANSI', agency.id),
      applicationId,
    ));
    token = String(
      (await clientCredentialsGrant(server.url, clientId, clientSecret)).body.access_token,
    );
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  /** A call as a client sends it: JSON, or the query string with an empty body. */
  async function call(
    method: string,
    body: Record<string, string> | null,
    headers: Record<string, string> = {},
    query = '',
  ) {
    const response = await fetch(`${server.url}/dukcapil/get_json/RSAPP/${method}${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === null ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { content: Content[] }).content[0]!;
  }
  const withToken = (named: string | undefined, bearer = token) => ({
    authorization: `Bearer ${bearer}`,
    ...(named === undefined ? {} : { [OPERATOR_HEADER]: named }),
  });

  const lastLookup = async () =>
    (
      await sql<{ user_id: string | null; response_code: string; detail: unknown }>`
        SELECT u.user_id, a.response_code, a.detail FROM audit_log a
        LEFT JOIN app_user u ON u.id = a.user_id
        WHERE a.action = 'LOOKUP' ORDER BY a.id DESC LIMIT 1`.execute(t.db)
    ).rows[0]!;
  const liveTokens = async () =>
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM application_token`.execute(t.db))
      .rows[0]!.n;

  it('CALL_NIK and CALL_VERIFY_BY_ELEMEN with the bearer token, for the operator it names', async () => {
    const found = await call('CALL_NIK', { NIK: FOUND, IP_USER: 'x' }, withToken(operator.userId));
    expect(found).toMatchObject({
      NIK: FOUND,
      NAMA_LGKP: 'SRI WAHYUNINGSIH',
      TGL_LHR: '07-03-1990',
    });
    // The operator is the audit row's user, the application and the client kind its detail.
    expect(await lastLookup()).toEqual({
      user_id: operator.userId,
      response_code: 'DITEMUKAN',
      detail: { klien: 'LAYANAN_NASIONAL', ipUser: 'x', aplikasi: applicationId },
    });
    const verified = await call(
      'CALL_VERIFY_BY_ELEMEN',
      { NIK: FOUND, NAMA_LGKP: 'Sri Wahjoeningsih', TGL_LHR: '07-03-1990', TRESHOLD: '80' },
      withToken(operator.userId),
    );
    expect(verified.NIK).toBe('Sesuai');
    expect(verified.NAMA_LGKP).toMatch(/^Sesuai \(\d+\)$/);
    expect(verified.TGL_LHR).toBe('Sesuai');
    // The native lookup takes the same token.
    const native = await fetch(`${server.url}/api/v1/nik/lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...withToken(operator.userId) },
      body: JSON.stringify({ nik: FOUND, purpose: 'Pendaftaran pasien rawat jalan' }),
    });
    expect(native.status).toBe(200);
    expect(((await native.json()) as { code: string }).code).toBe('DITEMUKAN');
  });

  it('refuses an operator missing, of another agency, or without an NDA, in the envelope', async () => {
    for (const named of [undefined, '', operatorOther.userId, 'tidak.ada']) {
      expect(await call('CALL_NIK', { NIK: FOUND }, withToken(named))).toEqual({
        RESPON: 'Login Gagal',
        RESPONSE_CODE: '16',
      });
    }
    // On verification the text under both keys, and never a NIK.
    expect(
      await call('CALL_VERIFY_BY_ELEMEN', { NIK: FOUND, NAMA_LGKP: 'Sri' }, withToken(undefined)),
    ).toEqual({
      RESPON: 'Login Gagal',
      RESPONSE: 'Login Gagal',
      RESPONSE_CODE: '16',
    });
    expect(await call('CALL_NIK', { NIK: FOUND }, withToken(operatorNoNda.userId))).toEqual({
      RESPON: 'User ID non aktif, silahkan menghubungi Admin',
      RESPONSE_CODE: '03',
    });
  });

  it('refuses a token no application holds, a user’s own token, and credentials sent two ways', async () => {
    const failed = { RESPON: 'Login Gagal', RESPONSE_CODE: '01' };
    expect(
      await call('CALL_NIK', { NIK: FOUND }, withToken(operator.userId, `gba_${'x'.repeat(43)}`)),
    ).toEqual(failed);
    const userToken = await apiToken(server.url, operator.userId, TEST_PASSWORD);
    expect(await call('CALL_NIK', { NIK: FOUND }, withToken(operator.userId, userToken))).toEqual(
      failed,
    );
    expect(await call('CALL_NIK', { NIK: FOUND }, { authorization: 'Bearer pendek' })).toEqual(
      failed,
    );
    expect(
      await call(
        'CALL_NIK',
        { NIK: FOUND, USER_ID: operator.userId, PASSWORD: TEST_PASSWORD },
        withToken(operator.userId),
      ),
    ).toEqual({
      RESPON:
        'Kirim kredensial dengan satu cara saja: header Authorization Bearer, atau USER_ID dan PASSWORD',
      RESPONSE_CODE: '09',
    });
    expect(
      await call(
        'CALL_NIK',
        { NIK: FOUND, OPERATOR: operatorNoNda.userId },
        withToken(operator.userId),
      ),
    ).toEqual({
      RESPON: `Operator pada header ${OPERATOR_HEADER} dan kolom OPERATOR berbeda`,
      RESPONSE_CODE: '09',
    });
  });

  it('a legacy client: the client ID and secret as USER_ID and PASSWORD, the operator in OPERATOR', async () => {
    const before = await liveTokens();
    // Keys in the client's own case, as for user credentials.
    const found = await call('CALL_NIK', {
      nik: FOUND,
      user_id: clientId,
      password: clientSecret,
      operator: operator.userId,
      IP_USER: '192.168.0.1',
    });
    expect(found).toMatchObject({ NIK: FOUND, NAMA_LGKP: 'SRI WAHYUNINGSIH' });
    expect(await lastLookup()).toEqual({
      user_id: operator.userId,
      response_code: 'DITEMUKAN',
      detail: { klien: 'LAYANAN_NASIONAL', ipUser: '192.168.0.1', aplikasi: applicationId },
    });
    // The query-string variant: its own wording, the operator in the query too.
    const query = `?USER_ID=${clientId}&PASSWORD=${clientSecret}&NIK=${UNKNOWN}&OPERATOR=${operator.userId}`;
    expect(await call('CALL_NIK', null, {}, query)).toEqual({
      RESPON: 'Data tidak ditemukan',
      RESPONSE_CODE: '13',
    });
    // The header names the operator as well.
    expect(
      await call(
        'CALL_NIK',
        { NIK: FOUND, USER_ID: clientId, PASSWORD: clientSecret },
        { [OPERATOR_HEADER]: operator.userId },
      ),
    ).toHaveProperty('NIK', FOUND);
    // The token each call obtained ended with it.
    expect(await liveTokens()).toBe(before);
    expect(
      await call('CALL_NIK', { NIK: FOUND, USER_ID: clientId, PASSWORD: 'gbs_salah' }),
    ).toEqual({ RESPON: 'Login Gagal', RESPONSE_CODE: '01' });
    expect(
      await call('CALL_NIK', { NIK: FOUND, USER_ID: clientId, PASSWORD: clientSecret }),
    ).toEqual({
      RESPON: 'Login Gagal',
      RESPONSE_CODE: '16',
    });
  });

  it('answers in the agreement’s wording profile', async () => {
    await setWordingProfile(deps, CLI_ACTOR, agreementId, 'TEGAL', 'Varian Tegal');
    try {
      expect(await call('CALL_NIK', { NIK: UNKNOWN }, withToken(operator.userId))).toEqual({
        RESPON: 'Data tidak ditemukan',
        RESPONSE_CODE: '13',
      });
      expect(await call('CALL_NIK', { NIK: FOUND }, withToken(undefined))).toEqual({
        RESPON: 'Login gagal',
        RESPONSE_CODE: '16',
      });
    } finally {
      await setWordingProfile(deps, CLI_ACTOR, agreementId, 'NASIONAL');
    }
  });

  it('counts every call on the agency’s quota, as every channel', async () => {
    const used = async () =>
      (
        await sql<{ n: number }>`SELECT coalesce(sum(used), 0)::int AS n FROM quota_usage
          WHERE agency_id = ${agencyId}`.execute(t.db)
      ).rows[0]!.n;
    const before = await used();
    await call('CALL_NIK', { NIK: FOUND }, withToken(operator.userId));
    await call('CALL_NIK', {
      NIK: FOUND,
      USER_ID: clientId,
      PASSWORD: clientSecret,
      OPERATOR: operator.userId,
    });
    expect(await used()).toBe(before + 2);
  });

  it('shows the head the calls per channel and application, and on each lookup', async () => {
    const headActor = actingAs(head, 'KEPALA_INSTANSI', agencyId);
    const usage = await agencyUsage(deps, headActor, agencyId);
    const through = usage.perChannel.filter((c) => c.application === 'SIMRS Khanza RS Aplikasi');
    expect(through.map((c) => [c.channel, c.compatible])).toEqual(
      expect.arrayContaining([
        ['API', true],
        ['API', false],
      ]),
    );
    const list = await agencyLookups(deps, headActor, agencyId, {}, { page: 1, size: 10 });
    expect(list.rows[0]).toMatchObject({
      userId: operator.userId,
      channel: 'API',
      application: 'SIMRS Khanza RS Aplikasi',
      compatible: true,
    });
  });

  it('documents the credentials in OpenAPI: the bearer, the operator header, OPERATOR', async () => {
    const document = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const path = Object.keys(document.paths).find((p) => p.startsWith('/dukcapil/get_json/'))!;
    const post = document.paths[path]!.post!;
    expect(JSON.stringify(post.requestBody)).toContain('"OPERATOR"');
    expect(post.parameters).toContainEqual(
      expect.objectContaining({ in: 'header', name: 'x-gerbang-operator' }),
    );
    expect(post.parameters).toContainEqual(
      expect.objectContaining({ in: 'query', name: 'OPERATOR' }),
    );
    expect(post.security).toEqual([{}, { bearer: [] }]);
  });

  it('stops both ways at once when the application is revoked', async () => {
    await revokeApplication(
      deps,
      actingAs(head, 'KEPALA_INSTANSI', agencyId),
      applicationId,
      'Aplikasi diganti sistem baru',
    );
    // Its tokens went with it.
    expect(await call('CALL_NIK', { NIK: FOUND }, withToken(operator.userId))).toEqual({
      RESPON: 'Login Gagal',
      RESPONSE_CODE: '01',
    });
    expect(
      await call('CALL_NIK', {
        NIK: FOUND,
        USER_ID: clientId,
        PASSWORD: clientSecret,
        OPERATOR: operator.userId,
      }),
    ).toEqual({ RESPON: 'IP Client  Tidak terdaftar', RESPONSE_CODE: '10' });
  });
});
