import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { makeAgency, makeAgreement, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import { apiToken, startTestServer, type TestServer } from '../../test/server.js';
import { createAgreementDraft } from '../services/agreements/agreement-lifecycle.js';
import { getAgreement } from '../services/agreements/agreement-queries.js';
import { getAgencyDetail } from '../services/agreements/agencies.js';

/**
 * Who may call which endpoint of the agencies-and-agreements JSON API: every role (and a
 * caller without a token) against every endpoint. Agency staff are checked against their own
 * agency A and, for the head, against agency B's agreement.
 */

type Who = 'ADMIN' | 'EVALUATOR' | 'HEAD_A' | 'HEAD_B' | 'OPERATOR_A' | 'ANONYMOUS';
const EVERYONE: readonly Who[] = [
  'ADMIN',
  'EVALUATOR',
  'HEAD_A',
  'HEAD_B',
  'OPERATOR_A',
  'ANONYMOUS',
];

const NOW = new Date('2026-11-24T03:00:00Z');
const TODAY = '2026-11-24';

/** Expected status per caller: the allowed ones get the endpoint's own status. */
function allowing(allowed: readonly Who[], status: number): Record<Who, number> {
  return Object.fromEntries(
    EVERYONE.map((who) => [who, allowed.includes(who) ? status : who === 'ANONYMOUS' ? 401 : 403]),
  ) as Record<Who, number>;
}
const VIEW_ALL = (status = 200) => allowing(['ADMIN', 'EVALUATOR'], status);
const MANAGE = (status = 200) => allowing(['ADMIN'], status);

describe('agencies and agreements JSON API: role × endpoint', () => {
  let t: TestDatabase;
  let server: TestServer;
  const tokens = {} as Record<Who, string | undefined>;
  let agencyA: { id: number; code: string };
  let agreementA: { id: number };
  let agreementB: { id: number };
  let adminId: number;
  let n = 0;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
    agencyA = await makeAgency(t.db);
    agreementA = await makeAgreement(t.db, agencyA.code);
    const agencyB = await makeAgency(t.db);
    agreementB = await makeAgreement(t.db, agencyB.code);
    const users = {
      ADMIN: await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' }),
      EVALUATOR: await makeUser(t.db, { role: 'EVALUATOR_DUKCAPIL' }),
      HEAD_A: await makeUser(t.db, { role: 'KEPALA_INSTANSI', agencyCode: agencyA.code }),
      HEAD_B: await makeUser(t.db, { role: 'KEPALA_INSTANSI', agencyCode: agencyB.code }),
      OPERATOR_A: await makeUser(t.db, { agencyCode: agencyA.code }),
    };
    adminId = users.ADMIN.id;
    for (const who of EVERYONE) {
      tokens[who] =
        who === 'ANONYMOUS'
          ? undefined
          : await apiToken(server.url, users[who].userId, TEST_PASSWORD);
    }
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  async function call(who: Who, method: string, path: string, body?: unknown) {
    const token = tokens[who];
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function newDraft(agencyId: number): Promise<number> {
    n += 1;
    return createAgreementDraft(t.db, { id: adminId }, agencyId, draftBody(), NOW);
  }

  function draftBody() {
    n += 1;
    return {
      nomorDukcapil: `400.12/${5000 + n}/2026`,
      nomorInstansi: `300/${n}/2026`,
      signedOn: '2026-11-01',
      endsOn: '2028-11-01',
      purpose: 'Verifikasi data pemohon',
      grantedElements: ['NIK'],
      accessMethods: ['PORTAL'],
      accessPoints: ['127.0.0.1'],
      bandwidthKbps: 1000,
      quotaStage: 'PRA_POC',
    };
  }

  function draftJson() {
    const d = draftBody();
    return {
      nomorDukcapil: d.nomorDukcapil,
      nomorInstansi: d.nomorInstansi,
      tanggalTandaTangan: d.signedOn,
      tanggalBerakhir: d.endsOn,
      maksudTujuan: d.purpose,
      elemenData: d.grantedElements,
      metodeAkses: d.accessMethods,
      titikAkses: d.accessPoints,
      bandwidthKbps: 3000,
      tahapKuota: d.quotaStage,
    };
  }

  const reads: [string, () => string, Record<Who, number>][] = [
    ['list agencies', () => '/api/v1/admin/instansi?status=AKTIF&halaman=1', VIEW_ALL()],
    ['agency detail', () => `/api/v1/admin/instansi/${agencyA.id}`, VIEW_ALL()],
    ['list agreements', () => '/api/v1/admin/pks?cari=400.12', VIEW_ALL()],
    ['agreement detail', () => `/api/v1/admin/pks/${agreementA.id}`, VIEW_ALL()],
    ['own agreements', () => '/api/v1/instansi/pks', allowing(['HEAD_A', 'HEAD_B'], 200)],
    [
      'agency A’s agreement as own',
      () => `/api/v1/instansi/pks/${agreementA.id}`,
      { ...allowing(['HEAD_A'], 200), HEAD_B: 404 },
    ],
    [
      'agency B’s agreement as own',
      () => `/api/v1/instansi/pks/${agreementB.id}`,
      { ...allowing(['HEAD_B'], 200), HEAD_A: 404 },
    ],
  ];

  it.each(
    reads.flatMap(([name, path, expected]) =>
      EVERYONE.map((who) => [name, who, path, expected[who]] as const),
    ),
  )('GET %s as %s', async (_name, who, path, expected) => {
    const answer = await call(who, 'GET', path());
    expect(answer.status).toBe(expected);
    if (expected === 403) expect(answer.body.code).toBe('TIDAK_BERWENANG');
    if (expected === 401) expect(answer.body.code).toBe('GAGAL_LOGIN');
  });

  it('shows a head only their own agency’s agreements', async () => {
    const own = await call('HEAD_B', 'GET', '/api/v1/instansi/pks');
    expect((own.body.data as { id: number }[]).map((a) => a.id)).toEqual([agreementB.id]);
  });

  interface Write {
    readonly name: string;
    /** Makes the objects; returns the request and how to read the state it changes. */
    readonly prepare: () => Promise<{
      method: string;
      path: string;
      body: unknown;
      check: () => Promise<string>;
    }>;
    readonly before: string;
    readonly after: string;
    readonly status: number;
  }

  const agreementStatus = (id: number) => async () => (await getAgreement(t.db, id, TODAY))!.status;
  const agencyStatus = (id: number) => async () => (await getAgencyDetail(t.db, id, NOW)).status;

  const writes: Write[] = [
    {
      name: 'register an agency',
      prepare: async () => {
        n += 1;
        const kode = `API${n}`;
        return {
          method: 'POST',
          path: '/api/v1/admin/instansi',
          body: {
            kode,
            nama: 'Instansi Hak Akses',
            alamat: 'Jl. Uji No. 1, Purbalingga',
            jabatanPimpinan: 'Kepala Instansi Hak Akses',
          },
          check: async () =>
            (await t.db
              .selectFrom('agency')
              .select('id')
              .where('code', '=', kode)
              .executeTakeFirst())
              ? 'ADA'
              : 'TIDAK_ADA',
        };
      },
      before: 'TIDAK_ADA',
      after: 'ADA',
      status: 201,
    },
    {
      name: 'edit an agency',
      prepare: async () => {
        const agency = await makeAgency(t.db, { name: 'Instansi Sebelum' });
        return {
          method: 'PUT',
          path: `/api/v1/admin/instansi/${agency.id}`,
          body: {
            nama: 'Instansi Diubah',
            alamat: 'Jl. Baru No. 2, Purbalingga',
            jabatanPimpinan: 'Kepala Instansi Diubah',
          },
          check: async () => (await getAgencyDetail(t.db, agency.id, NOW)).name,
        };
      },
      before: 'Instansi Sebelum',
      after: 'Instansi Diubah',
      status: 200,
    },
    {
      name: 'deactivate an agency',
      prepare: async () => {
        const agency = await makeAgency(t.db);
        return {
          method: 'POST',
          path: `/api/v1/admin/instansi/${agency.id}/nonaktifkan`,
          body: { alasan: 'Uji hak akses' },
          check: agencyStatus(agency.id),
        };
      },
      before: 'AKTIF',
      after: 'NON_AKTIF',
      status: 200,
    },
    {
      name: 'reactivate an agency',
      prepare: async () => {
        const agency = await makeAgency(t.db);
        await t.db
          .updateTable('agency')
          .set({ status: 'NON_AKTIF' })
          .where('id', '=', agency.id)
          .execute();
        return {
          method: 'POST',
          path: `/api/v1/admin/instansi/${agency.id}/aktifkan`,
          body: { alasan: 'Uji hak akses' },
          check: agencyStatus(agency.id),
        };
      },
      before: 'NON_AKTIF',
      after: 'AKTIF',
      status: 200,
    },
    {
      name: 'create a draft',
      prepare: async () => {
        const agency = await makeAgency(t.db);
        return {
          method: 'POST',
          path: '/api/v1/admin/pks',
          body: { instansiId: agency.id, ...draftJson() },
          check: async () =>
            String((await getAgencyDetail(t.db, agency.id, NOW)).agreements.length),
        };
      },
      before: '0',
      after: '1',
      status: 201,
    },
    {
      name: 'edit a draft',
      prepare: async () => {
        const id = await newDraft((await makeAgency(t.db)).id);
        return {
          method: 'PUT',
          path: `/api/v1/admin/pks/${id}`,
          body: draftJson(),
          check: async () => String((await getAgreement(t.db, id, TODAY))!.bandwidthKbps),
        };
      },
      before: '1000',
      after: '3000',
      status: 200,
    },
    ...(
      [
        ['activate', 'berlakukan', {}, 'AKTIF'],
        ['cancel', 'batalkan', { alasan: 'Uji hak akses' }, 'BATAL'],
      ] as const
    ).map(([name, verb, body, after]): Write => ({
      name: `${name} a draft`,
      prepare: async () => {
        const id = await newDraft((await makeAgency(t.db)).id);
        return {
          method: 'POST',
          path: `/api/v1/admin/pks/${id}/${verb}`,
          body,
          check: agreementStatus(id),
        };
      },
      before: 'DRAFT',
      after,
      status: 200,
    })),
    ...(
      [
        ['end', 'akhiri', 'BERAKHIR'],
        ['revoke', 'cabut', 'DICABUT'],
      ] as const
    ).map(([name, verb, after]): Write => ({
      name: `${name} an agreement`,
      prepare: async () => {
        const agency = await makeAgency(t.db);
        const { id } = await makeAgreement(t.db, agency.code);
        return {
          method: 'POST',
          path: `/api/v1/admin/pks/${id}/${verb}`,
          body: { alasan: 'Uji hak akses' },
          check: agreementStatus(id),
        };
      },
      before: 'AKTIF',
      after,
      status: 200,
    })),
    {
      name: 'record an addendum',
      prepare: async () => {
        const agency = await makeAgency(t.db);
        const { id } = await makeAgreement(t.db, agency.code);
        return {
          method: 'POST',
          path: `/api/v1/admin/pks/${id}/adendum`,
          body: {
            perubahan: { tanggalBerakhir: '2029-09-16' },
            alasan: 'Uji hak akses',
            adendum: { nomor: '400.12/5999/2026', tanggal: TODAY },
          },
          check: async () => (await getAgreement(t.db, id, TODAY))!.endsOn,
        };
      },
      before: '2027-09-16',
      after: '2029-09-16',
      status: 200,
    },
  ];

  it.each(writes.flatMap((write) => EVERYONE.map((who) => [write.name, who, write] as const)))(
    '%s as %s',
    async (_name, who, write) => {
      const request = await write.prepare();
      expect(await request.check()).toBe(write.before);
      const answer = await call(who, request.method, request.path, request.body);
      const expected = MANAGE(write.status)[who];
      expect(answer.status).toBe(expected);
      expect(await request.check()).toBe(expected === write.status ? write.after : write.before);
    },
  );

  it('refuses the head of agency A the admin endpoints on their own agency too', async () => {
    const answer = await call('HEAD_A', 'POST', `/api/v1/admin/pks/${agreementA.id}/cabut`, {
      alasan: 'Mencoba mencabut sendiri',
    });
    expect(answer).toMatchObject({ status: 403, body: { code: 'TIDAK_BERWENANG' } });
    expect((await getAgreement(t.db, agreementA.id, TODAY))!.status).toBe('AKTIF');
  });
});
