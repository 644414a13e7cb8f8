import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { RESPONSES, type ResponseCode } from '../src/domain/responses.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { makeAgency, makeAgreement, makeResident, makeUser, TEST_PASSWORD } from './factories.js';
import { startServerProcess, type ServerProcess } from './processes.js';
import { apiLookup, apiToken } from './server.js';

// PostgreSQL only: PGlite is one process's database, so "several server processes on one
// database" is a question only a real server raises.
describe('quota across two server processes on one PostgreSQL database', () => {
  let t: TestDatabase;
  let servers: ServerProcess[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    servers = await Promise.all(
      [1, 2].map(() => startServerProcess({ DATABASE_URL: t.url!, GERBANG_DB_POOL: '10' })),
    );
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await t.drop();
  });

  it('300 concurrent lookups against quota 200 serve exactly 200 hits and refuse 100 with KUOTA_HABIS', async () => {
    await makeResident(t.db, { nik: '3303054703900002' });
    const agency = await makeAgency(t.db);
    // In force around today, whatever day the suite runs.
    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await makeAgreement(t.db, agency.code, { signedOn: day(-365), endsOn: day(365) });
    const users = await Promise.all(
      [1, 2, 3, 4].map(() => makeUser(t.db, { agencyCode: agency.code })),
    );
    const tokens = await Promise.all(
      users.map((user, i) => apiToken(servers[i % 2]!.url, user.userId, TEST_PASSWORD)),
    );
    const niks = ['3303054703900002', '3303050404800014'];
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        apiLookup(servers[i % 2]!.url, tokens[i % 4], niks[i % 2]!),
      ),
    );
    const codes = answers.map((answer) => answer.body.code as ResponseCode);
    expect(codes.filter((code) => RESPONSES[code].hit)).toHaveLength(200);
    expect(codes.filter((code) => code === 'KUOTA_HABIS')).toHaveLength(100);
    // Each process answered its half with lookup codes only, and served hits from the shared
    // count: at least the 50 the other process could not take.
    for (const parity of [0, 1]) {
      const own = codes.filter((_, i) => i % 2 === parity);
      expect(own.every((code) => RESPONSES[code].hit || code === 'KUOTA_HABIS')).toBe(true);
      expect(own.filter((code) => RESPONSES[code].hit).length).toBeGreaterThanOrEqual(50);
    }
    const usage = await sql<{
      used: number;
    }>`SELECT sum(used)::int AS used FROM quota_usage WHERE agency_id = ${agency.id}`.execute(t.db);
    expect(usage.rows[0]!.used).toBe(200);
    const audited = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM audit_log WHERE agency_id = ${agency.id} AND action = 'LOOKUP'`.execute(
      t.db,
    );
    expect(audited.rows[0]!.n).toBe(300);
  });
});
