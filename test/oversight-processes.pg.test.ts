import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { makeDeps } from '../src/services/deps.js';
import { verifyAuditTrail } from '../src/services/audit-seal/verify.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { makeAgency, makeAgreement, makeResident, makeUser, TEST_PASSWORD } from './factories.js';
import { startServerProcess, type ServerProcess } from './processes.js';
import { apiToken } from './server.js';

/**
 * Oversight across two server processes on one PostgreSQL database (PostgreSQL only: PGlite
 * is one process's database): the input-pattern policy sees a user's lookups whichever
 * process served them — its own at once, the other's once sealed and read from the sealed
 * trail (services/lookup/pattern-windows.ts), about half a second later — and both processes'
 * sealers build one log that verifies.
 */
describe('oversight across two server processes on one PostgreSQL database', () => {
  let t: TestDatabase;
  let servers: ServerProcess[] = [];
  const serial = (n: number) => `33030547039${String(n).padStart(5, '0')}`;

  async function lookup(server: ServerProcess, token: string, nik: string, alasan?: string) {
    const response = await fetch(`${server.url}/api/v1/nik/lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ nik, purpose: 'Pendaftaran pasien', ...(alasan ? { alasan } : {}) }),
    });
    return {
      status: response.status,
      body: (await response.json()) as {
        code: string;
        peringatan?: string;
        alasanDiperlukan?: boolean;
      },
    };
  }

  /** Every audit row sealed (by either process's sealer). */
  async function sealed() {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const unsealed = await sql<{ n: number }>`
        SELECT (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM admin_action)
             - (SELECT count(*) FROM audit_seal_leaf) AS n`.execute(t.db);
      if (Number(unsealed.rows[0]!.n) === 0) return;
      if (Date.now() > deadline) throw new Error('rows still unsealed after 20 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * A lookup, then the time for the other process to have it: sealed, and a turn of its feed
   * (every 250 ms) after that.
   */
  async function lookupThenWait(server: ServerProcess, token: string, nik: string) {
    const answer = await lookup(server, token, nik);
    await sealed();
    await new Promise((resolve) => setTimeout(resolve, 750));
    return answer;
  }

  async function operatorUnder(policy: string) {
    const agency = await makeAgency(t.db);
    const agreement = await makeAgreement(t.db, agency.code, {
      signedOn: new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10),
      endsOn: new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10),
    });
    await t.db
      .updateTable('agreement')
      .set({ pattern_policy: policy })
      .where('id', '=', agreement.id)
      .execute();
    const user = await makeUser(t.db, { agencyCode: agency.code });
    return apiToken(servers[0]!.url, user.userId, TEST_PASSWORD);
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    for (let n = 1; n <= 30; n += 1) await makeResident(t.db, { nik: serial(n) });
    await makeResident(t.db, { nik: '3303011203850004' });
    servers = await Promise.all(
      [1, 2].map(() =>
        startServerProcess({
          DATABASE_URL: t.url!,
          GERBANG_DB_POOL: '4',
          GERBANG_AUDIT_KEY: Buffer.alloc(32, 9).toString('base64'),
        }),
      ),
    );
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await t.drop();
  });

  it('PERINGATAN: sequential NIKs sent alternately to both processes are caught at the 4th', async () => {
    const token = await operatorUnder('PERINGATAN');
    const answers = [];
    for (let n = 1; n <= 5; n += 1)
      answers.push(await lookupThenWait(servers[n % 2]!, token, serial(n)));
    expect(answers.map((a) => a.body.code)).toEqual(Array(5).fill('DITEMUKAN'));
    expect(answers.map((a) => a.body.peringatan !== undefined)).toEqual([
      false,
      false,
      false,
      true,
      true,
    ]);
  });

  it('ALASAN: asked for on one process, required on the other, and lifted by a reason', async () => {
    const token = await operatorUnder('ALASAN');
    let last;
    for (let n = 11; n <= 14; n += 1)
      last = await lookupThenWait(servers[n % 2]!, token, serial(n));
    expect(last?.body).toMatchObject({ code: 'DITEMUKAN', alasanDiperlukan: true });
    const refused = await lookup(servers[1]!, token, '3303011203850004');
    expect(refused.status).toBe(428);
    expect(refused.body.code).toBe('ALASAN_DIPERLUKAN');
    const given = await lookup(
      servers[0]!,
      token,
      '3303011203850004',
      'Pemohon antrean 7 membawa surat rujukan',
    );
    expect(given.body.code).toBe('DITEMUKAN');
  });

  it('BLOKIR: held by one process, refused AKSES_DITAHAN by the other', async () => {
    const token = await operatorUnder('BLOKIR');
    for (let n = 21; n <= 24; n += 1) await lookupThenWait(servers[n % 2]!, token, serial(n));
    for (const server of servers) {
      const held = await lookup(server, token, serial(25));
      expect(held.status).toBe(403);
      expect(held.body.code).toBe('AKSES_DITAHAN');
    }
  });

  it("both processes' sealers build one log: every row sealed once, and it verifies", async () => {
    await sealed();
    const report = await verifyAuditTrail(
      makeDeps({ tokenTtlSeconds: 60, sessionTtlSeconds: 60 }, t.db),
    );
    expect(report).toMatchObject({ ok: true, awaitingSeal: 0 });
    expect(report.size).toBeGreaterThan(20);
  });
});
