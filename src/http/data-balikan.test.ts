import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { makeReturnAgency, recordAccess, testNiks } from '../../test/data-balikan.js';
import { makeResident, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import { apiLookup, apiToken, startTestServer, type TestServer } from '../../test/server.js';
import { NOT_ACCESSED_REASON } from '../services/data-balikan/submission.js';
import { findRecordHistory } from '../store/data-balikan.js';
import { setUserStatus } from '../store/users.js';

const FOUND = '3303054703900002';
const jkn = (n: number) => String(1000000000000 + n);

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: {
    code: string;
    message: string;
    data?: {
      mode: string;
      applied: boolean;
      received: number;
      valid: number;
      added: number;
      corrected: number;
      unchanged: number;
      refused: { position: number; nik: string; reasons: string[] }[];
    };
  };
}

let t: TestDatabase;
let server: TestServer;
let keySequence = 0;
const newKey = () => `kunci-uji-${++keySequence}-${Date.now()}`;

beforeAll(async () => {
  t = await createTestDatabase();
  server = await startTestServer(t.db);
});
afterAll(async () => {
  await server.close();
  await t.drop();
});

async function send(
  token: string | undefined,
  body: unknown,
  key: string | null = newKey(),
): Promise<Answer> {
  const response = await fetch(`${server.url}/api/v1/data-balikan`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(key !== null ? { 'idempotency-key': key } : {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: JSON.parse(text) as Answer['body'],
  };
}

async function countRows(agreementId: number): Promise<number> {
  const row = await t.db
    .selectFrom('data_balikan')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('agreement_id', '=', agreementId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** An agency with the DINKES schema, an operator holding an API token, and accessed NIKs. */
async function agencyWithAccess(niks: readonly string[]) {
  const made = await makeReturnAgency(t.db);
  await recordAccess(t.db, {
    agreementId: made.agreement.id,
    agencyId: made.agency.id,
    userId: made.operator.id,
    niks,
  });
  const token = await apiToken(server.url, made.operator.userId, TEST_PASSWORD);
  return { ...made, token };
}

describe('POST /api/v1/data-balikan', () => {
  it('accepts records for a NIK looked up through the API, then a correction that keeps history', async () => {
    await makeResident(t.db, { nik: FOUND });
    const [other] = testNiks(1, 1000);
    const { agreement, token } = await agencyWithAccess([other!]);
    expect((await apiLookup(server.url, token, FOUND)).body.code).toBe('DITEMUKAN');

    const first = await send(token, {
      records: [
        { nik: FOUND, data: { nomor_kepesertaan_jkn: jkn(1), nomor_rekam_medis: 'RM-001' } },
        { nik: other, data: { nomor_kepesertaan_jkn: 1000000000002 } },
      ],
    });
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.body).toEqual({
      code: 'DITERIMA',
      message: 'Data balikan diterima: 2 data (2 baru, 0 koreksi, 0 tidak berubah)',
      data: {
        mode: 'SEMUA',
        applied: true,
        received: 2,
        valid: 2,
        added: 2,
        corrected: 0,
        unchanged: 0,
        refused: [],
      },
    });
    expect(await countRows(agreement.id)).toBe(2);

    const second = await send(token, {
      records: [
        { nik: FOUND, data: { nomor_kepesertaan_jkn: jkn(1), nomor_rekam_medis: 'RM-001-B' } },
        { nik: other, data: { nomor_kepesertaan_jkn: jkn(2) } },
      ],
    });
    expect(second.status).toBe(200);
    expect(second.body.data).toMatchObject({ added: 0, corrected: 1, unchanged: 1 });
    expect(second.body.message).toBe(
      'Data balikan diterima: 2 data (0 baru, 1 koreksi, 1 tidak berubah)',
    );
    const history = await findRecordHistory(t.db, agreement.id, FOUND);
    expect(history.map((h) => [h.version, h.is_current, h.channel, h.fields])).toEqual([
      [2, true, 'API', { nomor_kepesertaan_jkn: jkn(1), nomor_rekam_medis: 'RM-001-B' }],
      [1, false, 'API', { nomor_kepesertaan_jkn: jkn(1), nomor_rekam_medis: 'RM-001' }],
    ]);
  });

  it('refuses the whole request (SEMUA) listing each invalid record with its position, NIK and reason', async () => {
    const niks = testNiks(8, 1100);
    const { agreement, token } = await agencyWithAccess(niks.slice(0, 7));
    const theirs = await makeReturnAgency(t.db);
    await recordAccess(t.db, {
      agreementId: theirs.agreement.id,
      agencyId: theirs.agency.id,
      userId: theirs.operator.id,
      niks: [niks[7]!],
    });
    const never = testNiks(1, 1200)[0]!;

    const answer = await send(token, {
      records: [
        { nik: niks[0], data: { nomor_rekam_medis: 'RM-1' } },
        { nik: '12345', data: { nomor_rekam_medis: 'RM-2' } },
        { nik: niks[1], data: { nomor_kepesertaan_jkn: '12345' } },
        { nik: niks[2], data: {} },
        { nik: niks[3], data: { nomor_rekam_medis: 'RM-5', golongan_darah: 'O' } },
        { nik: niks[4], data: { nomor_surat_kematian: 'x'.repeat(61) } },
        { nik: niks[5], data: { nomor_rekam_medis: { nomor: 'RM-7' } } },
        { nik: never, data: { nomor_rekam_medis: 'RM-8' } },
        { nik: niks[7], data: { nomor_rekam_medis: 'RM-9' } },
        { nik: niks[0], data: { nomor_rekam_medis: 'RM-10' } },
        { nik: niks[6], data: { nomor_rekam_medis: 'RM-11' } },
      ],
    });
    expect(answer.status).toBe(422);
    expect(answer.body.code).toBe('DITOLAK');
    expect(answer.body.message).toMatch(
      /^Data balikan ditolak: 9 dari 11 data tidak dapat diterima, sehingga tidak ada yang disimpan\. .*"mode": "YANG_VALID"/,
    );
    expect(answer.body.data).toMatchObject({
      mode: 'SEMUA',
      applied: false,
      received: 11,
      valid: 2,
      added: 0,
      corrected: 0,
    });
    expect(
      answer.body.data!.refused.map((r) => [r.position, r.nik, r.reasons.join(' | ')]),
    ).toEqual([
      [2, '12345', expect.stringMatching(/^NIK: /) as string],
      [3, niks[1], 'Nomor kepesertaan JKN harus berupa 13 digit angka'],
      [4, niks[2], 'Isi paling sedikit satu kolom data balikan selain NIK'],
      [5, niks[3], 'Kolom "golongan_darah" tidak dikenal dalam skema data balikan PKS ini'],
      [6, niks[4], 'Nomor surat keterangan kematian paling banyak 60 karakter'],
      [7, niks[5], 'Nomor rekam medis harus berupa teks'],
      [8, never, NOT_ACCESSED_REASON],
      [9, niks[7], NOT_ACCESSED_REASON],
      [10, niks[0], 'NIK ini sudah ada pada baris 1; setiap NIK cukup dikirim sekali'],
    ]);
    expect(await countRows(agreement.id)).toBe(0);
  });

  it('YANG_VALID stores the valid records and lists the others; all invalid is still 422', async () => {
    const niks = testNiks(3, 1300);
    const { agreement, token } = await agencyWithAccess(niks);
    const answer = await send(token, {
      mode: 'YANG_VALID',
      records: [
        { nik: niks[0], data: { nomor_rekam_medis: 'RM-1' } },
        { nik: niks[1], data: { nomor_kepesertaan_jkn: 'bukan-angka' } },
        { nik: niks[2], data: { nomor_kepesertaan_jkn: jkn(3) } },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.code).toBe('DITERIMA_SEBAGIAN');
    expect(answer.body.message).toBe(
      '2 data balikan diterima (2 baru, 0 koreksi, 0 tidak berubah); 1 data ditolak, lihat daftar "refused"',
    );
    expect(answer.body.data).toMatchObject({ mode: 'YANG_VALID', applied: true, added: 2 });
    expect(answer.body.data!.refused).toEqual([
      {
        position: 2,
        nik: niks[1],
        reasons: ['Nomor kepesertaan JKN harus berupa 13 digit angka'],
      },
    ]);
    expect(await countRows(agreement.id)).toBe(2);

    const none = await send(token, {
      mode: 'YANG_VALID',
      records: [{ nik: niks[1], data: { nomor_kepesertaan_jkn: '1' } }],
    });
    expect(none.status).toBe(422);
    expect(none.body.code).toBe('DITOLAK');
    expect(none.body.message).toBe(
      'Data balikan ditolak: tidak satu pun dari 1 data dapat diterima; tidak ada yang disimpan',
    );
    expect(await countRows(agreement.id)).toBe(2);
  });

  describe('Idempotency-Key', () => {
    it('replays the first answer byte for byte and writes nothing again', async () => {
      const niks = testNiks(3, 1400);
      const { agreement, token } = await agencyWithAccess(niks);
      const body = {
        records: niks.map((nik, i) => ({ nik, data: { nomor_kepesertaan_jkn: jkn(10 + i) } })),
      };
      const key = newKey();
      const first = await send(token, body, key);
      expect(first.status).toBe(200);
      expect(first.body.data!.added).toBe(3);
      expect(await countRows(agreement.id)).toBe(3);

      // The same content, keys in another order and spaced differently, is the same request.
      const reordered = JSON.stringify(
        {
          records: niks.map((nik, i) => ({ data: { nomor_kepesertaan_jkn: jkn(10 + i) }, nik })),
          mode: 'SEMUA',
        },
        null,
        2,
      );
      for (const again of [body, reordered]) {
        const replay = await send(token, again, key);
        expect(replay.status).toBe(200);
        expect(replay.headers.get('idempotent-replayed')).toBe('true');
        expect(replay.text).toBe(first.text);
      }
      expect(await countRows(agreement.id)).toBe(3);

      // A refusal is an answer too: its replay is the same refusal.
      const refusedKey = newKey();
      const bad = { records: [{ nik: niks[0], data: { nomor_kepesertaan_jkn: '1' } }] };
      const refused = await send(token, bad, refusedKey);
      const refusedAgain = await send(token, bad, refusedKey);
      expect([refused.status, refusedAgain.status]).toEqual([422, 422]);
      expect(refusedAgain.text).toBe(refused.text);
      expect(refusedAgain.headers.get('idempotent-replayed')).toBe('true');
    });

    it('refuses the same key with another body, and keys are per user', async () => {
      const niks = testNiks(2, 1500);
      const { agreement, agency, token } = await agencyWithAccess(niks);
      const key = newKey();
      const first = await send(
        token,
        { records: [{ nik: niks[0], data: { nomor_rekam_medis: 'A' } }] },
        key,
      );
      expect(first.status).toBe(200);
      const reused = await send(
        token,
        { records: [{ nik: niks[1], data: { nomor_rekam_medis: 'B' } }] },
        key,
      );
      expect(reused.status).toBe(422);
      expect(reused.body).toEqual({
        code: 'KUNCI_SUDAH_DIPAKAI',
        message: expect.stringMatching(
          /^Idempotency-Key ini sudah dipakai untuk pengiriman lain dengan isi berbeda/,
        ) as string,
      });
      const otherMode = await send(
        token,
        { records: [{ nik: niks[0], data: { nomor_rekam_medis: 'A' } }], mode: 'YANG_VALID' },
        key,
      );
      expect(otherMode.body.code).toBe('KUNCI_SUDAH_DIPAKAI');
      expect(await countRows(agreement.id)).toBe(1);

      // Another user of the same agency has keys of their own.
      const head = await makeUser(t.db, { agencyCode: agency.code, role: 'KEPALA_INSTANSI' });
      const headToken = await apiToken(server.url, head.userId, TEST_PASSWORD);
      const theirs = await send(
        headToken,
        { records: [{ nik: niks[1], data: { nomor_rekam_medis: 'B' } }] },
        key,
      );
      expect(theirs.status).toBe(200);
      expect(theirs.headers.get('idempotent-replayed')).toBeNull();
      expect(await countRows(agreement.id)).toBe(2);
    });

    it('concurrent requests with one key write once; the others get the same answer', async () => {
      const niks = testNiks(50, 1600);
      const { agreement, token } = await agencyWithAccess(niks);
      const body = {
        records: niks.map((nik, i) => ({ nik, data: { nomor_kepesertaan_jkn: jkn(100 + i) } })),
      };
      const key = newKey();
      const answers = await Promise.all(Array.from({ length: 6 }, () => send(token, body, key)));
      expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
      expect(new Set(answers.map((a) => a.text)).size).toBe(1);
      expect(answers[0]!.body.data!.added).toBe(50);
      expect(answers.filter((a) => a.headers.get('idempotent-replayed') === null)).toHaveLength(1);
      expect(await countRows(agreement.id)).toBe(50);
    });

    it('is required and must be printable ASCII of at most 200 characters', async () => {
      const [nik] = testNiks(1, 1700);
      const { agreement, token } = await agencyWithAccess([nik!]);
      const body = { records: [{ nik, data: { nomor_rekam_medis: 'RM' } }] };
      const missing = await send(token, body, null);
      expect(missing.status).toBe(400);
      expect(missing.body.code).toBe('PERMINTAAN_TIDAK_VALID');
      expect(missing.body.message).toMatch(/^Header Idempotency-Key wajib diisi/);
      for (const key of ['x'.repeat(201), 'dua kata']) {
        const bad = await send(token, body, key);
        expect(bad.status).toBe(400);
        expect(bad.body.message).toMatch(/^Header Idempotency-Key harus 1–200 karakter/);
      }
      expect((await send(token, body, 'k'.repeat(200))).status).toBe(200);
      expect(await countRows(agreement.id)).toBe(1);
    });

    it('expires after 24 hours: the same key then sends afresh', async () => {
      const [nik] = testNiks(1, 1800);
      const { operator, token } = await agencyWithAccess([nik!]);
      const body = { records: [{ nik, data: { nomor_rekam_medis: 'RM-24' } }] };
      const key = newKey();
      const start = new Date('2026-11-24T03:00:00Z');
      try {
        const first = await send(token, body, key);
        expect(first.body.data!.added).toBe(1);
        server.setNow(new Date(start.getTime() + 23 * 3600_000));
        const laterToken = await apiToken(server.url, operator.userId, TEST_PASSWORD);
        const within = await send(laterToken, body, key);
        expect(within.headers.get('idempotent-replayed')).toBe('true');
        expect(within.text).toBe(first.text);

        server.setNow(new Date(start.getTime() + 25 * 3600_000));
        const nextDayToken = await apiToken(server.url, operator.userId, TEST_PASSWORD);
        const after = await send(nextDayToken, body, key);
        expect(after.status).toBe(200);
        expect(after.headers.get('idempotent-replayed')).toBeNull();
        expect(after.body.data).toMatchObject({ added: 0, unchanged: 1 });
        const kept = await t.db
          .selectFrom('idempotency_key')
          .select('created_at')
          .where('user_id', '=', operator.id)
          .execute();
        expect(kept.map((k) => k.created_at.toISOString())).toEqual([
          new Date(start.getTime() + 25 * 3600_000).toISOString(),
        ]);
      } finally {
        server.setNow(start);
      }
    });
  });

  describe('refusals before any record is read', () => {
    const body = { records: [{ nik: FOUND, data: { nomor_rekam_medis: 'RM' } }] };

    it('GAGAL_LOGIN without a token or with an unknown one', async () => {
      for (const token of [undefined, 'x'.repeat(43)]) {
        const answer = await send(token, body);
        expect(answer.status).toBe(401);
        expect(answer.body).toEqual({ code: 'GAGAL_LOGIN', message: 'Gagal Login' });
      }
    });

    it('IP_TIDAK_SESUAI outside the access point, INSTANSI_TIDAK_AKTIF without the API method, USER_NON_AKTIF', async () => {
      const cases = [
        {
          change: (agencyId: number) =>
            sql`UPDATE agreement SET access_points = '{10.10.0.67}' WHERE agency_id = ${agencyId}`,
          code: 'IP_TIDAK_SESUAI',
          message: 'IP Address Tidak Sesuai',
        },
        {
          change: (agencyId: number) =>
            sql`UPDATE agreement SET access_methods = '{PORTAL}' WHERE agency_id = ${agencyId}`,
          code: 'INSTANSI_TIDAK_AKTIF',
          message: 'Instansi tidak aktif',
        },
      ];
      for (const { change, code, message } of cases) {
        const { agency, agreement, token } = await agencyWithAccess([FOUND]);
        await change(agency.id).execute(t.db);
        const answer = await send(token, body);
        expect(answer.status).toBe(403);
        expect(answer.body).toEqual({ code, message });
        expect(await countRows(agreement.id)).toBe(0);
      }
      const { operator, agreement, token } = await agencyWithAccess([FOUND]);
      await setUserStatus(t.db, operator.id, 'NON_AKTIF');
      const inactive = await send(token, body);
      expect(inactive.status).toBe(403);
      expect(inactive.body).toEqual({
        code: 'USER_NON_AKTIF',
        message: 'User ID non aktif, silahkan menghubungi Admin',
      });
      expect(await countRows(agreement.id)).toBe(0);
    });

    it('Dukcapil staff act for no agency; a head of agency may send', async () => {
      const admin = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
      const adminToken = await apiToken(server.url, admin.userId, TEST_PASSWORD);
      const refused = await send(adminToken, body);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('INSTANSI_TIDAK_AKTIF');

      const { agency, agreement } = await agencyWithAccess([FOUND]);
      const head = await makeUser(t.db, { agencyCode: agency.code, role: 'KEPALA_INSTANSI' });
      const headToken = await apiToken(server.url, head.userId, TEST_PASSWORD);
      expect((await send(headToken, body)).status).toBe(200);
      expect(await countRows(agreement.id)).toBe(1);
    });

    it('an agreement without a return-data schema: 400, and the key stays free', async () => {
      const made = await makeReturnAgency(t.db, null);
      const token = await apiToken(server.url, made.operator.userId, TEST_PASSWORD);
      const key = newKey();
      const answer = await send(token, body, key);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        code: 'PERMINTAAN_TIDAK_VALID',
        message:
          'Skema data balikan PKS instansi Anda belum ditetapkan Dukcapil; data balikan belum dapat diterima',
      });
      const keys = await t.db
        .selectFrom('idempotency_key')
        .select('key')
        .where('user_id', '=', made.operator.id)
        .execute();
      expect(keys).toEqual([]);
    });

    it('envelope problems: 400 with the expected shape; more than 1,000 records or 1 MiB: 413', async () => {
      const [nik] = testNiks(1, 1900);
      const { agreement, token } = await agencyWithAccess([nik!]);
      for (const bad of [
        {},
        { records: 'x' },
        { records: [{ nik, data: { nomor_rekam_medis: 'RM' }, nama: 'SRI' }] },
        { records: [{ nik: Number(nik), data: { nomor_rekam_medis: 'RM' } }] },
        { records: [{ nik, data: { nomor_rekam_medis: 'RM' } }], mode: 'SEBAGIAN' },
      ]) {
        const answer = await send(token, bad);
        expect(answer.status).toBe(400);
        expect(answer.body.code).toBe('PERMINTAAN_TIDAK_VALID');
        expect(answer.body.message).toMatch(/^Permintaan tidak valid: .*Bentuk yang diharapkan/);
      }
      const empty = await send(token, { records: [] });
      expect(empty.status).toBe(400);
      expect(empty.body.message).toBe('Kirim paling sedikit satu data');

      const many = testNiks(1001, 2000).map((n) => ({ nik: n, data: { nomor_rekam_medis: 'R' } }));
      const tooMany = await send(token, { records: many });
      expect(tooMany.status).toBe(413);
      expect(tooMany.body.code).toBe('TERLALU_BANYAK_DATA');
      expect(tooMany.body.message).toMatch(
        /^Paling banyak 1\.000 data per permintaan \(dikirim 1\.001\)/,
      );

      const huge = await send(token, {
        records: [{ nik, data: { nomor_rekam_medis: 'x'.repeat(1024 * 1024) } }],
      });
      expect(huge.status).toBe(413);
      expect(huge.body.message).toBe('Permintaan terlalu besar');

      const invalidJson = await send(token, '{"records": [');
      expect(invalidJson.status).toBe(400);
      expect(await countRows(agreement.id)).toBe(0);
    });

    it('1,000 records in one request are accepted', async () => {
      const niks = testNiks(1000, 3100);
      const { agreement, token } = await agencyWithAccess(niks);
      const answer = await send(token, {
        records: niks.map((nik, i) => ({ nik, data: { nomor_kepesertaan_jkn: jkn(5000 + i) } })),
      });
      expect(answer.status).toBe(200);
      expect(answer.body.data!.added).toBe(1000);
      expect(await countRows(agreement.id)).toBe(1000);
    });
  });
});

describe('OpenAPI document', () => {
  it('lists both return-data endpoints with Indonesian summaries and the Idempotency-Key header', async () => {
    const response = await fetch(`${server.url}/api/v1/openapi.json`);
    const document = (await response.json()) as {
      paths: Record<
        string,
        {
          post?: {
            summary?: string;
            tags?: string[];
            parameters?: { name: string; in: string; required?: boolean }[];
          };
        }
      >;
    };
    const api = document.paths['/api/v1/data-balikan']?.post;
    const store = document.paths['/dukcapil/databalikan/store']?.post;
    expect(api?.summary).toBe('Mengirim data balikan');
    expect(api?.tags).toEqual(['Data balikan']);
    expect(api?.parameters).toContainEqual(
      expect.objectContaining({ name: 'idempotency-key', in: 'header', required: true }),
    );
    expect(store?.summary).toBe(
      'Mengirim data balikan (kompatibel dengan klien layanan web nasional)',
    );
    expect(store?.tags).toEqual(['Data balikan']);
  });
});
