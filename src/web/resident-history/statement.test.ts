import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeAgency, makeAgreement, makeUser } from '../../../test/factories.js';
import { PortalClient, startTestServer, type TestServer } from '../../../test/server.js';
import { parseVerifierKey } from '../../domain/audit-seal/checkpoint.js';
import { checkStatement, type StatementDocument } from '../../domain/resident-statement.js';
import { makeDeps } from '../../services/deps.js';
import { statementFile } from '../../services/resident-history/files.js';

/**
 * The counter page as Dukcapil's officer uses it, and who may not: the form, the statement on
 * screen, its JSON download checked with the public key alone, the PDF letter read back — and
 * every agency role, the evaluator and a visitor turned away, recording nothing.
 */
const NIK = '3303054703900021';
const ROLES = ['ANONIM', 'OPERATOR', 'KEPALA', 'EVALUATOR', 'ADMIN'] as const;
type Who = (typeof ROLES)[number];
const HOME: Record<Who, string> = {
  ANONIM: '/masuk',
  OPERATOR: '/cari',
  KEPALA: '/instansi/penggunaan',
  EVALUATOR: '/dukcapil',
  ADMIN: '/dukcapil',
};

describe('/dukcapil/riwayat-akses', { timeout: 60_000 }, () => {
  let t: TestDatabase;
  let server: TestServer;
  const clients = {} as Record<Who, PortalClient>;
  let adminId: number;
  const operatorUserId = 'riwayat.op.rs';

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
    const hospital = await makeAgency(t.db, {
      code: 'RIWAYAT_RS',
      name: 'RSUD dr. Goeteng Taroenadibrata',
    });
    await makeAgreement(t.db, 'RIWAYAT_RS');
    const users = {
      OPERATOR: await makeUser(t.db, { userId: operatorUserId, agencyCode: 'RIWAYAT_RS' }),
      KEPALA: await makeUser(t.db, { role: 'KEPALA_INSTANSI', agencyCode: 'RIWAYAT_RS' }),
      EVALUATOR: await makeUser(t.db, { role: 'EVALUATOR_DUKCAPIL' }),
      ADMIN: await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' }),
    };
    adminId = users.ADMIN.id;
    for (const [i, purpose] of ['Pendaftaran pasien RM-7781', 'Klaim BPJS nomor K-12'].entries()) {
      await t.db
        .insertInto('audit_log')
        .values({
          at: new Date(Date.parse('2026-11-24T02:00:00Z') + i * 60_000),
          action: 'LOOKUP',
          channel: 'PORTAL',
          user_id: users.OPERATOR.id,
          agency_id: hospital.id,
          client_ip: '127.0.0.1',
          nik: NIK,
          purpose,
          response_code: i === 0 ? 'DITEMUKAN' : 'TIDAK_DITEMUKAN',
        })
        .execute();
    }
    clients.ANONIM = new PortalClient(server.url);
    for (const [who, user] of Object.entries(users)) {
      const client = new PortalClient(server.url);
      await client.login(user.userId, user.password);
      clients[who as Who] = client;
    }
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  const requests = () =>
    t.db
      .selectFrom('admin_action')
      .select(['action', 'target', 'actor_id', 'agency_id', 'detail'])
      .where('action', 'like', 'RIWAYAT_AKSES_%')
      .orderBy('id')
      .execute();

  const fields = {
    nik: NIK,
    requestNumber: 'RA/2026/0101',
    identityChecked: 'ya',
    identityCheck: 'KTP-el asli',
    from: '2026-11-01',
    to: '',
  };

  it('turns away every role but the admin, and records nothing for them', async () => {
    for (const who of ROLES) {
      const answer = await clients[who].request('/dukcapil/riwayat-akses');
      if (who === 'ADMIN') {
        expect(answer.status).toBe(200);
        expect(answer.html).toContain('Riwayat Akses Data Kependudukan');
        expect(answer.headers.get('cache-control')).toContain('no-store');
      } else {
        expect([answer.status, answer.location], who).toEqual([303, HOME[who]]);
      }
    }
    for (const who of ['OPERATOR', 'KEPALA', 'EVALUATOR'] as const) {
      const home = (await clients[who].request(HOME[who])).html;
      const csrf = /name="_csrf" value="([^"]+)"/.exec(home)?.[1] ?? '';
      for (const path of ['/dukcapil/riwayat-akses', '/dukcapil/riwayat-akses/unduh']) {
        const posted = await clients[who].request(path, { _csrf: csrf, ...fields });
        expect(posted.status, `${who} ${path}`).not.toBe(200);
        expect(posted.html).not.toContain('Klaim BPJS');
      }
    }
    expect(await requests()).toEqual([]);
    // The menu shows the page to the admin alone.
    expect((await clients.ADMIN.request('/dukcapil')).html).toContain(
      'href="/dukcapil/riwayat-akses"',
    );
    expect((await clients.EVALUATOR.request('/dukcapil')).html).not.toContain(
      'href="/dukcapil/riwayat-akses"',
    );
  });

  it('asks for the identity check and a proper NIK, showing every problem', async () => {
    const answer = await clients.ADMIN.submit(
      '/dukcapil/riwayat-akses',
      '/dukcapil/riwayat-akses',
      {
        ...fields,
        identityChecked: '',
      },
    );
    expect(answer.status).toBe(422);
    expect(answer.html).toContain('Cocokkan identitas pemohon');
    const badNik = await clients.ADMIN.submit(
      '/dukcapil/riwayat-akses',
      '/dukcapil/riwayat-akses',
      {
        ...fields,
        nik: '12345',
        requestNumber: '',
      },
    );
    expect(badNik.status).toBe(422);
    expect(badNik.html).toContain('NIK harus 16 digit angka');
    expect(badNik.html).toContain('Isi nomor permohonan');
    expect(await requests()).toEqual([]);
  });

  it('records the request and shows the statement, with its seal and downloads', async () => {
    const answer = await clients.ADMIN.submit(
      '/dukcapil/riwayat-akses',
      '/dukcapil/riwayat-akses',
      fields,
    );
    expect(answer.status).toBe(200);
    expect(answer.html).toContain('RSUD dr. Goeteng Taroenadibrata');
    expect(answer.html).toContain('2026-11-24 09:00:00');
    expect(answer.html).toContain('Pendaftaran pasien RM-7781');
    expect(answer.html).toContain('Data tidak ditemukan');
    expect(answer.html).toContain('disdukcapil.purbalinggakab.go.id/gerbang/audit');
    expect(answer.html).not.toContain(operatorUserId);
    expect(await requests()).toEqual([
      {
        action: 'RIWAYAT_AKSES_DIMINTA',
        target: 'RA/2026/0101',
        actor_id: adminId,
        agency_id: null,
        detail: expect.objectContaining({
          nik: NIK,
          pemeriksaanIdentitas: 'KTP-el asli',
        }) as unknown,
      },
    ]);

    // The JSON download, posted from the statement's own form, checks with the key alone.
    const csrf = /name="_csrf" value="([^"]+)"/.exec(answer.html)![1]!;
    const json = await clients.ADMIN.request('/dukcapil/riwayat-akses/unduh', {
      _csrf: csrf,
      ...fields,
      format: 'json',
    });
    expect(json.status).toBe(200);
    expect(json.headers.get('content-disposition')).toContain('riwayat-akses-RA-2026-0101.json');
    const statement = JSON.parse(json.html) as StatementDocument;
    expect(statement.lines.map((l) => l.purpose)).toEqual([
      'Pendaftaran pasien RM-7781',
      'Klaim BPJS nomor K-12',
    ]);
    expect(checkStatement(statement, parseVerifierKey(statement.publicKey))).toMatchObject({
      ok: true,
      lines: 2,
    });
    const pdf = await clients.ADMIN.request('/dukcapil/riwayat-akses/unduh', {
      _csrf: csrf,
      ...fields,
      format: 'pdf',
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      (await requests()).map((r) => [r.action, (r.detail as { format?: string }).format]),
    ).toEqual([
      ['RIWAYAT_AKSES_DIMINTA', undefined],
      ['RIWAYAT_AKSES_DICETAK', 'JSON'],
      ['RIWAYAT_AKSES_DICETAK', 'PDF'],
    ]);
  });

  it('the PDF letter, read back, holds the agency, dates, purposes, the seal — no operator', async () => {
    const deps = makeDeps({ tokenTtlSeconds: 600, sessionTtlSeconds: 600 }, t.db, {
      clock: () => new Date('2026-12-06T03:00:00Z'),
    });
    const file = await statementFile(
      deps,
      { id: adminId, role: 'ADMIN_DUKCAPIL' },
      { ...fields, from: '2026-11-01', to: '2026-12-06' },
      'PDF',
    );
    const parsed = await new PDFParse({ data: file.body }).getText();
    const text = parsed.text.replace(/\s+/g, ' ');
    expect(text).toContain('PEMERINTAH KABUPATEN PURBALINGGA');
    expect(text).toContain('RIWAYAT AKSES DATA KEPENDUDUKAN');
    expect(text).toContain('Nomor: RA/2026/0101');
    expect(text).toContain(
      'Pada hari ini Minggu tanggal enam bulan Desember tahun dua ribu dua puluh enam',
    );
    expect(text).toContain('RSUD dr. Goeteng Taroenadibrata');
    expect(text).toContain('2026-11-24 09:01:00');
    expect(text).toContain('Klaim BPJS nomor K-12');
    expect(text).toContain('gerbang audit verify-statement');
    expect(text).toContain('disdukcapil.purbalinggakab.go.id/gerbang/audit');
    expect(text).toMatch(/halaman 1 dari \d/);
    expect(text).not.toContain(operatorUserId);
    expect(text).not.toContain('Pengguna Uji');
  });
});
