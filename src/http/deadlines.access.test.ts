import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { oversizedPdf, SCANS } from '../../test/deadlines.js';
import { makeAgency, makeAgreement, makeUser } from '../../test/factories.js';
import { apiToken, startTestServer, type TestServer } from '../../test/server.js';
import { recordOfficialsChange } from '../services/deadlines/officials-changes.js';
import { makeDeps } from '../services/deps.js';

/**
 * The deadline endpoints of the JSON API × every role: Dukcapil admin and evaluator, the
 * head of agency A, the head of agency B, A's operator, and a caller without a token.
 */
const ROLES = ['ANONIM', 'OPERATOR_A', 'KEPALA_B', 'KEPALA_A', 'EVALUATOR', 'ADMIN'] as const;
type Who = (typeof ROLES)[number];

const allowedTo = (allowed: Partial<Record<Who, number>>) =>
  Object.fromEntries(
    ROLES.map((role) => [role, allowed[role] ?? (role === 'ANONIM' ? 401 : 403)]),
  ) as Record<Who, number>;

const file = (scan: { name: string; content: Buffer }) => ({
  name: scan.name,
  contentBase64: scan.content.toString('base64'),
});

describe('deadline endpoints of the JSON API', () => {
  let t: TestDatabase;
  let server: TestServer;
  const tokens = {} as Record<Who, string | undefined>;
  let openChangeA: number;

  const call = async (who: Who, method: 'GET' | 'POST', path: string, body?: unknown) => {
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
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
    const a = await makeAgency(t.db, { code: 'API_A', name: 'Instansi A' });
    await makeAgreement(t.db, 'API_A', { nomorDukcapil: '400.12/7101/2025' });
    await makeAgency(t.db, { code: 'API_B', name: 'Instansi B' });
    await makeAgreement(t.db, 'API_B', { nomorDukcapil: '400.12/7102/2025' });
    const users = {
      OPERATOR_A: await makeUser(t.db, { role: 'OPERATOR', agencyCode: 'API_A' }),
      KEPALA_B: await makeUser(t.db, { role: 'KEPALA_INSTANSI', agencyCode: 'API_B' }),
      KEPALA_A: await makeUser(t.db, { role: 'KEPALA_INSTANSI', agencyCode: 'API_A' }),
      EVALUATOR: await makeUser(t.db, { role: 'EVALUATOR_DUKCAPIL' }),
      ADMIN: await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' }),
    };
    tokens.ANONIM = undefined;
    for (const [role, user] of Object.entries(users)) {
      tokens[role as Who] = await apiToken(server.url, user.userId, user.password);
    }
    openChangeA = (
      await recordOfficialsChange(
        makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, {
          clock: () => new Date('2026-11-24T03:00:00Z'),
        }),
        { id: users.ADMIN.id, role: 'ADMIN_DUKCAPIL', agencyId: null },
        a.id,
        { changedOn: '2026-11-20', description: 'Pergantian Kepala Instansi A', file: undefined },
      )
    ).id;
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  const iso = {
    number: 'ISMS-2026-9',
    issuedOn: '2026-11-01',
    expiresOn: '2029-10-31',
    file: file(SCANS.pdf),
  };
  const report = { period: '2026-S1', file: file(SCANS.png) };
  const change = {
    changedOn: '2026-11-15',
    description: 'Perubahan struktur organisasi',
    file: file(SCANS.pdf),
  };

  const rows: [string, 'GET' | 'POST', () => string, unknown, Record<Who, number>][] = [
    [
      'GET /api/v1/admin/tenggat',
      'GET',
      () => '/api/v1/admin/tenggat',
      undefined,
      allowedTo({ EVALUATOR: 200, ADMIN: 200 }),
    ],
    [
      'GET /api/v1/instansi/tenggat',
      'GET',
      () => '/api/v1/instansi/tenggat',
      undefined,
      allowedTo({ KEPALA_A: 200, KEPALA_B: 200 }),
    ],
    [
      'POST /api/v1/instansi/tenggat/sertifikat-iso',
      'POST',
      () => '/api/v1/instansi/tenggat/sertifikat-iso',
      iso,
      allowedTo({ KEPALA_A: 201, KEPALA_B: 201 }),
    ],
    [
      'POST /api/v1/instansi/tenggat/laporan-semester',
      'POST',
      () => '/api/v1/instansi/tenggat/laporan-semester',
      report,
      allowedTo({ KEPALA_A: 201, KEPALA_B: 201 }),
    ],
    [
      'POST /api/v1/instansi/tenggat/perubahan-pejabat',
      'POST',
      () => '/api/v1/instansi/tenggat/perubahan-pejabat',
      change,
      allowedTo({ KEPALA_A: 201, KEPALA_B: 201 }),
    ],
    [
      "POST /api/v1/instansi/tenggat/perubahan-pejabat/:id/pemberitahuan (A's change)",
      'POST',
      () => `/api/v1/instansi/tenggat/perubahan-pejabat/${openChangeA}/pemberitahuan`,
      { file: file(SCANS.pdf) },
      // B's head is told there is no such open change of B's; nothing is recorded for A.
      allowedTo({ KEPALA_A: 201, KEPALA_B: 422 }),
    ],
    [
      'POST /api/v1/admin/tenggat/API_A/sertifikat-iso',
      'POST',
      () => '/api/v1/admin/tenggat/API_A/sertifikat-iso',
      iso,
      allowedTo({ ADMIN: 201 }),
    ],
    [
      'POST /api/v1/admin/tenggat/API_A/laporan-semester',
      'POST',
      () => '/api/v1/admin/tenggat/API_A/laporan-semester',
      { period: '2025-S2', file: file(SCANS.pdf) },
      allowedTo({ ADMIN: 201 }),
    ],
    [
      'POST /api/v1/admin/tenggat/API_A/perubahan-pejabat (no letter)',
      'POST',
      () => '/api/v1/admin/tenggat/API_A/perubahan-pejabat',
      { changedOn: '2026-11-22', description: 'Diketahui dari berita' },
      allowedTo({ ADMIN: 201 }),
    ],
    [
      'POST /api/v1/admin/tenggat/API_B/perubahan-pejabat/:id/pemberitahuan (A’s change via B)',
      'POST',
      () => `/api/v1/admin/tenggat/API_B/perubahan-pejabat/${openChangeA}/pemberitahuan`,
      { file: file(SCANS.pdf) },
      allowedTo({ ADMIN: 422 }),
    ],
    [
      'POST /api/v1/admin/tenggat/TIDAKADA/laporan-semester',
      'POST',
      () => '/api/v1/admin/tenggat/TIDAKADA/laporan-semester',
      report,
      allowedTo({ ADMIN: 404 }),
    ],
  ];

  it.each(rows)('%s', async (_name, method, path, body, expected) => {
    const seen: Record<string, number> = {};
    for (const who of ROLES) seen[who] = (await call(who, method, path(), body)).status;
    expect(seen).toEqual(expected);
  });

  it('lists each head’s own deadlines, and every agency’s for Dukcapil', async () => {
    const own = await call('KEPALA_A', 'GET', '/api/v1/instansi/tenggat');
    expect(own.body.agency).toEqual({ code: 'API_A', name: 'Instansi A' });
    expect(own.body.agreement).toEqual({
      number: '400.12/7101/2025',
      signedOn: '2025-09-16',
      endsOn: '2027-09-16',
    });
    const data = own.body.data as { key: string; agency: { code: string }; status: string }[];
    expect(new Set(data.map((d) => d.agency.code))).toEqual(new Set(['API_A']));
    expect(data.find((d) => /iso-2026-03-16$/.test(d.key))).toMatchObject({
      kind: 'SERTIFIKAT_ISO',
      status: 'TERPENUHI',
      statusLabel: 'Terpenuhi',
      dueOn: '2026-03-16',
      fulfilment: {
        receivedOn: '2026-11-24',
        late: true,
        reference: 'Sertifikat nomor ISMS-2026-9',
      },
    });
    expect(own.body.openChanges).toEqual([
      {
        id: expect.any(Number) as number,
        changedOn: '2026-11-22',
        description: 'Diketahui dari berita',
      },
    ]);

    const all = await call(
      'EVALUATOR',
      'GET',
      '/api/v1/admin/tenggat?status=TERLAMBAT&instansi=API_B',
    );
    expect(all.status).toBe(200);
    const overdue = all.body.data as {
      agency: { code: string };
      status: string;
      daysLeft: number;
    }[];
    expect(overdue.length).toBeGreaterThan(0);
    expect(
      overdue.every((d) => d.agency.code === 'API_B' && d.status === 'TERLAMBAT' && d.daysLeft < 0),
    ).toBe(true);
    expect(all.body).toMatchObject({ page: 1, pages: 1, total: overdue.length });
  });

  it('refuses a scan that is not one, or too large, and a malformed request', async () => {
    const fake = await call('KEPALA_A', 'POST', '/api/v1/instansi/tenggat/laporan-semester', {
      period: '2026-S1',
      file: file(SCANS.fakePdf),
    });
    expect(fake.status).toBe(422);
    expect(fake.body).toMatchObject({ code: 'DITOLAK' });
    expect(fake.body.message).toContain('bukan PDF, PNG atau JPEG menurut isinya');
    const big = await call('KEPALA_A', 'POST', '/api/v1/instansi/tenggat/laporan-semester', {
      period: '2026-S1',
      file: { name: 'besar.pdf', contentBase64: oversizedPdf().toString('base64') },
    });
    expect(big.status).toBe(422);
    expect(big.body.message).toContain('melebihi 5 MB');
    const notBase64 = await call('KEPALA_A', 'POST', '/api/v1/instansi/tenggat/laporan-semester', {
      period: '2026-S1',
      file: { name: 'x.pdf', contentBase64: '%%%' },
    });
    expect(notBase64).toMatchObject({ status: 422, body: { code: 'DITOLAK' } });
    const missing = await call('KEPALA_A', 'POST', '/api/v1/instansi/tenggat/sertifikat-iso', {
      number: 'x',
    });
    expect(missing).toMatchObject({ status: 400, body: { code: 'PERMINTAAN_TIDAK_VALID' } });
  });

  it('describes every deadline endpoint in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${server.url}/api/v1/konsol/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { tags?: string[]; summary?: string }>>;
    };
    const paths = Object.keys(doc.paths).filter(
      (p) => p.startsWith('/api/') && p.includes('/tenggat'),
    );
    expect(paths.sort()).toEqual(
      [
        '/api/v1/admin/tenggat',
        '/api/v1/admin/tenggat/{kode}/laporan-semester',
        '/api/v1/admin/tenggat/{kode}/perubahan-pejabat',
        '/api/v1/admin/tenggat/{kode}/perubahan-pejabat/{id}/pemberitahuan',
        '/api/v1/admin/tenggat/{kode}/sertifikat-iso',
        '/api/v1/instansi/tenggat',
        '/api/v1/instansi/tenggat/laporan-semester',
        '/api/v1/instansi/tenggat/perubahan-pejabat',
        '/api/v1/instansi/tenggat/perubahan-pejabat/{id}/pemberitahuan',
        '/api/v1/instansi/tenggat/sertifikat-iso',
      ].sort(),
    );
    for (const p of paths) {
      for (const operation of Object.values(doc.paths[p]!)) {
        expect(operation.tags).toEqual(['Tenggat']);
        expect(operation.summary).toBeTruthy();
      }
    }
  });
});
