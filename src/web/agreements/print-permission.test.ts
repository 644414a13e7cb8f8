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
import { Refusal } from '../../domain/refusals.js';
import {
  getPrintPermission,
  PRINT_PERMISSION_RECORDED,
  setPrintPermission,
} from '../../services/agreements/print-permission.js';
import { makeDeps, type Deps } from '../../services/deps.js';

/**
 * Issue 12 item 3: the agreement decides whether its agency may print lookup results. Not
 * allowed by default; Dukcapil's admin sets it on the agreement's page, each change in the
 * admin trail; nobody else may, and the result page follows the setting.
 */
describe('the agreement’s print setting', () => {
  let t: TestDatabase;
  let server: TestServer;
  let deps: Deps;
  let agreementId: number;
  let admin: { id: number; userId: string };
  let head: { id: number; userId: string };
  let evaluator: { id: number; userId: string };
  let operator: { id: number; userId: string };
  const page = () => `/dukcapil/pks/${agreementId}`;
  const action = () => `/dukcapil/pks/${agreementId}/izin-cetak`;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
    deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, {
      clock: () => new Date('2026-11-24T03:00:00Z'),
    });
    await makeAgency(t.db, { code: 'CETAK' });
    agreementId = (await makeAgreement(t.db, 'CETAK')).id;
    admin = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
    evaluator = await makeUser(t.db, { role: 'EVALUATOR_DUKCAPIL' });
    head = await makeUser(t.db, { role: 'KEPALA_INSTANSI', agencyCode: 'CETAK' });
    operator = await makeUser(t.db, { agencyCode: 'CETAK' });
    await makeResident(t.db);
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  async function trail() {
    const rows = await sql<{ actor_id: number | null; target: string; detail: unknown }>`
      SELECT actor_id, target, detail FROM admin_action WHERE action = ${PRINT_PERMISSION_RECORDED}
      ORDER BY id`.execute(t.db);
    return rows.rows;
  }

  async function signedIn(userId: string) {
    const client = new PortalClient(server.url);
    await client.login(userId, TEST_PASSWORD);
    return client;
  }

  it('is not allowed until Dukcapil allows it', async () => {
    expect((await getPrintPermission(deps, agreementId)).allowed).toBe(false);
  });

  it('only the admin may set it: the head, an operator and the evaluator are refused', async () => {
    for (const actor of [head, operator, evaluator]) {
      const role =
        actor === evaluator
          ? 'EVALUATOR_DUKCAPIL'
          : actor === head
            ? 'KEPALA_INSTANSI'
            : 'OPERATOR';
      await expect(
        setPrintPermission(deps, { id: actor.id, role, agencyId: null }, agreementId, true),
      ).rejects.toSatisfy((e) => e instanceof Refusal && e.code === 'TIDAK_BERWENANG');
    }
    expect((await getPrintPermission(deps, agreementId)).allowed).toBe(false);
    expect(await trail()).toEqual([]);
  });

  it('an agreement that does not exist is not found', async () => {
    await expect(
      setPrintPermission(
        deps,
        { id: admin.id, role: 'ADMIN_DUKCAPIL', agencyId: null },
        999_999,
        true,
      ),
    ).rejects.toSatisfy((e) => e instanceof Refusal && e.code === 'TIDAK_ADA');
  });

  it('the admin allows it on the agreement’s page; the trail records who, which and the change', async () => {
    const client = await signedIn(admin.userId);
    const before = await client.request(page());
    expect(before.html).toContain('data-print-allowed="tidak"');
    expect(before.html).toContain(`action="${action()}"`);

    const saved = await client.submit(page(), action(), { cetak: 'YA' });
    expect([saved.status, saved.location]).toEqual([303, `${page()}?hasil=izin-cetak`]);
    const after = await client.request(saved.location!);
    expect(after.html).toContain('data-print-allowed="ya"');
    expect(after.html).toContain('Izin mencetak hasil verifikasi NIK disimpan.');
    expect((await getPrintPermission(deps, agreementId)).allowed).toBe(true);
    const rows = await trail();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor_id: admin.id,
      detail: { agreementId, before: false, after: true },
    });

    // The same setting again changes and records nothing.
    await client.submit(page(), action(), { cetak: 'YA' });
    expect(await trail()).toHaveLength(1);
  });

  it('a result page says what the agreement allows, from the lookup itself', async () => {
    const client = await signedIn(operator.userId);
    const allowed = await client.lookup('3303054703900002');
    expect(allowed.code).toBe('DITEMUKAN');
    expect(allowed.html).toContain('data-cetak="ya"');
    expect(allowed.html).not.toContain('class="cetak-dilarang"');

    const admins = await signedIn(admin.userId);
    await admins.submit(page(), action(), { cetak: 'TIDAK' });
    const rows = await trail();
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ detail: { before: true, after: false } });

    const forbidden = await client.lookup('3303054703900002');
    expect(forbidden.html).toContain('data-cetak="tidak"');
    expect(forbidden.html).toContain('class="cetak-dilarang"');
    expect(forbidden.html).toContain(
      'Pencetakan hasil ini tidak diizinkan oleh PKS instansi Anda.',
    );
  });

  it('a value other than the two choices is refused by field, and nothing changes', async () => {
    const client = await signedIn(admin.userId);
    const refused = await client.submit(page(), action(), { cetak: 'BOLEH' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('Izin mencetak hasil verifikasi');
    expect(await trail()).toHaveLength(2);
  });

  it('the head reads the setting on their own agreement’s page, without a form', async () => {
    const client = await signedIn(head.userId);
    const own = await client.request(`/instansi/pks/${agreementId}`);
    expect(own.status).toBe(200);
    expect(own.html).toContain('id="izin-cetak"');
    expect(own.html).not.toContain(`action="${action()}"`);
  });

  it('the evaluator reads it on the agreement’s page without a form', async () => {
    const client = await signedIn(evaluator.userId);
    const shown = await client.request(page());
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('id="izin-cetak"');
    expect(shown.html).not.toContain(`action="${action()}"`);
  });

  it('who may post the setting: only the admin; others go home, visitors to login', async () => {
    const csrfOf = async (client: PortalClient, path: string) =>
      /name="_csrf" value="([^"]+)"/.exec((await client.request(path)).html)?.[1] ?? '';
    const cases: [string, PortalClient, string, string][] = [
      ['visitor', new PortalClient(server.url), '/masuk', '/masuk'],
      ['operator', await signedIn(operator.userId), '/cari', '/cari'],
      ['head', await signedIn(head.userId), '/instansi', '/instansi/penggunaan'],
      ['evaluator', await signedIn(evaluator.userId), '/dukcapil', '/dukcapil'],
    ];
    for (const [who, client, from, home] of cases) {
      const answer = await client.request(action(), {
        _csrf: await csrfOf(client, from),
        cetak: 'YA',
      });
      expect([who, answer.status, answer.location]).toEqual([who, 303, home]);
    }
    expect((await getPrintPermission(deps, agreementId)).allowed).toBe(false);
    expect(await trail()).toHaveLength(2);
  });
});
