import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import {
  makeAgency,
  makeAgreement,
  makeResident,
  makeUser,
  TEST_PASSWORD,
} from '../../../test/factories.js';
import { makeDeps, type Deps } from '../deps.js';
import { login } from '../account/login.js';
import { lookupResident } from './lookup-resident.js';

describe('lookupResident', () => {
  let t: TestDatabase;
  let deps: Deps;
  let token: string;
  let agencyId: number;

  beforeAll(async () => {
    t = await createTestDatabase();
    deps = makeDeps({ tokenTtlSeconds: 600, sessionTtlSeconds: 600 }, t.db, {
      clock: () => new Date('2026-11-24T03:00:00Z'),
    });
    await makeResident(t.db, { nik: '3303054703900002' });
    const agency = await makeAgency(t.db);
    agencyId = agency.id;
    await makeAgreement(t.db, agency.code);
    const user = await makeUser(t.db, { agencyCode: agency.code });
    const result = await login(deps, {
      userId: user.userId,
      password: TEST_PASSWORD,
      kind: 'API',
      clientIp: '127.0.0.1',
    });
    if (!result.ok) throw new Error(result.code);
    token = result.token;
  });
  afterAll(async () => {
    await t.drop();
  });

  const lookup = () =>
    lookupResident(deps, {
      token,
      channel: 'API',
      nik: '3303054703900002',
      purpose: 'Verifikasi',
      clientIp: '127.0.0.1',
    });

  it('serves nothing and counts nothing when the audit record cannot be written', async () => {
    expect((await lookup()).code).toBe('DITEMUKAN');
    await sql`CREATE FUNCTION audit_fails() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'disk penuh'; END; $$`.execute(t.db);
    await sql`CREATE TRIGGER audit_fails BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_fails()`.execute(
      t.db,
    );
    try {
      await expect(lookup()).rejects.toThrow(/disk penuh/);
    } finally {
      await sql`DROP TRIGGER audit_fails ON audit_log`.execute(t.db);
    }
    const usage = await sql<{
      used: number;
    }>`SELECT sum(used)::int AS used FROM quota_usage WHERE agency_id = ${agencyId}`.execute(t.db);
    expect(usage.rows[0]!.used).toBe(1);
    const next = await lookup();
    expect(next.code).toBe('DITEMUKAN');
    expect(next.quota).toEqual({ limit: 200, used: 2, remaining: 198 });
  });

  it('keeps no more than 32 characters of a malformed input in the audit trail', async () => {
    const long = '9'.repeat(60);
    const result = await lookupResident(deps, {
      token,
      channel: 'API',
      nik: long,
      purpose: 'Verifikasi',
      clientIp: '127.0.0.1',
    });
    expect(result.code).toBe('FORMAT_SALAH');
    const row = await sql<{
      nik: string;
    }>`SELECT nik FROM audit_log WHERE response_code = 'FORMAT_SALAH' ORDER BY id DESC LIMIT 1`.execute(
      t.db,
    );
    expect(row.rows[0]!.nik).toBe('9'.repeat(32));
  });
});
