import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeAgency, makeAgreement, makeUser, TEST_PASSWORD } from '../../../test/factories.js';
import { PortalClient, startTestServer, type TestServer } from '../../../test/server.js';
import { RESPONSE_CODES, RESPONSES } from '../../domain/responses.js';
import { setAgencyStatus } from '../../store/agencies.js';

/**
 * The guide inside the portal (issue 12 item 4), `/panduan`, for every role and a visitor:
 * everyone reads the general part; only a signed-in user reads their role's section, and only
 * an agency's own users read their agreement's numbers. Linked from every page.
 */
const ROLES = [
  'ANONIM',
  'OPERATOR',
  'KEPALA_INSTANSI',
  'ADMIN_DUKCAPIL',
  'EVALUATOR_DUKCAPIL',
  'PETUGAS_LAYANAN_DUKCAPIL',
] as const;
type Who = (typeof ROLES)[number];

/** Which role sections each one reads, by their ids. */
const SECTIONS: Record<Who, readonly string[]> = {
  ANONIM: [],
  OPERATOR: ['peran-operator'],
  KEPALA_INSTANSI: ['peran-kepala'],
  ADMIN_DUKCAPIL: ['peran-admin', 'peran-kepala', 'peran-operator'],
  EVALUATOR_DUKCAPIL: ['peran-evaluator', 'peran-kepala', 'peran-operator'],
  PETUGAS_LAYANAN_DUKCAPIL: ['peran-petugas-layanan'],
};
const ALL_SECTIONS = [
  'peran-operator',
  'peran-kepala',
  'peran-admin',
  'peran-evaluator',
  'peran-petugas-layanan',
];

describe('the guide inside the portal', () => {
  let t: TestDatabase;
  let server: TestServer;
  const clients = {} as Record<Who, PortalClient>;
  let agreementNumber = '';

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
    await makeAgency(t.db, { code: 'PANDU' });
    agreementNumber = (await makeAgreement(t.db, 'PANDU', { quotaStage: 'PASCA_POC' }))
      .nomorDukcapil;
    clients.ANONIM = new PortalClient(server.url);
    for (const role of ROLES.slice(1)) {
      const agency = role === 'OPERATOR' || role === 'KEPALA_INSTANSI' ? 'PANDU' : undefined;
      const user = await makeUser(t.db, { role, ...(agency ? { agencyCode: agency } : {}) });
      const client = new PortalClient(server.url);
      await client.login(user.userId, TEST_PASSWORD);
      clients[role] = client;
    }
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  it.each(ROLES)('%s reads the general part and exactly their role’s sections', async (who) => {
    const answer = await clients[who].request('/panduan');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    for (const code of RESPONSE_CODES) expect(answer.html).toContain(RESPONSES[code].message);
    for (const id of [
      'cara-verifikasi',
      'kuota',
      'data-balikan',
      'alur-layanan',
      'pembaca-kartu',
      'kewajiban',
    ]) {
      expect(answer.html).toContain(`id="${id}"`);
    }
    const shown = ALL_SECTIONS.filter((id) => answer.html.includes(`id="${id}"`));
    expect(shown.sort()).toEqual([...SECTIONS[who]].sort());
    // The agreement's numbers only for the agency's own users.
    const agencyUser = who === 'OPERATOR' || who === 'KEPALA_INSTANSI';
    expect(answer.html.includes('id="pks-anda"')).toBe(agencyUser);
    expect(answer.html.includes(agreementNumber)).toBe(agencyUser);
  });

  it('an agency past its PoC reads an unlimited quota', async () => {
    const answer = await clients.OPERATOR.request('/panduan');
    expect(answer.html).toContain('data-limit="tanpa-batas"');
  });

  it('is linked from every page: the login page, the lookup page, a console page, the error page', async () => {
    for (const [who, path] of [
      ['ANONIM', '/masuk'],
      ['OPERATOR', '/cari'],
      ['ADMIN_DUKCAPIL', '/dukcapil'],
      ['OPERATOR', '/tidak-ada-halaman-ini'],
    ] as const) {
      const answer = await clients[who].request(path);
      expect(answer.html, path).toContain('href="/panduan"');
    }
  });

  it('an agency whose agreement is not in force reads no numbers, only that there are none', async () => {
    const agency = await makeAgency(t.db, { code: 'PANDU_MATI' });
    await makeAgreement(t.db, 'PANDU_MATI');
    const user = await makeUser(t.db, { agencyCode: 'PANDU_MATI' });
    const client = new PortalClient(server.url);
    await client.login(user.userId, TEST_PASSWORD);
    await setAgencyStatus(t.db, agency.id, 'NON_AKTIF');
    const answer = await client.request('/panduan');
    expect(answer.status).toBe(200);
    expect(answer.html).toContain('Instansi Anda tidak memiliki PKS yang berlaku hari ini.');
    expect(answer.html).not.toContain('id="pks-kuota"');
  });
});
