import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeAgency, makeAgreement, makeUser, TEST_PASSWORD } from '../../../test/factories.js';
import { PortalClient, startTestServer, type TestServer } from '../../../test/server.js';
import { createAgreementDraft } from '../../services/agreements/agreement-lifecycle.js';
import { getAgreement } from '../../services/agreements/agreement-queries.js';
import { getAgencyDetail } from '../../services/agreements/agencies.js';

/**
 * Who may open which page of the agencies-and-agreements console and "Instansi saya", and
 * who may act: every role (and a visitor without a session) against every page and form.
 * Agency staff are checked against their own agency A and, for the head, against agency B.
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

/** Where the portal sends someone a page is not for. */
const HOME: Record<Who, string> = {
  ADMIN: '/dukcapil',
  EVALUATOR: '/dukcapil',
  HEAD_A: '/instansi/penggunaan',
  HEAD_B: '/instansi/penggunaan',
  OPERATOR_A: '/cari',
  ANONYMOUS: '/masuk',
};

const NOW = new Date('2026-11-24T03:00:00Z');
const TODAY = '2026-11-24';

describe('agencies and agreements pages: role × page and role × action', () => {
  let t: TestDatabase;
  let server: TestServer;
  const clients = {} as Record<Who, PortalClient>;
  let agencyA: { id: number; code: string };
  let agreementA: { id: number };
  let agreementB: { id: number };
  let draftA: number;
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
    draftA = await newDraft(agencyA.id);
    for (const who of EVERYONE) {
      clients[who] = new PortalClient(server.url);
      if (who !== 'ANONYMOUS') await clients[who].login(users[who].userId, TEST_PASSWORD);
    }
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  async function newDraft(agencyId: number): Promise<number> {
    n += 1;
    return createAgreementDraft(
      t.db,
      { id: adminId },
      agencyId,
      {
        nomorDukcapil: `400.12/${6000 + n}/2026`,
        nomorInstansi: `100/${n}/2026`,
        signedOn: '2026-11-01',
        endsOn: '2028-11-01',
        purpose: 'Verifikasi data pemohon',
        grantedElements: ['NIK'],
        accessMethods: ['PORTAL'],
        accessPoints: ['127.0.0.1'],
        bandwidthKbps: 1000,
        quotaStage: 'PRA_POC',
      },
      NOW,
    );
  }

  /** A page each role can open, to carry a valid CSRF token into a form post. */
  async function csrfOf(who: Who): Promise<string> {
    const page = {
      ADMIN: '/dukcapil/instansi',
      EVALUATOR: '/dukcapil/instansi',
      HEAD_A: '/instansi',
      HEAD_B: '/instansi',
      OPERATOR_A: '/cari',
      ANONYMOUS: '/masuk',
    }[who];
    const html = (await clients[who].request(page)).html;
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error(`no CSRF token for ${who} on ${page}`);
    return token;
  }

  const VIEW: Record<Who, 'open' | 'home'> = {
    ADMIN: 'open',
    EVALUATOR: 'open',
    HEAD_A: 'home',
    HEAD_B: 'home',
    OPERATOR_A: 'home',
    ANONYMOUS: 'home',
  };
  const MANAGE: Record<Who, 'open' | 'home'> = { ...VIEW, EVALUATOR: 'home' };
  const OWN_A: Record<Who, 'open' | 'home' | 404> = {
    ADMIN: 'home',
    EVALUATOR: 'home',
    HEAD_A: 'open',
    HEAD_B: 404,
    OPERATOR_A: 'home',
    ANONYMOUS: 'home',
  };

  const pages: [string, () => string, Record<Who, 'open' | 'home' | 404>][] = [
    ['agency list', () => '/dukcapil/instansi', VIEW],
    ['agency list filtered', () => '/dukcapil/instansi?status=AKTIF&nama=UJI&halaman=1', VIEW],
    ['new agency form', () => '/dukcapil/instansi/baru', MANAGE],
    ['agency detail', () => `/dukcapil/instansi/${agencyA.id}`, VIEW],
    ['edit agency form', () => `/dukcapil/instansi/${agencyA.id}/ubah`, MANAGE],
    ['deactivate agency', () => `/dukcapil/instansi/${agencyA.id}/nonaktifkan`, MANAGE],
    ['reactivate agency', () => `/dukcapil/instansi/${agencyA.id}/aktifkan`, MANAGE],
    ['new draft form', () => `/dukcapil/instansi/${agencyA.id}/pks/baru`, MANAGE],
    ['agreement list', () => '/dukcapil/pks?status=AKTIF', VIEW],
    ['agreement detail', () => `/dukcapil/pks/${agreementA.id}`, VIEW],
    ['edit draft form', () => `/dukcapil/pks/${draftA}/ubah`, MANAGE],
    ['activate confirmation', () => `/dukcapil/pks/${draftA}/berlakukan`, MANAGE],
    ['cancel confirmation', () => `/dukcapil/pks/${draftA}/batalkan`, MANAGE],
    ['addendum form', () => `/dukcapil/pks/${agreementA.id}/adendum`, MANAGE],
    ['end confirmation', () => `/dukcapil/pks/${agreementA.id}/akhiri`, MANAGE],
    ['revoke confirmation', () => `/dukcapil/pks/${agreementA.id}/cabut`, MANAGE],
    ['own agency', () => '/instansi', { ...OWN_A, HEAD_B: 'open' }],
    ['own agreement of agency A', () => `/instansi/pks/${agreementA.id}`, OWN_A],
    [
      'agreement of agency B',
      () => `/instansi/pks/${agreementB.id}`,
      { ...OWN_A, HEAD_A: 404, HEAD_B: 'open' },
    ],
  ];

  const pageCases = pages.flatMap(([name, path, expected]) =>
    EVERYONE.map((who) => [name, who, path, expected[who]] as const),
  );

  it.each(pageCases)('GET %s as %s', async (_name, who, path, expected) => {
    const answer = await clients[who].request(path());
    if (expected === 'home') {
      expect(answer.status).toBe(303);
      expect(answer.location).toBe(HOME[who]);
    } else if (expected === 404) {
      expect(answer.status).toBe(404);
      expect(answer.html).not.toContain('data-kind=');
    } else {
      // 409: the page is theirs, but the state machine does not allow the action now.
      expect([200, 409]).toContain(answer.status);
      expect(answer.html).toContain('<h1>');
    }
  });

  /** Each action on objects of its own, so that one role's success cannot hide another's. */
  interface Prepared {
    readonly path: string;
    /** The state the action changes, as text. */
    readonly check: () => Promise<string>;
    /** The code of the agency a registration creates. */
    readonly code?: string;
  }
  interface Action {
    readonly name: string;
    readonly prepare: () => Promise<Prepared>;
    readonly fields: Record<string, string | string[]>;
    readonly before: string;
    readonly after: string;
    readonly permission: Record<Who, 'open' | 'home'>;
  }

  const agreementState = (id: number) => async () => (await getAgreement(t.db, id, TODAY))!.status;
  const agencyState = (id: number) => async () => (await getAgencyDetail(t.db, id, NOW)).status;

  const actions: Action[] = [
    {
      name: 'register an agency',
      prepare: async () => {
        n += 1;
        const code = `BARU${n}`;
        return {
          path: '/dukcapil/instansi/baru',
          check: async () =>
            (await t.db
              .selectFrom('agency')
              .select('id')
              .where('code', '=', code)
              .executeTakeFirst())
              ? 'ADA'
              : 'TIDAK_ADA',
          code,
        };
      },
      fields: {},
      before: 'TIDAK_ADA',
      after: 'ADA',
      permission: MANAGE,
    },
    {
      name: 'edit an agency',
      prepare: async () => {
        const agency = await makeAgency(t.db);
        return {
          path: `/dukcapil/instansi/${agency.id}/ubah`,
          check: async () => (await getAgencyDetail(t.db, agency.id, NOW)).address ?? 'KOSONG',
        };
      },
      fields: {
        name: 'Instansi Diubah',
        address: 'Jl. Baru No. 2, Purbalingga',
        headTitle: 'Kepala Instansi Diubah',
      },
      before: 'KOSONG',
      after: 'Jl. Baru No. 2, Purbalingga',
      permission: MANAGE,
    },
    {
      name: 'deactivate an agency',
      prepare: async () => {
        const agency = await makeAgency(t.db);
        return {
          path: `/dukcapil/instansi/${agency.id}/nonaktifkan`,
          check: agencyState(agency.id),
        };
      },
      fields: { reason: 'Uji hak akses', konfirmasi: 'ya' },
      before: 'AKTIF',
      after: 'NON_AKTIF',
      permission: MANAGE,
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
        return { path: `/dukcapil/instansi/${agency.id}/aktifkan`, check: agencyState(agency.id) };
      },
      fields: { reason: 'Uji hak akses', konfirmasi: 'ya' },
      before: 'NON_AKTIF',
      after: 'AKTIF',
      permission: MANAGE,
    },
    {
      name: 'create a draft',
      prepare: async () => {
        const agency = await makeAgency(t.db);
        return {
          path: `/dukcapil/instansi/${agency.id}/pks/baru`,
          check: async () =>
            String((await getAgencyDetail(t.db, agency.id, NOW)).agreements.length),
        };
      },
      fields: {},
      before: '0',
      after: '1',
      permission: MANAGE,
    },
    {
      name: 'edit a draft',
      prepare: async () => {
        const agency = await makeAgency(t.db);
        const id = await newDraft(agency.id);
        return {
          path: `/dukcapil/pks/${id}/ubah`,
          check: async () => String((await getAgreement(t.db, id, TODAY))!.bandwidthKbps),
        };
      },
      fields: {},
      before: '1000',
      after: '4000',
      permission: MANAGE,
    },
    {
      name: 'activate a draft',
      prepare: async () => {
        const agency = await makeAgency(t.db);
        const id = await newDraft(agency.id);
        return { path: `/dukcapil/pks/${id}/berlakukan`, check: agreementState(id) };
      },
      fields: { reason: '', konfirmasi: 'ya' },
      before: 'DRAFT',
      after: 'AKTIF',
      permission: MANAGE,
    },
    {
      name: 'cancel a draft',
      prepare: async () => {
        const agency = await makeAgency(t.db);
        const id = await newDraft(agency.id);
        return { path: `/dukcapil/pks/${id}/batalkan`, check: agreementState(id) };
      },
      fields: { reason: 'Uji hak akses', konfirmasi: 'ya' },
      before: 'DRAFT',
      after: 'BATAL',
      permission: MANAGE,
    },
    ...(['akhiri', 'cabut'] as const).map((verb): Action => ({
      name: verb === 'akhiri' ? 'end an agreement' : 'revoke an agreement',
      prepare: async () => {
        const agency = await makeAgency(t.db);
        const { id } = await makeAgreement(t.db, agency.code);
        return { path: `/dukcapil/pks/${id}/${verb}`, check: agreementState(id) };
      },
      fields: { grounds: 'Kesepakatan para pihak', reason: 'Uji hak akses', konfirmasi: 'ya' },
      before: 'AKTIF',
      after: verb === 'akhiri' ? 'BERAKHIR' : 'DICABUT',
      permission: MANAGE,
    })),
    {
      name: 'record an addendum',
      prepare: async () => {
        const agency = await makeAgency(t.db);
        const { id } = await makeAgreement(t.db, agency.code);
        return {
          path: `/dukcapil/pks/${id}/adendum`,
          check: async () => (await getAgreement(t.db, id, TODAY))!.endsOn,
        };
      },
      fields: {
        nomor: '400.12/5000/2026',
        tanggal: TODAY,
        endsOn: '2029-09-16',
        grantedElements: [
          'NIK',
          'NAMA_LENGKAP',
          'JENIS_KELAMIN',
          'TEMPAT_LAHIR',
          'TANGGAL_LAHIR',
          'STATUS_PERKAWINAN',
          'JENIS_PEKERJAAN',
          'ALAMAT',
        ],
        accessMethods: ['PORTAL', 'API'],
        accessPoints: '127.0.0.1, ::1',
        bandwidthKbps: '1000',
        quotaStage: 'PRA_POC',
        reason: 'Uji hak akses',
        konfirmasi: 'ya',
      },
      before: '2027-09-16',
      after: '2029-09-16',
      permission: MANAGE,
    },
  ];

  const actionCases = actions.flatMap((action) =>
    EVERYONE.map((who) => [action.name, who, action] as const),
  );

  it.each(actionCases)('POST %s as %s', async (_name, who, action) => {
    const prepared = await action.prepare();
    let fields = action.fields;
    if (action.name === 'register an agency') {
      fields = {
        code: prepared.code!,
        name: 'Instansi Hak Akses',
        address: 'Jl. Uji No. 1, Purbalingga',
        headTitle: 'Kepala Instansi Hak Akses',
      };
    } else if (action.name === 'create a draft' || action.name === 'edit a draft') {
      n += 1;
      fields = {
        nomorDukcapil: `400.12/${6000 + n}/2026`,
        nomorInstansi: `200/${n}/2026`,
        signedOn: '2026-11-01',
        endsOn: '2028-11-01',
        purpose: 'Verifikasi data pemohon',
        grantedElements: ['NIK'],
        accessMethods: ['PORTAL'],
        accessPoints: '127.0.0.1',
        bandwidthKbps: action.name === 'edit a draft' ? '4000' : '1000',
        quotaStage: 'PRA_POC',
        firstPartyName: 'Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga',
        firstPartyHeadTitle: 'Kepala Dinas Kependudukan dan Pencatatan Sipil',
        secondPartyName: 'Instansi Uji',
        secondPartyHeadTitle: 'Kepala Instansi Uji',
      };
    }
    expect(await prepared.check()).toBe(action.before);
    const answer = await clients[who].request(prepared.path, {
      _csrf: await csrfOf(who),
      ...fields,
    });
    expect(answer.status).toBe(303);
    if (action.permission[who] === 'open') {
      expect(answer.location).toMatch(/\?hasil=/);
      expect(await prepared.check()).toBe(action.after);
    } else {
      expect(answer.location).toBe(HOME[who]);
      expect(await prepared.check()).toBe(action.before);
    }
  });
});
