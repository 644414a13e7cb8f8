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
import { apiToken, startTestServer, type TestServer } from '../../test/server.js';
import { makeDeps } from '../services/deps.js';
import { sealAll } from '../services/audit-seal/sealer.js';
import { verifyAuditTrail } from '../services/audit-seal/verify.js';

const FOUND = '3303054703900002';
const DECEASED = '3303050101500011';
const UNKNOWN = '3303050404800014';

interface VerifyAnswer {
  status: number;
  text: string;
  body: {
    code: string;
    message: string;
    hasil?: Record<string, { sesuai: boolean | null; skor?: number; keterangan: string }>;
    quota?: { used: number };
    errors?: { field: string; message: string }[];
  };
}

describe('POST /api/v1/nik/verifikasi: verification without disclosure', () => {
  let t: TestDatabase;
  let server: TestServer;
  let token: string;
  let operator: { userId: string };

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
    await makeResident(t.db, { nik: FOUND });
    await makeResident(t.db, { nik: DECEASED, namaLengkap: 'SUPARNO', status: 'MENINGGAL' });
    const agency = await makeAgency(t.db, { code: 'DINKES' });
    // Name, birth date and address granted; sex and occupation not.
    await makeAgreement(t.db, agency.code, {
      grantedElements: ['NIK', 'NAMA_LENGKAP', 'TANGGAL_LAHIR', 'TEMPAT_LAHIR', 'ALAMAT'],
    });
    operator = await makeUser(t.db, { agencyCode: agency.code });
    token = await apiToken(server.url, operator.userId, TEST_PASSWORD);
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  async function verify(body: unknown, bearer: string | undefined = token): Promise<VerifyAnswer> {
    const response = await fetch(`${server.url}/api/v1/nik/verifikasi`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) as VerifyAnswer['body'] };
  }

  const auditRows = async () =>
    (
      await sql<{ nik: string; channel: string; response_code: string; detail: unknown }>`
        SELECT a.nik, a.channel, a.response_code, a.detail FROM audit_log a
        JOIN app_user u ON u.id = a.user_id
        WHERE u.user_id = ${operator.userId} AND a.action = 'LOOKUP' ORDER BY a.id`.execute(t.db)
    ).rows;

  it('answers per element, scores the free-text ones and hands over nothing of the register', async () => {
    const answer = await verify({
      nik: FOUND,
      purpose: 'Pendaftaran pasien rawat jalan',
      elemen: {
        namaLengkap: 'Sri Wahjoeningsih, S.Pd.',
        tanggalLahir: '07-03-1990',
        tempatLahir: 'Kab. Purbalingga',
        alamat: 'Jalan Jend. Sudirman No. 13',
        rt: '3',
        jenisKelamin: 'P',
        jenisPekerjaan: 'GURU',
      },
      ambang: 80,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.code).toBe('DITEMUKAN');
    const hasil = answer.body.hasil!;
    expect(hasil.namaLengkap?.sesuai).toBe(true);
    expect(hasil.namaLengkap?.keterangan).toMatch(/^Sesuai \(\d+\)$/);
    expect(hasil.tanggalLahir).toEqual({ sesuai: true, keterangan: 'Sesuai' });
    expect(hasil.tempatLahir).toEqual({ sesuai: true, skor: 100, keterangan: 'Sesuai (100)' });
    // Another house number: the address is not the register's.
    expect(hasil.alamat?.sesuai).toBe(false);
    expect(hasil.alamat?.keterangan).toMatch(/^Tidak Sesuai \(\d+\)$/);
    expect(hasil.rt).toEqual({ sesuai: true, keterangan: 'Sesuai' });
    // Not granted by the agreement: not verified, whatever the register says.
    expect(hasil.jenisKelamin).toEqual({
      sesuai: null,
      keterangan: 'Tidak diverifikasi: elemen ini tidak diberikan oleh PKS',
    });
    expect(hasil.jenisPekerjaan?.sesuai).toBeNull();
    // Nothing of the register in the answer.
    for (const held of ['WAHYUNINGSIH', '1990-03-07', 'SUDIRMAN NO. 12', 'PEREMPUAN', '003']) {
      expect(answer.text).not.toContain(held);
    }
    expect(answer.body).not.toHaveProperty('data');
  });

  it('counts a hit and audits which elements were asked, never their values', async () => {
    const before = await auditRows();
    const answer = await verify({
      nik: FOUND,
      purpose: 'Pendaftaran pasien',
      elemen: { namaLengkap: 'Budi Santoso', tanggalLahir: '1991-01-01', alamat: ' ' },
    });
    expect(answer.body.hasil).toEqual({
      namaLengkap: {
        sesuai: false,
        skor: expect.any(Number) as number,
        keterangan: expect.stringMatching(/^Tidak Sesuai/) as string,
      },
      tanggalLahir: { sesuai: false, keterangan: 'Tidak Sesuai' },
    });
    expect(answer.body.quota?.used).toBe(before.length + 1);
    const rows = await auditRows();
    expect(rows).toHaveLength(before.length + 1);
    expect(rows.at(-1)).toEqual({
      nik: FOUND,
      channel: 'API',
      response_code: 'DITEMUKAN',
      // The blank address was not asked.
      // The application the call came through (the fixture's, passed at 127.0.0.1).
      detail: {
        verifikasi: ['namaLengkap', 'tanggalLahir'],
        aplikasi: expect.any(Number) as number,
      },
    });
    expect(JSON.stringify(rows.at(-1))).not.toContain('Budi');
  });

  it('answers the response code alone for a resident not active or not found', async () => {
    for (const [nik, code] of [
      [DECEASED, 'MENINGGAL'],
      [UNKNOWN, 'TIDAK_DITEMUKAN'],
      ['12345', 'FORMAT_SALAH'],
    ] as const) {
      const answer = await verify({
        nik,
        purpose: 'Pendaftaran pasien',
        elemen: { namaLengkap: 'SUPARNO' },
      });
      expect(answer.body.code).toBe(code);
      expect(answer.body.hasil).toBeUndefined();
      expect(answer.text).not.toContain('SUPARNO');
    }
  });

  it('refuses a request without an element, or with a threshold out of range, and counts nothing', async () => {
    const before = await auditRows();
    const empty = await verify({
      nik: FOUND,
      purpose: 'Pendaftaran pasien',
      elemen: { namaLengkap: '  ' },
    });
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('PERMINTAAN_TIDAK_VALID');
    expect(empty.body.errors).toEqual([
      { field: 'elemen', message: 'Isi sedikitnya satu elemen data untuk diverifikasi' },
    ]);
    const threshold = await verify({
      nik: FOUND,
      purpose: 'Pendaftaran pasien',
      elemen: { namaLengkap: 'SRI' },
      ambang: 101,
    });
    expect(threshold.status).toBe(400);
    expect(threshold.body.code).toBe('PERMINTAAN_TIDAK_VALID');
    const unknown = await verify({
      nik: FOUND,
      purpose: 'Pendaftaran pasien',
      elemen: { nomorKk: '3303050000000001' },
    });
    expect(unknown.status).toBe(400);
    expect(await auditRows()).toHaveLength(before.length);
  });

  it('answers an anonymous caller Gagal Login, audited', async () => {
    const answer = await verify(
      { nik: FOUND, purpose: 'Pendaftaran pasien', elemen: { namaLengkap: 'SRI' } },
      'bukan-token',
    );
    expect(answer.status).toBe(401);
    expect(answer.body.code).toBe('GAGAL_LOGIN');
    const failed = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM audit_log
      WHERE user_id IS NULL AND response_code = 'GAGAL_LOGIN' AND detail IS NOT NULL`.execute(t.db);
    expect(failed.rows[0]!.n).toBe(1);
  });

  it('seals verifications with their detail (leaf format 2), and the trail verifies', async () => {
    const deps = makeDeps({ tokenTtlSeconds: 600, sessionTtlSeconds: 600 }, t.db);
    await sealAll(deps);
    const leaves = await sql<{ format: number }>`
      SELECT s.format FROM audit_seal_leaf s JOIN audit_log a ON s.source = 'audit_log' AND a.id = s.source_id
      WHERE a.detail IS NOT NULL`.execute(t.db);
    expect(leaves.rows.length).toBeGreaterThan(0);
    expect(new Set(leaves.rows.map((row) => row.format))).toEqual(new Set([2]));
    expect(await verifyAuditTrail(deps, {})).toMatchObject({ ok: true, awaitingSeal: 0 });
  });
});
