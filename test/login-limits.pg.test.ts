import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LOGIN_LIMITS } from '../src/domain/login-limits.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { auditOf, makeAgency, makeAgreement, makeUser, TEST_PASSWORD } from './factories.js';
import { startServerProcess, type ServerProcess } from './processes.js';
import { requestToken } from './server.js';

// PostgreSQL only: the limit of failed logins (issue 13) is kept in the database so that it
// holds across server processes; PGlite is one process's database.
describe('login limits across two server processes on one PostgreSQL database', () => {
  let t: TestDatabase;
  let servers: ServerProcess[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    servers = await Promise.all(
      [1, 2].map(() => startServerProcess({ DATABASE_URL: t.url!, GERBANG_DB_POOL: '4' })),
    );
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await t.drop();
  });

  it('failures on either process count toward one limit per address', async () => {
    const agency = await makeAgency(t.db);
    // In force around today, whatever day the suite runs (the processes keep the real clock).
    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await makeAgreement(t.db, agency.code, { signedOn: day(-365), endsOn: day(365) });
    const fresh = await makeUser(t.db, { agencyCode: agency.code });
    // Before: the right password works on both.
    for (const server of servers) {
      expect((await requestToken(server.url, fresh.userId, TEST_PASSWORD)).status).toBe(200);
    }
    // Half the address's failures on each process, concurrently.
    const answers = await Promise.all(
      Array.from({ length: DEFAULT_LOGIN_LIMITS.perAddress }, (_, i) =>
        requestToken(servers[i % 2]!.url, `pengguna.tak.ada.${i}`, 'bukan-kata-sandi'),
      ),
    );
    expect(answers.every((answer) => answer.status === 401)).toBe(true);
    // Neither process had the limit's worth of failures by itself; together they have.
    for (const server of servers) {
      const refused = await requestToken(server.url, fresh.userId, TEST_PASSWORD);
      expect([refused.status, refused.body]).toEqual([
        401,
        { code: 'GAGAL_LOGIN', message: 'Gagal Login' },
      ]);
    }
    expect((await auditOf(t.db, fresh.userId)).map((a) => a.response_code)).toEqual([
      'BERHASIL',
      'BERHASIL',
      'DIBATASI',
      'DIBATASI',
    ]);
    const row = await t.db.selectFrom('login_limit').select('hits').execute();
    expect(row.map((r) => r.hits).sort((a, b) => b - a)[0]).toBe(DEFAULT_LOGIN_LIMITS.perAddress);
  });
});
