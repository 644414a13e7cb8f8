import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import {
  auditOf,
  makeAgency,
  makeAgreement,
  makeResident,
  makeUser,
  TEST_PASSWORD,
} from '../../../test/factories.js';
import { PortalClient, startTestServer, type TestServer } from '../../../test/server.js';
import { REFUSALS } from '../../domain/refusals.js';

/**
 * The input-pattern policy ALASAN on the portal (issue 9 §2): the operator who typed NIKs in
 * sequence is warned, the form asks for a written reason, a search without one (or with a
 * token gesture) runs nothing, and a search with one is served with its reason in the audit
 * trail — after which the form is ordinary again.
 */
const NOW = new Date('2026-11-24T03:00:00Z');
const serial = (n: number) => `33030547039${String(n).padStart(5, '0')}`;
const OTHER = '3303011203850004';

const codeOf = (html: string) => /id="respon" data-code="([A-Z_]+)"/.exec(html)?.[1];
const remainingOf = (html: string) => Number(/data-remaining="(\d+)"/.exec(html)?.[1] ?? NaN);
const hasReasonBox = (html: string) => /<textarea id="alasan" name="alasan" required/.test(html);

describe('the ALASAN policy on the portal', () => {
  let t: TestDatabase;
  let server: TestServer;
  let now = NOW.getTime();
  /** A counter's pace: 90 s between searches, so that only the sequence is a pattern. */
  const tick = () => server.setNow(new Date((now += 90_000)));

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db, NOW);
    for (let n = 1; n <= 4; n += 1) await makeResident(t.db, { nik: serial(n) });
    await makeResident(t.db, { nik: OTHER });
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  it('warns, asks a reason, refuses a search without one, and serves one with it', async () => {
    const agency = await makeAgency(t.db);
    const agreement = await makeAgreement(t.db, agency.code);
    await t.db
      .updateTable('agreement')
      .set({ pattern_policy: 'ALASAN' })
      .where('id', '=', agreement.id)
      .execute();
    const user = await makeUser(t.db, { agencyCode: agency.code });
    const portal = new PortalClient(server.url);
    await portal.login(user.userId, TEST_PASSWORD);

    for (let n = 1; n <= 3; n += 1) {
      tick();
      const page = await portal.lookup(serial(n));
      expect(page.code).toBe('DITEMUKAN');
      expect(page.html).not.toContain('id="peringatan-pola"');
    }
    tick();
    const fourth = await portal.lookup(serial(4));
    expect(fourth.code).toBe('DITEMUKAN');
    expect(fourth.html).toContain('id="peringatan-pola"');
    expect(hasReasonBox(fourth.html)).toBe(true);
    expect(remainingOf(fourth.html)).toBe(196);

    // The form asks for the reason from now on, on any page that shows it.
    const form = await portal.request('/cari');
    expect(hasReasonBox(form.html)).toBe(true);
    const field = (html: string) => ({
      _csrf: /name="_csrf" value="([^"]+)"/.exec(html)![1]!,
      formToken: /name="formToken" value="([^"]+)"/.exec(html)![1]!,
      nik: OTHER,
      purpose: 'Verifikasi pasien',
    });

    tick();
    const without = await portal.request('/cari', field(form.html));
    expect(without.status).toBe(428);
    expect(without.html).toContain(REFUSALS.ALASAN_DIPERLUKAN.message);
    expect(codeOf(without.html)).toBeUndefined();
    expect(without.html).toContain(`value="${OTHER}"`);
    expect(remainingOf(without.html)).toBe(196);

    const token = await portal.request('/cari', { ...field(without.html), alasan: 'perlu' });
    expect(token.status).toBe(400);
    expect(token.html).toContain('Alasan harus 10–500 karakter');
    expect(remainingOf(token.html)).toBe(196);

    const reason = 'Pemohon antrean 14 membawa surat rujukan';
    tick();
    const served = await portal.request('/cari', { ...field(token.html), alasan: reason });
    expect(served.status).toBe(200);
    expect(codeOf(served.html)).toBe('DITEMUKAN');
    expect(remainingOf(served.html)).toBe(195);
    const audit = (await auditOf(t.db, user.userId)).filter((row) => row.action === 'LOOKUP');
    expect(audit.map((row) => row.response_code)).toEqual([
      'DITEMUKAN',
      'DITEMUKAN',
      'DITEMUKAN',
      'DITEMUKAN',
      // the search without a reason is an access attempt like any other: recorded, not counted
      'ALASAN_DIPERLUKAN',
      'DITEMUKAN',
    ]);
    const last = await t.db
      .selectFrom('audit_log')
      .select('reason')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(last.reason).toBe(reason);

    // The requirement is lifted by the search made with a reason.
    expect(hasReasonBox((await portal.request('/cari')).html)).toBe(false);
  });
});
