import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { migrate } from './migrate.js';

describe('migrations', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
  });

  it('apply once: a second run finds nothing to do', async () => {
    expect(await migrate(t.db)).toEqual([]);
    const rows = await t.db.selectFrom('schema_migration').select('name').execute();
    expect(rows.map((row) => row.name)).toContain('001_init.sql');
  });

  it('keep the audit trail append-only', async () => {
    await sql`INSERT INTO audit_log (at, action, channel, response_code)
      VALUES (now(), 'LOGIN', 'API', 'GAGAL_LOGIN')`.execute(t.db);
    await expect(
      sql`UPDATE audit_log SET response_code = 'DITEMUKAN'`.execute(t.db),
    ).rejects.toThrow(/hanya dapat ditambah/);
    await expect(sql`DELETE FROM audit_log`.execute(t.db)).rejects.toThrow(/hanya dapat ditambah/);
    await expect(sql`TRUNCATE audit_log`.execute(t.db)).rejects.toThrow(/hanya dapat ditambah/);
    const count = await t.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });
});
