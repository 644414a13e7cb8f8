import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { SCANS } from '../../../test/deadlines.js';
import { makeAgency, makeAgreement, makeUser } from '../../../test/factories.js';
import { PortalClient, startTestServer, type TestServer } from '../../../test/server.js';
import { addHoliday } from '../../services/deadlines/holidays.js';
import { recordSemesterReport } from '../../services/deadlines/fulfilments.js';
import { recordOfficialsChange } from '../../services/deadlines/officials-changes.js';
import { makeDeps, type Deps } from '../../services/deps.js';

/**
 * Every deadline page and form × every role: Dukcapil admin and evaluator, the head of
 * agency A (whose things are at stake), the head of agency B, A's operator, and a visitor
 * without a session. Roles run in this order, the admin last, so that what the admin does
 * (remove a day) cannot hide what the others may not do.
 */
const ROLES = ['ANONIM', 'OPERATOR_A', 'KEPALA_B', 'KEPALA_A', 'EVALUATOR', 'ADMIN'] as const;
type Who = (typeof ROLES)[number];

/** ok: served or done; masuk: sent to login; ditolak: sent to their own home; tidak-ada: 404. */
type Outcome = 'ok' | 'masuk' | 'ditolak' | 'tidak-ada';

function outcome(response: { status: number; location: string | null }): string {
  if (response.status === 200) return 'ok';
  if (response.status === 404) return 'tidak-ada';
  if (response.status === 303 && response.location?.includes('hasil=')) return 'ok';
  if (response.status === 303 && response.location === '/masuk') return 'masuk';
  if (response.status === 303) return 'ditolak';
  return `HTTP ${response.status}`;
}

const allowing = (allowed: Partial<Record<Who, Outcome>>, otherwise: Outcome = 'ditolak') =>
  Object.fromEntries(
    ROLES.map((role) => [role, allowed[role] ?? (role === 'ANONIM' ? 'masuk' : otherwise)]),
  ) as Record<Who, Outcome>;

describe('who may open and do what on the deadline pages', () => {
  let t: TestDatabase;
  let server: TestServer;
  const clients = {} as Record<Who, PortalClient>;
  let documentA: number;
  let openChangeA: number;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
    const deps: Deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, {
      clock: () => new Date('2026-11-24T03:00:00Z'),
    });
    const a = await makeAgency(t.db, { code: 'AKSES_A' });
    await makeAgreement(t.db, 'AKSES_A', { nomorDukcapil: '400.12/7001/2025' });
    await makeAgency(t.db, { code: 'AKSES_B' });
    await makeAgreement(t.db, 'AKSES_B', { nomorDukcapil: '400.12/7002/2025' });
    const users = {
      OPERATOR_A: await makeUser(t.db, { role: 'OPERATOR', agencyCode: 'AKSES_A' }),
      KEPALA_B: await makeUser(t.db, { role: 'KEPALA_INSTANSI', agencyCode: 'AKSES_B' }),
      KEPALA_A: await makeUser(t.db, { role: 'KEPALA_INSTANSI', agencyCode: 'AKSES_A' }),
      EVALUATOR: await makeUser(t.db, { role: 'EVALUATOR_DUKCAPIL' }),
      ADMIN: await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' }),
    };
    clients.ANONIM = new PortalClient(server.url);
    for (const [role, user] of Object.entries(users)) {
      const client = new PortalClient(server.url);
      await client.login(user.userId, user.password);
      clients[role as Who] = client;
    }
    const headA = {
      id: users.KEPALA_A.id,
      userId: users.KEPALA_A.userId,
      role: 'KEPALA_INSTANSI' as const,
      agencyId: a.id,
    };
    documentA = (
      await recordSemesterReport(deps, headA, a.id, {
        period: '2025-S2',
        file: { fileName: 'laporan.pdf', bytes: SCANS.pdf.content },
      })
    ).documentId;
    const admin = {
      id: users.ADMIN.id,
      userId: users.ADMIN.userId,
      role: 'ADMIN_DUKCAPIL' as const,
      agencyId: null,
    };
    openChangeA = (
      await recordOfficialsChange(deps, admin, a.id, {
        changedOn: '2026-11-20',
        description: 'Pergantian Kepala Instansi A',
        file: undefined,
      })
    ).id;
    await addHoliday(deps, admin, { date: '2030-05-06', name: 'Entri uji', kind: 'CUTI_BERSAMA' });
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  /** A page every client can fetch for a CSRF token. */
  const formPage = (who: Who) => (who === 'ANONIM' ? '/masuk' : '/akun');

  type Action = (
    who: Who,
    client: PortalClient,
  ) => Promise<{ status: number; location: string | null }>;
  const get: (path: string) => Action = (path) => (_who, client) => client.request(path);
  const post: (path: string, fields: Record<string, string>) => Action =
    (path, fields) => (who, client) =>
      client.submit(formPage(who), path, fields);
  const upload: (path: string, fields: Record<string, string>, withFile?: boolean) => Action =
    (path, fields, withFile = true) =>
    (who, client) =>
      client.uploadForm(formPage(who), path, fields, withFile ? SCANS.pdf : null);

  const rows: [string, Action, Record<Who, Outcome>][] = [
    [
      'GET /instansi/tenggat',
      get('/instansi/tenggat'),
      allowing({ KEPALA_A: 'ok', KEPALA_B: 'ok' }),
    ],
    [
      'POST /instansi/tenggat/laporan-semester',
      upload('/instansi/tenggat/laporan-semester', { periode: '2026-S1', konfirmasi: 'ya' }),
      allowing({ KEPALA_A: 'ok', KEPALA_B: 'ok' }),
    ],
    [
      'POST /instansi/tenggat/sertifikat-iso',
      upload('/instansi/tenggat/sertifikat-iso', {
        nomor: 'ISMS-77',
        tanggalTerbit: '2026-11-01',
        tanggalBerakhir: '2029-10-31',
        konfirmasi: 'ya',
      }),
      allowing({ KEPALA_A: 'ok', KEPALA_B: 'ok' }),
    ],
    [
      'POST /instansi/tenggat/perubahan-pejabat',
      upload('/instansi/tenggat/perubahan-pejabat', {
        tanggalPerubahan: '2026-11-10',
        uraian: 'Perubahan struktur bidang',
        konfirmasi: 'ya',
      }),
      allowing({ KEPALA_A: 'ok', KEPALA_B: 'ok' }),
    ],
    [
      "POST /instansi/tenggat/perubahan-pejabat/:id (A's open change)",
      (who, client) =>
        client.uploadForm(
          formPage(who),
          `/instansi/tenggat/perubahan-pejabat/${openChangeA}`,
          { konfirmasi: 'ya' },
          SCANS.pdf,
        ),
      // B's head gets the form again with "not found or already notified": nothing recorded.
      allowing({ KEPALA_A: 'ok', KEPALA_B: 'HTTP 400' as Outcome }),
    ],
    [
      "GET /instansi/tenggat/berkas/:id (A's scan)",
      (_who, client) =>
        client.download(`/instansi/tenggat/berkas/${documentA}`).then((r) => ({
          status: r.status,
          location: r.headers.get('location'),
        })),
      allowing({ KEPALA_A: 'ok', KEPALA_B: 'tidak-ada' }),
    ],
    [
      'POST /instansi/tenggat/surel',
      post('/instansi/tenggat/surel', { surel: 'kepala@instansi.go.id' }),
      allowing({ KEPALA_A: 'ok', KEPALA_B: 'ok' }),
    ],
    ['GET /dukcapil/tenggat', get('/dukcapil/tenggat'), allowing({ EVALUATOR: 'ok', ADMIN: 'ok' })],
    [
      'GET /dukcapil/tenggat/instansi/AKSES_A',
      get('/dukcapil/tenggat/instansi/AKSES_A'),
      allowing({ EVALUATOR: 'ok', ADMIN: 'ok' }),
    ],
    [
      'POST /dukcapil/tenggat/instansi/AKSES_A/laporan-semester',
      upload('/dukcapil/tenggat/instansi/AKSES_A/laporan-semester', {
        periode: '2025-S2',
        konfirmasi: 'ya',
      }),
      allowing({ ADMIN: 'ok' }),
    ],
    [
      'POST /dukcapil/tenggat/instansi/AKSES_A/perubahan-pejabat (no letter)',
      upload(
        '/dukcapil/tenggat/instansi/AKSES_A/perubahan-pejabat',
        { tanggalPerubahan: '2026-11-21', uraian: 'Diketahui dari berita', konfirmasi: 'ya' },
        false,
      ),
      allowing({ ADMIN: 'ok' }),
    ],
    [
      "GET /dukcapil/tenggat/berkas/:id (A's scan)",
      (_who, client) =>
        client.download(`/dukcapil/tenggat/berkas/${documentA}`).then((r) => ({
          status: r.status,
          location: r.headers.get('location'),
        })),
      allowing({ EVALUATOR: 'ok', ADMIN: 'ok' }),
    ],
    [
      'GET /dukcapil/tenggat/libur',
      get('/dukcapil/tenggat/libur'),
      allowing({ EVALUATOR: 'ok', ADMIN: 'ok' }),
    ],
    [
      'POST /dukcapil/tenggat/libur',
      post('/dukcapil/tenggat/libur', {
        tanggal: '2030-05-07',
        nama: 'Entri uji',
        jenis: 'LIBUR_NASIONAL',
      }),
      allowing({ ADMIN: 'ok' }),
    ],
    [
      'POST /dukcapil/tenggat/libur/impor',
      (who, client) =>
        client.uploadForm(
          formPage(who),
          '/dukcapil/tenggat/libur/impor',
          {},
          {
            name: 'libur.csv',
            content: 'tanggal,nama,jenis\n2030-05-08,Entri uji,CUTI_BERSAMA\n',
          },
        ),
      allowing({ ADMIN: 'ok' }),
    ],
    [
      'GET /dukcapil/tenggat/libur/:tanggal/hapus',
      get('/dukcapil/tenggat/libur/2030-05-06/hapus'),
      allowing({ ADMIN: 'ok' }),
    ],
    [
      'POST /dukcapil/tenggat/libur/:tanggal/hapus',
      post('/dukcapil/tenggat/libur/2030-05-06/hapus', { alasan: 'Entri uji', konfirmasi: 'ya' }),
      allowing({ ADMIN: 'ok' }),
    ],
  ];

  it.each(rows)('%s', async (_name, action, expected) => {
    const seen: Record<string, string> = {};
    for (const who of ROLES) seen[who] = outcome(await action(who, clients[who]));
    expect(seen).toEqual(expected);
  });

  it('shows each head only their own agency, and kept every refused change out', async () => {
    const a = await clients.KEPALA_A.request('/instansi/tenggat');
    const b = await clients.KEPALA_B.request('/instansi/tenggat');
    expect(a.html).toContain('400.12/7001/2025');
    expect(a.html).not.toContain('400.12/7002/2025');
    expect(b.html).toContain('400.12/7002/2025');
    expect(b.html).not.toContain('400.12/7001/2025');
    expect(b.html).not.toContain('Pergantian Kepala Instansi A');

    const recorded = await t.db
      .selectFrom('deadline_fulfilment as f')
      .innerJoin('agency as ag', 'ag.id', 'f.agency_id')
      .innerJoin('app_user as u', 'u.id', 'f.recorded_by')
      .select(['ag.code', 'f.kind', 'f.period', 'u.role'])
      .orderBy('f.id')
      .execute();
    expect(recorded).toEqual([
      { code: 'AKSES_A', kind: 'LAPORAN_SEMESTER', period: '2025-S2', role: 'KEPALA_INSTANSI' },
      { code: 'AKSES_B', kind: 'LAPORAN_SEMESTER', period: '2026-S1', role: 'KEPALA_INSTANSI' },
      { code: 'AKSES_A', kind: 'LAPORAN_SEMESTER', period: '2026-S1', role: 'KEPALA_INSTANSI' },
      { code: 'AKSES_B', kind: 'SERTIFIKAT_ISO', period: null, role: 'KEPALA_INSTANSI' },
      { code: 'AKSES_A', kind: 'SERTIFIKAT_ISO', period: null, role: 'KEPALA_INSTANSI' },
      { code: 'AKSES_A', kind: 'LAPORAN_SEMESTER', period: '2025-S2', role: 'ADMIN_DUKCAPIL' },
    ]);
    const changes = await t.db
      .selectFrom('officials_change as c')
      .innerJoin('agency as ag', 'ag.id', 'c.agency_id')
      .select(['ag.code', 'c.description', 'c.notified_on'])
      .orderBy('c.id')
      .execute();
    expect(changes).toEqual([
      { code: 'AKSES_A', description: 'Pergantian Kepala Instansi A', notified_on: '2026-11-24' },
      { code: 'AKSES_B', description: 'Perubahan struktur bidang', notified_on: '2026-11-24' },
      { code: 'AKSES_A', description: 'Perubahan struktur bidang', notified_on: '2026-11-24' },
      { code: 'AKSES_A', description: 'Diketahui dari berita', notified_on: null },
    ]);
    const days = await t.db
      .selectFrom('holiday')
      .select('day')
      .where('day', '>=', '2030-01-01')
      .orderBy('day')
      .execute();
    expect(days.map((d) => d.day)).toEqual(['2030-05-07', '2030-05-08']);
  });
});
