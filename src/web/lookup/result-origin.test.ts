import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import {
  makeAgency,
  makeAgreement,
  makeResident,
  makeUser,
  TEST_PASSWORD,
} from '../../../test/factories.js';
import { PortalClient, startTestServer, type TestServer } from '../../../test/server.js';

/**
 * Issue 12 item 3: the request ID a result carries is the id of the answer's audit row, and
 * Dukcapil finds that row by it on the audit page.
 */
describe('the request ID on a result', () => {
  let t: TestDatabase;
  let server: TestServer;
  let operator: PortalClient;
  let admin: PortalClient;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
    await makeResident(t.db);
    await makeAgency(t.db, { code: 'ASAL' });
    await makeAgreement(t.db, 'ASAL');
    const user = await makeUser(t.db, { agencyCode: 'ASAL', userId: 'operator.asal' });
    operator = new PortalClient(server.url);
    await operator.login(user.userId, TEST_PASSWORD);
    const dukcapil = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
    admin = new PortalClient(server.url);
    await admin.login(dukcapil.userId, TEST_PASSWORD);
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  const requestIdOf = (html: string) => /id="id-permintaan">\s*(\d+)\s*</.exec(html)?.[1];

  it('finds exactly the lookup’s audit row, found or not found', async () => {
    for (const [nik, code] of [
      ['3303054703900002', 'DITEMUKAN'],
      ['3303054703900099', 'TIDAK_DITEMUKAN'],
    ] as const) {
      const result = await operator.lookup(nik);
      expect(result.code).toBe(code);
      const id = requestIdOf(result.html);
      expect(id).toMatch(/^\d+$/);
      const search = await admin.request(`/dukcapil/audit?id=${id}`);
      expect(search.status).toBe(200);
      expect(search.html).toContain('data-total="1"');
      const rows = [...search.html.matchAll(/<tr data-id="(\d+)"/g)].map((m) => m[1]);
      expect(rows).toEqual([id]);
      expect(search.html).toContain('operator.asal');
      expect(search.html).toContain(code);
      expect(search.html).toContain(`ID ${id}`);
    }
  });

  it('after a refusal (the quota spent) the NIK stays in the form and the answer has its ID', async () => {
    await sql`INSERT INTO quota_usage (agency_id, day, shard, used)
      SELECT id, '2026-11-24', 0, 200 FROM agency WHERE code = 'ASAL'
      ON CONFLICT (agency_id, day, shard) DO UPDATE SET used = 200`.execute(t.db);
    const refused = await operator.lookup('3303054703900002');
    expect(refused.code).toBe('KUOTA_HABIS');
    expect(refused.html).toMatch(/id="nik"[^>]*value="3303054703900002"/);
    const id = requestIdOf(refused.html);
    const search = await admin.request(`/dukcapil/audit?id=${id}`);
    expect([...search.html.matchAll(/<tr data-id="(\d+)"/g)].map((m) => m[1])).toEqual([id]);
    expect(search.html).toContain('KUOTA_HABIS');
  });

  it('an ID that is not a number is refused by field, naming it', async () => {
    const search = await admin.request('/dukcapil/audit?id=12a');
    expect(search.html).toContain('ID permintaan harus berupa angka');
    expect([search.status, search.html.includes('<tr data-id=')]).toEqual([400, false]);
  });
});
