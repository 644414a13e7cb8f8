import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import {
  makeAgency,
  makeAgreement,
  makeUser,
  TEST_PASSWORD,
  TINY_PDF,
} from '../../../test/factories.js';
import { apiToken, PortalClient, startTestServer, type TestServer } from '../../../test/server.js';
import { getAgreement } from '../../services/agreements/agreement-queries.js';
import { endByForceMajeure } from '../../services/agreements/force-majeure.js';
import { makeDeps } from '../../services/deps.js';
import { fileRequest } from '../../services/requests/filing.js';

/**
 * The routes of what the agreements add (issue 12 item 5): who may open and post the
 * Director General's letter and the force majeure forms, download the force majeure's
 * document, and call their JSON endpoints; then what each console shows — the letter on
 * Dukcapil's and the head's pages and JSON, and the extension period's notice on Dukcapil's
 * page, the head's, and atop every page of the operator.
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
const allowedTo = (...allowed: Who[]) =>
  Object.fromEntries(EVERYONE.map((who) => [who, allowed.includes(who)])) as Record<Who, boolean>;
const MANAGE = allowedTo('ADMIN');
const VIEW = allowedTo('ADMIN', 'EVALUATOR');

let t: TestDatabase;
let server: TestServer;
const clients = {} as Record<Who, PortalClient>;
const tokens = {} as Record<Who, string | undefined>;
const users = {} as Record<Exclude<Who, 'ANONYMOUS'>, { id: number; userId: string }>;
let agencyA: { id: number; code: string };
let agreementA: { id: number };
let endedByForceMajeure: number;

const FORCE_MAJEURE = {
  tanggal: '2026-11-20',
  uraian: 'Peraturan Menteri Dalam Negeri menghentikan akses daerah ke data kependudukan',
};

beforeAll(async () => {
  t = await createTestDatabase();
  server = await startTestServer(t.db, NOW);
  agencyA = await makeAgency(t.db);
  agreementA = await makeAgreement(t.db, agencyA.code, { endsOn: '2026-12-31' });
  const agencyB = await makeAgency(t.db);
  await makeAgreement(t.db, agencyB.code);
  users.ADMIN = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
  users.EVALUATOR = await makeUser(t.db, { role: 'EVALUATOR_DUKCAPIL' });
  users.HEAD_A = await makeUser(t.db, { role: 'KEPALA_INSTANSI', agencyCode: agencyA.code });
  users.HEAD_B = await makeUser(t.db, { role: 'KEPALA_INSTANSI', agencyCode: agencyB.code });
  users.OPERATOR_A = await makeUser(t.db, { agencyCode: agencyA.code });
  const other = await makeAgency(t.db);
  endedByForceMajeure = (await makeAgreement(t.db, other.code)).id;
  await endByForceMajeure(
    t.db,
    { id: users.ADMIN.id },
    endedByForceMajeure,
    {
      occurredOn: FORCE_MAJEURE.tanggal,
      description: FORCE_MAJEURE.uraian,
      document: { fileName: 'permendagri.pdf', content: TINY_PDF },
    },
    NOW,
  );
  for (const who of EVERYONE) {
    clients[who] = new PortalClient(server.url);
    if (who === 'ANONYMOUS') continue;
    await clients[who].login(users[who].userId, TEST_PASSWORD);
    tokens[who] = await apiToken(server.url, users[who].userId, TEST_PASSWORD);
  }
});
afterAll(async () => {
  await server.close();
  await t.drop();
});

const newAgreement = async () => {
  const agency = await makeAgency(t.db);
  return (await makeAgreement(t.db, agency.code)).id;
};
const state = async (id: number) => (await getAgreement(t.db, id, TODAY))!;

describe('portal: role × page and role × form', () => {
  const pages: [string, () => string, Record<Who, boolean>][] = [
    ['letter form', () => `/dukcapil/pks/${agreementA.id}/persetujuan-dirjen`, MANAGE],
    ['force majeure form', () => `/dukcapil/pks/${agreementA.id}/keadaan-kahar`, MANAGE],
    [
      'force majeure document',
      () => `/dukcapil/pks/${endedByForceMajeure}/keadaan-kahar/dokumen`,
      VIEW,
    ],
  ];
  it.each(
    pages.flatMap(([name, path, allowed]) =>
      EVERYONE.map((who) => [name, who, path, allowed[who]] as const),
    ),
  )('GET %s as %s', async (name, who, path, allowed) => {
    const answer = await clients[who].download(path());
    if (!allowed) {
      expect(answer.status).toBe(303);
      expect(answer.headers.get('location')).toBe(HOME[who]);
    } else if (name === 'force majeure document') {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(TINY_PDF);
    } else {
      expect(answer.status).toBe(200);
      expect(answer.body.toString()).toContain('<h1>');
    }
  });

  it.each(EVERYONE)('POST the letter as %s', async (who) => {
    const id = await newAgreement();
    const path = `/dukcapil/pks/${id}/persetujuan-dirjen`;
    const csrfPage = who === 'ANONYMOUS' ? '/masuk' : HOME[who];
    const answer = await clients[who].submit(csrfPage, path, {
      nomor: '400.8.1.2/8765/Dukcapil',
      tanggal: '2025-07-25',
    });
    expect(answer.status).toBe(303);
    if (MANAGE[who]) {
      expect(answer.location).toBe(`/dukcapil/pks/${id}?hasil=persetujuan-dirjen`);
      expect((await state(id)).dgApproval).toEqual({
        nomor: '400.8.1.2/8765/Dukcapil',
        tanggal: '2025-07-25',
      });
    } else {
      expect(answer.location).toBe(HOME[who]);
      expect((await state(id)).dgApproval).toBeNull();
    }
  });

  it.each(EVERYONE)('POST the force majeure as %s', async (who) => {
    const id = await newAgreement();
    const path = `/dukcapil/pks/${id}/keadaan-kahar`;
    const csrfPage = who === 'ANONYMOUS' ? '/masuk' : HOME[who];
    const answer = await clients[who].uploadForm(
      csrfPage,
      path,
      { ...FORCE_MAJEURE, konfirmasi: 'ya' },
      { name: 'kebijakan.pdf', content: TINY_PDF, type: 'application/pdf', field: 'dokumen' },
    );
    expect(answer.status).toBe(303);
    expect(answer.location).toBe(
      MANAGE[who] ? `/dukcapil/pks/${id}?hasil=keadaan-kahar` : HOME[who],
    );
    expect((await state(id)).effectiveStatus).toBe(MANAGE[who] ? 'BERAKHIR' : 'AKTIF');
  });

  it('sends the form back with the problems by field, in Indonesian, changing nothing', async () => {
    const id = await newAgreement();
    const path = `/dukcapil/pks/${id}/keadaan-kahar`;
    const answer = await clients.ADMIN.uploadForm(
      path,
      path,
      { tanggal: '2026-02-30', uraian: 'pendek', konfirmasi: 'ya' },
      null,
    );
    expect(answer.status).toBe(400);
    expect(answer.html).toContain('Tanggal keadaan kahar harus tanggal YYYY-MM-DD');
    expect(answer.html).toContain('Uraian kebijakan pemerintah');
    expect(answer.html).toContain('Dokumen keadaan kahar wajib dilampirkan');
    expect((await state(id)).effectiveStatus).toBe('AKTIF');
    const letter = await clients.ADMIN.submit(
      `/dukcapil/pks/${id}/persetujuan-dirjen`,
      `/dukcapil/pks/${id}/persetujuan-dirjen`,
      { nomor: 'x', tanggal: '2025-02-30' },
    );
    expect(letter.status).toBe(400);
    expect(letter.html).toContain('Nomor surat persetujuan Direktur Jenderal harus 3–100 karakter');
    expect(letter.html).toContain(
      'Tanggal surat persetujuan Direktur Jenderal harus tanggal YYYY-MM-DD',
    );
    expect((await state(id)).dgApproval).toBeNull();
  });
});

describe('JSON API: role × endpoint', () => {
  async function call(who: Who, path: string, body: unknown) {
    const token = tokens[who];
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it.each(EVERYONE)('records the letter and ends by force majeure as %s', async (who) => {
    const expected = MANAGE[who] ? 200 : who === 'ANONYMOUS' ? 401 : 403;
    const id = await newAgreement();
    const letter = await call(who, `/api/v1/admin/pks/${id}/persetujuan-dirjen`, {
      nomor: '400.8.1.2/8765/Dukcapil',
      tanggal: '2025-07-25',
    });
    expect(letter.status).toBe(expected);
    const ended = await call(who, `/api/v1/admin/pks/${id}/keadaan-kahar`, {
      ...FORCE_MAJEURE,
      dokumen: { namaBerkas: 'kebijakan.pdf', isiBase64: TINY_PDF.toString('base64') },
    });
    expect(ended.status).toBe(expected);
    if (expected !== 200) return;
    expect(letter.body.persetujuanDirjen).toEqual({
      nomor: '400.8.1.2/8765/Dukcapil',
      tanggal: '2025-07-25',
    });
    expect(ended.body).toMatchObject({
      statusBerlaku: 'BERAKHIR',
      dasarBerakhir: 'FORCE_MAJEURE',
      keadaanKahar: { tanggal: FORCE_MAJEURE.tanggal, uraian: FORCE_MAJEURE.uraian },
    });
  });
});

describe('the ground of an end', () => {
  it('is recorded from the API and the console, and refused when unknown', async () => {
    const viaApi = await newAgreement();
    const call = (id: number, body: unknown) =>
      fetch(`${server.url}/api/v1/admin/pks/${id}/akhiri`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const unknown = await call(viaApi, { alasan: 'Instansi digabung', dasar: 'FORCE_MAJEURE' });
    expect(unknown.status).toBe(400);
    const ended = await call(viaApi, {
      alasan: 'Instansi digabung',
      dasar: 'PERUBAHAN_KELEMBAGAAN',
    });
    expect(await ended.json()).toMatchObject({ dasarBerakhir: 'PERUBAHAN_KELEMBAGAAN' });

    const viaPortal = await newAgreement();
    const path = `/dukcapil/pks/${viaPortal}/akhiri`;
    await clients.ADMIN.submit(path, path, {
      grounds: 'Kesepakatan para pihak',
      reason: 'Uji dasar berakhir',
      konfirmasi: 'ya',
    });
    expect((await state(viaPortal)).endGround).toBe('KESEPAKATAN');
    const page = await clients.ADMIN.request(`/dukcapil/pks/${viaPortal}`);
    expect(page.html).toMatch(/id="dasar-berakhir">Kesepakatan para pihak/);
  });
});

describe('what the consoles show', () => {
  it("shows the Director General's letter on Dukcapil's and the head's pages and JSON", async () => {
    await clients.ADMIN.submit(
      `/dukcapil/pks/${agreementA.id}/persetujuan-dirjen`,
      `/dukcapil/pks/${agreementA.id}/persetujuan-dirjen`,
      { nomor: '400.8.1.2/8765/Dukcapil', tanggal: '2025-07-25' },
    );
    for (const [who, path] of [
      ['ADMIN', `/dukcapil/pks/${agreementA.id}`],
      ['HEAD_A', `/instansi/pks/${agreementA.id}`],
    ] as const) {
      const page = await clients[who].request(path);
      expect(page.html).toMatch(
        /id="persetujuan-dirjen">\s*Nomor 400\.8\.1\.2\/8765\/Dukcapil, tanggal 25 Juli 2025/,
      );
    }
    const own = await fetch(`${server.url}/api/v1/instansi/pks/${agreementA.id}`, {
      headers: { authorization: `Bearer ${tokens.HEAD_A}` },
    });
    expect(((await own.json()) as { persetujuanDirjen: unknown }).persetujuanDirjen).toEqual({
      nomor: '400.8.1.2/8765/Dukcapil',
      tanggal: '2025-07-25',
    });
  });

  it('shows the extension period on every console, and only while it lasts', async () => {
    const filedAt = new Date('2026-10-15T03:00:00Z');
    const deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, {
      clock: () => filedAt,
    });
    await fileRequest(
      deps,
      { id: users.HEAD_A.id, role: 'KEPALA_INSTANSI', agencyId: agencyA.id },
      {
        kind: 'PERPANJANGAN',
        letterNumber: '470/601/2026',
        letterDate: '2026-10-14',
        fields: { berakhirBaru: '2028-12-31' },
        files: [],
      },
    );
    const notice =
      'Masa perpanjangan: akses berlanjut berdasarkan SPTJM sampai adendum ditandatangani';
    // Before the end date nothing is shown: access runs under the agreement itself.
    expect((await clients.OPERATOR_A.request('/cari')).html).not.toContain(notice);
    server.setNow(new Date('2027-01-05T03:00:00Z'));
    try {
      const viewers = {
        ADMIN: new PortalClient(server.url),
        HEAD_A: new PortalClient(server.url),
        OPERATOR_A: new PortalClient(server.url),
      };
      for (const [who, client] of Object.entries(viewers))
        await client.login(users[who as keyof typeof viewers].userId, TEST_PASSWORD);
      for (const [client, path] of [
        [viewers.ADMIN, `/dukcapil/pks/${agreementA.id}`],
        [viewers.HEAD_A, '/instansi'],
        [viewers.HEAD_A, `/instansi/pks/${agreementA.id}`],
        [viewers.OPERATOR_A, '/cari'],
        [viewers.OPERATOR_A, '/akun'],
      ] as const) {
        const page = await client.request(path);
        expect(page.status, path).toBe(200);
        expect(page.html, path).toContain('id="masa-perpanjangan"');
        expect(page.html, path).toContain(notice);
      }
      const lookup = await viewers.OPERATOR_A.lookup('3303054703900002');
      expect(lookup.code).toBe('TIDAK_DITEMUKAN');
      const json = await fetch(`${server.url}/api/v1/admin/pks/${agreementA.id}`, {
        headers: {
          authorization: `Bearer ${await apiToken(server.url, users.ADMIN.userId, TEST_PASSWORD)}`,
        },
      });
      expect(await json.json()).toMatchObject({ statusBerlaku: 'AKTIF', masaPerpanjangan: true });
    } finally {
      server.setNow(NOW);
    }
  });
});
