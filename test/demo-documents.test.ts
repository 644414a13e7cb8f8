import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './db.js';
import { DEMO_USERS } from '../src/services/demo/agreements.js';
import { makeDeps, type Deps } from '../src/services/deps.js';
import { seedDemo } from '../src/services/demo/demo.js';
import { login } from '../src/services/account/login.js';
import { lookupResident } from '../src/services/lookup/lookup-resident.js';
import { sampleNikPerStatus } from '../src/store/residents.js';

/** The demo's officers can look up at once; its admin enrols TOTP first. */
describe('demo users and their documents', () => {
  let t: TestDatabase;
  let deps: Deps;
  const password = 'sandi-demo-panjang';

  beforeAll(async () => {
    t = await createTestDatabase();
    deps = makeDeps({ tokenTtlSeconds: 60, sessionTtlSeconds: 60 }, t.db, {
      clock: () => new Date('2026-11-24T03:00:00Z'),
    });
    await seedDemo(deps, { password, residents: 200, log: () => undefined });
  });
  afterAll(async () => {
    await t.drop();
  });

  it('records a generated demo NDA / SPTJM for every officer, so that their lookups are served', async () => {
    const { AKTIF: nik } = await sampleNikPerStatus(t.db);
    for (const user of DEMO_USERS.filter((u) => u.agencyCode)) {
      const session = await login(deps, {
        userId: user.userId,
        password,
        kind: 'PORTAL',
        // The demo agreements accept the loopback besides the agencies' own access points.
        clientIp: '127.0.0.1',
      });
      if (!session.ok) throw new Error(`${user.userId}: ${session.code}`);
      expect(session.mustChangePassword).toBe(false);
      const answer = await lookupResident(deps, {
        token: session.token,
        channel: 'PORTAL',
        nik: nik!,
        purpose: 'Verifikasi demo',
        clientIp: '127.0.0.1',
      });
      expect(answer.code, user.userId).toBe('DITEMUKAN');
    }
    const documents = await t.db
      .selectFrom('user_document as d')
      .innerJoin('app_user as u', 'u.id', 'd.user_id')
      .select(['u.user_id', 'd.kind', 'd.content', 'd.content_type'])
      .orderBy('u.user_id')
      .orderBy('d.kind')
      .execute();
    // SPEC §4: the heads sign the SPTJM and an NDA of their own.
    expect(documents.map((d) => `${d.user_id} ${d.kind}`)).toEqual([
      'kepala.dinkes NDA',
      'kepala.dinkes SPTJM',
      'kepala.dpmptsp NDA',
      'kepala.dpmptsp SPTJM',
      'operator.dinkes NDA',
      'operator.dpmptsp NDA',
    ]);
    const text = (await new PDFParse({ data: documents[2]!.content }).getText()).text;
    expect(text).toContain('DOKUMEN DEMO — NDA');
    expect(text).toContain('bukan pernyataan yang ditandatangani siapa pun');
    expect(documents[2]!.content_type).toBe('application/pdf');
  });

  it('makes the demo admin enrol TOTP before anything else', async () => {
    const session = await login(deps, {
      userId: 'admin.dukcapil',
      password,
      kind: 'PORTAL',
      clientIp: '127.0.0.1',
    });
    expect(session.ok && session.mustEnrolTotp).toBe(true);
    const api = await login(deps, {
      userId: 'admin.dukcapil',
      password,
      kind: 'API',
      clientIp: '127.0.0.1',
    });
    expect(api).toEqual({ ok: false, code: 'TOTP_WAJIB' });
  });
});
