import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
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
  TINY_PDF,
} from '../../test/factories.js';
import { actingAs, FormClient, whereInDatabase } from '../../test/requests.js';
import { clientCredentialsGrant, requestToken } from '../../test/server.js';
import { buildApp } from '../app.js';
import { OPERATOR_HEADER } from '../domain/applications.js';
import { POC_CASES, type CaseVerdict } from '../domain/poc-checklist.js';
import { revokeAgreementByNumber } from '../services/administration/agreements.js';
import {
  issueCredentials,
  registerApplication,
  revokeApplication,
} from '../services/applications/applications.js';
import { makeDeps, type Deps } from '../services/deps.js';
import { decideRequest, startReview } from '../services/requests/decision.js';
import { fileRequest } from '../services/requests/filing.js';
import { schedulePoc } from '../services/requests/poc.js';
import { recordPocChecklist } from '../services/requests/poc-checklist.js';
import { changeUserStatus } from '../services/users/user-actions.js';

const FOUND = '3303054703900002';
const START = new Date('2026-11-24T03:00:00Z');
const TODAY = '2026-11-24';
const LOOKUP = { nik: FOUND, purpose: 'Verifikasi peserta JKN' };

/**
 * Applications of the web service and their credentials (issue 11 items 3 and 4): the API
 * opens with the addendum that grants it and then only through an application whose PoC
 * passed; client credentials with rotation overlap and revocation; the operator named on
 * every call; the cascade of revocations; secrets never kept or logged in clear.
 */
describe('applications of the web service and their credentials', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let url: string;
  let deps: Deps;
  let now = START;
  let log = '';
  let agreementA: Awaited<ReturnType<typeof makeAgreement>>;
  let agreementB: Awaited<ReturnType<typeof makeAgreement>>;
  let agencyA: { id: number; code: string };
  let agencyB: { id: number; code: string };
  let head: Awaited<ReturnType<typeof makeUser>>;
  let operator: Awaited<ReturnType<typeof makeUser>>;
  let operatorNoNda: Awaited<ReturnType<typeof makeUser>>;
  let operatorB: Awaited<ReturnType<typeof makeUser>>;
  let admin: Awaited<ReturnType<typeof makeUser>>;
  let headActor: ReturnType<typeof actingAs>;
  let adminActor: ReturnType<typeof actingAs>;
  let applicationId: number;
  /** Every secret and token issued, to look for in the database and the log. */
  const issued: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, {
      clock: () => now,
    });
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
    });
    app = await buildApp(deps, {
      trustProxy: false,
      secureCookies: false,
      logLevel: 'trace',
      logStream,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    await makeResident(t.db, { nik: FOUND });
    agencyA = await makeAgency(t.db, { code: 'APLA' });
    agencyB = await makeAgency(t.db, { code: 'APLB' });
    // As the demo's: the web portal only, until an addendum grants the web service.
    agreementA = await makeAgreement(t.db, agencyA.code, { accessMethods: ['PORTAL'] });
    agreementB = await makeAgreement(t.db, agencyB.code, {}, { application: false });
    head = await makeUser(t.db, { agencyCode: agencyA.code, role: 'KEPALA_INSTANSI' });
    operator = await makeUser(t.db, { agencyCode: agencyA.code });
    operatorNoNda = await makeUser(t.db, { agencyCode: agencyA.code, documents: false });
    operatorB = await makeUser(t.db, { agencyCode: agencyB.code });
    admin = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
    headActor = actingAs(head, 'KEPALA_INSTANSI', agencyA.id);
    adminActor = actingAs(admin, 'ADMIN_DUKCAPIL', null);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: JSON.parse(text) as Record<string, unknown>,
    };
  }

  const lookupWith = (token: string, operatorId?: string) =>
    post('/api/v1/nik/lookup', LOOKUP, {
      authorization: `Bearer ${token}`,
      ...(operatorId === undefined ? {} : { [OPERATOR_HEADER]: operatorId }),
    });

  const callNik = () =>
    post('/dukcapil/get_json/DINKES/CALL_NIK', {
      nik: FOUND,
      user_id: operator.userId,
      password: TEST_PASSWORD,
      IP_USER: 'x',
    });

  const tokenByBody = (clientId: string, clientSecret: string) =>
    clientCredentialsGrant(url, clientId, clientSecret);

  async function tokenByBasic(clientId: string, clientSecret: string) {
    const basic = Buffer.from(
      `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`,
    ).toString('base64');
    const response = await fetch(`${url}/api/v1/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Record<string, string | number>,
    };
  }

  const lastAudit = async () =>
    (
      await sql<{ user_id: string | null; response_code: string; detail: unknown }>`
        SELECT u.user_id, a.response_code, a.detail FROM audit_log a
        LEFT JOIN app_user u ON u.id = a.user_id
        WHERE a.action = 'LOOKUP' ORDER BY a.id DESC LIMIT 1`.execute(t.db)
    ).rows[0]!;

  const adminTrail = async (action: string) =>
    (
      await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM admin_action WHERE action = ${action}`.execute(t.db)
    ).rows[0]!.n;

  async function filePoc(aplikasiId: number, letter: string) {
    return fileRequest(deps, headActor, {
      kind: 'POC',
      letterNumber: letter,
      letterDate: TODAY,
      fields: { aplikasiId: String(aplikasiId), namaAplikasi: '', keterangan: '' },
      files: [],
    });
  }

  /** The PoC's checklist recorded, every case passed unless `failed` names one. */
  async function recordChecklist(requestId: number, cases = POC_CASES, failed?: string) {
    const verdicts: CaseVerdict[] = cases.map((c) =>
      c.code === failed
        ? { code: c.code, passed: false, note: 'Jawaban ini tidak ditangani aplikasi' }
        : { code: c.code, passed: true, note: 'sesuai' },
    );
    await recordPocChecklist(deps, adminActor, requestId, verdicts);
  }

  it('refuses the API while the agreement grants the web portal only', async () => {
    const login = await requestToken(url, operator.userId, TEST_PASSWORD);
    expect(login.status).toBe(403);
    expect(login.body.code).toBe('INSTANSI_TIDAK_AKTIF');
    const legacy = await callNik();
    expect(legacy.status).toBe(200);
    // An agency refusal in the compatible client's own words (the national profile).
    expect((legacy.body.content as Record<string, string>[])[0]).toEqual({
      RESPON: 'Instansi tidak aktif',
      RESPONSE_CODE: '04',
    });
  });

  it('opens the API by the addendum of an approved method change, but only for a passed application', async () => {
    const requestId = await fileRequest(deps, headActor, {
      kind: 'PERUBAHAN_METODE_ELEMEN',
      letterNumber: '470/100/2026',
      letterDate: TODAY,
      fields: { metodeAkses: ['PORTAL', 'API'], elemenData: [...agreementA.grantedElements] },
      files: [{ purpose: 'KAJIAN_TEKNIS', fileName: 'kajian.pdf', content: TINY_PDF }],
    });
    await startReview(deps, adminActor, requestId);
    await decideRequest(deps, adminActor, requestId, {
      action: 'SETUJUI',
      answerNumber: '400.12/500/2026',
      answerDate: TODAY,
      addendum: { nomor: 'ADD/1/2026', tanggal: TODAY },
    });
    const token = (await requestToken(url, operator.userId, TEST_PASSWORD)).body.accessToken!;
    expect(token).toBeTruthy();
    // The addendum granted the API; no application of the agency passed its PoC yet.
    const refused = await lookupWith(token);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'APLIKASI_BELUM_POC' });
    // The hospital bridge's own words for a client not registered (SPEC §9).
    const legacy = await callNik();
    expect((legacy.body.content as Record<string, string>[])[0]).toEqual({
      RESPON: 'IP Client  Tidak terdaftar',
      RESPONSE_CODE: '10',
    });
  });

  it('registers an application, records its guide revision duty, and lets it call only after a passed PoC', async () => {
    applicationId = await registerApplication(deps, headActor, {
      name: 'SIMRS Puskesmas',
      purpose: 'Pendaftaran pasien rawat jalan pada SIMRS',
      technicalContact: 'Budi (TI), 0281-891234',
      accessPoint: '127.0.0.1',
    });
    const registered = await sql<{ detail: Record<string, unknown> }>`
      SELECT detail FROM admin_action WHERE action = 'APLIKASI_DIDAFTARKAN'`.execute(t.db);
    expect(registered.rows[0]!.detail).toMatchObject({ juknisRevisionRequired: true });
    // No credentials before the PoC passes.
    await expect(issueCredentials(deps, headActor, applicationId)).rejects.toMatchObject({
      code: 'KONFLIK',
    });
    // A failed PoC leaves the application unable to call.
    const failed = await filePoc(applicationId, '470/101/2026');
    await expect(filePoc(applicationId, '470/102/2026')).rejects.toMatchObject({
      code: 'PERMINTAAN_TIDAK_VALID',
    });
    await schedulePoc(deps, adminActor, failed, TODAY);
    await decideRequest(deps, adminActor, failed, {
      action: 'TOLAK',
      answerNumber: '400.12/501/2026',
      answerDate: TODAY,
      reason: 'Aplikasi belum menangani jawaban MENINGGAL',
    });
    const state = async () =>
      t.db
        .selectFrom('application')
        .select(['state', 'poc_result', 'poc_request_id'])
        .where('id', '=', applicationId)
        .executeTakeFirstOrThrow();
    expect(await state()).toEqual({
      state: 'TERDAFTAR',
      poc_result: 'TIDAK_LULUS',
      poc_request_id: failed,
    });
    const token = (await requestToken(url, operator.userId, TEST_PASSWORD)).body.accessToken!;
    expect((await lookupWith(token)).body).toMatchObject({ code: 'APLIKASI_BELUM_POC' });

    // The second PoC passes: the application may call.
    const passed = await filePoc(applicationId, '470/103/2026');
    const named = await sql<{ payload: Record<string, unknown> }>`
      SELECT payload FROM request WHERE id = ${passed}`.execute(t.db);
    expect(named.rows[0]!.payload).toMatchObject({
      aplikasiId: applicationId,
      namaAplikasi: 'SIMRS Puskesmas',
    });
    await schedulePoc(deps, adminActor, passed, TODAY);
    // An application's PoC is approved only with its complete checklist, every case passed.
    const approve = () =>
      decideRequest(deps, adminActor, passed, {
        action: 'SETUJUI',
        answerNumber: '400.12/502/2026',
        answerDate: TODAY,
      });
    const refusedFor = async () =>
      approve().then(
        () => [] as readonly string[],
        (error: { code?: string; detail?: { problems?: readonly string[] } }) => {
          expect(error.code).toBe('PERMINTAAN_TIDAK_VALID');
          return error.detail?.problems ?? [];
        },
      );
    expect(await refusedFor()).toEqual([
      expect.stringMatching(
        /^PoC aplikasi hanya dapat disetujui setelah daftar periksa PoC lengkap\. Daftar periksa belum lengkap: 18 kasus belum dicatat \(JAWABAN_DITEMUKAN, /,
      ),
    ]);
    await recordChecklist(passed, POC_CASES.slice(0, 5));
    expect(await refusedFor()).toEqual([expect.stringContaining('13 kasus belum dicatat')]);
    await recordChecklist(passed, POC_CASES, 'JAWABAN_MENINGGAL');
    expect(await refusedFor()).toEqual([
      'PoC aplikasi tidak dapat disetujui: kasus JAWABAN_MENINGGAL tidak lulus pada daftar periksa. Tolak permohonan, atau catat hasil PoC dari daftar periksa.',
    ]);
    // The same through the console API, in its JSON.
    const adminToken = (await requestToken(url, admin.userId, TEST_PASSWORD)).body.accessToken!;
    const viaApi = await post(
      `/api/v1/admin/permohonan/${passed}/setujui`,
      { nomorSuratJawaban: '400.12/502/2026', tanggalSuratJawaban: TODAY },
      { authorization: `Bearer ${adminToken}` },
    );
    expect(viaApi.status).toBe(400);
    expect(viaApi.body).toMatchObject({
      code: 'PERMINTAAN_TIDAK_VALID',
      message: expect.stringContaining('JAWABAN_MENINGGAL tidak lulus') as string,
    });
    expect(await state()).toMatchObject({ state: 'TERDAFTAR', poc_result: null });
    await recordChecklist(passed);
    await approve();
    expect(await state()).toEqual({
      state: 'LULUS_POC',
      poc_result: 'LULUS',
      poc_request_id: passed,
    });
    expect(await adminTrail('APLIKASI_TIDAK_LULUS_POC')).toBe(1);
    expect(await adminTrail('APLIKASI_LULUS_POC')).toBe(1);
    // A user's token from the application's access point calls through it, audited so.
    const answer = await lookupWith(token);
    expect(answer.status).toBe(200);
    expect(answer.body.code).toBe('DITEMUKAN');
    expect(await lastAudit()).toEqual({
      user_id: operator.userId,
      response_code: 'DITEMUKAN',
      detail: { aplikasi: applicationId },
    });
    // As does a legacy client's user ID and password.
    const legacy = await callNik();
    expect((legacy.body.content as Record<string, string>[])[0]).toHaveProperty('NIK', FOUND);
  });

  it('issues client credentials once, and the client-credentials grant gives a short-lived token', async () => {
    const credentials = await issueCredentials(deps, headActor, applicationId);
    issued.push(credentials.clientSecret);
    expect(credentials.clientId).toMatch(/^gbc_[0-9a-f]{20}$/);
    expect(credentials.previousValidUntil).toBeNull();
    expect(await adminTrail('APLIKASI_KREDENSIAL_DITERBITKAN')).toBe(1);

    for (const ask of [tokenByBasic, tokenByBody]) {
      const answer = await ask(credentials.clientId, credentials.clientSecret);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.body).toEqual({
        access_token: expect.stringMatching(/^gba_/) as string,
        token_type: 'Bearer',
        expires_in: 600,
      });
      issued.push(answer.body.access_token as string);
    }
    const token = issued.at(-1)!;
    const answer = await lookupWith(token, operator.userId);
    expect(answer.status).toBe(200);
    expect(answer.body.code).toBe('DITEMUKAN');
    // Both the operator and the application are in the audit row.
    expect(await lastAudit()).toEqual({
      user_id: operator.userId,
      response_code: 'DITEMUKAN',
      detail: { aplikasi: applicationId },
    });
  });

  it('refuses the token request in RFC 6749 §5.2 shape, in Indonesian', async () => {
    const wrong = await tokenByBasic('gbc_00000000000000000000', 'gbs_salah');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Basic realm="Gerbang"');
    expect(wrong.body).toEqual({
      error: 'invalid_client',
      error_description: 'Kredensial klien tidak dikenal atau sudah tidak berlaku',
    });
    const grant = await fetch(`${url}/api/v1/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password&client_id=a&client_secret=b',
    });
    expect(grant.status).toBe(400);
    expect(await grant.json()).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'grant_type tidak didukung: gunakan client_credentials',
    });
    const none = await fetch(`${url}/api/v1/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('refuses an operator missing, of another agency, or without an NDA', async () => {
    const token = issued.at(-1)!;
    for (const named of [undefined, '', operatorB.userId, 'tidak.ada']) {
      const answer = await lookupWith(token, named);
      expect(answer.status).toBe(403);
      expect(answer.body.code).toBe('OPERATOR_TIDAK_SAH');
    }
    const noNda = await lookupWith(token, operatorNoNda.userId);
    expect(noNda.status).toBe(403);
    expect(noNda.body.code).toBe('USER_NON_AKTIF');
  });

  it('keeps a rotated secret working through the overlap, then refuses it and its tokens', async () => {
    const app = await t.db
      .selectFrom('application')
      .select('client_id')
      .where('id', '=', applicationId)
      .executeTakeFirstOrThrow();
    const oldSecret = issued[0]!;
    const oldToken = issued.at(-1)!;
    const rotated = await issueCredentials(deps, headActor, applicationId, 2);
    issued.push(rotated.clientSecret);
    expect(rotated.clientId).toBe(app.client_id);
    expect(rotated.previousValidUntil).toEqual(new Date(START.getTime() + 2 * 3_600_000));
    expect(await adminTrail('APLIKASI_RAHASIA_DIROTASI')).toBe(1);
    // Within the overlap: both secrets, and the old secret's token.
    now = new Date(START.getTime() + 2 * 3_600_000 - 1000);
    const viaOld = await tokenByBody(rotated.clientId, oldSecret);
    expect(viaOld.status).toBe(200);
    issued.push(viaOld.body.access_token as string);
    const viaNew = await tokenByBody(rotated.clientId, rotated.clientSecret);
    expect(viaNew.status).toBe(200);
    issued.push(viaNew.body.access_token as string);
    expect((await lookupWith(viaOld.body.access_token as string, operator.userId)).status).toBe(
      200,
    );
    // The overlap over: the old secret and every token obtained with it are refused.
    now = new Date(START.getTime() + 2 * 3_600_000 + 1000);
    const late = await tokenByBody(rotated.clientId, oldSecret);
    expect(late.status).toBe(401);
    expect(late.body.error).toBe('invalid_client');
    expect(late.headers.get('www-authenticate')).toBeNull();
    const stale = await lookupWith(viaOld.body.access_token as string, operator.userId);
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe('GAGAL_LOGIN');
    expect((await lookupWith(oldToken, operator.userId)).status).toBe(401);
    // The new secret's token still works.
    const fresh = await lookupWith(viaNew.body.access_token as string, operator.userId);
    expect(fresh.status).toBe(200);
  });

  it('stops the calls at once when the operator is deactivated', async () => {
    const token = issued.at(-1)!;
    await changeUserStatus(deps, adminActor, {
      userId: operator.userId,
      to: 'NON_AKTIF',
      reason: 'Pindah tugas ke unit lain',
    });
    const answer = await lookupWith(token, operator.userId);
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe('USER_NON_AKTIF');
    await changeUserStatus(deps, adminActor, {
      userId: operator.userId,
      to: 'AKTIF',
      reason: 'Kembali bertugas di loket',
    });
    expect((await lookupWith(token, operator.userId)).status).toBe(200);
  });

  it('stops the calls at once when the application is revoked', async () => {
    const token = issued.at(-1)!;
    const app = await t.db
      .selectFrom('application')
      .select('client_id')
      .where('id', '=', applicationId)
      .executeTakeFirstOrThrow();
    await revokeApplication(deps, headActor, applicationId, 'Aplikasi diganti sistem baru');
    expect(await adminTrail('APLIKASI_DICABUT')).toBe(1);
    const answer = await lookupWith(token, operator.userId);
    // Its tokens are gone with it.
    expect(answer.status).toBe(401);
    expect(answer.body.code).toBe('GAGAL_LOGIN');
    const again = await tokenByBody(
      app.client_id!,
      issued.find((s) => s.startsWith('gbs_') && s !== issued[0])!,
    );
    expect(again.status).toBe(401);
    expect(again.body).toEqual({
      error: 'invalid_client',
      error_description: 'Aplikasi telah dicabut, silahkan menghubungi Admin',
    });
    await expect(issueCredentials(deps, headActor, applicationId)).rejects.toMatchObject({
      code: 'KONFLIK',
    });
  });

  it('stops the calls at once when the agreement is revoked', async () => {
    const otherId = await makeApplication(t.db, agencyB.id, { accessPoint: '127.0.0.1' });
    const headB = await makeUser(t.db, { agencyCode: agencyB.code, role: 'KEPALA_INSTANSI' });
    const credentials = await issueCredentials(
      deps,
      actingAs(headB, 'KEPALA_INSTANSI', agencyB.id),
      otherId,
    );
    issued.push(credentials.clientSecret);
    const token = (await tokenByBody(credentials.clientId, credentials.clientSecret)).body
      .access_token as string;
    issued.push(token);
    expect((await lookupWith(token, operatorB.userId)).status).toBe(200);
    await revokeAgreementByNumber(t.db, agreementB.nomorDukcapil, 'Kewajiban tidak dipenuhi', now);
    const answer = await lookupWith(token, operatorB.userId);
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe('INSTANSI_TIDAK_AKTIF');
    const refused = await tokenByBody(credentials.clientId, credentials.clientSecret);
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      error: 'unauthorized_client',
      error_description: 'Instansi tidak aktif',
    });
  });

  it('serves the head and Dukcapil their portal pages: register, record the guide revision, the secret shown once', async () => {
    const headPortal = new FormClient(url);
    await headPortal.login(head.userId, TEST_PASSWORD);
    const bad = await headPortal.post('/instansi/aplikasi', '/instansi/aplikasi', {
      name: 'Antrean',
      purpose: 'Antrean pasien',
      technicalContact: 'Sari, 0281-1',
      accessPoint: '300.1.1.1',
    });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('Titik akses harus alamat IP');
    const registered = await headPortal.post('/instansi/aplikasi', '/instansi/aplikasi', {
      name: 'Antrean Online',
      purpose: 'Antrean pasien dan verifikasi peserta JKN',
      technicalContact: 'Sari (TI), 0281-891235',
      accessPoint: '127.0.0.0/8',
    });
    expect(registered.status).toBe(303);
    const list = await headPortal.get('/instansi/aplikasi?hasil=terdaftar');
    expect(list.html).toContain('Antrean Online');
    expect(list.html).toContain('Revisi Juknis diperlukan, belum dicatat');
    const row = await t.db
      .selectFrom('application')
      .select('id')
      .where('name', '=', 'Antrean Online')
      .executeTakeFirstOrThrow();

    const adminPortal = new FormClient(url);
    await adminPortal.login(admin.userId, TEST_PASSWORD);
    const juknis = await adminPortal.post(
      '/dukcapil/aplikasi',
      `/dukcapil/aplikasi/${row.id}/revisi-juknis`,
      {
        nomor: '400.12/2436.1/2026',
        tanggal: TODAY,
      },
    );
    expect(juknis.status).toBe(303);
    expect((await adminPortal.get('/dukcapil/aplikasi')).html).toContain(
      'Revisi 400.12/2436.1/2026',
    );
    expect(await adminTrail('APLIKASI_REVISI_JUKNIS')).toBe(1);

    // The PoC through the request flow, then the head issues the credentials on the page.
    const poc = await filePoc(row.id, '470/104/2026');
    await schedulePoc(deps, adminActor, poc, TODAY);
    await recordChecklist(poc);
    await decideRequest(deps, adminActor, poc, {
      action: 'SETUJUI',
      answerNumber: '400.12/503/2026',
      answerDate: TODAY,
    });
    const shown = await headPortal.post(
      '/instansi/aplikasi',
      `/instansi/aplikasi/${row.id}/kredensial`,
      {},
    );
    expect(shown.status).toBe(200);
    const secret = /id="client-secret">(gbs_[A-Za-z0-9_-]+)</.exec(shown.html)?.[1];
    expect(secret).toBeTruthy();
    issued.push(secret!);
    expect(shown.headers.get('cache-control')).toBe('no-store');
    // Once: the page read again shows the client ID, never the secret.
    const again = await headPortal.get('/instansi/aplikasi');
    expect(again.html).not.toContain(secret!);
    expect(again.html).toMatch(/gbc_[0-9a-f]{20}/);
  });

  it('keeps no secret or token in clear, in the database or the log', async () => {
    expect(issued.length).toBeGreaterThanOrEqual(8);
    for (const secret of issued) {
      expect(await whereInDatabase(t.db, secret)).toEqual([]);
      expect(log).not.toContain(secret);
    }
    // The log was written (the check above would pass on an empty one).
    expect(log).toContain('"level"');
  });
});
