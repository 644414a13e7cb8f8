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
import { maskNik } from '../../domain/nik-mask.js';
import { RESPONSES } from '../../domain/responses.js';
import { wibDateTime, wibDay } from '../../domain/time.js';
import { addDays } from '../../domain/working-days.js';
import { login } from '../account/login.js';
import { makeDeps, type Deps } from '../deps.js';
import { lookupResident } from '../lookup/lookup-resident.js';
import { agencyLookups, agencyUsage, allAgenciesUsage, usageSummary, USAGE_DAYS } from './usage.js';
import { recordAdminAction } from '../../store/admin-actions.js';

/**
 * Usage figures of the agency head's and Dukcapil's pages, each computed here from the rows
 * the test wrote: lookups per WIB day, hour, operator and response; quota use; alerts.
 */

const NOW = new Date('2026-11-24T03:00:00Z'); // Tuesday 24 November 2026, 10.00 WIB
const TODAY = '2026-11-24';
const FOUND = '3303054703900002';

interface Lookup {
  at: Date;
  user: 'a1' | 'a2' | 'b1';
  nik: string;
  code: string;
}

describe('usage figures', () => {
  let t: TestDatabase;
  let deps: Deps;
  let A: { id: number; code: string };
  let B: { id: number; code: string };
  let C: { id: number; code: string };
  const users = {} as Record<
    'a1' | 'a2' | 'b1' | 'headA' | 'headB',
    { id: number; userId: string }
  >;
  const lookups: Lookup[] = [];
  const agencyOf = (user: Lookup['user']) => (user === 'b1' ? B : A);

  async function write(lookup: Lookup) {
    lookups.push(lookup);
    await t.db
      .insertInto('audit_log')
      .values({
        at: lookup.at,
        action: 'LOOKUP',
        channel: 'PORTAL',
        user_id: users[lookup.user].id,
        agency_id: agencyOf(lookup.user).id,
        client_ip: '10.10.0.67',
        nik: lookup.nik,
        purpose: 'Verifikasi pemohon',
        response_code: lookup.code,
      })
      .execute();
  }

  async function alert(agencyId: number, state: string, createdAt: string, userId: number) {
    await sql`INSERT INTO pattern_alert (agency_id, user_id, scope, kind, action, summary, evidence,
        state, created_at, last_seen_at)
      VALUES (${agencyId}, ${userId}, 'PENGGUNA', 'BERURUTAN', 'PERINGATAN',
        ${`Serial NIK berurutan (${state})`}, '[]'::jsonb, ${state}, ${createdAt}::timestamptz,
        ${createdAt}::timestamptz)`.execute(t.db);
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    deps = makeDeps({ tokenTtlSeconds: 600, sessionTtlSeconds: 600 }, t.db, { clock: () => NOW });
    A = await makeAgency(t.db, { code: 'PAKAI_A' });
    B = await makeAgency(t.db, { code: 'PAKAI_B' });
    C = await makeAgency(t.db, { code: 'PAKAI_C' });
    await makeAgreement(t.db, 'PAKAI_A', { quotaStage: 'PRA_POC' });
    await makeAgreement(t.db, 'PAKAI_B', { quotaStage: 'PASCA_POC' });
    users.a1 = await makeUser(t.db, { userId: 'pakai.a1', agencyCode: 'PAKAI_A' });
    users.a2 = await makeUser(t.db, { userId: 'pakai.a2', agencyCode: 'PAKAI_A' });
    users.b1 = await makeUser(t.db, { userId: 'pakai.b1', agencyCode: 'PAKAI_B' });
    users.headA = await makeUser(t.db, {
      userId: 'pakai.kepala.a',
      role: 'KEPALA_INSTANSI',
      agencyCode: 'PAKAI_A',
    });
    users.headB = await makeUser(t.db, {
      userId: 'pakai.kepala.b',
      role: 'KEPALA_INSTANSI',
      agencyCode: 'PAKAI_B',
    });

    // 200 lookups over 40 days (so some fall before the 30-day window), every hour of the day.
    const codes = [
      'DITEMUKAN',
      'DITEMUKAN',
      'TIDAK_DITEMUKAN',
      'MENINGGAL',
      'FORMAT_SALAH',
      'KUOTA_HABIS',
    ];
    const who = ['a1', 'a2', 'a1', 'b1'] as const;
    for (let i = 0; i < 200; i++) {
      await write({
        at: new Date(NOW.getTime() - i * 4.7 * 3600_000 - (i % 13) * 60_000),
        user: who[i % 4]!,
        nik: `330305${String(1000000000 + i * 7919).slice(0, 10)}`,
        code: codes[i % 6]!,
      });
    }
    // The last second of 23 November WIB, the first of 24 November WIB.
    await write({
      at: new Date('2026-11-23T16:59:59Z'),
      user: 'a2',
      nik: FOUND,
      code: 'DITEMUKAN',
    });
    await write({
      at: new Date('2026-11-23T17:00:00Z'),
      user: 'a2',
      nik: FOUND,
      code: 'DITEMUKAN',
    });
    // Another agency's login and export are not lookups.
    await sql`INSERT INTO audit_log (at, action, channel, user_id, agency_id, response_code)
      VALUES (${NOW}, 'LOGIN', 'PORTAL', ${users.a1.id}, ${A.id}, 'BERHASIL'),
             (${NOW}, 'EKSPOR', 'PORTAL', NULL, ${A.id}, 'BERHASIL')`.execute(t.db);

    // Quota counters: A (limit 200) full on 3 November and today partly; B unlimited, shards.
    await sql`INSERT INTO quota_usage (agency_id, day, shard, used) VALUES
      (${A.id}, '2026-10-31', 0, 200), (${A.id}, '2026-11-03', 0, 200),
      (${A.id}, '2026-11-10', 0, 57), (${A.id}, ${TODAY}, 0, 12),
      (${B.id}, ${TODAY}, 0, 5), (${B.id}, ${TODAY}, 3, 7), (${B.id}, '2026-11-01', 1, 400)`.execute(
      t.db,
    );

    // Alerts: A has two open and one closed; B one new and one under review (both not yet
    // closed: open, as Dukcapil's list of alerts counts them).
    await alert(A.id, 'OPEN', '2026-11-20T02:00:00Z', users.a1.id);
    await alert(A.id, 'SELESAI', '2026-11-10T02:00:00Z', users.a2.id);
    await sql`INSERT INTO pattern_alert (agency_id, user_id, scope, kind, action, summary, evidence,
        state, created_at, last_seen_at, repeats)
      VALUES (${A.id}, NULL, 'INSTANSI', 'BERDEKATAN', 'ALASAN', 'Input terlalu cepat', '[]'::jsonb,
        'OPEN', '2026-11-24T01:00:00Z', '2026-11-24T01:05:00Z', 3)`.execute(t.db);
    await alert(B.id, 'OPEN', '2026-11-23T02:00:00Z', users.b1.id);
    await sql`INSERT INTO pattern_alert (agency_id, user_id, scope, kind, action, summary, evidence,
        state, created_at, last_seen_at)
      VALUES (${B.id}, ${users.b1.id}, 'PENGGUNA', 'BERPOLA', 'PERINGATAN', 'Input berpola',
        '[]'::jsonb, 'DITINJAU', '2026-11-22T02:00:00Z', '2026-11-22T02:00:00Z')`.execute(t.db);
  });
  afterAll(async () => {
    await t.drop();
  });

  const headA = () => ({ role: 'KEPALA_INSTANSI' as const, agencyId: A.id });
  const admin = { role: 'ADMIN_DUKCAPIL' as const, agencyId: null };
  const recentFrom = addDays(TODAY, 1 - USAGE_DAYS);
  const ofAgency = (agency: { id: number }) =>
    lookups.filter((l) => agencyOf(l.user).id === agency.id);
  const inRecent = (l: Lookup) => wibDay(l.at) >= recentFrom && wibDay(l.at) <= TODAY;

  it("gives the head the agency's lookups per WIB day, operator, hour and response", async () => {
    const usage = await agencyUsage(deps, headA(), A.id);
    const mine = ofAgency(A);
    // The data reaches before the window and fills most of it.
    expect(mine.some((l) => !inRecent(l))).toBe(true);
    expect(usage.perDay.filter((d) => d.lookups > 0).length).toBeGreaterThan(20);

    expect(usage.perDay).toHaveLength(USAGE_DAYS);
    expect(usage.perDay[0]!.day).toBe(recentFrom);
    expect(usage.perDay.at(-1)!.day).toBe(TODAY);
    for (const { day, lookups: count } of usage.perDay) {
      expect(count, day).toBe(mine.filter((l) => wibDay(l.at) === day).length);
    }
    expect(usage.lookupsToday).toBe(mine.filter((l) => wibDay(l.at) === TODAY).length);
    expect(usage.lookupsMonth).toBe(mine.filter((l) => wibDay(l.at).startsWith('2026-11')).length);

    const recent = mine.filter(inRecent);
    for (const hour of usage.perHour) {
      const expected = recent.filter((l) => Number(wibDateTime(l.at).slice(11, 13)) === hour.hour);
      expect(hour.lookups, `jam ${hour.hour}`).toBe(expected.length);
    }

    const byUser = (user: 'a1' | 'a2') => recent.filter((l) => l.user === user);
    expect(usage.perOperator.map((o) => o.userId)).toEqual(
      ['pakai.a1', 'pakai.a2'].sort((x, y) => {
        const n = (id: string) => byUser(id === 'pakai.a1' ? 'a1' : 'a2').length;
        return n(y) - n(x);
      }),
    );
    for (const operator of usage.perOperator) {
      const rows = byUser(operator.userId === 'pakai.a1' ? 'a1' : 'a2');
      const found = rows.filter((l) => ['DITEMUKAN', 'MENINGGAL'].includes(l.code)).length;
      const notFound = rows.filter((l) => l.code === 'TIDAK_DITEMUKAN').length;
      expect(operator).toMatchObject({
        displayName: `Pengguna Uji ${operator.userId}`,
        lookups: rows.length,
        found,
        notFound,
        refused: rows.length - found - notFound,
        lastAt: new Date(Math.max(...rows.map((l) => l.at.getTime()))),
      });
    }

    for (const share of usage.responses) {
      expect(share.lookups, share.code).toBe(recent.filter((l) => l.code === share.code).length);
    }
    expect(usage.responses[0]).toEqual({
      code: 'DITEMUKAN',
      label: RESPONSES.DITEMUKAN.message,
      lookups: recent.filter((l) => l.code === 'DITEMUKAN').length,
    });
  });

  it('counts a lookup at 23.59.59 WIB on its day, one at 00.00 WIB on the next', async () => {
    const usage = await agencyUsage(deps, headA(), A.id);
    const day = (d: string) => usage.perDay.find((p) => p.day === d)!.lookups;
    const on = (d: string) => ofAgency(A).filter((l) => wibDay(l.at) === d);
    expect(on('2026-11-23').some((l) => l.at.toISOString() === '2026-11-23T16:59:59.000Z')).toBe(
      true,
    );
    expect(on(TODAY).some((l) => l.at.toISOString() === '2026-11-23T17:00:00.000Z')).toBe(true);
    expect(day('2026-11-23')).toBe(on('2026-11-23').length);
    expect(day(TODAY)).toBe(on(TODAY).length);
    expect(usage.lookupsToday).toBe(on(TODAY).length);
  });

  it('reads quota use from the counters, with the limit of the agreement in force', async () => {
    expect((await agencyUsage(deps, headA(), A.id)).quota).toEqual({
      limit: 200,
      today: 12,
      month: 200 + 57 + 12,
      daysAtLimit: 1,
    });
    expect((await agencyUsage(deps, admin, B.id)).quota).toEqual({
      limit: null,
      today: 12,
      month: 412,
      daysAtLimit: 0,
    });
    expect((await agencyUsage(deps, admin, C.id)).quota).toEqual({
      limit: undefined,
      today: 0,
      month: 0,
      daysAtLimit: 0,
    });
  });

  it("shows the agency's own alerts, newest first, and how many are open", async () => {
    const { alerts } = await agencyUsage(deps, headA(), A.id);
    expect(alerts.total).toBe(3);
    expect(alerts.open).toBe(2);
    expect(alerts.rows.map((a) => [a.kindLabel, a.stateLabel, a.userLogin])).toEqual([
      ['Input dalam waktu berdekatan', 'Baru', null],
      ['NIK berurutan', 'Baru', 'pakai.a1'],
      ['NIK berurutan', 'Selesai', 'pakai.a2'],
    ]);
    expect(alerts.rows[0]).toMatchObject({
      repeats: 3,
      actionLabel: 'Wajib alasan pada pencarian berikutnya',
      scope: 'INSTANSI',
    });
    // The agency reads no summary (nor evidence): Dukcapil's alert page has them.
    expect(JSON.stringify(alerts.rows)).not.toContain('Serial NIK berurutan');
    expect((await agencyUsage(deps, admin, C.id)).alerts).toEqual({ rows: [], total: 0, open: 0 });
  });

  it('lets the head see their own agency only; the operator none', async () => {
    await expect(agencyUsage(deps, headA(), B.id)).rejects.toMatchObject({
      code: 'TIDAK_DITEMUKAN',
    });
    await expect(
      agencyLookups(deps, headA(), B.id, {}, { page: 1, size: 25 }),
    ).rejects.toMatchObject({ code: 'TIDAK_DITEMUKAN' });
    await expect(
      agencyUsage(deps, { role: 'OPERATOR', agencyId: A.id }, A.id),
    ).rejects.toMatchObject({ code: 'TIDAK_DITEMUKAN' });
    await expect(agencyUsage(deps, admin, 987654)).rejects.toMatchObject({
      code: 'TIDAK_DITEMUKAN',
    });
    await expect(allAgenciesUsage(deps, headA())).rejects.toMatchObject({
      code: 'TIDAK_BERWENANG',
    });
  });

  it("lists the agency's lookups, newest first, NIKs masked, each filter narrowing", async () => {
    const newest = (rows: Lookup[]) =>
      [...rows].sort((x, y) => y.at.getTime() - x.at.getTime()).map((l) => wibDateTime(l.at));
    async function every(params: Record<string, string>) {
      const first = await agencyLookups(deps, headA(), A.id, params, { page: 1, size: 25 });
      const rows = [...first.rows];
      for (let page = 2; page <= first.pages; page++) {
        rows.push(...(await agencyLookups(deps, headA(), A.id, params, { page, size: 25 })).rows);
      }
      return { first, rows };
    }
    const all = await every({});
    expect(all.first.total).toBe(ofAgency(A).length);
    expect(all.rows.map((r) => wibDateTime(r.at))).toEqual(newest(ofAgency(A)));
    expect(all.rows.every((r) => r.action === 'LOOKUP' && r.agencyCode === 'PAKAI_A')).toBe(true);
    expect(
      all.rows.find((r) => r.userId === 'pakai.a2' && r.nik?.startsWith('330305••')),
    ).toBeTruthy();
    expect(JSON.stringify(all.rows)).not.toContain(FOUND);

    const cases: [Record<string, string>, (l: Lookup) => boolean][] = [
      [{ operator: 'pakai.a2' }, (l) => l.user === 'a2'],
      [{ operator: 'pakai.b1' }, () => false],
      [{ respons: 'tidak_ditemukan' }, (l) => l.code === 'TIDAK_DITEMUKAN'],
      [{ nik: FOUND }, (l) => l.nik === FOUND],
      [{ dari: '2026-11-23', sampai: '2026-11-23' }, (l) => wibDay(l.at) === '2026-11-23'],
      [
        { operator: 'pakai.a1', respons: 'DITEMUKAN', dari: '2026-11-01' },
        (l) => l.user === 'a1' && l.code === 'DITEMUKAN' && wibDay(l.at) >= '2026-11-01',
      ],
    ];
    for (const [params, keep] of cases) {
      const { first, rows } = await every(params);
      const want = ofAgency(A).filter(keep);
      expect(first.total, JSON.stringify(params)).toBe(want.length);
      expect(rows.map((r) => wibDateTime(r.at))).toEqual(newest(want));
    }
    const found = await every({ nik: FOUND });
    expect(found.rows.map((r) => r.nik)).toEqual([maskNik(FOUND), maskNik(FOUND)]);

    const wrong = await agencyLookups(
      deps,
      headA(),
      A.id,
      { respons: 'HAPUS', dari: 'x' },
      {
        page: 1,
        size: 25,
      },
    );
    expect(wrong.errors.map((e) => e.field)).toEqual(['respons', 'dari']);
    expect(wrong.rows).toEqual([]);
  });

  it("gives Dukcapil every agency's figures, open alerts and busiest hours", async () => {
    const usage = await allAgenciesUsage(deps, admin);
    expect(usage.agencies.map((a) => a.agency.code)).toEqual(['PAKAI_A', 'PAKAI_B', 'PAKAI_C']);
    for (const line of usage.agencies) {
      const rows = lookups.filter((l) => agencyOf(l.user).id === line.agency.id);
      expect(line.lookupsToday, line.agency.code).toBe(
        rows.filter((l) => wibDay(l.at) === TODAY).length,
      );
      expect(line.lookupsMonth, line.agency.code).toBe(
        rows.filter((l) => wibDay(l.at).startsWith('2026-11')).length,
      );
    }
    expect(
      usage.agencies.map((a) => [a.openAlerts, a.quota.limit, a.quota.today, a.quota.month]),
    ).toEqual([
      [2, 200, 12, 269],
      [2, null, 12, 412],
      [0, undefined, 0, 0],
    ]);
    expect(usage.totals).toEqual({
      lookupsToday: lookups.filter((l) => wibDay(l.at) === TODAY).length,
      lookupsMonth: lookups.filter((l) => wibDay(l.at).startsWith('2026-11')).length,
      openAlerts: 4,
    });
    const recent = lookups.filter(inRecent);
    for (const hour of usage.perHour) {
      expect(hour.lookups).toBe(
        recent.filter((l) => Number(wibDateTime(l.at).slice(11, 13)) === hour.hour).length,
      );
    }
    for (const share of usage.responses) {
      expect(share.lookups).toBe(recent.filter((l) => l.code === share.code).length);
    }

    const summary = await usageSummary(deps, admin);
    expect(summary.today).toBe(TODAY);
    expect(summary.agencies.map((a) => [a.agency.code, a.lookupsToday, a.openAlerts])).toEqual(
      usage.agencies
        .filter((a) => a.lookupsToday > 0 || a.openAlerts > 0)
        .sort((x, y) => y.lookupsToday - x.lookupsToday)
        .map((a) => [a.agency.code, a.lookupsToday, a.openAlerts]),
    );
    expect(summary.totals).toEqual({ lookupsToday: usage.totals.lookupsToday, openAlerts: 4 });
  });

  it('counts real lookups made through the use case, found or not', async () => {
    await makeResident(t.db, { nik: '3303054703900099' });
    const session = await login(deps, {
      userId: users.b1.userId,
      password: TEST_PASSWORD,
      kind: 'API',
      clientIp: '127.0.0.1',
    });
    if (!session.ok) throw new Error(session.code);
    const before = await agencyUsage(deps, admin, B.id);
    for (const nik of ['3303054703900099', '3303054703909999', '12345']) {
      await lookupResident(deps, {
        token: session.token,
        channel: 'API',
        nik,
        purpose: 'Verifikasi peserta',
        clientIp: '127.0.0.1',
      });
    }
    const after = await agencyUsage(deps, admin, B.id);
    expect(after.lookupsToday).toBe(before.lookupsToday + 3);
    const count = (u: typeof after, code: string) =>
      u.responses.find((r) => r.code === code)!.lookups;
    expect(count(after, 'DITEMUKAN')).toBe(count(before, 'DITEMUKAN') + 1);
    expect(count(after, 'TIDAK_DITEMUKAN')).toBe(count(before, 'TIDAK_DITEMUKAN') + 1);
    expect(count(after, 'FORMAT_SALAH')).toBe(count(before, 'FORMAT_SALAH') + 1);
    // Two hits (the format error is none) on B's unlimited counters.
    expect(after.quota.today).toBe(before.quota.today + 2);
  });

  it("counts each Dukcapil officer's resident access-history requests, today and this month", async () => {
    const first = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
    const second = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
    const ids = await t.db
      .selectFrom('app_user')
      .select(['id', 'user_id'])
      .where('user_id', 'in', [first.userId, second.userId])
      .execute();
    const idOf = (userId: string) => ids.find((row) => row.user_id === userId)!.id;
    const request = (actor: string, at: Date, action = 'RIWAYAT_AKSES_DIMINTA') =>
      recordAdminAction(t.db, {
        at,
        actorId: idOf(actor),
        agencyId: null,
        action,
        target: 'PERMINTAAN/1',
      });
    const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
    await request(first.userId, NOW);
    await request(first.userId, daysAgo(3));
    await request(first.userId, daysAgo(40)); // last month: not counted
    await request(first.userId, NOW, 'RIWAYAT_AKSES_DICETAK'); // a printout, not a request
    await request(second.userId, daysAgo(1));
    const usage = await allAgenciesUsage(deps, admin);
    expect(usage.historyRequests.map((r) => [r.userId, r.today, r.month])).toEqual([
      [first.userId, 1, 2],
      [second.userId, 0, 1],
    ]);
  });
});
