import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import {
  auditOf,
  makeAgency,
  makeAgreement,
  makeResident,
  makeUser,
  TEST_PASSWORD,
} from '../../test/factories.js';
import {
  apiLookup,
  apiToken,
  PortalClient,
  requestToken,
  startTestServer,
  type TestServer,
} from '../../test/server.js';
import { RESPONSES, type ResponseCode } from '../domain/responses.js';
import { setAgencyStatus } from '../store/agencies.js';
import { setUserStatus } from '../store/users.js';

const FOUND = '3303054703900002';
const DECEASED = '3303050101500011';
const DOUBLE = '3303050202600012';
const INACTIVE = '3303050303700013';
const UNKNOWN = '3303050404800014';

describe('NIK lookup over HTTP: every answer of SPEC §2 on the API and the portal', () => {
  let t: TestDatabase;
  let server: TestServer;
  let dinkes: { code: string };
  let operator: { userId: string };

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
    await makeResident(t.db, { nik: FOUND });
    await makeResident(t.db, {
      nik: DECEASED,
      namaLengkap: 'SUPARNO',
      jenisKelamin: 'LAKI-LAKI',
      status: 'MENINGGAL',
    });
    await makeResident(t.db, {
      nik: DOUBLE,
      namaLengkap: 'SUTRISNO',
      jenisKelamin: 'LAKI-LAKI',
      status: 'GANDA',
    });
    await makeResident(t.db, {
      nik: INACTIVE,
      namaLengkap: 'PARYONO',
      jenisKelamin: 'LAKI-LAKI',
      status: 'NON_AKTIF',
    });
    dinkes = await makeAgency(t.db, { code: 'DINKES' });
    await makeAgreement(t.db, dinkes.code);
    operator = await makeUser(t.db, { agencyCode: dinkes.code });
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  const expectAnswer = (
    answer: { status: number; body: { code: string; message: string } },
    code: ResponseCode,
  ) => {
    expect(answer.body.code).toBe(code);
    expect(answer.body.message).toBe(RESPONSES[code].message);
    expect(answer.status).toBe(RESPONSES[code].httpStatus);
  };

  describe('API', () => {
    let token: string;
    beforeAll(async () => {
      token = await apiToken(server.url, operator.userId, TEST_PASSWORD);
    });

    it('DITEMUKAN returns exactly the data keys of SPEC §8, not cacheable', async () => {
      const answer = await apiLookup(server.url, token, FOUND);
      expectAnswer(answer, 'DITEMUKAN');
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.body.data).toEqual({
        nik: FOUND,
        namaLengkap: 'SRI WAHYUNINGSIH',
        jenisKelamin: 'PEREMPUAN',
        tempatLahir: 'PURBALINGGA',
        tanggalLahir: '1990-03-07',
        statusPerkawinan: 'KAWIN',
        jenisPekerjaan: 'GURU',
        alamat: {
          alamat: 'JL. JENDERAL SUDIRMAN NO. 12',
          provinsi: 'Jawa Tengah',
          kabupaten: 'Kabupaten Purbalingga',
          kodeKecamatan: '33.03.05',
          kecamatan: 'Purbalingga',
          desa: expect.any(String) as string,
          rt: '003',
          rw: '002',
        },
      });
      expect(Object.keys(answer.body).sort()).toEqual(['code', 'data', 'message', 'quota']);
      expect(answer.body.quota).toEqual({ limit: 200, used: 1, remaining: 199 });
    });

    it.each([
      [DECEASED, 'MENINGGAL'],
      [DOUBLE, 'GANDA'],
      [INACTIVE, 'NON_AKTIF'],
      [UNKNOWN, 'TIDAK_DITEMUKAN'],
    ] as const)('%s answers %s without data, and counts a hit', async (nik, code) => {
      const before = (await apiLookup(server.url, token, FOUND)).body.quota!.used;
      const answer = await apiLookup(server.url, token, nik);
      expectAnswer(answer, code);
      expect(answer.body.data).toBeUndefined();
      expect(answer.body.quota!.used).toBe(before + 1);
    });

    it('FORMAT_SALAH for a malformed NIK does not count', async () => {
      const before = (await apiLookup(server.url, token, FOUND)).body.quota!.used;
      for (const nik of [
        '330305470390000',
        '3303054703900002 ',
        '33030547039O0002',
        '3303053203900002',
        '3303050703900000',
      ]) {
        const answer = await apiLookup(server.url, token, nik);
        expectAnswer(answer, 'FORMAT_SALAH');
        expect(answer.body.quota!.used).toBe(before);
      }
    });

    it('GAGAL_LOGIN: the same answer for an unknown user and a wrong password; a bad token is refused', async () => {
      for (const [userId, password] of [
        ['tidak.ada', TEST_PASSWORD],
        [operator.userId, 'salah-kata-sandi'],
      ] as const) {
        const response = await requestToken(server.url, userId, password);
        expect(response.status).toBe(401);
        expect(response.body).toEqual({ code: 'GAGAL_LOGIN', message: 'Gagal Login' });
      }
      expectAnswer(await apiLookup(server.url, 'x'.repeat(43), FOUND), 'GAGAL_LOGIN');
      expectAnswer(await apiLookup(server.url, undefined, FOUND), 'GAGAL_LOGIN');
    });

    it('a revoked token stops working at once', async () => {
      const own = await apiToken(server.url, operator.userId, TEST_PASSWORD);
      const revoke = await fetch(`${server.url}/api/v1/auth/revoke`, {
        method: 'POST',
        headers: { authorization: `Bearer ${own}` },
      });
      expect(revoke.status).toBe(204);
      expectAnswer(await apiLookup(server.url, own, FOUND), 'GAGAL_LOGIN');
    });

    it('an expired token is refused', async () => {
      const own = await apiToken(server.url, operator.userId, TEST_PASSWORD);
      server.setNow(new Date('2026-11-24T04:00:01Z'));
      try {
        expectAnswer(await apiLookup(server.url, own, FOUND), 'GAGAL_LOGIN');
      } finally {
        server.setNow(new Date('2026-11-24T03:00:00Z'));
      }
    });

    it('USER_NON_AKTIF at login and for a token already issued', async () => {
      const user = await makeUser(t.db, { agencyCode: dinkes.code });
      const own = await apiToken(server.url, user.userId, TEST_PASSWORD);
      await setUserStatus(t.db, user.id, 'NON_AKTIF');
      expectAnswer(await apiLookup(server.url, own, FOUND), 'USER_NON_AKTIF');
      const login = await requestToken(server.url, user.userId, TEST_PASSWORD);
      expect(login.status).toBe(403);
      expect(login.body).toEqual({
        code: 'USER_NON_AKTIF',
        message: RESPONSES.USER_NON_AKTIF.message,
      });
    });

    it('AKSES_DITAHAN for a user held by the input-pattern policy', async () => {
      const user = await makeUser(t.db, { agencyCode: dinkes.code });
      const own = await apiToken(server.url, user.userId, TEST_PASSWORD);
      await setUserStatus(t.db, user.id, 'DITAHAN');
      expectAnswer(await apiLookup(server.url, own, FOUND), 'AKSES_DITAHAN');
    });

    it('INSTANSI_TIDAK_AKTIF when the agency is deactivated, at login and for a live token', async () => {
      const agency = await makeAgency(t.db);
      await makeAgreement(t.db, agency.code);
      const user = await makeUser(t.db, { agencyCode: agency.code });
      const own = await apiToken(server.url, user.userId, TEST_PASSWORD);
      await setAgencyStatus(t.db, agency.id, 'NON_AKTIF');
      const answer = await apiLookup(server.url, own, FOUND);
      expectAnswer(answer, 'INSTANSI_TIDAK_AKTIF');
      expect(answer.body.quota).toBeUndefined();
      const login = await requestToken(server.url, user.userId, TEST_PASSWORD);
      expect(login.status).toBe(403);
      expect(login.body.code).toBe('INSTANSI_TIDAK_AKTIF');
    });

    it('INSTANSI_TIDAK_AKTIF once the agreement has ended (WIB day after its end date)', async () => {
      const agency = await makeAgency(t.db);
      await makeAgreement(t.db, agency.code, { endsOn: '2026-11-24' });
      const user = await makeUser(t.db, { agencyCode: agency.code });
      server.setNow(new Date('2026-11-24T16:59:00Z')); // 23:59 WIB on the end date: still in force
      try {
        const own = await apiToken(server.url, user.userId, TEST_PASSWORD);
        expectAnswer(await apiLookup(server.url, own, FOUND), 'DITEMUKAN');
        server.setNow(new Date('2026-11-24T17:00:00Z')); // 00:00 WIB the day after
        expectAnswer(await apiLookup(server.url, own, FOUND), 'INSTANSI_TIDAK_AKTIF');
      } finally {
        server.setNow(new Date('2026-11-24T03:00:00Z'));
      }
    });

    it('IP_TIDAK_SESUAI from outside the agreement’s access point', async () => {
      const agency = await makeAgency(t.db);
      await makeAgreement(t.db, agency.code, { accessPoints: ['10.10.0.67'] });
      const user = await makeUser(t.db, { agencyCode: agency.code });
      const login = await requestToken(server.url, user.userId, TEST_PASSWORD);
      expect(login.status).toBe(403);
      expect(login.body).toEqual({
        code: 'IP_TIDAK_SESUAI',
        message: 'IP Address Tidak Sesuai',
      });
      // A token issued while the address was allowed stops at the next lookup once it is not.
      await sql`UPDATE agreement SET access_points = '{127.0.0.1}' WHERE agency_id = ${agency.id}`.execute(
        t.db,
      );
      const own = await apiToken(server.url, user.userId, TEST_PASSWORD);
      await sql`UPDATE agreement SET access_points = '{10.10.0.0/24}' WHERE agency_id = ${agency.id}`.execute(
        t.db,
      );
      expectAnswer(await apiLookup(server.url, own, FOUND), 'IP_TIDAK_SESUAI');
    });

    it('discloses only the elements the agreement grants', async () => {
      const agency = await makeAgency(t.db);
      await makeAgreement(t.db, agency.code, {
        grantedElements: ['NIK', 'NAMA_LENGKAP', 'TANGGAL_LAHIR'],
      });
      const user = await makeUser(t.db, { agencyCode: agency.code });
      const own = await apiToken(server.url, user.userId, TEST_PASSWORD);
      const answer = await apiLookup(server.url, own, FOUND);
      expectAnswer(answer, 'DITEMUKAN');
      expect(answer.body.data).toEqual({
        nik: FOUND,
        namaLengkap: 'SRI WAHYUNINGSIH',
        tanggalLahir: '1990-03-07',
      });
    });

    it('audits a lookup without a valid token as GAGAL_LOGIN', async () => {
      const before = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM audit_log WHERE user_id IS NULL AND action = 'LOOKUP'`.execute(
        t.db,
      );
      expectAnswer(await apiLookup(server.url, undefined, FOUND), 'GAGAL_LOGIN');
      expectAnswer(await apiLookup(server.url, 'y'.repeat(43), FOUND), 'GAGAL_LOGIN');
      const after = await sql<{ n: number; codes: string[] }>`
        SELECT count(*)::int AS n, array_agg(DISTINCT response_code) AS codes
        FROM audit_log WHERE user_id IS NULL AND action = 'LOOKUP'`.execute(t.db);
      expect(after.rows[0]!.n - before.rows[0]!.n).toBe(2);
      expect(after.rows[0]!.codes).toEqual(['GAGAL_LOGIN']);
    });

    it('answers FORMAT_SALAH, not an error, for a NIK with control characters or of any length', async () => {
      for (const nik of ['\u0007', '9'.repeat(500)]) {
        const answer = await apiLookup(server.url, token, nik);
        expect(answer.body, JSON.stringify(nik)).toMatchObject({ code: 'FORMAT_SALAH' });
        expectAnswer(answer, 'FORMAT_SALAH');
      }
      // A NUL is refused at the edge, on every field of every request (issue 13).
      const nul = await apiLookup(server.url, token, '3303054703900002\u0000');
      expect([nul.status, nul.body.code]).toEqual([400, 'TEKS_TIDAK_SAH']);
    });

    it('accepts the bearer scheme in any letter case', async () => {
      const response = await fetch(`${server.url}/api/v1/nik/lookup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `bearer ${token}` },
        body: JSON.stringify({ nik: FOUND, purpose: 'Verifikasi peserta JKN' }),
      });
      expect(((await response.json()) as { code: string }).code).toBe('DITEMUKAN');
    });

    it('refuses a purpose of blanks or control characters with a clear 400', async () => {
      for (const [purpose, code] of [
        ['      ', 'PERMINTAAN_TIDAK_VALID'],
        ['Verifikasi\u0007pasien', 'PERMINTAAN_TIDAK_VALID'],
        // A NUL is refused at the edge, on every field of every request (issue 13).
        ['Verifikasi\u0000pasien', 'TEKS_TIDAK_SAH'],
      ]) {
        const answer = await apiLookup(server.url, token, FOUND, purpose);
        expect(answer.status).toBe(400);
        expect(answer.body.code).toBe(code);
      }
    });

    it('INSTANSI_TIDAK_AKTIF on the API for an agreement that grants the portal only', async () => {
      const agency = await makeAgency(t.db);
      await makeAgreement(t.db, agency.code, { accessMethods: ['PORTAL'] });
      const user = await makeUser(t.db, { agencyCode: agency.code });
      const login = await requestToken(server.url, user.userId, TEST_PASSWORD);
      expect(login.status).toBe(403);
      expect(login.body.code).toBe('INSTANSI_TIDAK_AKTIF');
      const portal = new PortalClient(server.url);
      await portal.login(user.userId, TEST_PASSWORD);
      expect((await portal.lookup(FOUND)).code).toBe('DITEMUKAN');
      await sql`UPDATE agreement SET access_methods = '{API}' WHERE agency_id = ${agency.id}`.execute(
        t.db,
      );
      expect((await portal.lookup(FOUND)).code).toBe('INSTANSI_TIDAK_AKTIF');
    });

    it('refuses a malformed request with a clear 400, and describes every endpoint in OpenAPI', async () => {
      const response = await fetch(`${server.url}/api/v1/nik/lookup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ nik: FOUND }),
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { code: string }).code).toBe('PERMINTAAN_TIDAK_VALID');
      const openapi = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
        paths: Record<string, Record<string, { summary?: string }>>;
      };
      // The public contract (SPEC §8, §9) is documented, each endpoint with a summary (below);
      // the portal's pages are not an API (issue 8: src/http/openapi.test.ts).
      expect(Object.keys(openapi.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/auth/revoke',
          '/api/v1/auth/token',
          '/api/v1/nik/lookup',
          '/api/v1/data-balikan',
          '/dukcapil/databalikan/store',
        ]),
      );
      for (const operations of Object.values(openapi.paths)) {
        for (const operation of Object.values(operations)) expect(operation.summary).toBeTruthy();
      }
      const lookup = openapi.paths['/api/v1/nik/lookup']!.post as {
        responses: Record<string, unknown>;
      };
      expect(Object.keys(lookup.responses).sort()).toEqual([
        '200',
        '400',
        '401',
        '403',
        '404',
        '422',
        // The input-pattern policy ALASAN: a reason is required (issue 9).
        '428',
        '429',
        '500',
      ]);
    });

    it('writes an audit record for every lookup, with its answer', async () => {
      const user = await makeUser(t.db, { agencyCode: dinkes.code });
      const own = await apiToken(server.url, user.userId, TEST_PASSWORD);
      await apiLookup(server.url, own, FOUND, 'Verifikasi pasien rawat jalan');
      await apiLookup(server.url, own, '123', 'Verifikasi pasien rawat jalan');
      const audit = await auditOf(t.db, user.userId);
      expect(audit).toEqual([
        {
          action: 'LOGIN',
          channel: 'API',
          nik: null,
          purpose: null,
          response_code: 'BERHASIL',
          client_ip: '127.0.0.1',
        },
        {
          action: 'LOOKUP',
          channel: 'API',
          nik: FOUND,
          purpose: 'Verifikasi pasien rawat jalan',
          response_code: 'DITEMUKAN',
          client_ip: '127.0.0.1',
        },
        {
          action: 'LOOKUP',
          channel: 'API',
          nik: '123',
          purpose: 'Verifikasi pasien rawat jalan',
          response_code: 'FORMAT_SALAH',
          client_ip: '127.0.0.1',
        },
      ]);
    });
  });

  describe('quota', () => {
    it('300 concurrent lookups against quota 200 serve exactly 200 hits and refuse 100 with KUOTA_HABIS', async () => {
      const agency = await makeAgency(t.db);
      await makeAgreement(t.db, agency.code);
      const users = await Promise.all(
        [1, 2, 3].map(() => makeUser(t.db, { agencyCode: agency.code })),
      );
      const tokens = await Promise.all(
        users.map((user) => apiToken(server.url, user.userId, TEST_PASSWORD)),
      );
      const niks = [FOUND, DECEASED, DOUBLE, INACTIVE, UNKNOWN];
      const answers = await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          apiLookup(server.url, tokens[i % 3], niks[i % niks.length]!),
        ),
      );
      const refused = answers.filter((answer) => answer.body.code === 'KUOTA_HABIS');
      const hits = answers.filter((answer) => RESPONSES[answer.body.code as ResponseCode].hit);
      expect(hits).toHaveLength(200);
      expect(refused).toHaveLength(100);
      for (const answer of refused) {
        expect(answer.status).toBe(429);
        expect(answer.body.message).toBe('Kuota akses hari ini telah habis');
        expect(answer.body.quota).toEqual({ limit: 200, used: 200, remaining: 0 });
        expect(answer.body.data).toBeUndefined();
      }
      const usedSeen = hits.map((answer) => answer.body.quota!.used).sort((a, b) => a - b);
      expect(usedSeen).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      const counted = await sql<{ code: string; n: number }>`
        SELECT response_code AS code, count(*)::int AS n FROM audit_log
        WHERE agency_id = ${agency.id} AND action = 'LOOKUP' GROUP BY 1`.execute(t.db);
      const byCode = Object.fromEntries(counted.rows.map((row) => [row.code, row.n]));
      expect(byCode.KUOTA_HABIS).toBe(100);
      const auditedHits = Object.entries(byCode)
        .filter(([code]) => RESPONSES[code as ResponseCode].hit)
        .reduce((sum, [, n]) => sum + n, 0);
      expect(auditedHits).toBe(200);
    });

    it('a new WIB day starts from zero; an agency past its proof of concept is unlimited', async () => {
      const agency = await makeAgency(t.db);
      const agreement = await makeAgreement(t.db, agency.code);
      const user = await makeUser(t.db, { agencyCode: agency.code });
      const own = await apiToken(server.url, user.userId, TEST_PASSWORD);
      await sql`INSERT INTO quota_usage VALUES (${agency.id}, '2026-11-24', 0, 200)`.execute(t.db);
      expectAnswer(await apiLookup(server.url, own, FOUND), 'KUOTA_HABIS');
      server.setNow(new Date('2026-11-24T17:00:00Z'));
      try {
        const nextDay = await apiToken(server.url, user.userId, TEST_PASSWORD);
        const answer = await apiLookup(server.url, nextDay, FOUND);
        expectAnswer(answer, 'DITEMUKAN');
        expect(answer.body.quota).toEqual({ limit: 200, used: 1, remaining: 199 });
      } finally {
        server.setNow(new Date('2026-11-24T03:00:00Z'));
      }
      await sql`UPDATE agreement SET quota_stage = 'PASCA_POC' WHERE id = ${agreement.id}`.execute(
        t.db,
      );
      const answer = await apiLookup(server.url, own, FOUND);
      expectAnswer(answer, 'DITEMUKAN');
      expect(answer.body.quota).toEqual({ limit: null, used: 201, remaining: null });
    });
  });

  describe('portal', () => {
    it('logs in, shows the granted elements, every answer and the quota, logs out', async () => {
      const agency = await makeAgency(t.db);
      await makeAgreement(t.db, agency.code);
      const user = await makeUser(t.db, { agencyCode: agency.code });
      const portal = new PortalClient(server.url);
      const login = await portal.login(user.userId, TEST_PASSWORD);
      expect(login.status).toBe(303);
      expect(portal.hasSession()).toBe(true);

      const found = await portal.lookup(FOUND);
      expect(found.code).toBe('DITEMUKAN');
      expect(found.html).toContain('SRI WAHYUNINGSIH');
      expect(found.html).toContain('7 Maret 1990');
      expect(found.headers.get('cache-control')).toBe('no-store');
      expect(found.remaining).toBe(199);

      for (const [nik, code] of [
        [DECEASED, 'MENINGGAL'],
        [DOUBLE, 'GANDA'],
        [INACTIVE, 'NON_AKTIF'],
        [UNKNOWN, 'TIDAK_DITEMUKAN'],
        ['12345', 'FORMAT_SALAH'],
      ] as const) {
        const page = await portal.lookup(nik);
        expect(page.code).toBe(code);
        expect(page.html).toContain(RESPONSES[code].message);
        expect(page.html).not.toContain('SUPARNO');
      }
      expect((await portal.lookup(FOUND)).remaining).toBe(194);

      const logout = await portal.submit('/cari', '/keluar', {});
      expect(logout.location).toBe('/masuk');
      expect((await portal.request('/cari')).location).toBe('/masuk');
    });

    it('answers a bad login with "Gagal Login" and refusals with their message', async () => {
      const portal = new PortalClient(server.url);
      const wrong = await portal.login(operator.userId, 'bukan-sandinya');
      expect(wrong.status).toBe(401);
      expect(wrong.html).toContain('Gagal Login');
      expect(portal.hasSession()).toBe(false);

      const held = await makeUser(t.db, { agencyCode: dinkes.code });
      const heldPortal = new PortalClient(server.url);
      await heldPortal.login(held.userId, TEST_PASSWORD);
      await setUserStatus(t.db, held.id, 'DITAHAN');
      expect((await heldPortal.lookup(FOUND)).code).toBe('AKSES_DITAHAN');
      await setUserStatus(t.db, held.id, 'NON_AKTIF');
      expect((await heldPortal.lookup(FOUND)).code).toBe('USER_NON_AKTIF');
      const again = await new PortalClient(server.url).login(held.userId, TEST_PASSWORD);
      expect(again.html).toContain(RESPONSES.USER_NON_AKTIF.message);
    });

    it('shows KUOTA_HABIS, INSTANSI_TIDAK_AKTIF and IP_TIDAK_SESUAI on the page', async () => {
      const agency = await makeAgency(t.db);
      await makeAgreement(t.db, agency.code);
      const user = await makeUser(t.db, { agencyCode: agency.code });
      const portal = new PortalClient(server.url);
      await portal.login(user.userId, TEST_PASSWORD);
      await sql`INSERT INTO quota_usage VALUES (${agency.id}, '2026-11-24', 0, 200)`.execute(t.db);
      const exhausted = await portal.lookup(FOUND);
      expect(exhausted.code).toBe('KUOTA_HABIS');
      expect(exhausted.html).toContain(RESPONSES.KUOTA_HABIS.message);
      expect(exhausted.remaining).toBe(0);
      expect(exhausted.html).not.toContain('SRI WAHYUNINGSIH');

      await sql`UPDATE agreement SET access_points = '{10.10.0.67}' WHERE agency_id = ${agency.id}`.execute(
        t.db,
      );
      const outside = await portal.lookup(FOUND);
      expect(outside.code).toBe('IP_TIDAK_SESUAI');
      expect(outside.html).toContain('IP Address Tidak Sesuai');
      const refusedLogin = await new PortalClient(server.url).login(user.userId, TEST_PASSWORD);
      expect(refusedLogin.status).toBe(403);
      expect(refusedLogin.html).toContain('IP Address Tidak Sesuai');

      await setAgencyStatus(t.db, agency.id, 'NON_AKTIF');
      const inactive = await portal.lookup(FOUND);
      expect(inactive.code).toBe('INSTANSI_TIDAK_AKTIF');
      expect(inactive.html).toContain('Instansi tidak aktif');
    });

    it('refuses a form without its CSRF token', async () => {
      const portal = new PortalClient(server.url);
      await portal.login(operator.userId, TEST_PASSWORD);
      const forged = await portal.request('/cari', { nik: FOUND, purpose: 'Verifikasi pasien' });
      expect(forged.status).toBe(403);
      expect(forged.html).not.toContain('SRI WAHYUNINGSIH');
    });

    it('sends strict security headers', async () => {
      const page = await new PortalClient(server.url).request('/masuk');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.html.length).toBeLessThan(8_000);
    });
  });
});
