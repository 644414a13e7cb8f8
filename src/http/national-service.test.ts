import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import {
  makeAgency,
  makeAgreement,
  makeResident,
  makeUser,
  TEST_PASSWORD,
} from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/server.js';
import { wibDay } from '../domain/time.js';

const FOUND = '3303054703900002';
const DECEASED = '3303050101500011';
const UNKNOWN = '3303050404800014';
const NOW = new Date('2026-11-24T03:00:00Z');
const PURPOSE = 'Verifikasi identitas pasien pada pendaftaran layanan kesehatan';

interface Envelope {
  content: Record<string, string>[];
  lastPage: boolean;
  numberOfElements: number;
  totalElements: number;
}

/**
 * What the national service's clients do (SPEC §9), as their code does it: build the request
 * the way each one builds it, require HTTP 200 (RestTemplate and file_get_contents fail on
 * anything else), and read `content[0]`.
 */
async function call(
  server: TestServer,
  path: string,
  init: { body?: string; contentType?: string; query?: Record<string, string> },
): Promise<{ status: number; envelope: Envelope; text: string }> {
  const query = init.query ? `?${new URLSearchParams(init.query).toString()}` : '';
  const response = await fetch(`${server.url}${path}${query}`, {
    method: 'POST',
    headers: { 'content-type': init.contentType ?? 'application/json' },
    body: init.body ?? '',
  });
  const text = await response.text();
  return { status: response.status, envelope: JSON.parse(text) as Envelope, text };
}

/** The verification client's parsing: `"Sesuai (92)"` split at the parenthesis. */
function parseVerdict(value: string): { status: string; score: number | undefined } {
  const [status, rest] = value.split('(');
  return {
    status: status!.trim(),
    score: rest === undefined ? undefined : Number(rest.replace(')', '')),
  };
}

describe('the national web service, for the clients that already call it (SPEC §9)', () => {
  let t: TestDatabase;
  let server: TestServer;
  let operator: { userId: string };
  let agencyId: number;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db, NOW);
    await makeResident(t.db, { nik: FOUND });
    await makeResident(t.db, { nik: DECEASED, namaLengkap: 'SUPARNO', status: 'MENINGGAL' });
    const agency = await makeAgency(t.db, { code: 'RSUD' });
    agencyId = (
      await t.db
        .selectFrom('agency')
        .select('id')
        .where('code', '=', agency.code)
        .executeTakeFirstOrThrow()
    ).id;
    await makeAgreement(t.db, agency.code, {
      purpose: PURPOSE,
      grantedElements: ['NIK', 'NAMA_LENGKAP', 'TANGGAL_LAHIR', 'TEMPAT_LAHIR', 'ALAMAT'],
    });
    operator = await makeUser(t.db, { agencyCode: agency.code });
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  const lastAudit = async () =>
    (
      await sql<{
        purpose: string;
        nik: string;
        response_code: string;
        detail: Record<string, unknown> | null;
      }>`
        SELECT a.purpose, a.nik, a.response_code, a.detail FROM audit_log a
        JOIN app_user u ON u.id = a.user_id
        WHERE u.user_id = ${operator.userId} AND a.action = 'LOOKUP' ORDER BY a.id DESC LIMIT 1`.execute(
        t.db,
      )
    ).rows[0];

  it('CALL_NIK as the hospital bridge sends it: the granted elements only, dates dd-mm-yyyy, no null', async () => {
    const answer = await call(server, '/dukcapil/get_json/RSUD/CALL_NIK', {
      // The bridge's header, as PHP's stream context writes it.
      contentType: 'application/json,Accept: application/json',
      body: JSON.stringify({
        nik: FOUND,
        user_id: operator.userId,
        password: TEST_PASSWORD,
        IP_USER: '192.168.0.1',
      }),
    });
    expect(answer.status).toBe(200);
    expect(answer.envelope).toMatchObject({
      lastPage: true,
      numberOfElements: 1,
      totalElements: 1,
    });
    const person = answer.envelope.content[0]!;
    expect(person).toMatchObject({
      NIK: FOUND,
      NAMA_LGKP: 'SRI WAHYUNINGSIH',
      TMPT_LHR: 'PURBALINGGA',
      TGL_LHR: '07-03-1990',
      ALAMAT: 'JL. JENDERAL SUDIRMAN NO. 12',
      NO_RT: '3',
      NO_RW: '2',
      NO_PROP: '33',
      NO_KAB: '3',
      NO_KEC: '5',
      // Region names as the national service writes them.
      PROP_NAME: 'JAWA TENGAH',
      KAB_NAME: 'PURBALINGGA',
    });
    // Not granted: absent, never null.
    expect(person).not.toHaveProperty('JENIS_KLMIN');
    expect(person).not.toHaveProperty('JENIS_PKRJN');
    expect(Object.values(person).every((value) => typeof value === 'string')).toBe(true);
    // Audited with the agreement's purpose, marked as a compatible client's, with the
    // address it reported (recorded, never trusted: the call came from 127.0.0.1).
    expect(await lastAudit()).toEqual({
      purpose: PURPOSE,
      nik: FOUND,
      response_code: 'DITEMUKAN',
      // …and the application whose PoC passed at that address (migration 026).
      detail: {
        klien: 'LAYANAN_NASIONAL',
        ipUser: '192.168.0.1',
        aplikasi: expect.any(Number) as number,
      },
    });
    // The call's session ended with it.
    const open = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM auth_session s JOIN app_user u ON u.id = s.user_id
      WHERE u.user_id = ${operator.userId} AND s.revoked_at IS NULL`.execute(t.db);
    expect(open.rows[0]!.n).toBe(0);
  });

  it('takes the keys in any case and style, with or without the method segment', async () => {
    for (const [path, body] of [
      [
        '/dukcapil/get_json/CALL_NIK',
        { NIK: FOUND, USER_ID: operator.userId, PASSWORD: TEST_PASSWORD },
      ],
      [
        '/dukcapil/get_json/DINKES/X/CALL_NIK',
        { nik: FOUND, userId: operator.userId, password: TEST_PASSWORD, ipUser: 'x' },
      ],
    ] as const) {
      const answer = await call(server, path, { body: JSON.stringify(body) });
      expect(answer.status).toBe(200);
      expect(answer.envelope.content[0]!.NIK).toBe(FOUND);
    }
  });

  it('answers refusals in the envelope with HTTP 200, the national texts and codes, and no NIK', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ nik: FOUND, user_id: operator.userId, password: 'salah' }, 'Login Gagal', '01'],
      [
        { nik: DECEASED, user_id: operator.userId, password: TEST_PASSWORD },
        'Data Ditemukan, Meninggal Dunia',
        '11',
      ],
      [
        { nik: UNKNOWN, user_id: operator.userId, password: TEST_PASSWORD },
        'Data Tidak Ditemukan, NIK tidak terdapat di database Kependudukan',
        '13',
      ],
      [
        { nik: '12345', user_id: operator.userId, password: TEST_PASSWORD },
        'Data Tidak Ditemukan, NIK tidak sesuai format Dukcapil',
        '15',
      ],
    ];
    for (const [body, text, code] of cases) {
      const answer = await call(server, '/dukcapil/get_json/RSUD/CALL_NIK', {
        body: JSON.stringify(body),
      });
      expect(answer.status).toBe(200);
      expect(answer.envelope.content[0]).toEqual({ RESPON: text, RESPONSE_CODE: code });
    }
  });

  it('answers an exhausted quota with code 05', async () => {
    await sql`INSERT INTO quota_usage (agency_id, day, shard, used)
      VALUES (${agencyId}, ${wibDay(NOW)}::date, 0, 200)
      ON CONFLICT (agency_id, day, shard) DO UPDATE SET used = 200`.execute(t.db);
    try {
      const answer = await call(server, '/dukcapil/get_json/RSUD/CALL_NIK', {
        body: JSON.stringify({ nik: FOUND, user_id: operator.userId, password: TEST_PASSWORD }),
      });
      expect(answer.envelope.content[0]).toEqual({
        RESPON: 'Kuota Akses Hari ini telah Habis',
        RESPONSE_CODE: '05',
      });
    } finally {
      await sql`DELETE FROM quota_usage WHERE agency_id = ${agencyId}`.execute(t.db);
    }
  });

  it('the query-string variant: an empty JSON body, the Tegal wording', async () => {
    const query = (nik: string, password = TEST_PASSWORD) => ({
      USER_ID: operator.userId,
      PASSWORD: password,
      NIK: nik,
    });
    const found = await call(server, '/dukcapil/get_json/CALL_NIK', { query: query(FOUND) });
    expect(found.status).toBe(200);
    expect(found.envelope.content[0]!.NAMA_LGKP).toBe('SRI WAHYUNINGSIH');
    const unknown = await call(server, '/dukcapil/get_json/CALL_NIK', { query: query(UNKNOWN) });
    expect(unknown.envelope.content[0]!.RESPON).toBe('Data tidak ditemukan');
    const login = await call(server, '/dukcapil/get_json/CALL_NIK', {
      query: query(FOUND, 'salah'),
    });
    expect(login.envelope.content[0]!.RESPON).toBe('Login gagal');
  });

  it('refuses family-card data and unreadable bodies in the envelope, never with a 4xx or 5xx', async () => {
    const kk = await call(server, '/dukcapil/get_json/RSUD/CALL_NIK_GET_KK', {
      body: JSON.stringify({ nik: FOUND, user_id: operator.userId, password: TEST_PASSWORD }),
    });
    expect(kk.status).toBe(200);
    expect(kk.envelope.content[0]!.RESPONSE_CODE).toBe('07');
    expect(kk.envelope.content[0]).not.toHaveProperty('NIK');
    for (const body of [
      '{bukan json',
      '[1,2]',
      'x'.repeat(20_000),
      JSON.stringify({ nik: FOUND, user_id: `${operator.userId}\u0000`, password: 'x' }),
    ]) {
      const bad = await call(server, '/dukcapil/get_json/RSUD/CALL_NIK', { body });
      expect(bad.status).toBe(200);
      expect(bad.envelope.content[0]!.RESPONSE_CODE).toBe('09');
    }
  });

  it('CALL_VERIFY_BY_ELEMEN as its clients send and parse it', async () => {
    const answer = await call(server, '/dukcapil/get_json/RSUD/CALL_VERIFY_BY_ELEMEN', {
      body: JSON.stringify({
        USER_ID: operator.userId,
        PASSWORD: TEST_PASSWORD,
        IP_USER: '10.200.130.3',
        TRESHOLD: '80',
        NIK: FOUND,
        NO_KK: '3303050000000001',
        NAMA_LGKP: 'Sri Wahjoeningsih',
        TMPT_LHR: 'Kab. Purbalingga',
        TGL_LHR: '07-03-1990',
        ALAMAT: 'Jl. Melati No. 3',
        NO_RT: '3',
        KAB_NAME: 'Purbalingga',
        NO_PROP: '33',
        JENIS_KLMIN: 'Perempuan',
        STATUS_KAWIN: null,
        JENIS_PKRJN: ' ',
      }),
    });
    expect(answer.status).toBe(200);
    const fields = answer.envelope.content[0]!;
    expect(fields.NIK).toBe('Sesuai');
    expect(parseVerdict(fields.NAMA_LGKP!)).toMatchObject({ status: 'Sesuai' });
    expect(parseVerdict(fields.NAMA_LGKP!).score).toBeGreaterThanOrEqual(80);
    expect(parseVerdict(fields.TMPT_LHR!)).toEqual({ status: 'Sesuai', score: 100 });
    expect(parseVerdict(fields.ALAMAT!).status).toBe('Tidak Sesuai');
    // Exact fields are bare, compared with == by their clients.
    expect(fields).toMatchObject({
      TGL_LHR: 'Sesuai',
      NO_RT: 'Sesuai',
      KAB_NAME: 'Sesuai',
      NO_PROP: 'Sesuai',
    });
    // Not granted, empty, null: absent. The family card is never disclosed.
    expect(fields).not.toHaveProperty('JENIS_KLMIN');
    expect(fields).not.toHaveProperty('STATUS_KAWIN');
    expect(fields).not.toHaveProperty('JENIS_PKRJN');
    expect(fields.NO_KK).toBe('Tidak Sesuai');
    expect(answer.text).not.toContain('WAHYUNINGSIH');
    expect(await lastAudit()).toMatchObject({
      purpose: PURPOSE,
      detail: {
        klien: 'LAYANAN_NASIONAL',
        ipUser: '10.200.130.3',
        verifikasi: [
          'namaLengkap',
          'jenisKelamin',
          'tempatLahir',
          'tanggalLahir',
          'alamat',
          'rt',
          'kabupaten',
          'noProp',
        ],
      },
    });
  });

  it('a verification refusal carries RESPON, RESPONSE and RESPONSE_CODE, and no NIK', async () => {
    const answer = await call(server, '/dukcapil/get_json/RSUD/CALL_VERIFY_BY_ELEMEN', {
      body: JSON.stringify({
        USER_ID: operator.userId,
        PASSWORD: 'salah',
        NIK: FOUND,
        NAMA_LGKP: 'SRI',
      }),
    });
    expect(answer.status).toBe(200);
    expect(answer.envelope.content[0]).toEqual({
      RESPON: 'Login Gagal',
      RESPONSE: 'Login Gagal',
      RESPONSE_CODE: '01',
    });
  });
});
