import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { makeReturnAgency, recordAccess, testNiks } from '../../test/data-balikan.js';
import { makeResident, TEST_PASSWORD } from '../../test/factories.js';
import { apiLookup, apiToken, startTestServer, type TestServer } from '../../test/server.js';
import { DPMPTSP_DATA_BALIKAN } from '../services/demo/agreements.js';
import { NOT_ACCESSED_REASON } from '../services/data-balikan/submission.js';
import { findRecordHistory } from '../store/data-balikan.js';
import { setUserStatus } from '../store/users.js';

const STORE = '/dukcapil/databalikan/store';
const FOUND = '3303054703900002';
const jkn = (n: number) => String(1000000000000 + n);

let t: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  t = await createTestDatabase();
  server = await startTestServer(t.db);
});
afterAll(async () => {
  await server.close();
  await t.drop();
});

/** What the store endpoint answers: the status and the exact body text. */
async function store(token: string | undefined, body: unknown, contentType = 'application/json') {
  const response = await fetch(`${server.url}${STORE}`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text: await response.text(),
  };
}

const message = (text: string) => JSON.stringify({ message: text });

function lembaga(records: { NIK: unknown; param: unknown }[]) {
  return [{ id_lembaga: '3303-DINKES', nama_lembaga: 'DINAS KESEHATAN', data: records }];
}

async function countRows(agreementId: number): Promise<number> {
  const row = await t.db
    .selectFrom('data_balikan')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('agreement_id', '=', agreementId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function agencyWithAccess(
  niks: readonly string[],
  schema = undefined as typeof DPMPTSP_DATA_BALIKAN | undefined,
) {
  const made = schema ? await makeReturnAgency(t.db, schema) : await makeReturnAgency(t.db);
  await recordAccess(t.db, {
    agreementId: made.agreement.id,
    agencyId: made.agency.id,
    userId: made.operator.id,
    niks,
  });
  const token = await apiToken(server.url, made.operator.userId, TEST_PASSWORD);
  return { ...made, token };
}

describe(`POST ${STORE} (SPEC §9)`, () => {
  it('answers 200 {"message":"Success"}; field names match without regard to case and param objects merge', async () => {
    await makeResident(t.db, { nik: FOUND });
    const [other] = testNiks(1, 5000);
    const { agreement, token } = await agencyWithAccess([other!]);
    expect((await apiLookup(server.url, token, FOUND)).body.code).toBe('DITEMUKAN');

    const answer = await store(
      token,
      lembaga([
        {
          NIK: FOUND,
          param: [{ NOMOR_KEPESERTAAN_JKN: jkn(1) }, { Nomor_Rekam_Medis: 'RM-001' }],
        },
        { NIK: other, param: [{ NOMOR_KEPESERTAAN_JKN: jkn(2), NOMOR_SURAT_KELAHIRAN: '' }] },
      ]),
    );
    expect(answer).toEqual({
      status: 200,
      type: 'application/json; charset=utf-8',
      text: message('Success'),
    });
    const history = await findRecordHistory(t.db, agreement.id, FOUND);
    expect(history.map((h) => [h.version, h.channel, h.fields])).toEqual([
      [1, 'STORE', { nomor_kepesertaan_jkn: jkn(1), nomor_rekam_medis: 'RM-001' }],
    ]);
    expect(await countRows(agreement.id)).toBe(2);
  });

  it('a repeat of identical data is 400 {"message":"Data sudah pernah dikirim"}; a changed record is a correction', async () => {
    const niks = testNiks(2, 5100);
    const { agreement, token } = await agencyWithAccess(niks);
    const body = lembaga([
      { NIK: niks[0], param: [{ NOMOR_REKAM_MEDIS: 'RM-1' }] },
      { NIK: niks[1], param: [{ NOMOR_REKAM_MEDIS: 'RM-2' }] },
    ]);
    expect((await store(token, body)).text).toBe(message('Success'));
    const repeat = await store(token, body);
    expect(repeat).toMatchObject({ status: 400, text: message('Data sudah pernah dikirim') });
    expect(await countRows(agreement.id)).toBe(2);

    // One record unchanged, one corrected: the correction is stored.
    const corrected = await store(
      token,
      lembaga([
        { NIK: niks[0], param: [{ NOMOR_REKAM_MEDIS: 'RM-1' }] },
        { NIK: niks[1], param: [{ NOMOR_REKAM_MEDIS: 'RM-2-B' }] },
      ]),
    );
    expect(corrected).toMatchObject({ status: 200, text: message('Success') });
    const history = await findRecordHistory(t.db, agreement.id, niks[1]!);
    expect(history.map((h) => [h.version, h.is_current, h.fields])).toEqual([
      [2, true, { nomor_rekam_medis: 'RM-2-B' }],
      [1, false, { nomor_rekam_medis: 'RM-2' }],
    ]);
  });

  it('refuses the whole body, naming each refused record by position, NIK and reason', async () => {
    const niks = testNiks(4, 5200);
    const { agreement, token } = await agencyWithAccess(niks.slice(0, 3));
    const theirs = await makeReturnAgency(t.db);
    await recordAccess(t.db, {
      agreementId: theirs.agreement.id,
      agencyId: theirs.agency.id,
      userId: theirs.operator.id,
      niks: [niks[3]!],
    });
    const answer = await store(
      token,
      lembaga([
        { NIK: niks[0], param: [{ NOMOR_REKAM_MEDIS: 'RM-1' }] },
        { NIK: niks[1], param: [{ NOMOR_KEPESERTAAN_JKN: '123' }] },
        { NIK: niks[3], param: [{ NOMOR_REKAM_MEDIS: 'RM-3' }] },
        { NIK: niks[0], param: [{ NOMOR_REKAM_MEDIS: 'RM-4' }] },
        { NIK: niks[2], param: [{ GOLONGAN_DARAH: 'O' }] },
        { NIK: '3303', param: [{ NOMOR_REKAM_MEDIS: 'RM-6' }] },
      ]),
    );
    expect(answer.status).toBe(400);
    const text = (JSON.parse(answer.text) as { message: string }).message;
    expect(Object.keys(JSON.parse(answer.text) as object)).toEqual(['message']);
    expect(text.split(' | ')).toEqual([
      `Data balikan ditolak, tidak ada yang disimpan. data ke-2 (NIK ${niks[1]}): Nomor kepesertaan JKN harus berupa 13 digit angka`,
      `data ke-3 (NIK ${niks[3]}): ${NOT_ACCESSED_REASON}`,
      `data ke-4 (NIK ${niks[0]}): NIK ini sudah ada pada baris 1; setiap NIK cukup dikirim sekali`,
      `data ke-5 (NIK ${niks[2]}): Kolom "GOLONGAN_DARAH" tidak dikenal dalam skema data balikan PKS ini`,
      expect.stringMatching(/^data ke-6 \(NIK 3303\): NIK: /) as string,
    ]);
    expect(await countRows(agreement.id)).toBe(0);
  });

  it('a NIK never accessed, and a field sent twice with different values, are refused', async () => {
    const [accessed, never] = testNiks(2, 5300);
    const { agreement, token } = await agencyWithAccess([accessed!]);
    const notAccessed = await store(
      token,
      lembaga([{ NIK: never, param: [{ NOMOR_REKAM_MEDIS: 'RM' }] }]),
    );
    expect(notAccessed).toMatchObject({
      status: 400,
      text: message(
        `Data balikan ditolak, tidak ada yang disimpan. data ke-1 (NIK ${never}): ${NOT_ACCESSED_REASON}`,
      ),
    });
    const ambiguous = await store(
      token,
      lembaga([
        { NIK: accessed, param: [{ NOMOR_REKAM_MEDIS: 'RM-1' }, { nomor_rekam_medis: 'RM-2' }] },
      ]),
    );
    expect(ambiguous).toMatchObject({
      status: 400,
      text: message(
        `Data balikan ditolak, tidak ada yang disimpan. data ke-1 (NIK ${accessed}): Kolom nomor_rekam_medis dikirim lebih dari sekali dengan nilai berbeda`,
      ),
    });
    expect(await countRows(agreement.id)).toBe(0);
  });

  it('takes the variants of clients: lower-case keys, one object instead of a list, several lembaga, DPMPTSP options', async () => {
    const niks = testNiks(3, 5400);
    const { agreement, token } = await agencyWithAccess(niks, DPMPTSP_DATA_BALIKAN);
    const answer = await store(token, [
      {
        id_lembaga: 7,
        nama_lembaga: 'DPMPTSP',
        data: [
          {
            nik: niks[0],
            param: { NOMOR_PERIZINAN_INVESTASI: '9120001234567', JENIS_PERIZINAN_INVESTASI: 'nib' },
          },
        ],
      },
      {
        ID_LEMBAGA: 7,
        NAMA_LEMBAGA: 'DPMPTSP',
        DATA: [
          {
            NIK: niks[1],
            PARAM: [
              { NOMOR_PERIZINAN_INVESTASI: 'PBG/2026/01' },
              { JENIS_PERIZINAN_INVESTASI: 'PBG' },
            ],
          },
        ],
      },
    ]);
    expect(answer).toMatchObject({ status: 200, text: message('Success') });
    const single = await store(token, {
      id_lembaga: 7,
      nama_lembaga: 'DPMPTSP',
      data: [
        {
          NIK: niks[2],
          param: [{ NOMOR_PERIZINAN_INVESTASI: 'X-1', JENIS_PERIZINAN_INVESTASI: 'SLF' }],
        },
      ],
    });
    expect(single).toMatchObject({ status: 200, text: message('Success') });
    const history = await findRecordHistory(t.db, agreement.id, niks[0]!);
    expect(history[0]!.fields).toEqual({
      nomor_perizinan_investasi: '9120001234567',
      jenis_perizinan_investasi: 'NIB',
    });
    expect(await countRows(agreement.id)).toBe(3);
  });

  it('answers malformed bodies in the clients\' {"message"} style, never HTML', async () => {
    const [nik] = testNiks(1, 5500);
    const { agreement, token } = await agencyWithAccess([nik!]);
    for (const [body, contentType] of [
      ['{"data": [', 'application/json'],
      ['"teks"', 'application/json'],
      [[{ id_lembaga: 1, nama_lembaga: 'X' }], 'application/json'],
      [lembaga([{ NIK: nik, param: 'NOMOR_REKAM_MEDIS=RM' }]), 'application/json'],
      ['nik=1&id_lembaga=2', 'application/x-www-form-urlencoded'],
    ] as const) {
      const answer = await store(token, body, contentType);
      expect(answer.status).toBe(400);
      expect(answer.type).toBe('application/json; charset=utf-8');
      expect((JSON.parse(answer.text) as { message: string }).message).toMatch(
        /^Format data tidak sesuai: /,
      );
    }
    expect(await store(token, [])).toMatchObject({
      status: 400,
      text: message('Tidak ada data balikan yang dikirim'),
    });
    const many = testNiks(1001, 6000).map((n) => ({ NIK: n, param: [{ NOMOR_REKAM_MEDIS: 'R' }] }));
    expect(await store(token, lembaga(many))).toMatchObject({
      status: 413,
      text: message('Paling banyak 1.000 data per pengiriman; kirim dalam beberapa bagian'),
    });
    const huge = lembaga([{ NIK: nik, param: [{ NOMOR_REKAM_MEDIS: 'x'.repeat(1024 * 1024) }] }]);
    expect(await store(token, huge)).toMatchObject({
      status: 413,
      text: message('Data terlalu besar: paling banyak 1 MiB per pengiriman'),
    });
    expect(await countRows(agreement.id)).toBe(0);
  });

  it("refuses tokens in the clients' style: Login Gagal, IP Address Tidak Sesuai, inactive user and agency", async () => {
    const body = lembaga([{ NIK: FOUND, param: [{ NOMOR_REKAM_MEDIS: 'RM' }] }]);
    for (const token of [undefined, 'x'.repeat(43)]) {
      expect(await store(token, body)).toMatchObject({ status: 401, text: message('Login Gagal') });
    }

    const away = await agencyWithAccess([FOUND]);
    await sql`UPDATE agreement SET access_points = '{10.10.0.67}' WHERE agency_id = ${away.agency.id}`.execute(
      t.db,
    );
    expect(await store(away.token, body)).toMatchObject({
      status: 403,
      text: message('IP Address Tidak Sesuai'),
    });

    const portalOnly = await agencyWithAccess([FOUND]);
    await sql`UPDATE agreement SET access_methods = '{PORTAL}' WHERE agency_id = ${portalOnly.agency.id}`.execute(
      t.db,
    );
    expect(await store(portalOnly.token, body)).toMatchObject({
      status: 403,
      text: message('Instansi tidak aktif'),
    });

    const inactive = await agencyWithAccess([FOUND]);
    await setUserStatus(t.db, inactive.operator.id, 'NON_AKTIF');
    expect(await store(inactive.token, body)).toMatchObject({
      status: 403,
      text: message('User ID non aktif, silahkan menghubungi Admin'),
    });
    for (const made of [away, portalOnly, inactive]) {
      expect(await countRows(made.agreement.id)).toBe(0);
    }
  });

  it('an agreement without a return-data schema is refused with that reason', async () => {
    const made = await makeReturnAgency(t.db, null);
    const token = await apiToken(server.url, made.operator.userId, TEST_PASSWORD);
    const answer = await store(
      token,
      lembaga([{ NIK: FOUND, param: [{ NOMOR_REKAM_MEDIS: 'RM' }] }]),
    );
    expect(answer).toMatchObject({
      status: 400,
      text: message(
        'Skema data balikan PKS instansi Anda belum ditetapkan Dukcapil; data balikan belum dapat diterima',
      ),
    });
  });
});
